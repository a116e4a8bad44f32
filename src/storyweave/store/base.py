"""What every store backend offers: the `Store` protocol that ingest, the runners and the
Workspace depend on, and the plain values it returns. Backends (SQLite, PostgreSQL) pass one
shared test suite (tests/store/)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol, cast

from storyweave.model import Article, Assignments, Story


@dataclass(frozen=True)
class StoredCandidate:
    """A stored article that may be a near-duplicate of a new one, with its fingerprint as
    stored (ingest/dedup.py decodes `signature`)."""

    id: str
    published: str | None
    seq: int
    duplicate_of: str | None
    text_hash: str
    shingles: int
    signature: bytes


@dataclass(frozen=True)
class SavedBrief:
    """A story's brief as saved by an earlier `brief` run."""

    seq: int
    story_id: str
    created: str  # ISO 8601 UTC
    body: str  # contract JSON of one story

    def document(self) -> dict[str, Any]:
        return cast(dict[str, Any], json.loads(self.body))


# (subject id, cache key, payload): one cached stage result for an article or a story.
CachedRow = tuple[str, str, bytes]


class Store(Protocol):
    """Articles, the stage caches, the grouping and saved briefs, kept between runs.

    Every write happens inside `transaction()`; a killed process leaves the store as it was
    at the last commit. Writes outside an explicit transaction commit on their own.
    """

    location: str

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    # -- articles (ingest) --
    def content_hash_of(self, article_id: str) -> str | None: ...

    def near_duplicate_candidates(
        self, text_hash: str, bands: Sequence[tuple[int, int]]
    ) -> list[StoredCandidate]: ...

    def insert_article(
        self,
        article: Article,
        content_hash: str,
        fingerprint: tuple[str, int, bytes],
        bands: Sequence[tuple[int, int]],
    ) -> None:
        """`fingerprint` is (text hash, shingle count, MinHash signature bytes)."""
        ...

    def make_original(self, new_original: str, old_original: str) -> None: ...

    def remove_articles(self, ids: Sequence[str]) -> list[str]:
        """Delete articles with everything derived from them (annotations, group membership;
        a copy of a removed original becomes an original); returns the ids that existed."""
        ...

    def article_count(self) -> int: ...

    def article_ids(self) -> list[str]: ...

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]: ...

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        """Every stored article in ingest order, read in batches (bounded memory)."""
        ...

    # -- stage caches: article stages keyed by article id, story stages by story id --
    def annotations(self, stage: str, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]: ...

    def put_annotations(self, stage: str, rows: Iterable[CachedRow]) -> None: ...

    def story_results(self, stage: str, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]: ...

    def put_story_results(self, stage: str, rows: Iterable[CachedRow]) -> None: ...

    # -- grouping --
    def assignments(self) -> Assignments: ...

    def stories(self) -> list[Story]: ...

    def save_stories(self, stories: Sequence[Story], replace_all: bool = False) -> None: ...

    # -- saved briefs --
    def save_brief(self, story_id: str, body: str, created: str) -> int: ...

    def latest_brief(self, story_id: str, before: str | None = None) -> SavedBrief | None: ...

    def briefs_since(self, story_id: str, since: str) -> list[SavedBrief]: ...

    def integrity_problems(self) -> list[str]: ...
