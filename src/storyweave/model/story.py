"""Grouping values: events (one happening and the articles that cover it) and stories (a
developing story a reader follows, one or more events over days or weeks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from storyweave.model.article import Article, format_date, parse_date


@dataclass(frozen=True)
class ArticleRef:
    """The article fields a brief lists (the cleaned text is left out of the contract)."""

    id: str
    source: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    duplicate_of: str | None = None

    @classmethod
    def of(cls, article: Article) -> ArticleRef:
        return cls(
            article.id,
            article.source,
            article.title,
            article.url,
            article.published,
            article.duplicate_of,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "published": format_date(self.published),
            "duplicate_of": self.duplicate_of,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ArticleRef:
        return cls(
            id=data["id"],
            source=data.get("source"),
            title=data.get("title"),
            url=data.get("url"),
            published=parse_date(data.get("published")),
            duplicate_of=data.get("duplicate_of"),
        )


def article_header(article: Article) -> dict[str, Any]:
    """The contract's article entry for one article."""
    return ArticleRef.of(article).to_json()


@dataclass(frozen=True)
class Event:
    """One happening and the articles that cover it. `start`/`end` are the first and last
    publication dates of its articles (None when none is dated)."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "start": format_date(self.start),
            "end": format_date(self.end),
            "articles": list(self.article_ids),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Event:
        return cls(
            id=data["id"],
            title=data.get("title") or "",
            article_ids=tuple(data.get("articles") or ()),
            start=parse_date(data.get("start")),
            end=parse_date(data.get("end")),
        )


@dataclass(frozen=True)
class Story:
    """A developing story: its events in time order, and all their articles ordered by time.
    Every article of the story is in exactly one of its events."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    events: tuple[Event, ...] = ()

    def event_of(self, article_id: str) -> Event | None:
        return next((e for e in self.events if article_id in e.article_ids), None)

    def to_json(self, articles: Mapping[str, Article]) -> dict[str, Any]:
        """The `storyweave stories` entry: the grouping alone, without the analysis."""
        return {
            "id": self.id,
            "title": self.title,
            "articles": [article_header(articles[a]) for a in self.article_ids if a in articles],
            "events": [e.to_json() for e in self.events],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Story:
        return cls(
            id=data["id"],
            title=data.get("title") or "",
            article_ids=tuple(a["id"] if isinstance(a, Mapping) else a for a in data["articles"]),
            events=tuple(Event.from_json(e) for e in data.get("events") or ()),
        )


@dataclass(frozen=True)
class Assignments:
    """Where grouped articles already are, as the store remembers it: grouping keeps these
    places (and their ids) and only places new articles."""

    event_of: Mapping[str, str] = field(default_factory=dict)  # article id -> event id
    story_of: Mapping[str, str] = field(default_factory=dict)  # event id -> story id

    def story_of_article(self, article_id: str) -> str | None:
        event = self.event_of.get(article_id)
        return self.story_of.get(event) if event is not None else None


@dataclass(frozen=True)
class StoryEntity:
    """An entity of a story with its aliases merged across articles."""

    name: str
    type: str
    aliases: tuple[str, ...]
    articles: tuple[str, ...]
    mentions: int
    # Role descriptions the story gives the entity ("Kremlin spokesman", "president-elect").
    roles: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "articles": list(self.articles),
            "mentions": self.mentions,
            "roles": list(self.roles),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoryEntity:
        return cls(
            name=data["name"],
            type=data["type"],
            aliases=tuple(data.get("aliases") or ()),
            articles=tuple(data.get("articles") or ()),
            mentions=int(data.get("mentions") or 0),
            roles=tuple(data.get("roles") or ()),
        )
