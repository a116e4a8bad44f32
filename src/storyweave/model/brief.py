"""Story-level values: what a brief says about one story, typed, with the JSON contract made and
read here (DESIGN.md, "The JSON contract") and nowhere else.

Every `to_json` writes the contract's field names; every `from_json` reads what `to_json`
wrote (and what older storyweave versions saved, where a field was missing then).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyweave.model.article import Article, Span, StageFailure
from storyweave.model.story import ArticleRef, Event, Story, StoryEntity

BRIEF_SCHEMA = "storyweave.brief/1"

# Claim and summary statuses (the contract's values).
CORROBORATED = "corroborated"
SINGLE_SOURCE = "single_source"
DISPUTED = "disputed"


def _spans(items: Sequence[Mapping[str, Any]] | None) -> tuple[Span, ...]:
    return tuple(Span(i["article"], int(i["start"]), int(i["end"])) for i in items or ())


@dataclass(frozen=True)
class Support:
    """A cited sentence: where it is and its words (from the article's cleaned text)."""

    article: str
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.article, self.start, self.end)

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Support:
        return cls(data["article"], int(data["start"]), int(data["end"]), data.get("text") or "")


@dataclass(frozen=True)
class Contradiction:
    """Another claim this one cannot be true with, the reason a reader can check, and the two
    sentences in conflict (`this` from this claim's side, `other` from the other's)."""

    claim: str
    reason: str
    this: Support
    other: Support

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "reason": self.reason,
            "this": self.this.to_json(),
            "other": self.other.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Contradiction:
        return cls(
            data["claim"],
            data.get("reason") or "",
            Support.from_json(data["this"]),
            Support.from_json(data["other"]),
        )


@dataclass(frozen=True)
class Claim:
    """A proposition stated by one or more articles of a story. `independent_sources` counts
    original reports of different outlets (a wire copy reprinted five times counts once)."""

    id: str
    text: str
    status: str  # CORROBORATED | SINGLE_SOURCE | DISPUTED
    support: tuple[Support, ...]
    independent_sources: int
    contradicts: tuple[Contradiction, ...] = ()
    attributed_to: tuple[str, ...] = ()  # who the outlets say said it; () for their own voice
    hedged: bool = False

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.article for s in self.support))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "status": self.status,
            "support": [s.to_json() for s in self.support],
            "independent_sources": self.independent_sources,
            "contradicts": [c.to_json() for c in self.contradicts],
            "attributed_to": list(self.attributed_to),
            "hedged": self.hedged,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Claim:
        return cls(
            id=data["id"],
            text=data.get("text") or "",
            status=data.get("status") or SINGLE_SOURCE,
            support=tuple(Support.from_json(s) for s in data.get("support") or ()),
            independent_sources=int(data.get("independent_sources") or 0),
            contradicts=tuple(Contradiction.from_json(c) for c in data.get("contradicts") or ()),
            attributed_to=tuple(data.get("attributed_to") or ()),
            hedged=bool(data.get("hedged")),
        )


@dataclass(frozen=True)
class DisputeSide:
    """One claim on one side of a dispute, with the sentence that takes that side."""

    claim: str
    support: Support


@dataclass(frozen=True)
class Dispute:
    """One disagreement as a reader sees it: the reason once, and each side with every claim
    and sentence that takes it (see analyse/disputes.py for the one merging rule)."""

    reason: str
    sides: tuple[tuple[DisputeSide, ...], tuple[DisputeSide, ...]]

    @property
    def claims(self) -> tuple[str, ...]:
        return tuple(side.claim for group in self.sides for side in group)

    def to_json(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "sides": [
                [{"claim": s.claim, "support": s.support.to_json()} for s in side]
                for side in self.sides
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Dispute:
        sides = [
            tuple(DisputeSide(s["claim"], Support.from_json(s["support"])) for s in side)
            for side in data.get("sides") or ((), ())
        ]
        return cls(data.get("reason") or "", (sides[0], sides[1]))


@dataclass(frozen=True)
class Position:
    """What an actor demands, rejects, proposes or insists on, merged across outlets."""

    actor: str
    stance: str
    kind: str  # demands | rejects | proposes | insists
    support: tuple[Support, ...]
    side: str | None = None  # the state the actor acts for ("Russia" for Medvedev)
    hedged: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "stance": self.stance,
            "kind": self.kind,
            "side": self.side,
            "hedged": self.hedged,
            "support": [s.to_json() for s in self.support],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Position:
        return cls(
            actor=data.get("actor") or "",
            stance=data.get("stance") or "",
            kind=data.get("kind") or "",
            support=tuple(Support.from_json(s) for s in data.get("support") or ()),
            side=data.get("side"),
            hedged=bool(data.get("hedged")),
        )


@dataclass(frozen=True)
class SummaryItem:
    """One summary sentence and the spans it rests on (its own span first)."""

    text: str
    citations: tuple[Span, ...]
    status: str = SINGLE_SOURCE
    reports: int = 1  # original reports carrying the point
    method: str = "extractive"  # or "llm"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "citations": [c.to_json() for c in self.citations],
            "status": self.status,
            "reports": self.reports,
        }
        if self.method != "extractive":
            data["method"] = self.method
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SummaryItem:
        return cls(
            text=data.get("text") or "",
            citations=_spans(data.get("citations")),
            status=data.get("status") or SINGLE_SOURCE,
            reports=int(data.get("reports") or 1),
            method=data.get("method") or "extractive",
        )


@dataclass(frozen=True)
class UnknownPoint:
    """Something the reader should not take as settled: a disputed point (`kind` "disputed",
    with the claims and the reason) or a weighty point only one report makes
    ("single_source", with its source)."""

    kind: str
    text: str
    citations: tuple[Span, ...]
    claims: tuple[str, ...] = ()
    reason: str | None = None
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "citations": [c.to_json() for c in self.citations],
        }
        if self.kind == DISPUTED:
            data["claims"] = list(self.claims)
            data["reason"] = self.reason
        else:
            data["sources"] = list(self.sources)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> UnknownPoint:
        return cls(
            kind=data.get("kind") or SINGLE_SOURCE,
            text=data.get("text") or "",
            citations=_spans(data.get("citations")),
            claims=tuple(data.get("claims") or ()),
            reason=data.get("reason"),
            sources=tuple(data.get("sources") or ()),
        )


@dataclass(frozen=True)
class DroppedSentence:
    """A generated summary sentence its cited spans did not back, and why."""

    text: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DroppedSentence:
        return cls(data.get("text") or "", data.get("reason") or "")


@dataclass(frozen=True)
class TimelineMention:
    """The same dated event in another article."""

    article: str
    start: int
    end: int
    text: str
    expression: str
    anchor: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "expression": self.expression,
            "anchor": self.anchor,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TimelineMention:
        return cls(
            data["article"],
            int(data["start"]),
            int(data["end"]),
            data.get("text") or "",
            data.get("expression") or "",
            data.get("anchor"),
        )


@dataclass(frozen=True)
class TimelineEntry:
    """A dated event of the story: the clause a resolved date expression dates, cited.
    `date` is YYYY, YYYY-MM, YYYY-MM-DD or "start/end"; `anchor` what it rests on."""

    date: str
    text: str
    expression: str
    anchor: str | None
    article: str
    start: int
    end: int
    expression_start: int = 0
    expression_end: int = 0
    also_in: tuple[TimelineMention, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return (self.article, *(m.article for m in self.also_in))

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "text": self.text,
            "expression": self.expression,
            "anchor": self.anchor,
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "expression_start": self.expression_start,
            "expression_end": self.expression_end,
            "articles": list(self.articles),
            "also_in": [m.to_json() for m in self.also_in],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TimelineEntry:
        return cls(
            date=data["date"],
            text=data.get("text") or "",
            expression=data.get("expression") or "",
            anchor=data.get("anchor"),
            article=data["article"],
            start=int(data["start"]),
            end=int(data["end"]),
            expression_start=int(data.get("expression_start") or 0),
            expression_end=int(data.get("expression_end") or 0),
            also_in=tuple(TimelineMention.from_json(m) for m in data.get("also_in") or ()),
        )


@dataclass(frozen=True)
class CoverageRow:
    """Which claims one article carries, and which widely reported ones it leaves out."""

    article: str
    claims: tuple[str, ...]
    missing: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article, "claims": list(self.claims), "missing": list(self.missing)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CoverageRow:
        return cls(
            data["article"], tuple(data.get("claims") or ()), tuple(data.get("missing") or ())
        )


@dataclass(frozen=True)
class QuoteGroup:
    """One quotation of the story however many outlets carry it: the fullest version, with
    the other articles in `also_in`. `misquoted` when the outlets' words differ (`variants`
    then holds every version). `kind` is "direct", "mixed" or "indirect" (a paraphrase)."""

    text: str
    speaker: str | None
    speaker_text: str | None
    article: str
    start: int
    end: int
    also_in: tuple[str, ...] = ()
    kind: str = "direct"
    speaker_type: str | None = None
    misquoted: bool = False
    variants: tuple[Support, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "also_in": list(self.also_in),
            "speaker_type": self.speaker_type,
            "misquoted": self.misquoted,
        }
        if self.variants:
            data["variants"] = [v.to_json() for v in self.variants]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> QuoteGroup:
        return cls(
            text=data.get("text") or "",
            speaker=data.get("speaker"),
            speaker_text=data.get("speaker_text"),
            article=data["article"],
            start=int(data["start"]),
            end=int(data["end"]),
            also_in=tuple(data.get("also_in") or ()),
            kind=data.get("kind") or "direct",
            speaker_type=data.get("speaker_type"),
            misquoted=bool(data.get("misquoted")),
            variants=tuple(Support.from_json(v) for v in data.get("variants") or ()),
        )


@dataclass(frozen=True)
class EventBrief:
    """One event of the story with a short cited summary of what it added."""

    event: Event
    summary: tuple[SummaryItem, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {**self.event.to_json(), "summary": [s.to_json() for s in self.summary]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EventBrief:
        return cls(
            Event.from_json(data),
            tuple(SummaryItem.from_json(s) for s in data.get("summary") or ()),
        )


@dataclass(frozen=True)
class ClaimChange:
    """A claim that is new, or whose status changed, since an earlier brief."""

    id: str
    text: str
    status: str
    independent_sources: int
    old_status: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "status": self.status,
            "independent_sources": self.independent_sources,
        }
        if self.old_status is not None:
            data["old_status"] = self.old_status
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ClaimChange:
        return cls(
            data.get("id") or "",
            data.get("text") or "",
            data.get("status") or "",
            int(data.get("independent_sources") or 0),
            data.get("old_status"),
        )


@dataclass(frozen=True)
class Changes:
    """What is new in a story since an earlier brief of it (`since`: when that one was saved,
    None when there was none, and then everything is new)."""

    since: str | None
    new_articles: tuple[ArticleRef, ...] = ()
    new_sources: tuple[str, ...] = ()
    new_events: tuple[Event, ...] = ()
    new_claims: tuple[ClaimChange, ...] = ()
    status_changes: tuple[ClaimChange, ...] = ()
    new_quotes: tuple[QuoteGroup, ...] = ()
    new_timeline: tuple[TimelineEntry, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.new_articles
            or self.new_events
            or self.new_claims
            or self.status_changes
            or self.new_quotes
            or self.new_timeline
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "new_articles": [a.to_json() for a in self.new_articles],
            "new_sources": list(self.new_sources),
            "new_events": [e.to_json() for e in self.new_events],
            "new_claims": [c.to_json() for c in self.new_claims],
            "status_changes": [c.to_json() for c in self.status_changes],
            "new_quotes": [q.to_json() for q in self.new_quotes],
            "new_timeline": [t.to_json() for t in self.new_timeline],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Changes:
        return cls(
            since=data.get("since"),
            new_articles=tuple(ArticleRef.from_json(a) for a in data.get("new_articles") or ()),
            new_sources=tuple(data.get("new_sources") or ()),
            new_events=tuple(Event.from_json(e) for e in data.get("new_events") or ()),
            new_claims=tuple(ClaimChange.from_json(c) for c in data.get("new_claims") or ()),
            status_changes=tuple(
                ClaimChange.from_json(c) for c in data.get("status_changes") or ()
            ),
            new_quotes=tuple(QuoteGroup.from_json(q) for q in data.get("new_quotes") or ()),
            new_timeline=tuple(TimelineEntry.from_json(t) for t in data.get("new_timeline") or ()),
        )


@dataclass(frozen=True)
class Brief:
    """Everything storyweave says about one story. Sections no stage filled stay empty; they
    are never filled with placeholders. `failures` names the story stages that failed, so a
    reader knows an empty section means "not computed" there, not "nothing found"."""

    story: Story
    articles: tuple[Article, ...]
    events: tuple[EventBrief, ...] = ()
    entities: tuple[StoryEntity, ...] = ()
    summary: tuple[SummaryItem, ...] = ()
    unknown: tuple[UnknownPoint, ...] = ()
    claims: tuple[Claim, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()
    positions: tuple[Position, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    coverage: tuple[CoverageRow, ...] = ()
    changes: Changes | None = None
    summary_method: str = "extractive"
    summary_dropped: tuple[DroppedSentence, ...] = ()
    failures: tuple[StageFailure, ...] = ()

    @property
    def id(self) -> str:
        return self.story.id

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def original_reports(self) -> int:
        """Articles that are not copies of another: a wire story reprinted five times counts
        once."""
        return sum(1 for a in self.articles if a.duplicate_of is None)

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "id": self.story.id,
            "title": self.story.title,
            "articles": [ArticleRef.of(a).to_json() for a in self.articles],
            "events": [e.to_json() for e in self.events],
            "summary": [s.to_json() for s in self.summary],
            "claims": [c.to_json() for c in self.claims],
            "quotes": [q.to_json() for q in self.quotes],
            "entities": [e.to_json() for e in self.entities],
            "positions": [p.to_json() for p in self.positions],
            "timeline": [t.to_json() for t in self.timeline],
            "coverage": [c.to_json() for c in self.coverage],
            # Beyond the contract's core: what we don't know, the merged disputes, how the
            # summary was written, and stage failures.
            "unknown": [u.to_json() for u in self.unknown],
            "disputes": [d.to_json() for d in self.disputes],
            "summary_method": self.summary_method,
        }
        if self.summary_dropped:
            document["summary_dropped"] = [d.to_json() for d in self.summary_dropped]
        if self.failures:
            document["failures"] = [f.to_json() for f in self.failures]
        if self.changes is not None:
            document["changes"] = self.changes.to_json()
        return document

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Brief:
        """A brief read back from its JSON (a saved brief, another program's output). The
        contract carries no article text, so its articles come back with empty `text`; every
        cited span keeps its own words in `text` where the contract has them."""
        refs = [ArticleRef.from_json(a) for a in data.get("articles") or ()]
        events = tuple(EventBrief.from_json(e) for e in data.get("events") or ())
        story = Story(
            id=data["id"],
            title=data.get("title") or "",
            article_ids=tuple(r.id for r in refs),
            events=tuple(e.event for e in events),
        )
        changes = data.get("changes")
        return cls(
            story=story,
            articles=tuple(
                Article(
                    id=r.id,
                    text="",
                    source=r.source,
                    title=r.title,
                    url=r.url,
                    published=r.published,
                    duplicate_of=r.duplicate_of,
                )
                for r in refs
            ),
            events=events,
            entities=tuple(StoryEntity.from_json(e) for e in data.get("entities") or ()),
            summary=tuple(SummaryItem.from_json(s) for s in data.get("summary") or ()),
            unknown=tuple(UnknownPoint.from_json(u) for u in data.get("unknown") or ()),
            claims=tuple(Claim.from_json(c) for c in data.get("claims") or ()),
            disputes=tuple(Dispute.from_json(d) for d in data.get("disputes") or ()),
            quotes=tuple(QuoteGroup.from_json(q) for q in data.get("quotes") or ()),
            positions=tuple(Position.from_json(p) for p in data.get("positions") or ()),
            timeline=tuple(TimelineEntry.from_json(t) for t in data.get("timeline") or ()),
            coverage=tuple(CoverageRow.from_json(c) for c in data.get("coverage") or ()),
            changes=Changes.from_json(changes) if changes is not None else None,
            summary_method=data.get("summary_method") or "extractive",
            summary_dropped=tuple(
                DroppedSentence.from_json(d) for d in data.get("summary_dropped") or ()
            ),
            failures=tuple(StageFailure.from_json(f) for f in data.get("failures") or ()),
        )
