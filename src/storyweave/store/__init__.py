"""Where articles, annotations, the grouping and saved briefs are kept between runs."""

from __future__ import annotations

import os

from storyweave.store.base import SavedBrief, Store, StoreConfig, StoredCandidate
from storyweave.store.sqlite import MEMORY, SQLiteStore

POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


def open_store(location: str | None, config: StoreConfig | None = None) -> Store:
    """Open (creating or upgrading) the store at `location`; None is a throw-away memory store.

    `location` is a file path for SQLite, or a `postgresql://user@host[:port]/database` URL
    (the database must exist; the store's tables are created in it on first use). Without
    `config`, the defaults as adjusted by the environment (StoreConfig.from_environment).
    """
    if config is None:
        config = StoreConfig.from_environment(os.environ)
    if location is None:
        return SQLiteStore(MEMORY, config)
    if location.startswith(POSTGRESQL_SCHEMES):
        # Imported here: psycopg is only needed by those who use a server.
        from storyweave.store.postgres import PostgreSQLStore

        return PostgreSQLStore(location, config)
    return SQLiteStore(location, config)


__all__ = ["SavedBrief", "Store", "StoreConfig", "StoredCandidate", "open_store"]
