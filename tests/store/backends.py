"""Reaching under a store for what a test must set up by hand: an old schema version, a held
write lock, raw SQL. Works on both backends' locations (a file path or a postgresql:// URL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from storyweave.store.schema import migration_sql, statements


def is_postgresql(location: str) -> bool:
    return location.startswith("postgresql://")


def raw_sql(location: str, *sql: str) -> list[tuple]:
    """Run statements on the store's database directly (not through the store); returns the
    rows of the last."""
    if is_postgresql(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as db:
            rows: list[tuple] = []
            for statement in sql:
                cursor = db.execute(statement)
                rows = cursor.fetchall() if cursor.description else []
            return rows
    db = sqlite3.connect(location, isolation_level=None)
    try:
        rows = []
        for statement in sql:
            rows = db.execute(statement).fetchall()
        return rows
    finally:
        db.close()


def make_old_store(location: str, version: int) -> None:
    """An empty store at schema `version`, as an older storyweave made it."""
    dialect = "postgresql" if is_postgresql(location) else "sqlite"
    code = [s for n in range(version) for s in statements(migration_sql(n, dialect))]
    raw_sql(location, *code)
    set_schema_version(location, version)


def set_schema_version(location: str, version: int) -> None:
    if is_postgresql(location):
        raw_sql(
            location,
            "CREATE TABLE IF NOT EXISTS storyweave_schema (version INTEGER NOT NULL)",
            "DELETE FROM storyweave_schema",
            f"INSERT INTO storyweave_schema VALUES ({version})",
        )
    else:
        raw_sql(location, f"PRAGMA user_version = {version}")


@contextmanager
def write_lock_held(location: str) -> Iterator[None]:
    """Another process's write transaction on the store, held until the block ends."""
    if is_postgresql(location):
        import psycopg

        from storyweave.store.postgres import WRITE_LOCK_KEY

        with psycopg.connect(location, autocommit=True) as db:
            db.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK_KEY,))
            yield
        return
    db = sqlite3.connect(location, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        yield
        db.execute("ROLLBACK")
    finally:
        db.close()
