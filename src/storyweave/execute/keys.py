"""Cache keys: what a cached stage result was computed from, as one short digest.

A key covers the stage's name and version, its config (every field, nested configs included)
and its inputs, so changing any of them recomputes instead of reading a stale result.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any


def _plain(value: Any) -> Any:
    """A JSON-able, order-stable form of a config value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def config_digest(config: Any) -> str:
    """16 hex characters that change whenever any field of `config` changes."""
    text = json.dumps(_plain(config), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def digest(*parts: str) -> str:
    """One key for several parts (order matters)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
