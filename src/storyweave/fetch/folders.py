"""A watched folder (or file, or pattern) to the files that are new or changed since the last
completed cycle, read by the same reader as `storyweave ingest`.

A file counts as unchanged when its modification time and size are what they were, or, when
they are not (a copy, a `touch`), when its SHA-256 is: so re-saving a file unchanged reads
nothing again.
"""

from __future__ import annotations

import hashlib
import os

from storyweave.fetch.clock import Clock
from storyweave.fetch.config import WatchConfig
from storyweave.fetch.documents import SourceOutcome
from storyweave.fetch.state import FetchState
from storyweave.ingest.reader import read_inputs
from storyweave.ingest.sources import expand_inputs, os_reason
from storyweave.model import IngestProblem


def watch_files(source: str, state: FetchState, config: WatchConfig, clock: Clock) -> SourceOutcome:
    """Articles from the new and changed files under `source`; files that vanished are
    forgotten, files modified less than settle_s ago are left for the next cycle."""
    outcome = SourceOutcome()
    key = f"files:{os.path.abspath(source)}"
    known: dict[str, dict[str, object]] = (state.get(key) or {}).get("files", {})
    now: dict[str, dict[str, object]] = {}
    for item in expand_inputs([source]):
        if isinstance(item, IngestProblem):
            outcome.items.append(item)
            continue
        if item.path is None:
            continue  # standard input; watch sources never name it
        try:
            status = os.stat(item.path)
        except OSError as error:
            outcome.items.append(IngestProblem(item.name, os_reason(error)))
            continue
        before = known.get(item.name)
        if clock.time() - status.st_mtime < config.settle_s:
            if before is not None:
                now[item.name] = before
            outcome.deferred += 1
            continue
        stamp = {"mtime_ns": status.st_mtime_ns, "size": status.st_size}
        if before is not None and all(before.get(k) == v for k, v in stamp.items()):
            now[item.name] = before
            outcome.unchanged += 1
            continue
        try:
            digest = _sha256(item.path)
        except OSError as error:
            outcome.items.append(IngestProblem(item.name, os_reason(error)))
            continue
        now[item.name] = {**stamp, "sha256": digest}
        if before is not None and before.get("sha256") == digest:
            outcome.unchanged += 1
            continue
        # The file is read a second time here (after hashing) so JSON Lines dumps of any size
        # stream as in `ingest`; a write in between is caught next cycle by its new mtime.
        outcome.items.extend(read_inputs([str(item.path)], config.ingest))
    state.put(key, {"files": now})
    return outcome


def _sha256(path: os.PathLike[str] | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
