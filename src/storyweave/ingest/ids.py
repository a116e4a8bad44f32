"""What an article id may contain, because ids are printed in Markdown headings, terminal
lines, URLs and file names, and one taken from a file name or a JSON field can hold anything.

An article id is 1 to MAX_ID_CHARS characters of printable text: no control characters (C0,
DEL, C1: newline, tab, ESC, NUL ...), no invisible format characters (zero-width spaces,
bidirectional overrides), no line or paragraph separators, no unpaired surrogates, no leading
or trailing space and no run of more than one space. Anything else is allowed ("reuters/2024/
a b", "日本-1", "#3").

An id that breaks these rules is cleaned, never refused: every run of whitespace (a newline
included) becomes one space, the other forbidden characters are removed, and the result is cut
to MAX_ID_CHARS. The reader adds a note naming the original and the cleaned id. Two inputs
whose ids clean to the same id are then two articles with one id, which the loader reports.
"""

from __future__ import annotations

import unicodedata

MAX_ID_CHARS = 200
# Unicode general categories that never belong in an id: controls, format characters,
# surrogates, private-use and unassigned code points.
_DROPPED_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co", "Cn"))


def clean_id(raw: str) -> str:
    """`raw` as a valid article id (see the module docstring); "" when nothing is left."""
    out: list[str] = []
    pending_space = False
    for ch in raw:
        if ch.isspace() or unicodedata.category(ch) in ("Zl", "Zp"):
            pending_space = bool(out)
            continue
        if unicodedata.category(ch) in _DROPPED_CATEGORIES:
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        out.append(ch)
        if len(out) >= MAX_ID_CHARS:
            break
    return "".join(out)[:MAX_ID_CHARS].rstrip()


def id_note(raw: str, cleaned: str) -> str:
    """The user-facing note for an id that had to be cleaned."""
    return (
        f"the id {raw[:80]!r} holds characters an id may not (line breaks, control or invisible "
        f"characters, outer spaces) or is over {MAX_ID_CHARS} characters; stored as {cleaned!r}"
    )
