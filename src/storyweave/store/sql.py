"""The `Store` protocol written once in SQL both backends accept; SQLite and PostgreSQL supply
only the connection, the write lock, the schema version, full-text search and error handling.

Statements use `?` placeholders and the upsert spelling both accept (`ON CONFLICT ... DO
UPDATE`, SQLite 3.24+), and `RETURNING` (SQLite 3.35+) instead of a driver's last row id.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from storyweave.errors import StoreError
from storyweave.model import Article, Assignments, Event, Story, format_date, parse_date
from storyweave.store.base import CachedRow, SavedBrief, StoreConfig, StoredCandidate
from storyweave.store.schema import SCHEMA_VERSION, migration_sql, statements

_ARTICLE_COLUMNS = "id, text, source, title, url, published, origin, duplicate_of"
# SQLite caps bound parameters per statement (32766 since 3.32, 999 before).
_CHUNK = 500
_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


class Rows:
    """A statement's result, fetched whole: errors surface inside the backend's error
    handling, not later while a caller iterates."""

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows


class SQLStore:
    """Everything of the `Store` protocol (store/base.py) that is the same SQL on every
    backend. Subclasses implement the hooks at the end of this class."""

    dialect = ""
    location: str

    def __init__(self, location: str, config: StoreConfig) -> None:
        self.location = location
        self.config = config
        self._depth = 0  # open transaction() blocks; only the outermost one commits

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and schema ---------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; it takes the store's write lock when it begins."""
        if self._depth:  # nested: the outer transaction decides
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._rollback_quietly()
            raise
        self._depth = 0
        try:
            self._commit()
        except BaseException:
            self._rollback_quietly()
            raise

    def _rollback_quietly(self) -> None:
        """Undo the open transaction without hiding the error that ended it (on a damaged or
        lost connection the rollback can fail too; the server or SQLite undoes it anyway)."""
        try:
            self._rollback()
        except Exception as exc:
            if not (isinstance(exc, StoreError) or self._is_driver_error(exc)):
                raise

    def _migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION. Two processes creating or upgrading one store
        at once are safe: the version is read again inside the write lock, so the second
        finds the work done instead of creating the tables twice."""
        if self._checked_version() == SCHEMA_VERSION:
            return
        self._before_upgrade()
        with self.transaction():
            version = self._checked_version()
            if version == 0:
                self._refuse_foreign_tables()
            for number in range(version, SCHEMA_VERSION):
                for statement in statements(migration_sql(number, self.dialect)):
                    self._sql(statement)
            if version != SCHEMA_VERSION:
                self._set_schema_version(SCHEMA_VERSION)

    def _checked_version(self) -> int:
        version = self._schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.location} has schema version {version}, newer than this storyweave "
                f"({SCHEMA_VERSION}); upgrade storyweave to use it"
            )
        if version < 0:
            raise StoreError(
                f"store {self.location} has an unknown schema version {version}; it was not "
                "made by storyweave: give another --db"
            )
        return version

    def _refuse_foreign_tables(self) -> None:
        """A store without a version that already holds tables was made by something else:
        adding ours to it could break that program's data."""
        found = self._existing_tables()
        if found:
            shown = ", ".join(sorted(found)[:5]) + (" ..." if len(found) > 5 else "")
            raise StoreError(
                f"{self.location} is not a storyweave store: it has tables ({shown}) but no "
                "storyweave schema version; give a new file or an empty database as --db"
            )

    # -- articles -----------------------------------------------------------------------

    def content_hash_of(self, article_id: str) -> str | None:
        row = self._sql("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def near_duplicate_candidates(
        self, text_hash: str, bands: Sequence[tuple[int, int]]
    ) -> list[StoredCandidate]:
        columns = "a.id, a.published, a.seq, a.duplicate_of, a.text_hash, a.shingles, a.minhash"
        query = f"SELECT {columns} FROM articles a WHERE a.text_hash = ?"
        if bands:
            # A join with the bands as a VALUES list, not `text_hash = ? OR id IN (...)`:
            # PostgreSQL scanned every article for that OR (17 ms per article at 1,500
            # stored); as a UNION both halves use their index on both backends.
            wanted = ", ".join("(?, ?)" for _ in bands)
            query += (
                f" UNION SELECT {columns} FROM (VALUES {wanted}) AS q "
                "JOIN minhash_bands b ON b.band = q.column1 AND b.bucket = q.column2 "
                "JOIN articles a ON a.id = b.article_id"
            )
        params: list[object] = [v for pair in bands for v in pair]
        rows = self._sql(query + " ORDER BY seq", [text_hash, *params])
        return [StoredCandidate(r[0], r[1], r[2], r[3], r[4], r[5], bytes(r[6])) for r in rows]

    def insert_article(
        self,
        article: Article,
        content_hash: str,
        fingerprint: tuple[str, int, bytes],
        bands: Sequence[tuple[int, int]],
    ) -> None:
        text_hash, shingles, signature = fingerprint
        with self.transaction():
            self._sql(
                """INSERT INTO articles (id, source, title, url, published, text, origin,
                       content_hash, text_hash, duplicate_of, shingles, minhash)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    article.id,
                    article.source,
                    article.title,
                    article.url,
                    format_date(article.published),
                    article.text,
                    article.origin,
                    content_hash,
                    text_hash,
                    article.duplicate_of,
                    shingles,
                    signature,
                ),
            )
            if bands:  # one statement, not one per band: a round trip each on a server
                self._sql(
                    "INSERT INTO minhash_bands (band, bucket, article_id) VALUES "
                    + ", ".join("(?, ?, ?)" for _ in bands),
                    [v for band, bucket in bands for v in (band, bucket, article.id)],
                )

    def make_original(self, new_original: str, old_original: str) -> None:
        """An earlier-published copy arrived: it becomes the original of the whole group."""
        with self.transaction():
            self._sql(
                "UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
                (new_original, old_original, old_original),
            )

    def article_count(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM articles"))

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._sql("SELECT id FROM articles ORDER BY seq")]

    def copies(self) -> dict[str, str]:
        """article id -> its original, for every stored copy (no texts read)."""
        rows = self._sql("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")
        return {r[0]: r[1] for r in rows}

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Stored articles in ingest order (all of them when `ids` is None; else in the order
        of `ids`, unknown ids left out)."""
        if ids is None:
            return list(self.iter_articles())
        query = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
        wanted = list(dict.fromkeys(ids))
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(wanted, _CHUNK):
            rows += self._sql(f"{query} WHERE id IN ({_marks(chunk)})", chunk).rows
        order = {article_id: i for i, article_id in enumerate(wanted)}
        rows.sort(key=lambda r: order[r[0]])
        return [_article(r) for r in rows]

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        last = 0
        while True:
            rows = self._sql(
                f"SELECT seq, {_ARTICLE_COLUMNS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, batch_size),
            ).rows
            if not rows:
                return
            last = rows[-1][0]
            yield from (_article(r[1:]) for r in rows)

    def remove_articles(self, ids: Sequence[str]) -> list[str]:
        wanted = list(dict.fromkeys(ids))
        removed: list[str] = []
        with self.transaction():
            for article_id in wanted:
                if self.content_hash_of(article_id) is None:
                    continue
                self._promote_copies(article_id)
                self._sql("DELETE FROM articles WHERE id = ?", (article_id,))
                removed.append(article_id)
            self._drop_empty_groups()
        return removed

    def _promote_copies(self, original: str) -> None:
        """The copies of an article about to go: the earliest published becomes the original
        of the others, so no copy is left pointing at nothing."""
        copies = [
            r[0]
            for r in self._sql(
                "SELECT id FROM articles WHERE duplicate_of = ? "
                "ORDER BY published IS NULL, published, seq",
                (original,),
            )
        ]
        if not copies:
            return
        head, rest = copies[0], copies[1:]
        self._sql("UPDATE articles SET duplicate_of = NULL WHERE id = ?", (head,))
        self._sql_many(
            "UPDATE articles SET duplicate_of = ? WHERE id = ?", [(head, c) for c in rest]
        )

    def source_names(self) -> list[str]:
        rows = self._sql(
            "SELECT source FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY MIN(seq)"
        )
        return [r[0] for r in rows]

    def search_articles(self, query: str, limit: int, offset: int = 0) -> list[tuple[str, float]]:
        words = _WORD.findall(query)
        if not words or limit <= 0:
            return []
        return self._search(words, limit, max(0, offset))

    # -- stage caches -------------------------------------------------------------------

    def annotations(self, stage: str, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """article id -> (cache key, payload) for a stage."""
        return self._cached("annotations", "article_id", stage, ids)

    def put_annotations(self, stage: str, rows: Iterable[CachedRow]) -> None:
        self._put_cached("annotations", "article_id", stage, rows)

    def story_results(self, stage: str, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """story id -> (cache key, payload) for a story stage."""
        return self._cached("story_results", "story_id", stage, ids)

    def put_story_results(self, stage: str, rows: Iterable[CachedRow]) -> None:
        self._put_cached("story_results", "story_id", stage, rows)

    def _cached(
        self, table: str, subject: str, stage: str, ids: Sequence[str]
    ) -> dict[str, tuple[str, bytes]]:
        found: dict[str, tuple[str, bytes]] = {}
        for chunk in _chunks(list(ids), _CHUNK):
            for subject_id, key, payload in self._sql(
                f"SELECT {subject}, cache_key, payload FROM {table} "
                f"WHERE stage = ? AND {subject} IN ({_marks(chunk)})",
                [stage, *chunk],
            ):
                found[subject_id] = (key, bytes(payload))
        return found

    def _put_cached(self, table: str, subject: str, stage: str, rows: Iterable[CachedRow]) -> None:
        with self.transaction():
            self._sql_many(
                f"INSERT INTO {table} ({subject}, stage, cache_key, payload) VALUES (?, ?, ?, ?) "
                f"ON CONFLICT ({subject}, stage) DO UPDATE "
                "SET cache_key = excluded.cache_key, payload = excluded.payload",
                [(subject_id, stage, key, payload) for subject_id, key, payload in rows],
            )

    # -- stories ------------------------------------------------------------------------

    def assignments(self) -> Assignments:
        """Where every grouped article is: its event, and each event's story."""
        event_of = {
            r[0]: r[1] for r in self._sql("SELECT article_id, event_id FROM event_articles")
        }
        story_of = {r[0]: r[1] for r in self._sql("SELECT id, story_id FROM events")}
        return Assignments(event_of=event_of, story_of=story_of)

    def stories(self) -> list[Story]:
        """Every story with its events, in creation order; articles by publication date."""
        members: dict[str, list[tuple[str | None, int, str]]] = defaultdict(list)
        for article_id, event_id, published, seq in self._sql(
            "SELECT ea.article_id, ea.event_id, a.published, a.seq FROM event_articles ea "
            "JOIN articles a ON a.id = ea.article_id"
        ):
            members[event_id].append((published, seq, article_id))
        events: dict[str, list[Event]] = defaultdict(list)
        for event_id, story_id, title in self._sql(
            "SELECT id, story_id, title FROM events ORDER BY seq"
        ):
            events[story_id].append(_event(event_id, title, members.get(event_id, [])))
        stories = []
        for story_id, title in self._sql("SELECT id, title FROM stories ORDER BY seq"):
            story_events = sorted(events.get(story_id, []), key=_event_order)
            rows = sorted((m for e in story_events for m in members[e.id]), key=_by_date)
            stories.append(Story(story_id, title, tuple(r[2] for r in rows), tuple(story_events)))
        return stories

    def save_stories(self, stories: Sequence[Story], replace_all: bool = False) -> None:
        """Write stories, their events and membership in one transaction.

        `replace_all` drops every existing story first (a full regroup); otherwise the given
        stories and events are upserted and their articles (re)assigned. Events and stories
        left without articles are removed.
        """
        with self.transaction():
            if replace_all:
                self._sql("DELETE FROM event_articles")
                self._sql("DELETE FROM events")
                self._sql("DELETE FROM stories")
            story_seq = self._next_seq("stories")
            event_seq = self._next_seq("events")
            for story in stories:
                if not self._update("stories", story.id, title=story.title):
                    story_seq += 1
                    self._sql(
                        "INSERT INTO stories (id, title, seq) VALUES (?, ?, ?)",
                        (story.id, story.title, story_seq),
                    )
                for event in story.events:
                    if not self._update("events", event.id, title=event.title, story_id=story.id):
                        event_seq += 1
                        self._sql(
                            "INSERT INTO events (id, story_id, title, seq) VALUES (?, ?, ?, ?)",
                            (event.id, story.id, event.title, event_seq),
                        )
                    self._sql_many(
                        "INSERT INTO event_articles (article_id, event_id) VALUES (?, ?) "
                        "ON CONFLICT (article_id) DO UPDATE SET event_id = excluded.event_id",
                        [(article_id, event.id) for article_id in event.article_ids],
                    )
            self._drop_empty_groups()

    def _next_seq(self, table: str) -> int:
        return int(self._one(f"SELECT COALESCE(MAX(seq), 0) FROM {table}"))

    def _update(self, table: str, row_id: str, **values: str) -> bool:
        assignments = ", ".join(f"{column} = ?" for column in values)
        done = self._sql(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )
        return done.rowcount > 0

    def _drop_empty_groups(self) -> None:
        """An event left without articles (all moved by a regroup, or removed) is gone, and so
        is a story left without events."""
        self._sql("DELETE FROM events WHERE id NOT IN (SELECT event_id FROM event_articles)")
        self._sql("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM events)")

    # -- saved briefs -------------------------------------------------------------------

    def save_brief(self, story_id: str, body: str, created: str) -> int:
        """Keep a story's brief (contract JSON) as of `created` (ISO 8601 UTC); returns its
        number. A brief identical to the story's latest saved one is not stored again."""
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        with self.transaction():
            latest = self._sql(
                "SELECT seq, body_hash FROM briefs WHERE story_id = ? ORDER BY seq DESC LIMIT 1",
                (story_id,),
            ).fetchone()
            if latest and latest[1] == digest:
                return int(latest[0])
            return int(
                self._one(
                    "INSERT INTO briefs (story_id, created, body, body_hash) VALUES (?, ?, ?, ?) "
                    "RETURNING seq",
                    (story_id, created, body, digest),
                )
            )

    def latest_brief(self, story_id: str, before: str | None = None) -> SavedBrief | None:
        """The story's most recently saved brief; with `before` (an ISO timestamp or date), the
        last one saved strictly before it."""
        query = "SELECT seq, story_id, created, body FROM briefs WHERE story_id = ?"
        params: list[str] = [story_id]
        if before is not None:
            query += " AND created < ?"
            params.append(before)
        row = self._sql(query + " ORDER BY seq DESC LIMIT 1", params).fetchone()
        return SavedBrief(row[0], row[1], row[2], row[3]) if row else None

    def briefs_since(self, story_id: str, since: str) -> list[SavedBrief]:
        """The story's briefs saved at or after `since` (ISO timestamp or date), oldest first."""
        rows = self._sql(
            "SELECT seq, story_id, created, body FROM briefs WHERE story_id = ? AND created >= ? "
            "ORDER BY seq",
            (story_id, since),
        )
        return [SavedBrief(r[0], r[1], r[2], r[3]) for r in rows]

    # -- state records ------------------------------------------------------------------

    def get_state(self, namespace: str, key: str) -> dict[str, Any] | None:
        row = self._sql(
            "SELECT value FROM state WHERE namespace = ? AND key = ?", (namespace, key)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def put_state(self, namespace: str, key: str, value: dict[str, Any]) -> None:
        if not isinstance(value, dict):
            raise StoreError(
                f"cannot save state {namespace}/{key} in store {self.location}: the value must "
                f"be a JSON object (a dict), not {type(value).__name__}"
            )
        try:
            body = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise StoreError(
                f"cannot save state {namespace}/{key} in store {self.location}: {exc}; "
                "keep to JSON values (str, number, bool, None, list, dict)"
            ) from exc
        with self.transaction():
            self._sql(
                "INSERT INTO state (namespace, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value",
                (namespace, key, body),
            )

    def state_keys(self, namespace: str) -> list[str]:
        return [
            r[0]
            for r in self._sql(
                "SELECT key FROM state WHERE namespace = ? ORDER BY key", (namespace,)
            )
        ]

    # -- change detection -------------------------------------------------------------

    def revision(self) -> object | None:
        return None  # a backend that can tell cheaply says so (SQLite's data_version)

    # -- checks -------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """Empty when the backend's own checks and our invariants hold."""
        problems = self._backend_problems()
        if problems:  # the backend's own check failed: its findings first, as the queries
            return problems  # below could only fail on the same damage
        empty_events = self._one(
            "SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
            "(SELECT 1 FROM event_articles ea WHERE ea.event_id = e.id)"
        )
        if empty_events:
            problems.append(f"{empty_events} events without articles")
        unindexed = self._one(
            "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM minhash_bands b WHERE b.article_id = a.id)"
        )
        if unindexed:
            problems.append(f"{unindexed} articles without their near-duplicate index entries")
        dangling = self._one(
            "SELECT COUNT(*) FROM articles c WHERE c.duplicate_of IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM articles o WHERE o.id = c.duplicate_of AND o.duplicate_of IS NULL)"
        )
        if dangling:
            problems.append(f"{dangling} copies whose original is missing or itself a copy")
        return problems

    def _one(self, sql: str, params: Sequence[object] = ()) -> Any:
        row = self._sql(sql, params).fetchone()
        assert row is not None, sql  # aggregate and RETURNING queries always give a row
        return row[0]

    # -- hooks each backend implements --------------------------------------------------

    def _sql(self, sql: str, params: Sequence[object] = ()) -> Rows:
        """Run one statement (`?` placeholders), its driver errors turned into StoreError."""
        raise NotImplementedError

    def _sql_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        """Begin a transaction holding the store's write lock (waiting for it up to the
        busy timeout)."""
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    def _is_driver_error(self, exc: Exception) -> bool:
        raise NotImplementedError

    def _schema_version(self) -> int:
        raise NotImplementedError

    def _set_schema_version(self, version: int) -> None:
        raise NotImplementedError

    def _before_upgrade(self) -> None:
        """Called when the schema needs creating or upgrading, before the write lock."""

    def _existing_tables(self) -> list[str]:
        raise NotImplementedError

    def _search(self, words: list[str], limit: int, offset: int) -> list[tuple[str, float]]:
        raise NotImplementedError

    def _backend_problems(self) -> list[str]:
        raise NotImplementedError


def busy_error(location: str, timeout_s: float) -> StoreError:
    return StoreError(
        f"store {location} is busy: another process has held its write lock for more than "
        f"{timeout_s:g} s; run again when that process (an ingest, annotate or brief on this "
        "store) has finished"
    )


def tampered_error(location: str, detail: object) -> StoreError:
    """A table or column the schema version promises is gone: something else changed it."""
    return StoreError(
        f"store {location} is missing part of its schema ({detail}) although its version says "
        "otherwise; another program changed it: restore it from a backup"
    )


def _article(row: Sequence[Any]) -> Article:
    return Article(
        id=row[0],
        text=row[1],
        source=row[2],
        title=row[3],
        url=row[4],
        published=parse_date(row[5]),
        origin=row[6],
        duplicate_of=row[7],
    )


def _by_date(member: tuple[str | None, int, str]) -> tuple[bool, str, int]:
    """Undated last; same day: ingest order."""
    published, seq, _ = member
    return (published is None, published or "", seq)


def _event(event_id: str, title: str, members: list[tuple[str | None, int, str]]) -> Event:
    rows = sorted(members, key=_by_date)
    dates = [d for d in (parse_date(p) for p, _, _ in rows) if d is not None]
    return Event(
        id=event_id,
        title=title,
        article_ids=tuple(r[2] for r in rows),
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
    )


def _event_order(event: Event) -> tuple[bool, str, str]:
    return (event.start is None, format_date(event.start) or "", event.id)


def _marks(items: Sequence[object]) -> str:
    return ",".join("?" * len(items))


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
