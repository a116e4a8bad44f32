"""What the words around a name say about its type, for correcting the small model's guesses.

en_core_web_sm tags an unfamiliar capitalised name PERSON, ORG or GPE almost at random (a
fictional city ORG, a trade union's general secretary ORG, a company PERSON). The text around
the name usually settles it for a reader: "Halvarra Port Authority" ends in an organisation
word, "Renata Vosk, the union's general secretary," has a role appositive, "in Westmere" takes
a place preposition. These rules read that evidence off the plain text and offsets, so the
story-level merge can weigh it against the tagger's votes. All word lists are general English.
"""

from __future__ import annotations

import re

from storyweave.nlp.names import TITLE_BEFORE
from storyweave.nlp.roles import find_roles, is_role_noun

# Last words that make a name an organisation whatever the tagger says.
ORG_SUFFIXES = frozenset(
    [
        "terminals",
        "group",
        "union",
        "authority",
        "council",
        "ministry",
        "department",
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "corp",
        "corp.",
        "co",
        "co.",
        "bank",
        "institute",
        "agency",
        "service",
        "services",
        "company",
        "corporation",
        "port",
        "airlines",
        "airways",
        "association",
        "federation",
        "commission",
        "committee",
        "inspectorate",
        "office",
        "party",
        "alliance",
        "foundation",
        "university",
        "college",
        "board",
        "bureau",
        "tribunal",
        "court",
        "police",
        "holdings",
        "securities",
        "partners",
        "industries",
        "systems",
        "technologies",
        "labs",
        "laboratories",
        "motors",
        "pharmaceuticals",
        "insurance",
        "trust",
        "fund",
        "network",
        "media",
        "news",
        "press",
        "times",
        "post",
        "herald",
        "journal",
        "league",
        "club",
        "society",
        "organisation",
        "organization",
        "coalition",
        "front",
        "movement",
        "army",
        "navy",
        "force",
        "forces",
        "command",
        "directorate",
        "secretariat",
        "parliament",
        "assembly",
        "senate",
        "congress",
        "cabinet",
    ]
)
# "Quay 7", "Gate 3", "Terminal 5": a facility noun with a number names a structure.
_FACILITY = re.compile(
    r"^(?:quay|gate|pier|berth|dock|terminal|platform|runway|hangar|building|block|reactor|"
    r"unit|wharf|jetty|tower|hall|ward|lock|bridge|tunnel|exit|junction)\s+\d+[a-z]?$",
    re.IGNORECASE,
)
# Prepositions that take a place and rarely a bare organisation name ("in Westmere"; but
# "at Google", "to the ministry": "at" and "to" are left out on purpose).
_PLACE_BEFORE = re.compile(
    r"(?:^|[\s(])(?:in|across|throughout|near|outside|inside|around|from|"
    # Only land is annexed, occupied or invaded: "the annexation of X", "Russia invaded X".
    r"(?:annexation|occupation|invasion|liberation)\s+of|annexed|occupied|invaded|liberated)\s+$",
    re.IGNORECASE,
)
_PLACE_NOUNS = (
    r"port|ports|city|cities|town|capital|coast|coastline|border|borders|region|regions|"
    r"province|territory|waterfront|harbour|harbor|airport|suburbs|streets|district|"
    r"terminal|terminals|residents|citizens|population|countryside|shores"
)
# "Westmere's largest port", "Halvarra's busiest container terminal", "the Halvarra waterfront".
_PLACE_AFTER = re.compile(
    rf"^(?:['\u2019]s\s+(?:[a-z-]+\s+){{0,2}}(?:{_PLACE_NOUNS})\b|\s+(?:{_PLACE_NOUNS}|"
    r"city hall|town hall)\b)"
)
# A pronoun that refers back to the name: "Vosk, the union's secretary, said her members".
_PRONOUN = re.compile(r"\b(he|she|him|his|her|hers|it|its|they|their)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019]?\s+[A-Z\"\u201c]")


def has_org_suffix(name: str) -> bool:
    """True when the name's last word is an organisation word ("Skellin Gateway Terminals")."""
    words = name.split()
    return len(words) > 1 and words[-1].lower().strip("\u2019'") in ORG_SUFFIXES


def is_facility_name(name: str) -> bool:
    """ "Quay 7", "Gate 3": a facility noun with a number."""
    return bool(_FACILITY.match(name.strip()))


def context_type(
    text: str, start: int, end: int, tag: str = "", next_mention: int | None = None
) -> str | None:
    """PERSON, ORG, FAC or GPE when the name at text[start:end] or its context says so, else None.

    Reads, in order: an organisation word at the end of the name; a facility noun with a
    number; a title or role before the name, or a role appositive after it ("X, the union's
    general secretary,"); a place preposition before it or a place noun after it ("in X",
    "X's largest port", "the X waterfront"); a he/she pronoun as the first pronoun after the
    name within its sentence or the next one, before `next_mention` (the next name's offset),
    only for names the tagger did not call a place (`tag`: "Trump flew to Moscow. He said").
    Known failure cases: an organisation followed by a quote whose speaker is a "he" ("the
    company said. He added") reads as a person; "from X" also takes organisations ("a letter
    from Acme"); a place named after a person reads as whatever its context says.
    """
    name = text[start:end]
    if has_org_suffix(name):
        return "ORG"
    if is_facility_name(name):
        return "FAC"
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 40) : start]
    if TITLE_BEFORE.search(before) or _role_after(text, name, start, end, tag):
        return "PERSON"
    if _PLACE_BEFORE.search(before):
        return "GPE"
    if _PLACE_AFTER.match(text[end : end + 60]):
        return "GPE"
    if tag in ("GPE", "LOC"):
        return None
    return _pronoun_type(text, end, next_mention)


# "Kyiv, the official said": an appositive that is really the next clause's subject.
_CLAUSE_END = re.compile(r"\b(?:said|says|told|added|noted|stated|warned|argued)$")
_ROLE_APPOSITIVE = re.compile(r"^,\s+(?:[a-z][\w-]*\s+){0,3}([a-z][\w-]*)\s+of\b")


def _role_after(text: str, name: str, start: int, end: int, tag: str) -> bool:
    """A title or role phrase around the name ("Kremlin spokesman X", "X, the union's general
    secretary,", "X, managing director of Y,"); a one-word name tagged as a place only
    counts a title before it ("Poland, a NATO member": "member" is not the place's role)."""
    place = tag in ("GPE", "LOC") and " " not in name
    for role in find_roles(text, [(name, start, end)]):
        if role.before or (not place and not _CLAUSE_END.search(role.role)):
            return True
    if place:
        return False
    head = _ROLE_APPOSITIVE.match(text[end : end + 80])
    return bool(head and is_role_noun(head.group(1)))


def _pronoun_type(text: str, end: int, next_mention: int | None) -> str | None:
    limit = min(len(text), end + 250, next_mention if next_mention is not None else len(text))
    window = text[end:limit]
    ends = list(_SENTENCE_END.finditer(window))
    if len(ends) > 1:
        window = window[: ends[1].start() + 1]  # this sentence and the next
    pronoun = _PRONOUN.search(window)
    # Only a subject pronoun: "his"/"her" also follow an organisation ("told reporters at
    # the White House, reiterating that his administration...").
    if pronoun and pronoun.group(1).lower() in ("he", "she"):
        return "PERSON"
    return None
