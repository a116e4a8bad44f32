"""Where articles, annotations, the grouping and saved briefs are kept between runs."""

from __future__ import annotations

from storyweave.errors import StoreError
from storyweave.store.base import SavedBrief, Store, StoredCandidate
from storyweave.store.sqlite import MEMORY, SQLiteStore


def open_store(location: str | None) -> Store:
    """Open (creating or upgrading) the store at `location`; None is a throw-away memory store.

    `location` is a file path for SQLite. PostgreSQL URLs are recognised and refused clearly
    until that backend lands.
    """
    if location is None:
        return SQLiteStore(MEMORY)
    if location.startswith(("postgres://", "postgresql://")):
        raise StoreError(
            f"cannot open store {location}: PostgreSQL is not supported yet; use a file path"
        )
    return SQLiteStore(location)


__all__ = ["SavedBrief", "Store", "StoredCandidate", "open_store"]
