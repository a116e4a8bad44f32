"""The embedded store: one SQLite file (WAL), or memory for one-shot runs.

Every write happens inside an explicit transaction, so a killed process leaves the store as it
was at the last commit; the loader commits in batches and a re-run skips what is already there.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from storyweave.errors import StoreError
from storyweave.model import Article, Assignments, Event, Story, format_date, parse_date
from storyweave.store.base import CachedRow, SavedBrief, StoredCandidate
from storyweave.store.schema import MIGRATIONS, SCHEMA_VERSION, statements

MEMORY = ":memory:"
_ARTICLE_COLUMNS = "id, text, source, title, url, published, origin, duplicate_of"


class SQLiteStore:
    """The `Store` protocol (store/base.py) on one SQLite file."""

    def __init__(self, path: str = MEMORY) -> None:
        self.path = path
        self.location = path
        try:
            if path != MEMORY:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, nothing implicit.
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA foreign_keys = ON")
            if path != MEMORY:
                self._db.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable across process kills in WAL mode; only power loss can
                # drop the last transactions, never corrupt the file.
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {version}, newer than this storyweave "
                f"({SCHEMA_VERSION}); upgrade storyweave"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in statements(MIGRATIONS[number]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._db.in_transaction:  # nested: the outer transaction decides
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- articles -----------------------------------------------------------------------

    def content_hash_of(self, article_id: str) -> str | None:
        row = self._db.execute(
            "SELECT content_hash FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def near_duplicate_candidates(
        self, text_hash: str, bands: Sequence[tuple[int, int]]
    ) -> list[StoredCandidate]:
        clauses = " OR ".join("(band = ? AND bucket = ?)" for _ in bands)
        params: list[object] = [v for pair in bands for v in pair]
        rows = self._db.execute(
            f"""SELECT id, published, seq, duplicate_of, text_hash, shingles, minhash
                FROM articles WHERE text_hash = ? OR id IN (
                    SELECT article_id FROM minhash_bands WHERE {clauses})
                ORDER BY seq""",
            [text_hash, *params],
        ).fetchall()
        return [StoredCandidate(r[0], r[1], r[2], r[3], r[4], r[5], bytes(r[6])) for r in rows]

    def insert_article(
        self,
        article: Article,
        content_hash: str,
        fingerprint: tuple[str, int, bytes],
        bands: Sequence[tuple[int, int]],
    ) -> None:
        text_hash, shingles, signature = fingerprint
        self._db.execute(
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
        self._db.executemany(
            "INSERT INTO minhash_bands (band, bucket, article_id) VALUES (?, ?, ?)",
            [(band, bucket, article.id) for band, bucket in bands],
        )

    def make_original(self, new_original: str, old_original: str) -> None:
        """An earlier-published copy arrived: it becomes the original of the whole group."""
        self._db.execute(
            "UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
            (new_original, old_original, old_original),
        )

    def article_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM articles ORDER BY seq")]

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Stored articles in ingest order (all of them when `ids` is None; else in the order
        of `ids`, unknown ids left out)."""
        query = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
        if ids is None:
            rows = self._db.execute(query + " ORDER BY seq").fetchall()
        else:
            wanted = list(dict.fromkeys(ids))
            rows = []
            for chunk in _chunks(wanted, 500):  # SQLite caps bound parameters
                marks = ",".join("?" * len(chunk))
                rows += self._db.execute(f"{query} WHERE id IN ({marks})", chunk).fetchall()
            order = {article_id: i for i, article_id in enumerate(wanted)}
            rows.sort(key=lambda r: order[r[0]])
        return [_article(r) for r in rows]

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        last = 0
        while True:
            rows = self._db.execute(
                f"SELECT seq, {_ARTICLE_COLUMNS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, batch_size),
            ).fetchall()
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
                self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                removed.append(article_id)
            self._drop_empty_groups()
        return removed

    def _promote_copies(self, original: str) -> None:
        """The copies of an article about to go: the earliest published becomes the original
        of the others, so no copy is left pointing at nothing."""
        copies = [
            r[0]
            for r in self._db.execute(
                "SELECT id FROM articles WHERE duplicate_of = ? "
                "ORDER BY published IS NULL, published, seq",
                (original,),
            )
        ]
        if not copies:
            return
        head, rest = copies[0], copies[1:]
        self._db.execute("UPDATE articles SET duplicate_of = NULL WHERE id = ?", (head,))
        self._db.executemany(
            "UPDATE articles SET duplicate_of = ? WHERE id = ?", [(head, c) for c in rest]
        )

    # -- annotation cache ---------------------------------------------------------------

    def annotations(self, stage: str, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """article id -> (cache key, payload) for a stage."""
        found: dict[str, tuple[str, bytes]] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for article_id, key, payload in self._db.execute(
                f"SELECT article_id, cache_key, payload FROM annotations "
                f"WHERE stage = ? AND article_id IN ({marks})",
                [stage, *chunk],
            ):
                found[article_id] = (key, payload)
        return found

    def put_annotations(self, stage: str, rows: Iterable[CachedRow]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO annotations (article_id, stage, cache_key, payload) "
                "VALUES (?, ?, ?, ?)",
                [(article_id, stage, key, payload) for article_id, key, payload in rows],
            )

    def story_results(self, stage: str, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """story id -> (cache key, payload) for a story stage."""
        found: dict[str, tuple[str, bytes]] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for story_id, key, payload in self._db.execute(
                f"SELECT story_id, cache_key, payload FROM story_results "
                f"WHERE stage = ? AND story_id IN ({marks})",
                [stage, *chunk],
            ):
                found[story_id] = (key, bytes(payload))
        return found

    def put_story_results(self, stage: str, rows: Iterable[CachedRow]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO story_results (story_id, stage, cache_key, payload) "
                "VALUES (?, ?, ?, ?)",
                [(story_id, stage, key, payload) for story_id, key, payload in rows],
            )

    # -- stories ------------------------------------------------------------------------

    def assignments(self) -> Assignments:
        """Where every grouped article is: its event, and each event's story."""
        event_of = dict(self._db.execute("SELECT article_id, event_id FROM event_articles"))
        story_of = dict(self._db.execute("SELECT id, story_id FROM events"))
        return Assignments(event_of=event_of, story_of=story_of)

    def stories(self) -> list[Story]:
        """Every story with its events, in creation order; articles by publication date."""
        members: dict[str, list[tuple[str | None, int, str]]] = defaultdict(list)
        for article_id, event_id, published, seq in self._db.execute(
            "SELECT ea.article_id, ea.event_id, a.published, a.seq FROM event_articles ea "
            "JOIN articles a ON a.id = ea.article_id"
        ):
            members[event_id].append((published, seq, article_id))
        events: dict[str, list[Event]] = defaultdict(list)
        for event_id, story_id, title in self._db.execute(
            "SELECT id, story_id, title FROM events ORDER BY seq"
        ):
            events[story_id].append(_event(event_id, title, members.get(event_id, [])))
        stories = []
        for story_id, title in self._db.execute("SELECT id, title FROM stories ORDER BY seq"):
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
                self._db.execute("DELETE FROM event_articles")
                self._db.execute("DELETE FROM events")
                self._db.execute("DELETE FROM stories")
            story_seq = self._next_seq("stories")
            event_seq = self._next_seq("events")
            for story in stories:
                if not self._update("stories", story.id, title=story.title):
                    story_seq += 1
                    self._db.execute(
                        "INSERT INTO stories (id, title, seq) VALUES (?, ?, ?)",
                        (story.id, story.title, story_seq),
                    )
                for event in story.events:
                    if not self._update("events", event.id, title=event.title, story_id=story.id):
                        event_seq += 1
                        self._db.execute(
                            "INSERT INTO events (id, story_id, title, seq) VALUES (?, ?, ?, ?)",
                            (event.id, story.id, event.title, event_seq),
                        )
                    self._db.executemany(
                        "INSERT OR REPLACE INTO event_articles (article_id, event_id) "
                        "VALUES (?, ?)",
                        [(article_id, event.id) for article_id in event.article_ids],
                    )
            self._drop_empty_groups()

    def _next_seq(self, table: str) -> int:
        return int(self._db.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {table}").fetchone()[0])

    def _update(self, table: str, row_id: str, **values: str) -> bool:
        assignments = ", ".join(f"{column} = ?" for column in values)
        cursor = self._db.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )
        return cursor.rowcount > 0

    def _drop_empty_groups(self) -> None:
        """An event left without articles (all moved by a regroup, or removed) is gone, and so
        is a story left without events."""
        self._db.execute("DELETE FROM events WHERE id NOT IN (SELECT event_id FROM event_articles)")
        self._db.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM events)")

    # -- saved briefs -------------------------------------------------------------------

    def save_brief(self, story_id: str, body: str, created: str) -> int:
        """Keep a story's brief (contract JSON) as of `created` (ISO 8601 UTC); returns its
        number. A brief identical to the story's latest saved one is not stored again."""
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        with self.transaction():
            latest = self._db.execute(
                "SELECT seq, body_hash FROM briefs WHERE story_id = ? ORDER BY seq DESC LIMIT 1",
                (story_id,),
            ).fetchone()
            if latest and latest[1] == digest:
                return int(latest[0])
            cursor = self._db.execute(
                "INSERT INTO briefs (story_id, created, body, body_hash) VALUES (?, ?, ?, ?)",
                (story_id, created, body, digest),
            )
            return int(cursor.lastrowid or 0)

    def latest_brief(self, story_id: str, before: str | None = None) -> SavedBrief | None:
        """The story's most recently saved brief; with `before` (an ISO timestamp or date), the
        last one saved strictly before it."""
        query = "SELECT seq, story_id, created, body FROM briefs WHERE story_id = ?"
        params: list[str] = [story_id]
        if before is not None:
            query += " AND created < ?"
            params.append(before)
        row = self._db.execute(query + " ORDER BY seq DESC LIMIT 1", params).fetchone()
        return SavedBrief(row[0], row[1], row[2], row[3]) if row else None

    def briefs_since(self, story_id: str, since: str) -> list[SavedBrief]:
        """The story's briefs saved at or after `since` (ISO timestamp or date), oldest first."""
        rows = self._db.execute(
            "SELECT seq, story_id, created, body FROM briefs WHERE story_id = ? AND created >= ? "
            "ORDER BY seq",
            (story_id, since),
        ).fetchall()
        return [SavedBrief(r[0], r[1], r[2], r[3]) for r in rows]

    def integrity_problems(self) -> list[str]:
        """Empty when SQLite's integrity check and our own invariants hold."""
        problems = [r[0] for r in self._db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [
            f"foreign key violation in {r[0]}" for r in self._db.execute("PRAGMA foreign_key_check")
        ]
        ungrouped_events = self._db.execute(
            "SELECT COUNT(*) FROM events WHERE id NOT IN (SELECT event_id FROM event_articles)"
        ).fetchone()[0]
        if ungrouped_events:
            problems.append(f"{ungrouped_events} events without articles")
        orphans = self._db.execute(
            "SELECT COUNT(*) FROM articles a WHERE "
            "(SELECT COUNT(*) FROM minhash_bands b WHERE b.article_id = a.id) = 0"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} articles without their near-duplicate index entries")
        return problems


def _article(row: Sequence) -> Article:
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
    dates = [d for p, _, _ in rows if (d := parse_date(p)) is not None]
    return Event(
        id=event_id,
        title=title,
        article_ids=tuple(r[2] for r in rows),
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
    )


def _event_order(event: Event) -> tuple[bool, str, str]:
    return (event.start is None, format_date(event.start) or "", event.id)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
