"""Command-line inputs (files, directories, glob patterns, "-") to the list of files to read,
in a stable order, without looping on symbolic links or reading one file twice."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storyweave.model import IngestProblem

STDIN = "-"
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class InputFile:
    """One file to read. `name` is how the user knows it (used in origins and problems);
    `path` is None for standard input."""

    name: str
    path: Path | None


def expand_inputs(inputs: Sequence[str]) -> Iterator[InputFile | IngestProblem]:
    """Every file the inputs name, or a problem for each input that names nothing readable.

    A directory is read recursively in sorted order, skipping hidden files and directories
    (".git", ".DS_Store"). A pattern with `*`, `?` or `[...]` is matched here, not by the
    shell, with `**` for any depth, so quoting a pattern works the same on every platform. A
    path that exists is taken literally even if it contains pattern characters. A file reached
    twice (listed twice, or through a link) is read once. Directory links that lead back to a
    directory already read are reported and skipped, so a link loop cannot recurse forever.
    """
    seen_files: set[str] = set()
    seen_dirs: set[str] = set()
    stdin_used = False
    for raw in inputs:
        if raw == STDIN:
            if stdin_used:
                yield IngestProblem("-", "standard input is given more than once")
            else:
                stdin_used = True
                yield InputFile(STDIN, None)
        elif os.path.lexists(raw):
            yield from _expand_path(raw, seen_files, seen_dirs)
        elif _GLOB_CHARS.search(raw):
            yield from _expand_pattern(raw, seen_files, seen_dirs)
        else:
            yield IngestProblem(raw, "no such file or directory")


def _expand_path(
    name: str, seen_files: set[str], seen_dirs: set[str]
) -> Iterator[InputFile | IngestProblem]:
    if os.path.islink(name) and not os.path.exists(name):
        yield IngestProblem(name, "broken or looping symbolic link")
    elif os.path.isdir(name):
        yield from _walk(name, seen_files, seen_dirs)
    elif os.path.isfile(name):
        real = os.path.realpath(name)
        if real not in seen_files:
            seen_files.add(real)
            yield InputFile(name, Path(name))
    else:
        yield IngestProblem(name, "not a regular file (a pipe, socket or device)")


def _walk(
    directory: str, seen_files: set[str], seen_dirs: set[str]
) -> Iterator[InputFile | IngestProblem]:
    real = os.path.realpath(directory)
    if real in seen_dirs:
        yield IngestProblem(
            directory, f"links to a directory already read ({real}); skipped to avoid a loop"
        )
        return
    seen_dirs.add(real)
    try:
        with os.scandir(directory) as scan:
            names = sorted(entry.name for entry in scan if not entry.name.startswith("."))
    except OSError as error:
        yield IngestProblem(directory, os_reason(error))
        return
    for name in names:
        path = os.path.join(directory, name)
        yield from _expand_path(path, seen_files, seen_dirs)


def _expand_pattern(
    pattern: str, seen_files: set[str], seen_dirs: set[str]
) -> Iterator[InputFile | IngestProblem]:
    parts = pattern.replace(os.sep, "/").split("/")
    literal = 0
    while literal < len(parts) - 1 and not _GLOB_CHARS.search(parts[literal]):
        literal += 1
    base = "/".join(parts[:literal]) or ("/" if pattern.startswith("/") else "")
    segments = tuple(p for p in parts[literal:] if p)
    matched = False
    for name in _pattern_matches(base, segments, (), set()):
        matched = True
        yield from _expand_path(name, seen_files, seen_dirs)
    if not matched:
        yield IngestProblem(pattern, "no file matches this pattern")


def _pattern_matches(
    directory: str, segments: tuple[str, ...], parts: tuple[str, ...], visited: set[str]
) -> Iterator[str]:
    """Paths under `directory` whose parts after it match `segments`, in sorted order. A
    matching directory is yielded whole (the caller reads it recursively)."""
    real = os.path.realpath(directory or ".")
    if real in visited:
        return
    visited.add(real)
    try:
        with os.scandir(directory or ".") as scan:
            names = sorted(entry.name for entry in scan if not entry.name.startswith("."))
    except OSError:
        return  # an unreadable directory matches nothing; a literal path reports it instead
    for name in names:
        path = os.path.join(directory, name) if directory else name
        candidate = (*parts, name)
        if _match(segments, candidate):
            yield path
        elif os.path.isdir(path) and _could_match_below(segments, candidate):
            yield from _pattern_matches(path, segments, candidate, visited)


def _could_match_below(segments: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    if "**" in segments:
        return True
    return len(parts) < len(segments) and all(
        fnmatch.fnmatchcase(part, segment) for part, segment in zip(parts, segments, strict=False)
    )


@lru_cache(maxsize=4096)
def _match(segments: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    if not segments:
        return not parts
    head, rest = segments[0], segments[1:]
    if head == "**":
        return any(_match(rest, parts[skip:]) for skip in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], head) and _match(rest, parts[1:])


def os_reason(error: OSError) -> str:
    """A short lower-case reason for an operating-system error ("permission denied")."""
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()
