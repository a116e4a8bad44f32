"""The embedded store: one SQLite file (WAL), or memory for one-shot runs.

Every write happens inside an explicit transaction, so a killed process leaves the store as it
was at the last commit; the loader commits in batches and a re-run skips what is already there.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from storyweave.errors import StoreError
from storyweave.ingest.dedup import Fingerprint, signature_from_bytes
from storyweave.model import Article, Story, format_date, parse_date
from storyweave.store.schema import MIGRATIONS, SCHEMA_VERSION, statements

MEMORY = ":memory:"


@dataclass(frozen=True)
class StoredCandidate:
    """A stored article that may be a near-duplicate of a new one."""

    id: str
    published: str | None
    seq: int
    duplicate_of: str | None
    fingerprint: Fingerprint


@dataclass(frozen=True)
class SavedBrief:
    """A story's brief as saved by an earlier `brief` run."""

    seq: int
    story_id: str
    created: str  # ISO 8601 UTC
    body: str  # contract JSON of one story

    def document(self) -> dict[str, Any]:
        return cast(dict[str, Any], json.loads(self.body))


class SQLiteStore:
    def __init__(self, path: str = MEMORY) -> None:
        self.path = path
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
        return [
            StoredCandidate(
                id=r[0],
                published=r[1],
                seq=r[2],
                duplicate_of=r[3],
                fingerprint=Fingerprint(r[4], r[5], signature_from_bytes(r[6])),
            )
            for r in rows
        ]

    def insert_article(
        self,
        article: Article,
        content_hash: str,
        fingerprint: Fingerprint,
        bands: Sequence[tuple[int, int]],
    ) -> None:
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
                fingerprint.text_hash,
                article.duplicate_of,
                fingerprint.shingles,
                fingerprint.signature.tobytes(),
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

    def source_names(self) -> list[str]:
        """Every distinct source name stored, in the order each was first stored, so ingest
        can reuse the spelling already there for a new article of the same source."""
        rows = self._db.execute(
            "SELECT source FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY MIN(seq)"
        )
        return [r[0] for r in rows]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM articles ORDER BY seq")]

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Stored articles in ingest order (all of them when `ids` is None)."""
        query = "SELECT id, text, source, title, url, published, origin, duplicate_of FROM articles"
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
        return [
            Article(
                id=r[0],
                text=r[1],
                source=r[2],
                title=r[3],
                url=r[4],
                published=parse_date(r[5]),
                origin=r[6],
                duplicate_of=r[7],
            )
            for r in rows
        ]

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

    def put_annotations(self, stage: str, rows: Iterable[tuple[str, str, bytes]]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO annotations (article_id, stage, cache_key, payload) "
                "VALUES (?, ?, ?, ?)",
                [(article_id, stage, key, payload) for article_id, key, payload in rows],
            )

    # -- stories ------------------------------------------------------------------------

    def story_assignments(self) -> dict[str, str]:
        """article id -> story id for every grouped article."""
        return dict(self._db.execute("SELECT article_id, story_id FROM story_articles"))

    def stories(self) -> list[Story]:
        members: dict[str, list[str]] = {}
        for article_id, story_id in self._db.execute(
            "SELECT sa.article_id, sa.story_id FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article_id ORDER BY a.seq"
        ):
            members.setdefault(story_id, []).append(article_id)
        return [
            Story(id=story_id, title=title, article_ids=tuple(members.get(story_id, ())))
            for story_id, title in self._db.execute("SELECT id, title FROM stories ORDER BY seq")
        ]

    def save_stories(self, stories: Sequence[Story], replace_all: bool = False) -> None:
        """Write stories and their membership in one transaction.

        `replace_all` drops every existing story first (a full regroup); otherwise the given
        stories are upserted and their articles (re)assigned to them.
        """
        with self.transaction():
            if replace_all:
                self._db.execute("DELETE FROM story_articles")
                self._db.execute("DELETE FROM stories")
            next_seq = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM stories").fetchone()[0]
            for story in stories:
                updated = self._db.execute(
                    "UPDATE stories SET title = ? WHERE id = ?", (story.title, story.id)
                ).rowcount
                if not updated:
                    next_seq += 1
                    self._db.execute(
                        "INSERT INTO stories (id, title, seq) VALUES (?, ?, ?)",
                        (story.id, story.title, next_seq),
                    )
                self._db.executemany(
                    "INSERT OR REPLACE INTO story_articles (article_id, story_id) VALUES (?, ?)",
                    [(article_id, story.id) for article_id in story.article_ids],
                )
            # A story left without articles (all moved by a regroup) is gone.
            self._db.execute(
                "DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)"
            )

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
        orphans = self._db.execute(
            "SELECT COUNT(*) FROM articles a WHERE "
            "(SELECT COUNT(*) FROM minhash_bands b WHERE b.article_id = a.id) = 0"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} articles without their near-duplicate index entries")
        return problems


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
