"""What is new in a story since an earlier brief of it: the reader who followed the story
yesterday wants the additions, not the whole brief again.

Works on two briefs in the JSON contract (the saved one and the current one), so a brief saved by
an older storyweave still compares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storyweave.analyse.support import content_words, word_overlap

Document = Mapping[str, Any]


@dataclass(frozen=True)
class ChangesConfig:
    # Shared content words (set cosine) at which an old and a new claim text are one claim:
    # claim ids and wording may shift as articles join a story.
    same_claim: float = 0.8


@dataclass(frozen=True)
class Changes:
    """Additions and status changes between two briefs of one story."""

    since: str | None  # when the earlier brief was saved (ISO), None when there was none
    new_articles: tuple[dict[str, Any], ...] = ()
    new_sources: tuple[str, ...] = ()
    new_claims: tuple[dict[str, Any], ...] = ()
    status_changes: tuple[dict[str, Any], ...] = ()
    new_quotes: tuple[dict[str, Any], ...] = ()
    new_timeline: tuple[dict[str, Any], ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.new_articles
            or self.new_claims
            or self.status_changes
            or self.new_quotes
            or self.new_timeline
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "new_articles": list(self.new_articles),
            "new_sources": list(self.new_sources),
            "new_claims": list(self.new_claims),
            "status_changes": list(self.status_changes),
            "new_quotes": list(self.new_quotes),
            "new_timeline": list(self.new_timeline),
        }


def diff_briefs(
    old: Document | None,
    new: Document,
    since: str | None = None,
    config: ChangesConfig = ChangesConfig(),
) -> Changes:
    """What `new` adds to `old` (both one story's brief JSON); everything is new without `old`.

    Claims match by id, by a support span they share, or by near-identical text, so a claim
    whose id or representative wording changed is not reported as new.

    Known failure cases: a claim reworded with different words and all-new support is reported
    as new; removals (an article regrouped into another story) are not reported.
    """
    old = old or {}
    old_articles = {a["id"] for a in old.get("articles") or ()}
    new_articles = tuple(a for a in new.get("articles") or () if a["id"] not in old_articles)
    old_sources = {a.get("source") for a in old.get("articles") or () if a.get("source")}
    new_sources = tuple(
        dict.fromkeys(
            a["source"] for a in new_articles if a.get("source") and a["source"] not in old_sources
        )
    )
    new_claims, status_changes = _claim_changes(
        old.get("claims") or (), new.get("claims") or (), config
    )
    old_quotes = {_quote_key(q) for q in old.get("quotes") or ()}
    new_quotes = tuple(q for q in new.get("quotes") or () if _quote_key(q) not in old_quotes)
    old_times = {_time_key(t) for t in old.get("timeline") or ()}
    new_timeline = tuple(t for t in new.get("timeline") or () if _time_key(t) not in old_times)
    return Changes(
        since=since,
        new_articles=new_articles,
        new_sources=new_sources,
        new_claims=new_claims,
        status_changes=status_changes,
        new_quotes=new_quotes,
        new_timeline=new_timeline,
    )


def _claim_changes(
    old: Any, new: Any, config: ChangesConfig
) -> tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]:
    by_id = {c.get("id"): c for c in old}
    by_span: dict[tuple[Any, Any, Any], Mapping[str, Any]] = {}
    for claim in old:
        for span in claim.get("support") or ():
            by_span[_span_key(span)] = claim
    old_words = [(content_words(str(c.get("text", ""))), c) for c in old]
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for claim in new:
        match = _match_claim(claim, by_id, by_span, old_words, config)
        summary = {
            "id": claim.get("id"),
            "text": claim.get("text"),
            "status": claim.get("status"),
            "independent_sources": claim.get("independent_sources"),
        }
        if match is None:
            added.append(summary)
        elif match.get("status") != claim.get("status"):
            changed.append({**summary, "old_status": match.get("status")})
    return tuple(added), tuple(changed)


def _match_claim(
    claim: Mapping[str, Any],
    by_id: Mapping[Any, Mapping[str, Any]],
    by_span: Mapping[tuple[Any, Any, Any], Mapping[str, Any]],
    old_words: list[tuple[frozenset[str], Mapping[str, Any]]],
    config: ChangesConfig,
) -> Mapping[str, Any] | None:
    """The old claim this one continues, if any. Text and spans first: ids are positional in
    some claim builders and may be reused for another claim."""
    for span in claim.get("support") or ():
        found = by_span.get(_span_key(span))
        if found is not None:
            return found
    words = content_words(str(claim.get("text", "")))
    best = max(old_words, key=lambda pair: word_overlap(words, pair[0]), default=None)
    if best is not None and word_overlap(words, best[0]) >= config.same_claim:
        return best[1]
    same_id = by_id.get(claim.get("id"))
    if same_id is not None and word_overlap(words, content_words(str(same_id.get("text", "")))) > 0:
        return same_id
    return None


def _span_key(span: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    return (span.get("article"), span.get("start"), span.get("end"))


def _quote_key(quote: Mapping[str, Any]) -> tuple[Any, ...]:
    return (" ".join(str(quote.get("text", "")).lower().split()), quote.get("speaker"))


def _time_key(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    return (entry.get("date"), entry.get("article"), entry.get("start"))
