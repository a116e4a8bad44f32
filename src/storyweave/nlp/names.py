"""Person-name forms shared by the article and story stages: titles, and a case-blind key."""

from __future__ import annotations

import re

# Titles and honorifics that precede a name; general English usage, not one story's cast.
_TITLE_WORDS = (
    "president-elect|president|vice president|prime minister|chancellor|minister|secretary|"
    "senator|sen\\.|representative|rep\\.|governor|gov\\.|mayor|king|queen|prince|princess|"
    "pope|judge|justice|general|gen\\.|lt\\.|col\\.|capt\\.|sgt\\.|adm\\.|admiral|colonel|"
    "captain|lieutenant|sergeant|commander|chief|director|ambassador|spokesman|spokeswoman|"
    "spokesperson|mr\\.?|mrs\\.?|ms\\.?|dr\\.?|prof\\.?|professor|sir|dame|lord|lady|sheikh|"
    "former|retired|late|acting|deputy|interim"
)
LEADING_TITLES = re.compile(rf"^(?:(?:{_TITLE_WORDS})\s+)+", re.IGNORECASE)
TITLE_BEFORE = re.compile(rf"(?:{_TITLE_WORDS})\s+$", re.IGNORECASE)


def name_key(name: str) -> str:
    """Case, apostrophe style and spacing do not make another entity."""
    return " ".join(name.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def strip_titles(name: str) -> str:
    stripped = LEADING_TITLES.sub("", name).strip()
    return stripped or name


_CAPITALISED = re.compile(r"[A-Z][\w'\u2019-]*")


def initials(name: str) -> str | None:
    """The initials of a multi-word name's capitalised words ("United States" -> "US",
    "European Central Bank" -> "ECB"; "Bank of England" -> "BE"); None for one word."""
    words = name.split()
    if len(words) < 2:
        return None
    letters = "".join(w[0] for w in words if _CAPITALISED.fullmatch(w))
    return letters if len(letters) >= 2 else None
