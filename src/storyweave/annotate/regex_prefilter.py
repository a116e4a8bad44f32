"""Faster scanning for rule regexes that may start at almost any position, with the same matches.

Python's regex engine finds no literal prefix in a pattern such as
`(?:(?P<wd>Monday|...),?\\s+)?(?P<mon>January|...)` compiled with IGNORECASE, so at every
position of the text it tries every alternative: the time grammar spent most of its time there.
`compile_prefiltered` puts a lookahead in front that names, for the first few characters of any
match, the characters each one can be (`(?=[jfmasondtw][aeouhcrp][...])`): most positions fail
that cheap test and the alternatives are never tried.

The lookahead is read off the pattern's own parse and compiled with the same flags (so case
folding is the same), and it only ever admits more than the pattern can match, never less: the
matches, their groups and the order `finditer` finds them in are unchanged. Known limits: a
pattern whose first character can be anything (`.`, a negated class) or that uses back-references
or inline flag changes gets no lookahead, and so no speed-up; the parse is read with the
interpreter's private `re._parser`, and any surprise there falls back to the plain pattern.
"""

from __future__ import annotations

import re
from typing import Any

# How many leading characters the lookahead describes: three already rule out nearly every
# position in news text for month, weekday and number rules; more buys little.
PREFIX_CHARS = 3

_CATEGORY_CLASS = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


class _Unsupported(Exception):
    """The pattern uses something the prefix reader does not follow."""


def compile_prefiltered(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, with a lookahead on its first characters when one helps."""
    plain = re.compile(pattern, flags)
    try:
        lookahead = prefix_lookahead(pattern, flags)
    except (_Unsupported, re.error, AttributeError, TypeError, ValueError):
        return plain
    if not lookahead:
        return plain
    faster = re.compile(f"{lookahead}(?:{pattern})", flags)
    if faster.groupindex != plain.groupindex or faster.groups != plain.groups:
        return plain
    return faster


def prefix_lookahead(pattern: str, flags: int = 0, chars: int = PREFIX_CHARS) -> str:
    """`(?=[..][..])`: a class for each leading character of every possible match, or "" when
    the first one can be anything."""
    from re import _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    reader = _PrefixReader(chars)
    ends = reader.walk(parsed, {0})
    for offset in ends:
        # A match may end after `offset` characters: nothing can be said about later ones.
        for position in range(offset, chars):
            reader.classes[position] = None
    parts: list[str] = []
    for items in reader.classes:
        if items is None or not items:
            break
        parts.append("[" + "".join(sorted(items)) + "]")
    return f"(?={''.join(parts)})" if parts else ""


class _PrefixReader:
    """Walks a parsed pattern, collecting which characters can stand at each of the first
    `chars` positions of a match. Offsets are how many characters a path has consumed so far
    (`chars` meaning "enough"); `classes[i]` is None once position i can be any character."""

    def __init__(self, chars: int) -> None:
        self.chars = chars
        self.classes: list[set[str] | None] = [set() for _ in range(chars)]

    def walk(self, sequence: Any, offsets: set[int]) -> set[int]:
        for op, av in sequence:
            offsets = self._step(str(op), av, offsets)
        return offsets

    def _step(self, op: str, av: Any, offsets: set[int]) -> set[int]:
        if op in ("AT", "ASSERT", "ASSERT_NOT"):
            return offsets  # zero width: every position it allows is still a candidate
        if op in ("LITERAL", "IN", "NOT_LITERAL", "ANY"):
            return self._consume(self._class_items(op, av), offsets)
        if op == "SUBPATTERN":
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                raise _Unsupported("inline flags")
            return self.walk(inner, offsets)
        if op == "ATOMIC_GROUP":
            return self.walk(av, offsets)
        if op == "BRANCH":
            ends: set[int] = set()
            for alternative in av[1]:
                ends |= self.walk(alternative, set(offsets))
            return ends
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            return self._repeat(av, offsets)
        raise _Unsupported(op)

    def _repeat(self, av: Any, offsets: set[int]) -> set[int]:
        low, high, inner = av
        ends = set(offsets) if low == 0 else set()
        current = set(offsets)
        # Offsets only take values 0..chars, so the sets repeat within a few rounds.
        for count in range(1, min(high, low + 4 * (self.chars + 1)) + 1):
            following = self.walk(inner, current)
            if count >= low:
                ends |= following
            if following == current and count >= low:
                break
            current = following
        else:
            if high > low + 4 * (self.chars + 1):
                raise _Unsupported("repeat did not settle")
        return ends

    def _consume(self, items: set[str] | None, offsets: set[int]) -> set[int]:
        for offset in offsets:
            if offset >= self.chars:
                continue
            known = self.classes[offset]
            if items is None or known is None:
                self.classes[offset] = None
            else:
                known |= items
        return {min(offset + 1, self.chars) for offset in offsets}

    @staticmethod
    def _class_items(op: str, av: Any) -> set[str] | None:
        """Character-class pieces for one consumed character; None when it can be anything."""
        if op == "LITERAL":
            return {_escape(av)}
        if op in ("NOT_LITERAL", "ANY"):
            return None
        items: set[str] = set()
        for kind, value in av:
            kind = str(kind)
            if kind == "NEGATE":
                return None
            if kind == "LITERAL":
                items.add(_escape(value))
            elif kind == "RANGE":
                items.add(f"{_escape(value[0])}-{_escape(value[1])}")
            elif kind == "CATEGORY" and str(value) in _CATEGORY_CLASS:
                items.add(_CATEGORY_CLASS[str(value)])
            else:
                return None
        return items


def _escape(code: int) -> str:
    return re.escape(chr(code))
