"""The shared store: one PostgreSQL database, for several users and processes at once.

The SQL is SQLStore's (store/sql.py), the schema the same migration list as SQLite's. Write
transactions are serialised by one advisory lock, held from just before BEGIN to just after
COMMIT or ROLLBACK (a lost connection releases it), which gives this backend
SQLite's one-writer semantics: ingest reads "is this article stored, which stored articles share
its MinHash bands" and then inserts, and with the lock no other process can insert a matching
article in between, so two processes ingesting overlapping inputs store each article once and
mark the same copies as one process would. SERIALIZABLE with retry was the alternative; it was
not chosen because the loader's batch transaction spans many statements and fills an in-memory
report as it goes, so the store cannot replay it on a serialisation failure, and a retry loop
would belong in every caller. The lock is held only while a batch is written (reading and
extracting inputs, the slow part of ingest, happens before) and readers never take it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

from storyweave.errors import StoreError
from storyweave.store.base import StoreConfig
from storyweave.store.sql import Rows, SQLStore, busy_error, tampered_error

# The key of the store's write lock (any constant; advisory locks are per database): the
# bytes of "storywea" as a signed 64-bit integer.
WRITE_LOCK_KEY = int.from_bytes(b"storywea", "big")
CONNECT_TIMEOUT_S = 10
_PASSWORD_IN_AUTHORITY = re.compile(r"(://[^/@:]*):[^/@]*@")
_PASSWORD_PARAMETER = re.compile(r"(password=)[^&]*", re.IGNORECASE)


class PostgreSQLStore(SQLStore):
    """The `Store` protocol (store/base.py) on one PostgreSQL database."""

    dialect = "postgresql"

    def __init__(self, url: str, config: StoreConfig = StoreConfig()) -> None:
        super().__init__(redacted_url(url), config)
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                f"cannot open store {self.location}: the PostgreSQL driver is not installed; "
                "install it with `pip install 'psycopg[binary]'`"
            ) from exc
        self._psycopg = psycopg
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot open store {self.location}: {_first_line(exc)}; check that the server "
                "is running and that the URL's user, host, port and database are right (make "
                "a new database with `createdb NAME`)"
            ) from exc
        try:
            # lock_timeout bounds every lock wait, the write lock's included.
            self._sql(f"SET lock_timeout = {max(1, round(config.busy_timeout_s * 1000))}")
            # psycopg prepares a statement run 5 times, and the server then keeps a generic
            # plan made while the store was nearly empty: the near-duplicate look-up went
            # from 3 to 14 ms per article over the first 2,000 articles of an ingest until
            # autovacuum refreshed the statistics. Planned each time it stays at ~2 ms.
            self._sql("SET plan_cache_mode = force_custom_plan")
            if self._one("SELECT current_schema()") is None:
                raise StoreError(
                    f"cannot open store {self.location}: no schema of the URL's search_path "
                    "exists in this database; create it (CREATE SCHEMA) or fix the search_path"
                )
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    # -- the hooks of SQLStore ----------------------------------------------------------

    def _sql(self, sql: str, params: Sequence[object] = ()) -> Rows:
        try:
            cursor = self._db.execute(_placeholders(sql), tuple(params))
            rows = cursor.fetchall() if cursor.description else []
            return Rows(rows, cursor.rowcount)
        except self._psycopg.Error as exc:
            raise self._error(exc) from exc

    def _sql_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if not rows:
            return
        try:
            with self._db.cursor() as cursor:
                cursor.executemany(_placeholders(sql), rows)
        except self._psycopg.Error as exc:
            raise self._error(exc) from exc

    def _begin(self) -> None:
        # The lock first, then the transaction: a transaction begun before the wait would
        # keep this session's cached view of the tables from before it (a second creator
        # then missed the first one's new tables and refused the store).
        self._sql("SELECT pg_advisory_lock(?)", (WRITE_LOCK_KEY,))
        try:
            self._sql("BEGIN")
        except BaseException:
            self._unlock()
            raise

    def _commit(self) -> None:
        try:
            self._sql("COMMIT")
        finally:
            self._unlock()

    def _rollback(self) -> None:
        try:
            if self._db.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
                self._db.execute("ROLLBACK")
        finally:
            self._unlock()

    def _unlock(self) -> None:
        """Release the write lock; on a lost connection the server has released it."""
        if not self._db.closed and not self._db.broken:
            with contextlib.suppress(self._psycopg.OperationalError):
                self._db.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK_KEY,))

    def _is_driver_error(self, exc: Exception) -> bool:
        return isinstance(exc, self._psycopg.Error)

    def _schema_version(self) -> int:
        if not self._one("SELECT to_regclass('storyweave_schema') IS NOT NULL"):
            return 0
        return int(self._one("SELECT COALESCE(MAX(version), 0) FROM storyweave_schema"))

    def _set_schema_version(self, version: int) -> None:
        self._sql("CREATE TABLE IF NOT EXISTS storyweave_schema (version INTEGER NOT NULL)")
        self._sql("DELETE FROM storyweave_schema")
        self._sql("INSERT INTO storyweave_schema (version) VALUES (?)", (version,))

    def _existing_tables(self) -> list[str]:
        return [
            r[0]
            for r in self._sql(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_name <> 'storyweave_schema'"
            )
        ]

    def _search(self, words: list[str], limit: int, offset: int) -> list[tuple[str, float]]:
        # plainto_tsquery reads its input as plain words joined by AND: no syntax to break.
        rows = self._sql(
            "SELECT a.id, ts_rank(a.search, q) AS rank "
            "FROM articles a, plainto_tsquery('storyweave_search', ?) AS q "
            "WHERE a.search @@ q ORDER BY rank DESC, a.seq LIMIT ? OFFSET ?",
            (" ".join(words), limit, offset),
        )
        return [(r[0], float(r[1])) for r in rows]

    def _backend_problems(self) -> list[str]:
        # The server enforces the foreign keys and keeps the search column itself; checking
        # its pages would need the amcheck extension, which a store user may not install.
        return []

    # -- errors -------------------------------------------------------------------------

    def _error(self, exc: Any) -> StoreError:
        """The StoreError a user can act on for a server error. Any other error (a bug in
        our SQL, not the user's to fix) is raised again as it is, traceback and all."""
        state = getattr(exc, "sqlstate", None) or ""
        if state == "55P03":  # lock_not_available: lock_timeout ran out
            return busy_error(self.location, self.config.busy_timeout_s)
        if state in ("25006", "42501"):  # read_only_sql_transaction, insufficient_privilege
            return StoreError(
                f"cannot write to store {self.location}: {_first_line(exc)}; commands that "
                "only read it still work. To change it, connect as a user who may write, to "
                "a server that is not a read-only standby"
            )
        if state in ("XX001", "XX002"):  # data_corrupted, index_corrupted
            return StoreError(
                f"store {self.location} is damaged ({_first_line(exc)}); ask the server's "
                "administrator to restore the database from a backup (pg_dump/pg_restore)"
            )
        if state in ("42P01", "42703"):  # undefined_table, undefined_column
            return tampered_error(self.location, _first_line(exc))
        if state.startswith("53"):  # insufficient_resources: disk full, out of memory
            return StoreError(
                f"cannot write to store {self.location}: the server is out of resources "
                f"({_first_line(exc)}); free some space and run again"
            )
        if state.startswith(("08", "57P")) or (
            not state and isinstance(exc, self._psycopg.OperationalError)
        ):
            return StoreError(
                f"lost the connection to store {self.location} ({_first_line(exc)}); check "
                "that the server is running and run again (an unfinished transaction was not "
                "kept)"
            )
        raise exc


def redacted_url(url: str) -> str:
    """The URL without its password, for messages and `location`."""
    return _PASSWORD_PARAMETER.sub(r"\1***", _PASSWORD_IN_AUTHORITY.sub(r"\1:***@", url))


def _placeholders(sql: str) -> str:
    """SQLStore's `?` placeholders in psycopg's spelling (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
