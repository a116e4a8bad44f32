"""What every store backend offers: the `Store` protocol that ingest, the runners and the
Workspace depend on, and the plain values it returns. Backends (SQLite, PostgreSQL) pass one
shared test suite (tests/store/)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol, cast

from storyweave.errors import ConfigError
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


@dataclass(frozen=True)
class StoreConfig:
    """How a store waits and checks itself; the same for every backend where it applies."""

    # How long a write waits for another process's write transaction before giving up with
    # "store is busy" (SQLite busy timeout, PostgreSQL lock_timeout). An ingest batch holds
    # the lock for about a second, so 30 s only runs out when something is stuck.
    busy_timeout_s: float = 30.0
    # SQLite files up to this size get `PRAGMA quick_check` when opened, so a damaged page is
    # reported before anything is written; larger ones are checked only when an error shows
    # damage (quick_check reads the whole file, see bench/store.py).
    quick_check_max_bytes: int = 256 * 1024 * 1024

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> StoreConfig:
        """The defaults, with STORYWEAVE_BUSY_TIMEOUT_S (seconds) when set: the commands
        take their store settings from here."""
        raw = environ.get("STORYWEAVE_BUSY_TIMEOUT_S")
        if raw is None or not raw.strip():
            return cls()
        try:
            timeout_s = float(raw)
        except ValueError:
            timeout_s = -1.0
        if not timeout_s >= 0:  # also refuses nan
            raise ConfigError(
                f"STORYWEAVE_BUSY_TIMEOUT_S={raw!r} is not a number of seconds; set it to "
                "e.g. 30, or unset it"
            )
        return cls(busy_timeout_s=timeout_s)


class Store(Protocol):
    """Articles, the stage caches, the grouping and saved briefs, kept between runs.

    Every write happens inside `transaction()`; a killed process leaves the store as it was
    at the last commit. Writes outside an explicit transaction commit on their own.

    Several processes may use one store at once. Write transactions take the store's one
    write lock when they begin (waiting up to `StoreConfig.busy_timeout_s`, then StoreError
    "busy"), so what a transaction reads before it writes (is this article stored? which
    stored articles share its MinHash bands?) cannot change under it; readers never wait.
    Every failure the user can act on (busy, read-only, damaged, unreachable) is a StoreError
    whose message names the store and says what to do.
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

    def copies(self) -> dict[str, str]:
        """article id -> its original, for every stored copy (no texts read)."""
        ...

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

    def integrity_problems(self) -> list[str]:
        """Empty when the backend's own checks and the store's invariants hold."""
        ...

    # -- sources --
    def source_names(self) -> list[str]:
        """Every distinct source name stored, in the order each was first stored, so ingest
        can reuse the spelling already there for a new article of the same source
        (ingest/source_names.py `source_key` says which names are one source)."""
        ...

    # -- full-text search (web UI) --
    def search_articles(self, query: str, limit: int, offset: int = 0) -> list[tuple[str, float]]:
        """(article id, rank) of the articles whose title or text contain every word of
        `query`, best first (higher rank is better; ranks compare within one result only).

        The query is taken as plain words: quotes, operators and other search syntax are
        ignored, never an error; a query of no words finds nothing. Both backends stem
        English words ("strikes" finds "strike") and keep stop words. Known differences:
        SQLite folds accents ("cafe" finds "café"), PostgreSQL does not; the stemmers
        (Porter, Snowball) differ on a few rare words.
        """
        ...

    # -- change detection (what the web server's caches are keyed by) --
    def revision(self) -> object | None:
        """A value that differs after anything is committed to the store, through this
        store object or any other connection (another thread, another process); None when
        the backend cannot tell cheaply, and then nothing may be cached by it. Only values
        from one store object compare. Cheap: no table is read."""
        ...

    # -- small state records (the feed watcher's FetchState) --
    def get_state(self, namespace: str, key: str) -> dict[str, Any] | None:
        """The record stored under (namespace, key), or None."""
        ...

    def put_state(self, namespace: str, key: str, value: dict[str, Any]) -> None:
        """Store (replace) one JSON-serialisable record under (namespace, key)."""
        ...

    def state_keys(self, namespace: str) -> list[str]:
        """Every key of `namespace`, sorted."""
        ...
