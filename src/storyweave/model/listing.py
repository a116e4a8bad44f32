"""Listing values: one line per story and the query and page of a story listing (the web UI's
story list and its JSON twin)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from storyweave.model.article import format_date
from storyweave.model.story import StoryEntity


@dataclass(frozen=True)
class StoryOverview:
    """One line of a story listing: what a reader scans before opening the brief."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    original_reports: int
    sources: tuple[str, ...]  # in first-published order, each once
    first_published: dt.date | None
    last_published: dt.date | None
    events: int
    # From the story's last brief (cached results); empty for a story not briefed yet.
    entities: tuple[StoryEntity, ...] = ()
    lead: str | None = None  # the first summary sentence

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": len(self.article_ids),
            "original_reports": self.original_reports,
            "sources": list(self.sources),
            "first_published": format_date(self.first_published),
            "last_published": format_date(self.last_published),
            "events": self.events,
            "entities": [e.name for e in self.entities],
            "lead": self.lead,
        }


@dataclass(frozen=True)
class StoryQuery:
    """Which stories a listing shows: every given condition must hold."""

    published_from: dt.date | None = None  # some article published on or after
    published_to: dt.date | None = None  # some article published on or before
    source: str | None = None  # some article from this source (case ignored)
    entity: str | None = None  # an entity name or alias containing this (case ignored)
    text: str | None = None  # some article containing every word (full-text search)
    offset: int = 0
    limit: int = 20
    # Full-text search narrows the listing through at most this many best-ranked articles.
    max_text_hits: int = 2000

    def matches(self, story: StoryOverview) -> bool:
        """The conditions a story overview answers by itself (all but `text`)."""
        if self.published_from or self.published_to:
            first, last = story.first_published, story.last_published
            if first is None or last is None:
                return False
            # The story spans [first, last]: it must overlap the asked range.
            if last < (self.published_from or dt.date.min):
                return False
            if first > (self.published_to or dt.date.max):
                return False
        if self.source:
            wanted = self.source.casefold().strip()
            if not any(s.casefold() == wanted for s in story.sources):
                return False
        if self.entity:
            needle = self.entity.casefold().strip()
            names = (n for e in story.entities for n in (e.name, *e.aliases))
            if not any(needle in n.casefold() for n in names):
                return False
        return True


@dataclass(frozen=True)
class StoryPage:
    """One page of a story listing, with how many stories matched in all."""

    stories: tuple[StoryOverview, ...]
    total: int
    offset: int
    limit: int

    def to_json(self) -> dict[str, Any]:
        return {
            "stories": [s.to_json() for s in self.stories],
            "total": self.total,
            "offset": self.offset,
            "limit": self.limit,
        }
