"""Person-name forms shared by the article and story stages: titles, and a case-blind key."""

from __future__ import annotations

import re

# Titles and honorifics that precede a name; general English usage, not one story's cast.
_TITLE_WORDS = (
    "president-elect|president|vice president|prime minister|chancellor|minister|secretary|"
    "senator|sen\\.|representative|rep\\.|governor|gov\\.|mayor|king|queen|prince|princess|"
    "pope|judge|justice|general|gen\\.|lt\\.|col\\.|capt\\.|sgt\\.|adm\\.|admiral|colonel|"
    "captain|lieutenant|sergeant|commander|chief|director|ambassador|spokesman|spokeswoman|"
    "spokesperson|mr\\.?|mrs\\.?|ms\\.?|miss|dr\\.?|prof\\.?|professor|sir|dame|lord|lady|sheikh|"
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


# Company forms that do not make another company ("Acme Corp." is "Acme"); a final word only.
_COMPANY_SUFFIX = re.compile(
    r"(?:,?\s+(?:corp|corporation|inc|incorporated|co|company|ltd|limited|plc|llc|group|"
    r"holdings|ag|sa|gmbh|nv))+\.?$",
    re.IGNORECASE,
)
# Generation marks ("Anthony Vell III", "Sam Orr Jr."): the same person as far as a brief goes.
_GENERATION = re.compile(r",?\s+(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)
_POSSESSIVE_END = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$")
# Tokenised text puts spaces around joiners ("T - Mobile", "O ' Neill", "C & G").
_SPACED_JOINER = re.compile(r"\s*([-'&/])\s*")


# A nickname inside a name: 'Luis "Jerry" Ortiz', "Kimani (Kiki) Gray".
_NICKNAME = re.compile(
    r"\s*(?:\(\s*[^()]*\)|[\"\u201c\u201d][^\"\u201c\u201d]*[\"\u201c\u201d]|(?<=\s)'[^']+'(?=\s)"
    # ... or glued to the first name by the tokeniser: "Vincent'The Chin' Gigante".
    r"|(?<=\w)'[^'\s][^']*'(?=\s))\s*"
)


# Lower-case words in running prose, after another word: not the URL slugs some pages carry
# ("regina - benjamin - surgeon"). A capitalised word the article also writes this way is a
# common word, not a name.
PROSE_LOWER = re.compile(r"(?<=[A-Za-z] )[a-z]+(?=[\s,.;:!?])")


def inner_nickname(name: str) -> str | None:
    """The nickname written inside a name, without its marks ('Luis "Jerry" Ortiz' -> "Jerry",
    "Kimani (Kiki) Gray" -> "Kiki"), else None."""
    hit = _NICKNAME.search(name_key(name))
    if not hit:
        return None
    return hit.group().strip(" ()'\"\u201c\u201d") or None


# One word, two spellings: British and American, abbreviated and full.
_SPELLINGS = {"centre": "center", "mt": "mount", "ft": "fort", "st": "saint"}


def alias_key(name: str) -> str:
    """`name_key` with the spellings of one name folded together: a possessive, spaces
    around hyphens, apostrophes and ampersands, the dots of initials ("U.S." = "US", "John W.
    Henry" = "John W Henry"), a company suffix ("Corp.", "Inc.", "plc", "Group") and a
    generation mark ("III", "Jr."). A name that is only a suffix stays as it is."""
    key = name_key(name)
    # Quote marks the tokeniser leaves on a name ("``Bettie Page", 'Klistchko"', "Beaufoy '");
    # a plural possessive ("Jones'") loses its apostrophe either way.
    key = key.strip("`'\"\u201c\u201d ") or key
    key = _NICKNAME.sub(" ", key).strip() or key
    key = _POSSESSIVE_END.sub("", key)
    key = _SPACED_JOINER.sub(r"\1", key)
    key = " ".join(key.replace(".", " ").split()) if "." in key else key
    key = re.sub(r"\b(\w) (?=\w\b)", r"\1", key)
    key = " ".join(_SPELLINGS.get(w, w) for w in key.split())
    for pattern in (_GENERATION, _COMPANY_SUFFIX):
        shorter = pattern.sub("", key).strip()
        if shorter:
            key = shorter
    return key
