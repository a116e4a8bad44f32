"""What a watch remembers between runs, behind one small protocol the stores implement.

The protocol (for store authors)
--------------------------------
`FetchState` is a key-value map from a text key to one JSON object (a record):

- `get(key)` returns the record last `put` under `key`, or None when there is none. The
  record returned must be equal to what was put after a JSON round trip (`json.loads(
  json.dumps(record))`); the caller may mutate it, so return a fresh object each time.
- `put(key, record)` replaces the whole record under `key` (no merging). `record` is a `dict`
  with `str` keys whose values are JSON values: str, int, float, bool, None, lists and dicts of
  them. A store may keep it as JSON text (SQLite: `TEXT`, PostgreSQL: `jsonb`).
- Keys are text up to a few kilobytes (they hold URLs and paths); compare them exactly, case
  and all. Every key starts with a kind and a colon; the kinds in use are:

  | key                       | record                                                  |
  |---------------------------|---------------------------------------------------------|
  | `validators:URL`          | `{"etag": str or null, "last_modified": str or null}`   |
  | `robots:SCHEME://HOST:PORT` | `{"fetched_at": unix seconds, "text": robots.txt text}` |
  | `feed:URL`                | `{"seen": [item keys, oldest first]}`                   |
  | `page:URL`                | `{"sha256": hex digest of the body last read}`          |
  | `files:PATH`              | `{"files": {name: {"mtime_ns": int, "size": int, "sha256": hex}}}` |

  New kinds may be added; a store must not interpret records, only keep them.
- Single writer: one watch process per store. Records are small (a feed's seen list is capped,
  see WatchConfig.max_seen_items), except `files:` for a folder of many thousands of files.
- A watch cycle writes its records only after its articles are stored (see watch.commit_cycle),
  one `put` per key; a store may wrap them in one transaction, and must not lose a `put` it
  has returned from.

`MemoryFetchState` is the implementation for tests and one-shot runs; `StagedState` holds one
cycle's writes until they are committed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any, Protocol

Record = dict[str, Any]


class FetchState(Protocol):
    def get(self, key: str) -> Record | None:
        """The record stored under `key`, or None."""
        ...

    def put(self, key: str, record: Record) -> None:
        """Store `record` under `key`, replacing any earlier one."""
        ...


def _round_trip(record: Record) -> Record:
    # Fails here, in tests, on a record a store could not keep (a date, a set, a tuple key).
    value = json.loads(json.dumps(record, allow_nan=False))
    if not isinstance(value, dict):
        raise TypeError(f"a state record must be a JSON object, not {type(record).__name__}")
    return value


class MemoryFetchState:
    """FetchState in a dict; records are JSON round-tripped on `put` as a real store would."""

    def __init__(self) -> None:
        self._records: dict[str, Record] = {}

    def get(self, key: str) -> Record | None:
        record = self._records.get(key)
        return copy.deepcopy(record) if record is not None else None

    def put(self, key: str, record: Record) -> None:
        self._records[key] = _round_trip(record)

    def keys(self) -> list[str]:
        return sorted(self._records)


class StagedState:
    """A view of `base` whose writes are kept aside until `commit`: reads see them, `base` does
    not, so a cycle whose articles never reach the store leaves no trace (no ETag remembered
    for a feed whose items were lost)."""

    def __init__(self, base: FetchState) -> None:
        self._base = base
        self._writes: dict[str, Record] = {}

    def get(self, key: str) -> Record | None:
        if key in self._writes:
            return copy.deepcopy(self._writes[key])
        return self._base.get(key)

    def put(self, key: str, record: Record) -> None:
        self._writes[key] = _round_trip(record)

    @property
    def writes(self) -> Mapping[str, Record]:
        return dict(self._writes)


def commit_writes(state: FetchState, writes: Mapping[str, Record]) -> None:
    """Apply staged writes to `state`, one `put` per key."""
    for key, record in writes.items():
        state.put(key, record)


class StoreFetchState:
    """FetchState kept in a storyweave store (its state table), so a watch remembers
    validators, feed items and files between runs; one namespace per use."""

    def __init__(self, store: Any, namespace: str = "watch") -> None:
        # `store` is a storyweave.store.Store; typed loosely so fetch/ does not import store/.
        self._store = store
        self._namespace = namespace

    def get(self, key: str) -> Record | None:
        record: Record | None = self._store.get_state(self._namespace, key)
        return record

    def put(self, key: str, record: Record) -> None:
        self._store.put_state(self._namespace, key, _round_trip(record))
