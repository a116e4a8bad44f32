"""Story-level stages: pure functions of one story's annotated articles (the per-story "reduce").

Each stage is registered in `STORY_STAGES` with a name, a version, the stages whose outputs it
reads (`inputs`), its default config and JSON codecs. The story runner
(`storyweave.execute.stories`) runs them in order, caches each result in the store under a key
of stage + version + config + what the story was made of, and turns a stage that raises into a
`StageFailure` value. A new story stage is one module plus one entry here (and a config field in
`StoryStageSettings` when it has tunables).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyweave.analyse.claim_analysis import ClaimAnalysisConfig, analyse_claims
from storyweave.analyse.disputes import merge_disputes
from storyweave.analyse.entities import EntityMergeConfig, merge_entities
from storyweave.analyse.quotes import QuoteMergeConfig, merge_quotes
from storyweave.analyse.summary import SummaryConfig, encoder, summarise
from storyweave.analyse.timeline import TimelineConfig, build_timeline
from storyweave.model import (
    AnnotatedArticle,
    Claim,
    CoverageRow,
    Dispute,
    EventBrief,
    Position,
    QuoteGroup,
    Story,
    StoryEntity,
    SummaryItem,
    TimelineEntry,
    UnknownPoint,
)
from storyweave.nlp.embeddings import Embedder


@dataclass(frozen=True)
class StoryContext:
    """What every story stage may read: the story, its annotated articles in story order, and
    the runner's embedding model (None: lexical fallbacks)."""

    story: Story
    members: tuple[AnnotatedArticle, ...]
    embedder: Embedder | None = None


@dataclass(frozen=True)
class StoryStage:
    """`run(context, inputs, config)` returns one typed value; `inputs` maps the names in
    `inputs` to those stages' outputs. `empty` stands in for the output when the stage failed.
    Bump `version` whenever the output for the same input and config changes."""

    name: str
    version: int
    inputs: tuple[str, ...]
    run: Callable[[StoryContext, Mapping[str, Any], Any], Any]
    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    empty: Any
    config: Any = None
    # Whether the stage uses the embedding model (the runner loads it only when needed).
    needs_embedder: bool = False


@dataclass(frozen=True)
class ClaimFindings:
    """The claims stage's output: claims, the actors' positions and per-article coverage."""

    claims: tuple[Claim, ...] = ()
    positions: tuple[Position, ...] = ()
    coverage: tuple[CoverageRow, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "claims": [c.to_json() for c in self.claims],
            "positions": [p.to_json() for p in self.positions],
            "coverage": [c.to_json() for c in self.coverage],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ClaimFindings:
        return cls(
            tuple(Claim.from_json(c) for c in data.get("claims") or ()),
            tuple(Position.from_json(p) for p in data.get("positions") or ()),
            tuple(CoverageRow.from_json(c) for c in data.get("coverage") or ()),
        )


@dataclass(frozen=True)
class StorySummary:
    """The summary stage's output: the story's summary, what is not known, and a short summary
    of each event when the story has more than one."""

    summary: tuple[SummaryItem, ...] = ()
    unknown: tuple[UnknownPoint, ...] = ()
    events: tuple[EventBrief, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": [s.to_json() for s in self.summary],
            "unknown": [u.to_json() for u in self.unknown],
            "events": [e.to_json() for e in self.events],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StorySummary:
        return cls(
            tuple(SummaryItem.from_json(s) for s in data.get("summary") or ()),
            tuple(UnknownPoint.from_json(u) for u in data.get("unknown") or ()),
            tuple(EventBrief.from_json(e) for e in data.get("events") or ()),
        )


@dataclass(frozen=True)
class StorySummaryConfig:
    story: SummaryConfig = SummaryConfig()
    # What each event added, in a few sentences (shown under the event in the brief).
    event: SummaryConfig = SummaryConfig(lead_words=35, max_sentences=2, dispute_sentences=0)


def _entities(context: StoryContext, inputs: Mapping[str, Any], config: Any) -> Any:
    return tuple(merge_entities(context.members, config))


def _claims(context: StoryContext, inputs: Mapping[str, Any], config: Any) -> Any:
    found = analyse_claims(context.members, context.embedder, config, inputs["entities"])
    return ClaimFindings(found.claims, found.positions, found.coverage)


def _disputes(context: StoryContext, inputs: Mapping[str, Any], config: Any) -> Any:
    return tuple(merge_disputes(inputs["claims"].claims))


def _quotes(context: StoryContext, inputs: Mapping[str, Any], config: Any) -> Any:
    return tuple(merge_quotes(context.members, inputs["entities"], config))


def _timeline(context: StoryContext, inputs: Mapping[str, Any], config: Any) -> Any:
    return tuple(build_timeline(context.members, config))


def _summary(context: StoryContext, inputs: Mapping[str, Any], config: Any) -> Any:
    encode = encoder(context.embedder)
    claims: Sequence[Claim] = inputs["claims"].claims
    in_events = [e.article_ids for e in context.story.events]
    whole = summarise(context.members, encode, claims, config.story, in_events)
    events: list[EventBrief] = []
    if len(context.story.events) > 1:
        by_id = {m.id: m for m in context.members}
        for event in context.story.events:
            members = [by_id[a] for a in event.article_ids if a in by_id]
            inside = set(event.article_ids)
            own = [c for c in claims if inside.intersection(c.articles)]
            summary = summarise(members, encode, own, config.event).summary if members else ()
            events.append(EventBrief(event, summary))
    return StorySummary(whole.summary, whole.unknown, tuple(events))


def _typed_list(cls: Any) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """Codecs for a tuple of values of one model class."""
    return (lambda values: [v.to_json() for v in values]), (
        lambda data: tuple(cls.from_json(d) for d in data)
    )


_ENTITIES_CODEC = _typed_list(StoryEntity)
_DISPUTES_CODEC = _typed_list(Dispute)
_QUOTES_CODEC = _typed_list(QuoteGroup)
_TIMELINE_CODEC = _typed_list(TimelineEntry)

STORY_STAGES: tuple[StoryStage, ...] = (
    StoryStage(
        name="entities",
        # 3: short given names, shared surnames, glued words, places and head words, clinics,
        # team tails, variants over every name of a group (issue 14)
        # 4: initialisms of names without their head word or 'The', of the organisations they
        #    start, and names with one 'and' remit more
        # 5: given names sharing four letters, a nickname with the surname, a given name
        #    several people share joins the one the story names most
        version=5,
        inputs=(),
        run=_entities,
        encode=_ENTITIES_CODEC[0],
        decode=_ENTITIES_CODEC[1],
        empty=(),
        config=EntityMergeConfig(),
    ),
    StoryStage(
        name="claims",
        # 2: no title conflicts; counts compared only at one time, not forecasts. 3: refutations
        # by the stance model replace the contact/denial rule; no paraphrase word families.
        version=3,
        inputs=("entities",),
        run=_claims,
        encode=lambda v: v.to_json(),
        decode=ClaimFindings.from_json,
        empty=ClaimFindings(),
        config=ClaimAnalysisConfig(),
        needs_embedder=True,
    ),
    StoryStage(
        name="disputes",
        version=1,
        inputs=("claims",),
        run=_disputes,
        encode=_DISPUTES_CODEC[0],
        decode=_DISPUTES_CODEC[1],
        empty=(),
    ),
    StoryStage(
        name="quotes",
        version=1,
        inputs=("entities",),
        run=_quotes,
        encode=_QUOTES_CODEC[0],
        decode=_QUOTES_CODEC[1],
        empty=(),
        config=QuoteMergeConfig(),
    ),
    StoryStage(
        name="timeline",
        version=1,
        inputs=(),
        run=_timeline,
        encode=_TIMELINE_CODEC[0],
        decode=_TIMELINE_CODEC[1],
        empty=(),
        config=TimelineConfig(),
    ),
    StoryStage(
        name="summary",
        version=3,
        inputs=("claims",),
        run=_summary,
        encode=lambda v: v.to_json(),
        decode=StorySummary.from_json,
        empty=StorySummary(),
        config=StorySummaryConfig(),
        needs_embedder=True,
    ),
)


@dataclass(frozen=True)
class StoryStageSettings:
    """The config of every story stage, by stage name (see `STORY_STAGES`)."""

    entities: EntityMergeConfig = EntityMergeConfig()
    claims: ClaimAnalysisConfig = ClaimAnalysisConfig()
    quotes: QuoteMergeConfig = QuoteMergeConfig()
    timeline: TimelineConfig = TimelineConfig()
    summary: StorySummaryConfig = StorySummaryConfig()

    def config_for(self, stage: StoryStage) -> Any:
        return getattr(self, stage.name, stage.config)


def stage_order(stages: Sequence[StoryStage]) -> list[StoryStage]:
    """Stages with every stage after the ones it reads (registration order among equals);
    an unknown or circular input is a programming error, raised at once."""
    by_name = {s.name: s for s in stages}
    ordered: list[StoryStage] = []
    placing: set[str] = set()

    def place(stage: StoryStage) -> None:
        if stage in ordered:
            return
        if stage.name in placing:
            raise ValueError(f"story stage {stage.name!r} depends on itself")
        placing.add(stage.name)
        for name in stage.inputs:
            if name not in by_name:
                raise ValueError(f"story stage {stage.name!r} reads unknown stage {name!r}")
            place(by_name[name])
        ordered.append(stage)

    for stage in stages:
        place(stage)
    return ordered
