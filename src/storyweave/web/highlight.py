"""An article's cleaned text cut into runs, each run knowing which cited spans of the briefs
cover it, so the article page can highlight every cited sentence and give each span an anchor
(`#c-{start}-{end}`) that a citation in a brief links to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storyweave.model import Brief


@dataclass(frozen=True)
class CitedSpan:
    start: int
    end: int
    why: str  # what in the brief cites it: "summary", "claim", "quote by Josh Earnest" ...

    @property
    def anchor(self) -> str:
        return span_anchor(self.start, self.end)


@dataclass(frozen=True)
class Run:
    """A stretch of the text with the same covering spans; `anchors` start at its start."""

    text: str
    start: int
    end: int
    why: tuple[str, ...]  # empty: not cited
    anchors: tuple[str, ...]


def span_anchor(start: int, end: int) -> str:
    return f"c-{start}-{end}"


def spans_citing(briefs: Iterable[Brief], article_id: str) -> list[CitedSpan]:
    """Every span of `article_id` that some section of the briefs cites, each (start, end,
    why) once, in text order."""
    found: list[CitedSpan] = []

    def add(items: Iterable[object], why: str) -> None:
        for item in items:
            if getattr(item, "article", None) == article_id:
                found.append(CitedSpan(item.start, item.end, why))  # type: ignore[attr-defined]

    for brief in briefs:
        for sentence in brief.summary:
            add(sentence.citations, "summary")
        for event in brief.events:
            for sentence in event.summary:
                add(sentence.citations, "event summary")
        for point in brief.unknown:
            add(point.citations, "what we don't know")
        for claim in brief.claims:
            add(claim.support, f"claim ({claim.status.replace('_', ' ')})")
        for dispute in brief.disputes:
            add((side.support for sides in dispute.sides for side in sides), "dispute")
        for quote in brief.quotes:
            add([quote], f"quote by {quote.speaker}" if quote.speaker else "quote")
        for position in brief.positions:
            add(position.support, f"position of {position.actor}" if position.actor else "position")
        for entry in brief.timeline:
            add([entry, *entry.also_in], f"timeline {entry.date}")
    return sorted(set(found), key=lambda s: (s.start, -s.end, s.why))


def runs(text: str, spans: Sequence[CitedSpan]) -> list[Run]:
    """`text` cut at every span boundary; spans outside the text are clipped or dropped (a
    stale brief must not break the page)."""
    usable = [s for s in spans if 0 <= s.start < s.end and s.start < len(text)]
    cuts = sorted(
        {0, len(text)} | {s.start for s in usable} | {min(s.end, len(text)) for s in usable}
    )
    anchors_at: dict[int, list[str]] = {}
    for span in usable:
        names = anchors_at.setdefault(span.start, [])
        if span.anchor not in names:
            names.append(span.anchor)
    found = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start >= end:
            continue
        why = tuple(dict.fromkeys(s.why for s in usable if s.start <= start and end <= s.end))
        found.append(Run(text[start:end], start, end, why, tuple(anchors_at.get(start, ()))))
    return found
