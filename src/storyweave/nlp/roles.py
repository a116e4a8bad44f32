"""Role descriptions of named people ("Senator Tim Kaine" -> "Senator").

News introduces a person once with a role and later refers to them by the role alone ("the
Kremlin spokesman said"). Quote attribution (per article) and entity merging (per story) both
need the role a text gives each name; this module reads it off the plain text, so the story
level can use it without the parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Nouns that name a role a person holds: general English news usage, not one story's cast.
ROLE_NOUNS = frozenset(
    [
        "president",
        "president-elect",
        "vice-president",
        "premier",
        "chancellor",
        "minister",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokespeople",
        "official",
        "leader",
        "head",
        "chief",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "director",
        "governor",
        "mayor",
        "senator",
        "congressman",
        "congresswoman",
        "representative",
        "lawmaker",
        "legislator",
        "ambassador",
        "envoy",
        "diplomat",
        "negotiator",
        "adviser",
        "advisor",
        "aide",
        "counsellor",
        "counselor",
        "attorney",
        "attorney-general",
        "prosecutor",
        "judge",
        "justice",
        "lawyer",
        "general",
        "commander",
        "colonel",
        "captain",
        "admiral",
        "lieutenant-general",
        "major-general",
        "brigadier",
        "officer",
        "sergeant",
        "king",
        "queen",
        "prince",
        "princess",
        "emperor",
        "pope",
        "cardinal",
        "bishop",
        "archbishop",
        "imam",
        "rabbi",
        "sheikh",
        "emir",
        "monarch",
        "ceo",
        "executive",
        "founder",
        "co-founder",
        "owner",
        "manager",
        "chairman",
        "coach",
        "analyst",
        "expert",
        "economist",
        "professor",
        "researcher",
        "scientist",
        "doctor",
        "spokesmen",
        "commissioner",
        "inspector",
        "sheriff",
        "superintendent",
        "candidate",
        "nominee",
        "deputy",
        "strategist",
        "editor",
        "correspondent",
        "reporter",
        "columnist",
        "author",
        "activist",
        "organiser",
        "organizer",
        "campaigner",
        "secretary-general",
        "director-general",
        "president-designate",
        "prime-minister",
        "pm",
        "mp",
    ]
)
# Modifier words that may precede a role noun without being part of a name.
_ROLE_MODIFIERS = frozenset(
    [
        "former",
        "retired",
        "acting",
        "deputy",
        "interim",
        "senior",
        "junior",
        "chief",
        "special",
        "top",
        "foreign",
        "defence",
        "defense",
        "interior",
        "finance",
        "justice",
        "health",
        "trade",
        "national",
        "security",
        "press",
        "state",
        "federal",
        "incoming",
        "outgoing",
        "new",
        "longtime",
        "long-time",
        "then",
        "vice",
        "prime",
        "first",
        "assistant",
        "associate",
        "executive",
        "general",
        "presidential",
    ]
)
# Words that end a role phrase when read leftwards from a name.
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "by",
        "with",
        "for",
        "to",
        "from",
        "in",
        "on",
        "at",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "said",
        "says",
        "told",
        "tells",
        "met",
        "meets",
        "when",
        "while",
        "after",
        "before",
        "since",
        "if",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "his",
        "her",
        "their",
        "its",
        "our",
        "your",
        "my",
        "this",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
    ]
)
_WORD = re.compile(r"[A-Za-z][\w'\u2019.-]*")
_SYNONYMS = {
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "spokespeople": "spokesman",
    "spokesmen": "spokesman",
    "advisor": "adviser",
    "counselor": "counsellor",
    "organizer": "organiser",
    "chairwoman": "chairman",
    "chairperson": "chairman",
    "chair": "chairman",
    "pm": "prime-minister",
}


@dataclass(frozen=True)
class PersonRole:
    """The role phrase next to one mention of a person; `words` are normalised role words."""

    name: str
    start: int
    role: str
    words: frozenset[str]
    # True when the role stands right before the name, as a title ("Kremlin spokesman X").
    before: bool = False


def role_word(word: str) -> str:
    """Lower case, no possessive, synonyms folded ("Spokeswoman" -> "spokesman")."""
    word = word.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip(".,'")
    return _SYNONYMS.get(word, word)


def role_words(phrase: str) -> frozenset[str]:
    return frozenset(role_word(w) for w in _WORD.findall(phrase))


def is_role_noun(word: str) -> bool:
    return role_word(word) in ROLE_NOUNS or role_word(word).endswith("-elect")


_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "ard", "ant", "ee")


def is_person_noun(word: str) -> bool:
    """A role noun, or a lower-case word shaped like an agent noun ("driver", "steward")."""
    low = role_word(word)
    return is_role_noun(word) or (
        word.islower() and len(low) > 4 and low.endswith(_PERSON_SUFFIXES)
    )


def find_roles(text: str, people: Iterable[tuple[str, int, int]]) -> list[PersonRole]:
    """Role phrases for person mentions given as (name, start, end) offsets into `text`.

    Reads a title before the name ("Russian President Dmitry Medvedev", "Clinton's campaign
    manager Robby Mook"), a role before a comma ("Clinton's running mate, Senator
    Tim Kaine") and an appositive after it ("Barack Obama, the US president-elect,"). A phrase
    counts only when it contains a role noun. Known failure cases: roles in a relative clause
    ("Mook, who served as campaign manager") and roles split over a line break.
    """
    roles = []
    for name, start, end in people:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[max(line_start, start - 120) : start]
        after = text[end : min(line_end, end + 160)]
        title = _role_before(before)
        if title:
            glued = not before.rstrip().endswith(",")
            roles.append(PersonRole(name, start, title, role_words(title), glued))
        appositive = _role_after(after)
        if appositive:
            roles.append(PersonRole(name, start, appositive, role_words(appositive)))
    return roles


def _role_before(before: str) -> str | None:
    stripped = before.rstrip()
    if stripped.endswith(","):  # "Clinton's running mate, Senator Tim Kaine"
        stripped = stripped[:-1].rstrip()
        words = _words_leftwards(stripped)
        of_phrase = _ROLE_OF.search(stripped)  # "The president-elect of the Council, X"
        if of_phrase and is_role_noun(of_phrase.group(1)):
            return of_phrase.group(0).strip()
        if words and not is_role_noun(words[-1]):
            return None
    elif len(stripped) != len(before.rstrip(" ")) or not before.endswith(" "):
        return None
    else:
        words = _words_leftwards(stripped)
    if not any(is_role_noun(w) for w in words):
        return None
    return " ".join(words)


_ROLE_OF = re.compile(
    r"([\w-]+)\s+of\s+(?:the\s+)?(?:[A-Z][\w'\u2019-]*\s+){0,4}[A-Z][\w'\u2019-]*$"
)


def _words_leftwards(text: str) -> list[str]:
    """Role-like words directly before the end of `text`, in reading order."""
    words: list[str] = []
    for match in reversed(list(_TOKEN.finditer(text))):
        word = match.group()
        if not word[0].isalpha():
            break  # punctuation ends the phrase
        if word.endswith(".") and "." not in word[:-1] and len(word) > 4:
            break  # a sentence end, not an abbreviation such as "Gen." or "U.S."
        low = role_word(word)
        if low in _STOP:
            break
        if not (word[0].isupper() or low in ROLE_NOUNS or low in _ROLE_MODIFIERS or "-" in low):
            break
        words.insert(0, word)
        if len(words) == 6:
            break
    return words


_TOKEN = re.compile(r"[A-Za-z][\w'\u2019.-]*|\S")


_APPOSITIVE = re.compile(
    r"^,\s+(?:(?:the|a|an|his|her|its|their)\s+)?([^,;:()\u201c\u201d\"]{2,100}?)\s*(?:,|;|\.(?:\s|$)|$)"
)


def _role_after(after: str) -> str | None:
    match = _APPOSITIVE.match(after)
    if not match:
        return None
    phrase = match.group(1).strip()
    words = _WORD.findall(phrase)
    if not words or len(words) > 12 or words[0].lower() in _STOP:
        return None
    determined = match.group(0)[1:].lstrip()[: len(match.group(0))].split(" ", 1)[0].lower() in (
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
    )
    first = words[0]
    if not (
        determined
        or first[0].isupper()
        or is_person_noun(first)
        or role_word(first) in _ROLE_MODIFIERS
    ):
        return None  # "Marta Lind, welcomed the corridor": a verb, not an appositive
    if not any(is_person_noun(w) for w in words):
        return None
    return phrase
