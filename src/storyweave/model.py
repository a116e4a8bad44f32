"""The one data model that flows through the pipeline: frozen values, JSON in and out, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
    """An article a stage chose not to process (too short, not English ...)."""

    article: str
    reason: str


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
class AnnotatedArticle:
    """An article with its article-level annotations (the "map" output)."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    # Document vector (float32, unit length) from the embedding model; None when not computed.
    # An array, not a tuple of floats: 100k articles x 256 Python floats would cost gigabytes.
    vector: np.ndarray | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True)
class Story:
    """The articles about one event or developing situation, ordered by time."""

    id: str
    title: str
    article_ids: tuple[str, ...]

    def to_json(self, articles: Mapping[str, Article]) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": [article_header(articles[a]) for a in self.article_ids],
        }


def article_header(article: Article) -> dict[str, Any]:
    """The article fields a brief lists (the cleaned text is left out)."""
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "url": article.url,
        "published": format_date(article.published),
        "duplicate_of": article.duplicate_of,
    }


@dataclass(frozen=True)
class StoryEntity:
    """An entity of a story with its aliases merged across articles."""

    name: str
    type: str
    aliases: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "articles": list(self.articles),
            "mentions": self.mentions,
        }


@dataclass(frozen=True)
class Brief:
    """Everything storyweave says about one story. Sections not built yet stay empty;
    they are never filled with placeholders."""

    story: Story
    articles: tuple[Article, ...]
    entities: tuple[StoryEntity, ...] = ()
    summary: tuple[dict[str, Any], ...] = ()
    claims: tuple[dict[str, Any], ...] = ()
    quotes: tuple[dict[str, Any], ...] = ()
    positions: tuple[dict[str, Any], ...] = ()
    timeline: tuple[dict[str, Any], ...] = ()
    coverage: tuple[dict[str, Any], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.story.id,
            "title": self.story.title,
            "articles": [article_header(a) for a in self.articles],
            "summary": list(self.summary),
            "claims": list(self.claims),
            "quotes": list(self.quotes),
            "entities": [e.to_json() for e in self.entities],
            "positions": list(self.positions),
            "timeline": list(self.timeline),
            "coverage": list(self.coverage),
        }


BRIEF_SCHEMA = "storyweave.brief/1"
