"""Where articles, annotations, the grouping and saved briefs are kept between runs."""

from __future__ import annotations

from storyweave.store.base import SavedBrief, Store, StoreConfig, StoredCandidate
from storyweave.store.sqlite import MEMORY, SQLiteStore

POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


def open_store(location: str | None, config: StoreConfig = StoreConfig()) -> Store:
    """Open (creating or upgrading) the store at `location`; None is a throw-away memory store.

    `location` is a file path for SQLite, or a `postgresql://user@host[:port]/database` URL
    (the database must exist; the store's tables are created in it on first use).
    """
    if location is None:
        return SQLiteStore(MEMORY, config)
    if location.startswith(POSTGRESQL_SCHEMES):
        # Imported here: psycopg is only needed by those who use a server.
        from storyweave.store.postgres import PostgreSQLStore

        return PostgreSQLStore(location, config)
    return SQLiteStore(location, config)


__all__ = ["SavedBrief", "Store", "StoreConfig", "StoredCandidate", "open_store"]
