"""Article-level values: an ingested article and what the article stages find in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def format_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def parse_date(value: str | None) -> dt.date | None:
    """Parse the YYYY-MM-DD prefix of an ISO date or timestamp; None stays None."""
    if not value:
        return None
    return dt.date.fromisoformat(value[:10])


@dataclass(frozen=True)
class Article:
    """One news article after ingest: cleaned main text plus what is known about it.

    `text` is the cleaned text every character offset in a brief points into.
    `origin` says where it came from ("notes/a.txt", "dump.jsonl:17", "feed.xml#3").
    """

    id: str
    text: str
    source: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    origin: str = ""
    duplicate_of: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "published": format_date(self.published),
            "text": self.text,
            "duplicate_of": self.duplicate_of,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=data["id"],
            text=data["text"],
            source=data.get("source"),
            title=data.get("title"),
            url=data.get("url"),
            published=parse_date(data.get("published")),
            origin=data.get("origin", ""),
            duplicate_of=data.get("duplicate_of"),
        )


@dataclass(frozen=True)
class IngestProblem:
    """An input (or part of one) that was skipped, and why. A value, not an exception:
    one bad file must never stop the others."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"cannot read {self.input}: {self.reason}"


@dataclass(frozen=True)
class IngestNote(IngestProblem):
    """Something to know about an input that was read anyway (undecodable bytes replaced, a
    broken feed recovered). Shown like a problem, but nothing was skipped."""

    def __str__(self) -> str:
        return f"note on {self.input}: {self.reason}"


@dataclass(frozen=True)
class Skipped:
    """An article the runner could not analyse at all (the parse itself failed); it is left
    out of every brief and named on stderr."""

    article: str
    reason: str


@dataclass(frozen=True)
class StageFailure:
    """One stage that raised on one article or story: a value, not an abort. The other stages
    still run, so the article stays in its briefs without that stage's output. `subject` is
    the article id (level "article") or the story id (level "story"). Failures are cached with
    the results, so a re-run reports them again without re-running the stage."""

    stage: str
    subject: str
    reason: str
    level: str = "article"

    def __str__(self) -> str:
        return f"{self.level} {self.subject}: stage {self.stage} failed: {self.reason}"

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "subject": self.subject,
            "reason": self.reason,
            "level": self.level,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StageFailure:
        return cls(data["stage"], data["subject"], data["reason"], data.get("level", "article"))


@dataclass(frozen=True)
class Span:
    """A character range in one article's cleaned text."""

    article: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class EntityMention:
    """A named entity occurrence. `type` is one of PERSON, ORG, GPE, LOC, NORP, EVENT ...
    (spaCy's labels); `canonical` is filled by story-level alias merging."""

    text: str
    type: str
    start: int
    end: int
    canonical: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "canonical": self.canonical,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EntityMention:
        return cls(data["text"], data["type"], data["start"], data["end"], data.get("canonical"))


@dataclass(frozen=True)
class Quote:
    """A quotation in one article: the quoted words (marks left out) and who said them.

    `speaker_text` is how the article names the speaker there ("he", "the Kremlin spokesman");
    `speaker` is the name it resolves to within the article, None when unknown or a group.
    `kind` is "direct", "mixed" (a quoted fragment inside reported speech) or "indirect"
    (reported speech, "according to", an attributed belief: `text` is the paraphrased content);
    `speaker_type` is "person", "organisation", "group" or None.
    """

    text: str
    start: int
    end: int
    speaker_text: str | None = None
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    kind: str = "direct"
    speaker_type: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
            "start": self.start,
            "end": self.end,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "kind": self.kind,
            "speaker_type": self.speaker_type,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quote:
        return cls(
            text=data["text"],
            start=data["start"],
            end=data["end"],
            speaker_text=data.get("speaker_text"),
            speaker=data.get("speaker"),
            speaker_start=data.get("speaker_start"),
            speaker_end=data.get("speaker_end"),
            kind=data.get("kind", "direct"),
            speaker_type=data.get("speaker_type"),
        )


@dataclass(frozen=True)
class TimeMention:
    """A temporal expression in one article and the calendar value it resolves to.

    `value` is "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-Www" or an interval "start/end"; None
    when it cannot be resolved (or `kind` is not "date"). `anchor` says what it rests on:
    "explicit" (the text gives the date), "published" (resolved against the article's date),
    "inferred" (against a date window read from the text, the article being undated) or None.
    `kind` is "date", "duration", "set" or "reference" ("recently"). `clause_start`/`clause_end`
    span the clause or sentence the expression dates: the event a timeline shows.
    """

    expression: str
    start: int
    end: int
    value: str | None = None
    anchor: str | None = None
    kind: str = "date"
    clause_start: int = 0
    clause_end: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "expression": self.expression,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "anchor": self.anchor,
            "kind": self.kind,
            "clause_start": self.clause_start,
            "clause_end": self.clause_end,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TimeMention:
        return cls(
            expression=data["expression"],
            start=data["start"],
            end=data["end"],
            value=data.get("value"),
            anchor=data.get("anchor"),
            kind=data.get("kind", "date"),
            clause_start=data.get("clause_start", 0),
            clause_end=data.get("clause_end", 0),
        )


@dataclass(frozen=True)
class ClaimUnit:
    """One proposition an article asserts, found in the parse of one sentence (issue 6).

    `start`/`end` cover the clause, `sentence_start`/`sentence_end` the sentence cited as support.
    `speaker` is who the article attributes the proposition to ("Earnest said X": the outlet
    asserts that Earnest said X); None means the outlet's own voice. `predicates` are base forms
    along the clause's verb chain ("seeks to reduce" -> ("seek", "reduce")). `subject_ref` is the
    name a pronoun subject was resolved to. `numbers` are (value, counted noun, anchor word,
    approximate); `roles` are (name, role) pairs such as ("Barack Obama", "former president").
    """

    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    subject: str = ""
    subject_start: int = 0
    subject_end: int = 0
    subject_ref: str = ""
    predicates: tuple[str, ...] = ()
    object: str = ""
    negated: bool = False
    speaker: str | None = None
    cue: str = ""
    hedged: bool = False
    conditional: bool = False
    numbers: tuple[tuple[float, str, str, bool], ...] = ()
    roles: tuple[tuple[str, str], ...] = ()

    @property
    def predicate(self) -> str:
        return self.predicates[-1] if self.predicates else ""

    def to_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["predicates"] = list(self.predicates)
        data["numbers"] = [list(n) for n in self.numbers]
        data["roles"] = [list(r) for r in self.roles]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClaimUnit:
        values = dict(data)
        values["predicates"] = tuple(values.get("predicates", ()))
        values["numbers"] = tuple(
            (float(n[0]), str(n[1]), str(n[2]), bool(n[3])) for n in values.get("numbers", ())
        )
        values["roles"] = tuple((str(r[0]), str(r[1])) for r in values.get("roles", ()))
        return cls(**values)


@dataclass(frozen=True)
class AnnotatedArticle:
    """An article with its article-level annotations (the "map" output)."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeMention, ...] = ()
    claims: tuple[ClaimUnit, ...] = ()
    # Document vector (float32, unit length) from the embedding model; None when not computed.
    # An array, not a tuple of floats: 100k articles x 256 Python floats would cost gigabytes.
    vector: np.ndarray | None = field(default=None, compare=False)
    # What the annotations were computed from (text, date, stage versions and configs), set by
    # the runner; story-stage cache keys build on it. Empty: derive it from the article.
    cache_key: str = field(default="", compare=False)
    # Article stages that raised on this article (their fields above are then empty).
    failures: tuple[StageFailure, ...] = ()

    @property
    def id(self) -> str:
        return self.article.id
