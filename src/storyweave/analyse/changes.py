"""What is new in a story since an earlier brief of it: the reader who followed the story
yesterday wants the additions, not the whole brief again.

Works on two briefs of one story (the saved one, read back with `Brief.from_json`, and the
current one), so a brief saved by an older storyweave still compares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyweave.analyse.support import content_words, word_overlap
from storyweave.model import ArticleRef, Brief, Changes, Claim, ClaimChange, QuoteGroup


@dataclass(frozen=True)
class ChangesConfig:
    # Shared content words (set cosine) at which an old and a new claim text are one claim:
    # claim ids and wording may shift as articles join a story.
    same_claim: float = 0.8


def diff_briefs(
    old: Brief | None,
    new: Brief,
    since: str | None = None,
    config: ChangesConfig = ChangesConfig(),
) -> Changes:
    """What `new` adds to `old` (two briefs of one story); everything is new without `old`.

    Claims match by a support span they share, by near-identical text, or by id, so a claim
    whose id or representative wording changed is not reported as new. An event is new when
    none of its articles was in the old brief.

    Known failure cases: a claim reworded with different words and all-new support is reported
    as new; removals (an article regrouped into another story) are not reported.
    """
    old_articles = {a.id for a in old.articles} if old else set()
    old_sources = {a.source for a in old.articles if a.source} if old else set()
    new_articles = tuple(ArticleRef.of(a) for a in new.articles if a.id not in old_articles)
    new_sources = tuple(
        dict.fromkeys(a.source for a in new_articles if a.source and a.source not in old_sources)
    )
    new_events = tuple(
        e.event for e in new.events if not old_articles.intersection(e.event.article_ids)
    )
    new_claims, status_changes = _claim_changes(old.claims if old else (), new.claims, config)
    old_quotes = {_quote_key(q) for q in old.quotes} if old else set()
    old_times = {(t.date, t.article, t.start) for t in old.timeline} if old else set()
    return Changes(
        since=since,
        new_articles=new_articles,
        new_sources=new_sources,
        new_events=new_events,
        new_claims=new_claims,
        status_changes=status_changes,
        new_quotes=tuple(q for q in new.quotes if _quote_key(q) not in old_quotes),
        new_timeline=tuple(
            t for t in new.timeline if (t.date, t.article, t.start) not in old_times
        ),
    )


def _claim_changes(
    old: Sequence[Claim], new: Sequence[Claim], config: ChangesConfig
) -> tuple[tuple[ClaimChange, ...], tuple[ClaimChange, ...]]:
    by_id = {c.id: c for c in old}
    # The first (most supported) claim of a span stands for it.
    by_span: dict[tuple[str, int, int], Claim] = {}
    for old_claim in old:
        for span in old_claim.support:
            by_span.setdefault((span.article, span.start, span.end), old_claim)
    old_words = [(content_words(c.text), c) for c in old]
    added: list[ClaimChange] = []
    changed: list[ClaimChange] = []
    for claim in new:
        match = _match_claim(claim, by_id, by_span, old_words, config)
        change = ClaimChange(claim.id, claim.text, claim.status, claim.independent_sources)
        if match is None:
            added.append(change)
        elif match.status != claim.status:
            changed.append(
                ClaimChange(
                    claim.id, claim.text, claim.status, claim.independent_sources, match.status
                )
            )
    return tuple(added), tuple(changed)


def _match_claim(
    claim: Claim,
    by_id: Mapping[str, Claim],
    by_span: Mapping[tuple[str, int, int], Claim],
    old_words: list[tuple[frozenset[str], Claim]],
    config: ChangesConfig,
) -> Claim | None:
    """The old claim this one continues, if any. Text and spans first: ids are positional and
    may be reused for another claim; a sentence may support several claims, so a shared span
    counts only with some shared wording too."""
    same_id = by_id.get(claim.id)
    if same_id is not None and same_id.text == claim.text:
        return same_id
    words = content_words(claim.text)
    for span in claim.support:
        found = by_span.get((span.article, span.start, span.end))
        if found is not None and word_overlap(words, content_words(found.text)) >= 0.5:
            return found
    best = max(old_words, key=lambda pair: word_overlap(words, pair[0]), default=None)
    if best is not None and word_overlap(words, best[0]) >= config.same_claim:
        return best[1]
    if same_id is not None and word_overlap(words, content_words(same_id.text)) > 0:
        return same_id
    return None


def _quote_key(quote: QuoteGroup) -> tuple[str, str | None]:
    return (" ".join(quote.text.lower().split()), quote.speaker)
