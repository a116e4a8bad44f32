"""Named-entity mentions of one article: people, organisations, places and groups."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyweave.model import EntityMention
from storyweave.nlp.names import PROSE_LOWER, name_key, strip_titles
from storyweave.nlp.polities import demonym_state, state_of

if TYPE_CHECKING:  # the parse comes from the runner; spaCy is imported there
    from spacy.tokens import Doc, Span

# Leading words that belong to the sentence, not the name ("the Kremlin" -> "Kremlin").
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")
# Where a span joins two names: "Clinton's campaign manager", "an Obama-Medvedev summit".
_JOINT = re.compile(r"['\u2019]s\s+|-")
# Word ends of a span, for cutting a headline span back to a name the body uses.
_WORD_END = re.compile(r"(?=['\u2019]s\b)|(?=\s)|$")
# Demonym shapes ("Texan", "Japanese", "Kurdish"); "-i" needs the tagger's adjective tag
# too, since many place names end in it (Helsinki, Mali).
_DEMONYM_SHAPE = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish)$")
_DEMONYM_SHAPE_I = re.compile(r"^[A-Z][a-z]+i$")
_PLACE_TYPES = ("GPE", "LOC")


@dataclass(frozen=True)
class EntitiesConfig:
    types: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")
    max_chars: int = 80
    # A line this short without closing punctuation is a headline or subheading.
    heading_max_words: int = 14


def extract_entities(
    doc: Doc, config: EntitiesConfig = EntitiesConfig()
) -> tuple[EntityMention, ...]:
    """Entity mentions with offsets into the article text.

    Trims a leading article and a trailing possessive so that "the Kremlin's" and "Kremlin"
    are the same name. In headlines and subheadings (short lines without closing punctuation)
    title case makes the tagger swallow common words ("Obama's Diplomatic Strategy", "Obama
    Hints"): there a span is cut back to the longest leading part that the body of the article
    also names, and dropped when there is none. A span joining two names the article uses on
    their own ("Clinton's Ohio", "Obama-Medvedev") becomes two mentions. A demonym tagged as a
    place ("Ukrainian territory") is re-typed NORP.
    Known failure cases: the small model tags some people as ORG and splits names across
    line breaks (story-level merging corrects types by majority); a name that appears only
    in a headline is lost; a real name with an inner possessive whose parts are both names
    elsewhere ("St Aldric's" with "St Aldric" alone) is split.
    """
    text = doc.text
    raw: list[tuple[EntityMention, Span]] = []
    for ent in doc.ents:
        if ent.label_ not in config.types:
            continue
        mention = _clean(ent)
        if mention and len(mention.text) <= config.max_chars:
            raw.append((mention, ent))
    headings = [_in_heading(text, m.start, config) for m, _ in raw]
    known = _body_names([m for (m, _), h in zip(raw, headings, strict=True) if not h])
    mentions: list[EntityMention] = []
    for (mention, ent), heading in zip(raw, headings, strict=True):
        if heading:
            cut = _known_prefix(mention, known)
            mentions += [cut] if cut else []
            continue
        for part in _split_joined(mention, known):
            mentions.append(_retype_demonym(part, ent))
    mentions = _nicknamed_people(text, mentions)
    mentions += _untagged_surnames(text, mentions)
    mentions += _untagged_given_names(text, mentions)
    mentions += _untagged_repeats(text, mentions)
    return tuple(sorted(mentions, key=lambda m: m.start))


_SURNAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
# A person named with a nickname between given name and surname, in quote marks or brackets,
# spaced or glued by the tokeniser: 'Vincent "The Chin" Gigante', "Kimani (Kiki) Gray",
# "Vincent'The Chin' Gigante", "Luis Gerardo ( Jerry) Ortiz". Up to three nickname words.
_NICKNAMED = re.compile(
    r"\b(?P<given>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
    r"(?: ?['\"\u2018\u201c] ?[A-Z][\w]*(?: [A-Za-z][\w]*){0,2} ?['\"\u2019\u201d]"
    r"| ?\( ?[A-Z][\w]*(?: [A-Za-z][\w]*){0,2} ?\))"
    r" (?P<surname>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)


def _nicknamed_people(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """A name with a nickname inside ("Kimani'Kiki' Gray") becomes one PERSON mention over the
    whole name, in place of the pieces the tagger made of it ("Kiki" as ORG, "Chin' Gigante")
    or where it tagged nothing: the small model rarely keeps such a name whole. Only when the
    article tags its given name or surname as a person elsewhere, the surname is not a word
    the article writes in lower case, and no mention runs past the name.
    Known failure case: a quoted title between two names the article also tags as people
    ("Smith 'Tomorrow' Jones") would be read as one name."""
    person_words = {w for m in mentions if m.type == "PERSON" for w in m.text.split()}
    prose_lower = set(PROSE_LOWER.findall(text))
    result = list(mentions)
    for hit in _NICKNAMED.finditer(text):
        start, end = hit.span()
        given, surname = hit.group("given").split()[0], hit.group("surname")
        if given not in person_words and surname not in person_words:
            continue
        if surname.lower() in prose_lower:
            continue  # "Gary Ross 'Catching Fire' Negotiations": a headline, not a surname
        inside = [m for m in result if m.start < end and start < m.end]
        if any(m.start < start or m.end > end for m in inside):
            continue
        result = [m for m in result if m not in inside]
        result.append(EntityMention(hit.group(), "PERSON", start, end))
    return sorted(result, key=lambda m: m.start)


def _untagged_surnames(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """The surname of a person the article names in full, where it stands alone and the
    tagger left it out ("Vell said." after "Anna Vell"): the small model misses many such
    repeats, and the brief then cannot tie them to the person. A surname two people of the
    article share, or that also begins a name ("Vell Street"), is left alone."""
    full = [m.text.split() for m in mentions if m.type == "PERSON" and len(m.text.split()) >= 2]
    owners: dict[str, set[str]] = defaultdict(set)
    for words in full:
        if _SURNAME.fullmatch(words[-1]) and len(words[-1]) >= 3:
            owners[words[-1]].add(" ".join(words))
    # Full names with that surname must share their first word ("Anna Vell" and "Tom Vell"
    # are two people), and no longer name may start with it ("Vell Street" is a place).
    firsts = {m.text.split()[0] for m in mentions if len(m.text.split()) >= 2}
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for surname, names in sorted(owners.items()):
        if len({n.split()[0] for n in names}) != 1 or surname in firsts:
            continue
        for hit in re.finditer(rf"\b{re.escape(surname)}\b(?![ -][A-Z])", text):
            start, end = hit.span()
            if any(s < end and start < e for s, e in taken):
                continue
            found.append(EntityMention(surname, "PERSON", start, end))
    return found


# A capitalised word just before a match: the match may be a later part of another name.
_AFTER_NAME = re.compile(r"\b[A-Z][\w'\u2019-]* $")


def _free(text: str, taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a name found at (start, end) overlaps no mention and follows no capitalised
    word (then it would be a later part of another name)."""
    if any(s < end and start < e for s, e in taken):
        return False
    return not _AFTER_NAME.search(text[max(0, start - 40) : start])


def _untagged_given_names(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """The given name of a person the article names in full, where it stands alone and the
    tagger left it out ("Jermayne is not the man who fired" after "Jermayne Timmons"): as for
    surnames (`_untagged_surnames`), a brief cannot tie the bare name to the person otherwise.
    Left alone: a given name two people of the article share ("Anna Vell", "Anna Orr"), one
    that is also a surname of the article or starts another kind of name, one the article
    also writes in lower case (a common word: "Will", "Grant"), a gerund ("Having Jackman"),
    one after another capitalised word (part of another name), and any whose full name's
    surname is never a person on its own in the article."""
    owners: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = strip_titles(m.text).split()
        if m.type == "PERSON" and len(words) >= 2 and _SURNAME.fullmatch(words[0]):
            owners[words[0]].add(words[-1])
    lasts = {m.text.split()[-1] for m in mentions if len(m.text.split()) >= 2}
    # "Palmer Fire Department" (ORG) beside "Palmer Fire" (PERSON): a town, not a given name.
    other_firsts = {m.text.split()[0] for m in mentions if m.type != "PERSON"}
    # The surname must stand alone as a person too ("Timmons said"): the article treats the
    # full name as a person's, not a title the tagger took for one ("Terminator Salvation").
    surnames_alone = {m.text for m in mentions if m.type == "PERSON" and " " not in m.text}
    lowered = set(re.findall(r"\b[a-z]+\b", text))
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for given, surnames in sorted(owners.items()):
        if len(given) < 3 or len(surnames) != 1 or given in lasts or given.lower() in lowered:
            continue
        if given in other_firsts or not surnames <= surnames_alone or given.endswith("ing"):
            continue
        for hit in re.finditer(rf"\b{re.escape(given)}\b(?! ?-? ?[A-Z])", text):
            start, end = hit.span()
            if not _free(text, taken, start, end):
                continue
            found.append(EntityMention(given, "PERSON", start, end))
    return found


def _untagged_repeats(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """Another occurrence of a name of two words or more that the article tags elsewhere,
    where the tagger left it out ("checked out of Morningside Recovery after" when "Morningside
    Recovery" is tagged in the lead), typed as most of its tagged mentions. Not inside a longer
    capitalised name (a capitalised word right before or after it), not over another
    mention. Known failure case: a name that is also the start of a longer one written with a
    lower-case word ("Morningside Recovery facility") is taken as the shorter name."""
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if len(m.text.split()) >= 2 and m.text[0].isupper():
            kinds[m.text][m.type] += 1
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for name, votes in sorted(kinds.items()):
        kind = votes.most_common(1)[0][0]
        for hit in re.finditer(
            rf"(?<![\w'\u2019-]){re.escape(name)}(?![\w'\u2019-]| ?[A-Z])", text
        ):
            start, end = hit.span()
            if not _free(text, taken, start, end):
                continue
            found.append(EntityMention(name, kind, start, end))
            taken.append((start, end))
    return found


def _clean(ent: Span) -> EntityMention | None:
    text = ent.text
    start = ent.start_char
    leading = _LEADING.match(text)
    if leading:
        start += leading.end()
        text = text[leading.end() :]
    trailing = _POSSESSIVE.search(text)
    if trailing:
        text = text[: trailing.start()]
    text = text.strip()
    if "\n" in text or not any(ch.isalpha() for ch in text):
        return None
    return EntityMention(text=text, type=ent.label_, start=start, end=start + len(text))


def _in_heading(text: str, start: int, config: EntitiesConfig) -> bool:
    """A short title-case line without closing punctuation that stands apart from its
    neighbours: not a hard-wrapped line of prose (which continues the line before it)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].strip()
    words = line.split()
    if not line or len(words) > config.heading_max_words or not line[-1].isalnum():
        return False
    content = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if sum(w[0].isupper() for w in content) * 2 <= len(content):
        return False  # sentence case: the tagger does not swallow lower-case words
    before = text[:line_start].rstrip(" \t")
    previous = before[: len(before) - 1].rstrip() if before.endswith("\n") else before
    after = text[line_end:].lstrip()
    return (not previous or before.endswith("\n\n") or previous[-1] in ".!?:\"'\u201d\u2019") and (
        not after or not after[0].islower()
    )


def _body_names(body: list[EntityMention]) -> dict[str, Counter[str]]:
    """name_key -> type votes of the names the body uses, surnames of full names included."""
    known: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in body:
        known[name_key(mention.text)][mention.type] += 1
    for mention in body:
        words = mention.text.split()
        if mention.type == "PERSON" and len(words) > 1:
            known.setdefault(name_key(words[-1]), Counter())  # a surname: known, no vote
    return known


def _typed(known: dict[str, Counter[str]], key: str, fallback: str) -> str:
    votes = known.get(key)
    if not votes or not sum(votes.values()):
        return fallback
    return votes.most_common(1)[0][0]


def _known_prefix(mention: EntityMention, known: dict[str, Counter[str]]) -> EntityMention | None:
    """The longest leading part of a headline span that the body names, typed as there."""
    ends = sorted({m.start() for m in _WORD_END.finditer(mention.text) if m.start() > 0})
    for cut in reversed(ends):
        part = mention.text[:cut].rstrip()
        key = name_key(part)
        if key in known:
            kind = _typed(known, key, mention.type if cut == len(mention.text) else "PERSON")
            return EntityMention(part, kind, mention.start, mention.start + len(part))
    return None


def _split_joined(mention: EntityMention, known: dict[str, Counter[str]]) -> list[EntityMention]:
    """ "Clinton's Ohio" -> "Clinton", "Ohio" when the article names both on their own."""
    joint = _JOINT.search(mention.text)
    if not joint or len(_JOINT.findall(mention.text)) != 1:
        return [mention]
    left, right = mention.text[: joint.start()], mention.text[joint.end() :]
    left_key, right_key = name_key(left), name_key(right)
    if left_key == name_key(mention.text) or not (left_key in known and right_key in known):
        return [mention]
    right_start = mention.start + joint.end()
    return [
        EntityMention(
            left, _typed(known, left_key, "PERSON"), mention.start, mention.start + len(left)
        ),
        EntityMention(right, _typed(known, right_key, mention.type), right_start, mention.end),
    ]


def _retype_demonym(mention: EntityMention, ent: Span) -> EntityMention:
    """A nationality word tagged as a place or organisation is a group (NORP)."""
    if mention.type == "NORP" or " " in mention.text or state_of(mention.text):
        return mention
    word = mention.text
    singular = word[:-1] if word.endswith("s") else word
    listed = demonym_state(word) or demonym_state(singular)
    if not listed and mention.type not in (*_PLACE_TYPES, "ORG"):
        return mention
    if not listed:
        following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
        adjectival = (
            following is not None
            and following.is_lower
            and following.is_alpha
            and following.pos_ in ("NOUN", "ADJ")
        )
        shaped = _DEMONYM_SHAPE.match(word) or (
            _DEMONYM_SHAPE_I.match(word) and ent[-1].tag_ == "JJ"
        )
        if not (adjectival and shaped):
            return mention
    return EntityMention(mention.text, "NORP", mention.start, mention.end)
