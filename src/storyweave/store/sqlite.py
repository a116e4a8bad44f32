"""The embedded store: one SQLite file (WAL), or memory for one-shot runs.

Every write happens inside an explicit transaction, so a killed process leaves the store as it
was at the last commit; the loader commits in batches and a re-run skips what is already there.
Transactions begin with BEGIN IMMEDIATE, which takes SQLite's one write lock at once: that is
the store's write lock (store/base.py), and readers never wait for it in WAL mode.
"""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from storyweave.errors import StoreError
from storyweave.store.base import StoreConfig
from storyweave.store.schema import SCHEMA_VERSION
from storyweave.store.sql import Rows, SQLStore, busy_error, tampered_error

MEMORY = ":memory:"
log = logging.getLogger(__name__)


class SQLiteStore(SQLStore):
    """The `Store` protocol (store/base.py) on one SQLite file."""

    dialect = "sqlite"

    def __init__(self, path: str = MEMORY, config: StoreConfig = StoreConfig()) -> None:
        super().__init__(path, config)
        self.path = path
        self.read_only = False
        self._db = self._connect()
        try:
            self._sql("PRAGMA foreign_keys = ON")
            if path != MEMORY and not self.read_only:
                self._use_wal()
                # NORMAL is durable across process kills in WAL mode; only power loss can
                # drop the last transactions, never corrupt the file.
                self._sql("PRAGMA synchronous = NORMAL")
            self._quick_check()
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    # -- opening ------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.path == MEMORY:
            return _connection(MEMORY, self.config)
        file = Path(self.path)
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            folder = exc.filename or file.parent
            raise StoreError(
                f"cannot create store {self.path}: cannot create its folder {folder} "
                f"({exc.strerror or exc}); give a --db path in a folder you can write"
            ) from exc
        if file.is_dir():
            raise StoreError(
                f"cannot open store {self.path}: it is a folder; give a file path such as "
                f"{file / 'storyweave.db'}"
            )
        if not file.exists():
            if not os.access(file.parent, os.W_OK):
                raise StoreError(
                    f"cannot create store {self.path}: its folder {file.parent} is not "
                    "writable; give a --db path in a folder you can write"
                )
        elif not (os.access(file, os.W_OK) and os.access(file.parent, os.W_OK)):
            self.read_only = True
            return self._open_read_only(file)
        try:
            return _connection(self.path, self.config)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _open_read_only(self, file: Path) -> sqlite3.Connection:
        """A store whose file or folder cannot be written, opened so that reading works.

        In WAL mode even a reader needs the `-shm` file beside the store; in a folder it cannot
        write, SQLite refuses. With no log left to merge (`-wal` absent or empty), the file
        alone holds every commit, and opening it as immutable reads exactly that. Known
        weakness: immutable assumes nobody else writes the file meanwhile.
        """
        uri = "file:" + quote(str(file.resolve()))
        db = None
        try:
            db = _connection(uri + "?mode=ro", self.config, uri=True)
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            if _primary(exc) not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
                raise self._error(exc) from exc
        wal = Path(f"{file}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"cannot read store {self.path}: it is read-only and its log {wal} holds "
                "commits not yet merged into it; open it once where it can be written "
                "(e.g. `storyweave extract --db` as its owner), then read it anywhere"
            )
        try:
            return _connection(uri + "?immutable=1", self.config, uri=True)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _use_wal(self) -> None:
        """Switch a new file to WAL. Two processes switching one new file at once: SQLite
        answers one of them "busy" at once instead of waiting (each holds the read lock the
        other needs released), so the loser retries until the busy timeout."""
        deadline = time.monotonic() + self.config.busy_timeout_s
        while True:
            try:
                mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()
                if mode and mode[0] != "wal":  # e.g. a file system without shared memory
                    log.warning("store %s: journal mode stays %s, not WAL", self.path, mode[0])
                return
            except sqlite3.Error as exc:
                if _primary(exc) != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise self._error(exc) from exc
            time.sleep(random.uniform(0.005, 0.05))

    def _quick_check(self) -> None:
        """A damaged page is found before anything is written (without this, ingest added to
        a damaged store and reported success, and extract then crashed). Only for files small
        enough that reading them whole is cheap; larger ones are checked when an error
        shows damage."""
        if self.path == MEMORY:
            return
        if os.path.getsize(self.path) > self.config.quick_check_max_bytes:
            return
        found = [r[0] for r in self._sql("PRAGMA quick_check(3)")]
        if found != ["ok"]:
            raise self._damaged(_summary(found))

    def _before_upgrade(self) -> None:
        if self.read_only:
            version = self._schema_version()
            raise StoreError(
                f"cannot open store {self.path}: it has schema version {version} and needs "
                f"upgrading to {SCHEMA_VERSION}, but it is read-only; open it once where it "
                "can be written so it upgrades, then read it anywhere"
            )

    def revision(self) -> tuple[int, int]:
        """SQLite's `PRAGMA data_version`, which changes when another connection (in any
        process) commits, with this connection's own `total_changes`: one statement that
        reads no table."""
        try:
            return int(self._db.execute("PRAGMA data_version").fetchone()[0]), (
                self._db.total_changes
            )
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    # -- the hooks of SQLStore ----------------------------------------------------------

    def _sql(self, sql: str, params: Sequence[object] = ()) -> Rows:
        try:
            cursor = self._db.execute(sql, params)
            return Rows(cursor.fetchall(), cursor.rowcount)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _sql_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _begin(self) -> None:
        self._sql("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self._sql("COMMIT")

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def _is_driver_error(self, exc: Exception) -> bool:
        return isinstance(exc, sqlite3.Error)

    def _schema_version(self) -> int:
        return int(self._one("PRAGMA user_version"))

    def _set_schema_version(self, version: int) -> None:
        self._sql(f"PRAGMA user_version = {int(version)}")

    def _existing_tables(self) -> list[str]:
        return [
            r[0]
            for r in self._sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]

    def _search(self, words: list[str], limit: int, offset: int) -> list[tuple[str, float]]:
        # Each word quoted: FTS5 then reads AND, NOT, NEAR, * and ^ as plain words.
        match = " ".join(f'"{w}"' for w in words)
        # bm25 is lower-is-better; negated so rank is higher-is-better on both backends.
        # A title word counts twice a text word.
        rows = self._sql(
            "SELECT a.id, -bm25(article_search, 2.0, 1.0) AS rank FROM article_search "
            "JOIN articles a ON a.seq = article_search.rowid "
            "WHERE article_search MATCH ? ORDER BY rank DESC, a.seq LIMIT ? OFFSET ?",
            (match, limit, offset),
        )
        return [(r[0], float(r[1])) for r in rows]

    def _backend_problems(self) -> list[str]:
        try:  # raw: on a damaged file the check itself can fail, and that is the answer
            found = [r[0] for r in self._db.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            return [f"integrity check failed: {exc}"]
        if found != ["ok"]:
            return [_summary(found, max_chars=2000)]
        problems = [
            f"foreign key violation in {r[0]}" for r in self._sql("PRAGMA foreign_key_check")
        ]
        if not self.read_only:
            try:  # FTS5's own check: the search index matches the articles it indexes
                self._db.execute(
                    "INSERT INTO article_search (article_search) VALUES ('integrity-check')"
                )
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text search index: {exc}")
        return problems

    # -- errors -------------------------------------------------------------------------

    def _error(self, exc: sqlite3.Error) -> StoreError:
        """The StoreError a user can act on for an SQLite error. Any other error (a bug in
        our SQL, not the user's to fix) is raised again as it is, traceback and all."""
        code = _primary(exc)
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return busy_error(self.path, self.config.busy_timeout_s)
        if code == sqlite3.SQLITE_READONLY:
            return StoreError(
                f"cannot write to store {self.path}: the file or its folder is read-only; "
                "commands that only read it still work. To change it, make the file and its "
                "folder writable, or copy it somewhere writable and use the copy as --db"
            )
        if code == sqlite3.SQLITE_CORRUPT:
            return self._damaged(self._first_problem(exc))
        if code == sqlite3.SQLITE_NOTADB:
            return StoreError(
                f"cannot open store {self.path}: it is not an SQLite database ({exc}); give "
                "another --db, or restore the file from a backup"
            )
        if code == sqlite3.SQLITE_FULL:
            return StoreError(
                f"cannot write to store {self.path}: the disk is full; free some space and "
                "run again (nothing of the failed transaction was kept)"
            )
        if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
            return StoreError(
                f"cannot open store {self.path}: {exc}; check that the file and its folder "
                "exist and that you may read them"
            )
        if code == sqlite3.SQLITE_ERROR and str(exc).startswith("no such module"):
            return StoreError(
                f"cannot open store {self.path}: this Python's SQLite lacks a module the "
                f"store needs ({exc}); use a Python whose sqlite3 has FTS5 (python.org and "
                "Debian builds do)"
            )
        if code == sqlite3.SQLITE_ERROR and str(exc).startswith("no such"):
            return tampered_error(self.path, exc)
        if code == sqlite3.SQLITE_IOERR:
            return StoreError(
                f"store {self.path}: the disk reported an I/O error ({exc}); check the disk "
                "and run again"
            )
        raise exc

    def _first_problem(self, exc: sqlite3.Error) -> str:
        """What quick_check finds, for the message: SQLite's own error only says "malformed"."""
        try:
            found = [r[0] for r in self._db.execute("PRAGMA quick_check(3)")]
        except sqlite3.Error:
            return str(exc)
        return _summary([f for f in found if f != "ok"]) or str(exc)

    def _damaged(self, detail: str) -> StoreError:
        return StoreError(
            f"store {self.path} is damaged ({detail}); restore it from a backup, or save what "
            f"is readable with `sqlite3 {self.path} .recover | sqlite3 recovered.db` and use "
            "recovered.db as --db"
        )


def _connection(target: str, config: StoreConfig, uri: bool = False) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, nothing implicit. `timeout` is
    # SQLite's busy timeout: how long a write waits for another process's write lock.
    return sqlite3.connect(
        target,
        timeout=config.busy_timeout_s,
        isolation_level=None,
        check_same_thread=False,
        uri=uri,
    )


def _summary(problems: list[str], max_chars: int = 200) -> str:
    """quick_check's findings on one line: they come several lines each, with a header."""
    lines = [line.strip() for p in problems for line in p.splitlines()]
    text = "; ".join(line for line in lines if line and not line.startswith("***"))
    return text if len(text) <= max_chars else text[: max_chars - 3] + "..."


def _primary(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if code is not None else None
