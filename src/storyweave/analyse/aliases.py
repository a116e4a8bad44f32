"""Rules that decide when two names of one story are the same entity (used by entities.py).

Each rule is general English naming practice, checked on ECB+ cross-document entity chains
(eval/entities.py), never on one story's cast. Groups are `root -> [name keys]` as in
`entities.merge_entities`; every rule returns a new mapping and leaves ambiguous cases apart:
a wrong merge hides a person, a missed one only repeats them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from storyweave.nlp.entity_context import ORG_SUFFIXES
from storyweave.nlp.names import inner_nickname

Groups = dict[str, list[str]]

_DATA = Path(__file__).resolve().parent.parent / "nlp" / "data"


def _load_pairs() -> dict[str, str]:
    """Known transliteration pairs (data file; each line `a|b`), both ways."""
    pairs: dict[str, str] = {}
    path = _DATA / "transliterations.txt"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "|" in line and not line.startswith("#"):
                a, b = (w.strip().lower() for w in line.split("|", 1))
                pairs[a], pairs[b] = b, a
    return pairs


TRANSLITERATIONS = _load_pairs()


def _load_nicknames() -> dict[str, frozenset[str]]:
    """Short form -> the full given names it stands for (data file; each line `short|full ...`)."""
    found: dict[str, frozenset[str]] = {}
    path = _DATA / "nicknames.txt"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "|" in line and not line.startswith("#"):
                short, full = line.split("|", 1)
                found[short.strip().lower()] = frozenset(full.lower().split())
    return found


NICKNAMES = _load_nicknames()


def is_nickname(a: str, b: str) -> bool:
    """ "katie" ~ "kathryn", "bill" ~ "william": one given name is a listed short form of the
    other, or both are short forms of one full name ("bob" ~ "rob")."""
    if b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ()):
        return True
    return bool(NICKNAMES.get(a, frozenset()) & NICKNAMES.get(b, frozenset()))


def subsequence(short: list[str], long: list[str]) -> bool:
    """Whether `short`'s words occur in `long` in order ("mark heller" in "mark jay heller")."""
    it = iter(long)
    return all(word in it for word in short)


def _same_word(short: str, long: str) -> bool:
    """An initial stands for a name ("c" ~ "cheney"); a short form for its long one ("fred" ~
    "frederick", three letters at least; "katie" ~ "kathryn" from the list of short forms)."""
    if short == long:
        return True
    if len(short) > len(long):
        short, long = long, short
    if len(short) == 1 and long.startswith(short) or len(short) >= 3 and long.startswith(short):
        return True
    return len(short) >= 2 and is_nickname(short, long)


def compatible_names(a: str, b: str) -> bool:
    """Two full names that may be one person: the same surname, first names equal or one the
    short form or initial of the other, and the middle names of the shorter found, in order and
    as names or initials, in the longer ("fred larue" ~ "frederick c larue" ~ "frederick cheney
    larue"; not "orla ann brisk" ~ "orla bea brisk")."""
    wa, wb = a.split(), b.split()
    if a == b or len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1]:
        return False
    if not _same_word(wa[0], wb[0]):
        return False
    middle_a, middle_b = wa[1:-1], wb[1:-1]
    if len(middle_a) > len(middle_b):
        middle_a, middle_b = middle_b, middle_a
    it = iter(middle_b)
    return all(any(_same_word(m, other) for other in it) for m in middle_a)


def merge_middle_names(people: set[str]) -> list[tuple[str, str]]:
    """Pairs of person keys to join: each key with the names it is compatible with
    (`compatible_names`), when those are all compatible with each other too. "mark heller"
    with "mark a heller" and "mark b heller" may be either of two people: left apart."""
    near = {k: [p for p in sorted(people) if compatible_names(k, p)] for k in sorted(people)}
    # Both ends must be unambiguous: "orla ann brisk" ~ "orla brisk" ~ "orla bea brisk" would
    # otherwise chain two people together through the short form.
    clear = {
        k for k, ns in near.items() if all(compatible_names(x, y) for x in ns for y in ns if x < y)
    }
    return [(k, p) for k in sorted(clear) for p in near[k] if k < p and p in clear]


def similar_first_names(a: str, b: str) -> bool:
    """ "jon" ~ "john", "alexandr" ~ "alexander": one slip for short names, two for long ones,
    same initial (a different initial is a different name far more often than a typo); or a
    short and a long form that share their first four letters or more ("alexis" ~
    "alexandros", "mohamed" ~ "mohammad")."""
    if a == b or a[0] != b[0] or min(len(a), len(b)) < 3:
        return False
    if len(os.path.commonprefix([a, b])) >= 4:
        return True
    limit = 1 if max(len(a), len(b)) <= 5 else 2
    return Levenshtein.distance(a, b) <= limit


def nickname_surnames(forms: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """ "Luis Gerardo (Jerry) Ortiz" is also "Jerry Ortiz": (key, nickname key) pairs for each
    name written with a one-word nickname inside, when the story has the nickname key."""
    pairs = []
    for key in sorted(forms):
        words = key.split()
        for form in forms[key]:
            nickname = inner_nickname(form)
            if len(words) < 2 or not nickname or " " in nickname:
                continue
            short = f"{nickname} {words[-1]}"
            if short in forms and short != key:
                pairs.append((key, short))
    return sorted(set(pairs))


def misspelt_first_names(
    people: set[str], together: Callable[[str, str], bool]
) -> list[tuple[str, str]]:
    """Pairs of person keys with the same other words and first names a slip apart ("jon owen",
    "john owen"), when no article uses both (an outlet keeps to one spelling, so both in one
    article are two people) and neither has another such near name."""
    near: dict[str, list[str]] = {}
    for key in people:
        words = key.split()
        if len(words) < 2:
            continue
        near[key] = [
            p
            for p in people
            if p != key
            and p.split()[1:] == words[1:]
            and similar_first_names(words[0], p.split()[0])
            and not together(p, key)
        ]
    return sorted(
        (a, b)
        for a, others in near.items()
        for b in others
        if a < b and len(others) == 1 and len(near.get(b, ())) == 1
    )


def similar_long_names(a: str, b: str, min_chars: int = 10, min_ratio: float = 88.0) -> bool:
    """Spelling variants of a long name ("academy of motion picture arts" ~ "... pictures ...",
    "heidar alishvandi" ~ "heydar alishbandi", "duncan rait" ~ "duncan raite"): same number of
    words, each with the same initial, and a character-level similarity of `min_ratio`.
    Short names are left out: "Austria"/"Australia" differ by as little."""
    wa, wb = a.split(), b.split()
    if a == b or len(wa) != len(wb) or min(len(a), len(b)) < min_chars:
        return False
    if any(x[0] != y[0] for x, y in zip(wa, wb, strict=True)):
        return False
    # Each word must be a near-copy: "north carolina" / "south carolina" fail on the initial,
    # "john smith" / "jane smith" on the word ratio.
    if any(fuzz.ratio(x, y) < 60 for x, y in zip(wa, wb, strict=True)):
        return False
    return fuzz.ratio(a, b) >= min_ratio


def known_transliteration(a: str, b: str) -> bool:
    return TRANSLITERATIONS.get(a) == b


def merge_place_prefixed(groups: Groups, kinds: Mapping[str, str], places: set[str]) -> Groups:
    """ "Nationals" joins "Washington Nationals", "Red Sox" joins "Boston Red Sox", "Election
    Commission" joins "Election Commission of Vessia": an organisation named by a place and a
    name, and the same name without the place, when only one organisation of the story is
    named so."""
    roots_of: dict[str, str] = {k: r for r, keys in groups.items() for k in keys}
    longer: dict[str, list[str]] = {}
    for root, keys in groups.items():
        if kinds.get(root) != "ORG":
            continue
        for key in keys:
            words = key.split()
            for cut in range(1, len(words)):
                if " ".join(words[:cut]) in places:
                    longer.setdefault(" ".join(words[cut:]), []).append(root)
            # "Central Election Commission of Turkmenistan" is the "Central Election
            # Commission" of a story that names Turkmenistan.
            for cut in range(2, len(words) - 1):
                if words[cut] == "of" and " ".join(words[cut + 1 :]) in places:
                    longer.setdefault(" ".join(words[:cut]), []).append(root)
    merged = {r: list(k) for r, k in groups.items()}
    for tail, roots in longer.items():
        targets = set(roots)
        short_root = roots_of.get(tail)
        if len(targets) != 1 or short_root is None or short_root in targets:
            continue
        (target,) = targets
        if short_root in merged and target in merged and kinds.get(short_root) != "PERSON":
            merged[target].extend(merged.pop(short_root))
    return merged


_GERUND = re.compile(r"[a-z]{2,}ing")


def leading_debris(keys: set[str], persons: set[str], lowered: set[str]) -> dict[str, str]:
    """Keys that are a person's name with a common word glued on by the tagger, mapped to the
    name: "interior ken salazar" -> "ken salazar", "unemployed john jenkin" -> "john jenkin",
    "following gigante" -> "gigante". The first word must be one the story also writes in
    lower case (`lowered`), the rest a key tagged as a person (`persons`) of two words or
    more, or of one word after a gerund ("Following Gigante's conviction").
    Known failure case: a first name that is also a common word ("Will", "Rose") before a
    name that is also a person's ("Rose Mary Woods" when "Mary Woods" is another person)."""
    found = {}
    for key in sorted(keys):
        words = key.split()
        if len(words) < 2 or words[0] not in lowered:
            continue
        rest = " ".join(words[1:])
        if rest in persons and (len(words) >= 3 or _GERUND.fullmatch(words[0])):
            found[key] = rest
    return found


def dominant_person(candidates: Mapping[str, set[str]], used_in: set[str]) -> str | None:
    """Of the people who share a surname (person -> articles naming them in full), the one the
    surname alone stands for: named in full in at least two articles and in twice as many as
    any other, and in at least half of the articles that use the surname alone (`used_in`).
    A story about a man whose father is quoted once calls the son by the surname; two people
    the story names equally often ("Vitali and Wladimir Klitschko") share it: None."""
    ranked = sorted(candidates.items(), key=lambda item: (-len(item[1]), item[0]))
    if len(ranked) < 2:
        return ranked[0][0] if ranked else None
    (top, top_articles), (_, second) = ranked[0], ranked[1]
    if len(top_articles) < 2 or len(top_articles) < 2 * len(second):
        return None
    if 2 * len(top_articles & used_in) < len(used_in):
        return None
    return top


def named_wherever_used(candidates: Mapping[str, set[str]], used_in: set[str]) -> str | None:
    """Of the people who share a given name (person -> articles naming them in full), the one
    every article that uses the given name alone (`used_in`) names in full: "Jermayne" in
    articles naming "Jermayne Timmons" (one also names a "Jermayne Taylor") is Timmons. A
    son called by his given name in an article that names only his namesake's father in
    full is not guessed from the story's counts, as a surname is (`dominant_person`): a
    given name alone is used of family and friends far more often. None when not one."""
    named_everywhere = [p for p, articles in candidates.items() if used_in <= articles]
    return named_everywhere[0] if len(named_everywhere) == 1 else None


# The head words of a natural feature or park's name ("Mediterranean Sea", "Yosemite National
# Park"): the name without them is the same place ("the Mediterranean", "Yosemite").
PLACE_HEADS = (
    "national park",
    "sea",
    "ocean",
    "river",
    "island",
    "islands",
    "mountains",
    "glacier",
    "desert",
    "peninsula",
)
_PLACE_KINDS = ("GPE", "LOC", "FAC")


def merge_place_names(
    groups: Groups, kinds: Mapping[str, str], polities: Callable[[str], bool]
) -> Groups:
    """Places named with and without a first word or a feature's head word: "Mount Cook
    National Park" joins "Aoraki Mount Cook National Park" (one leading word more, the only
    place named so), "Aoraki Mount Cook" joins it too ("X" and "X National Park"), "the
    Mediterranean" joins "Mediterranean Sea". Both groups must be places (GPE, LOC, FAC);
    a state or capital (`polities`) never joins a feature named after it ("Mississippi" is
    not the "Mississippi River"). Known failure case: a park and the mountain it is named
    after are joined, which is what a reader takes them for but not what a map says."""
    merged = {r: list(k) for r, k in groups.items()}
    roots_of = {k: r for r, keys in merged.items() for k in keys}
    places = [r for r in sorted(merged) if kinds.get(r) in _PLACE_KINDS]
    wanted: dict[str, set[str]] = {}  # shorter root -> longer roots
    for root in places:
        for key in merged[root]:
            words = key.split()
            shorter = []
            if len(words) >= 3:
                shorter.append(" ".join(words[1:]))
            for head in PLACE_HEADS:
                if key.endswith(" " + head) and len(words) > len(head.split()):
                    shorter.append(key[: -len(head) - 1])
            for name in shorter:
                other = roots_of.get(name, "")
                place = kinds.get(other) in _PLACE_KINDS
                if other and place and other != root and not polities(name):
                    wanted.setdefault(other, set()).add(root)

    def group_of(key: str) -> str:
        return next(r for r, keys in merged.items() if key in keys)

    # Twice: "Mount Cook" is the tail of "Aoraki Mount Cook" and the head of "Mount Cook
    # National Park"; once those two are one place, it joins them.
    for _ in range(2):
        for short_root, long_roots in sorted(wanted.items()):
            targets = {group_of(r) for r in long_roots}
            source = group_of(short_root)
            if len(targets) == 1 and source not in targets:
                (target,) = targets
                merged[target].extend(merged.pop(source))
    return merged


# Head words news uses interchangeably for one clinic ("Betty Ford Center", "... Clinic",
# "... Treatment Center", "... Rehab"; ECB+ topic 1 names one clinic five ways).
CARE_HEADS = (
    "treatment center",
    "recovery center",
    "medical center",
    "center",
    "clinic",
    "rehab",
    "recovery",
    "hospital",
)


def care_head(key: str) -> str | None:
    """The care-facility head word a name ends with ("morningside recovery center" ->
    "recovery center"), else None."""
    return next((h for h in CARE_HEADS if key.endswith(" " + h)), None)


def merge_care_heads(groups: Groups, kinds: Mapping[str, str], people: set[str]) -> Groups:
    """Organisations named by one name and different care-facility head words, or by the
    name alone ("Morningside" and "Morningside Recovery Center"), are one when that name
    starts no other organisation's name with such a head and is no person's name."""
    merged = {r: list(k) for r, k in groups.items()}
    by_stem: dict[str, set[str]] = {}
    for root, keys in merged.items():
        if kinds.get(root) == "PERSON" and any(k in people for k in keys):
            continue
        for key in keys:
            head = care_head(key)
            if head:
                by_stem.setdefault(key[: -len(head) - 1], set()).add(root)
    roots_of = {k: r for r, keys in merged.items() for k in keys}
    for stem, roots in sorted(by_stem.items()):
        alone = roots_of.get(stem)
        if alone is not None and not any(k in people for k in merged.get(alone, [])):
            roots = roots | {alone}
        live = sorted({next(r for r, ks in merged.items() if x in ks) for x in roots})
        if len(live) < 2:
            continue
        target = max(live, key=lambda r: (len(merged[r]), r))
        for root in live:
            if root != target:
                merged[target].extend(merged.pop(root))
    return merged


def merge_org_tails(groups: Groups, kinds: Mapping[str, str], lowered: set[str]) -> Groups:
    """ "Blazers" joins "Portland Trail Blazers", "Bulldogs" joins "Drake Bulldogs": a one-word
    name joins the only organisation whose name ends with it, unless the story also writes
    the word in lower case ("House" and "the house" is a common noun, not the "White House"),
    the word is a person's, or it is an institution's head word ("Senate" beside "Arizona
    State Senate" may be the national one)."""
    merged = {r: list(k) for r, k in groups.items()}
    roots_of = {k: r for r, keys in merged.items() for k in keys}
    ending: dict[str, set[str]] = {}
    for root, keys in merged.items():
        if kinds.get(root) != "ORG":
            continue
        for key in keys:
            words = key.split()
            if len(words) > 1:
                ending.setdefault(words[-1], set()).add(root)
    for word, roots in sorted(ending.items()):
        short_root = roots_of.get(word)
        if len(roots) != 1 or short_root is None or word in lowered or word in ORG_SUFFIXES:
            continue
        if short_root in roots or kinds.get(short_root) in ("PERSON", "GPE", "LOC"):
            continue
        (target,) = roots
        if short_root in merged and target in merged:
            merged[target].extend(merged.pop(short_root))
    return merged


_FUNCTION_WORDS = frozenset({"of", "for", "and", "the", "on", "in", "to", "&"})


def _word_bag(key: str) -> frozenset[str] | None:
    """The stems (first six letters) of a name's content words, when it has three or more."""
    stems = frozenset(w[:6] for w in key.split() if w not in _FUNCTION_WORDS)
    return stems if len(stems) >= 3 else None


def merge_reordered_names(groups: Groups, kinds: Mapping[str, str]) -> Groups:
    """Organisations named with the same content words in another order or number ("Central
    Commission for Elections and Referenda", "Central Election and Referendum Commission";
    "Committee on Foreign Relations", "Foreign Relations Committee"): three content words or
    more, compared by their first six letters. People are left out ("Anna Maria Vell" and
    "Maria Anna Vell" may be sisters)."""
    merged = {r: list(k) for r, k in groups.items()}
    first: dict[frozenset[str], str] = {}
    for root in sorted(groups, key=lambda r: (-len(groups[r]), r)):
        if kinds.get(root) != "ORG" or root not in merged:
            continue
        bags = {b for k in groups[root] if (b := _word_bag(k))}
        target = next((first[b] for b in sorted(bags, key=sorted) if b in first), None)
        if target is not None and target in merged and target != root:
            merged[target].extend(merged.pop(root))
            for bag in bags:
                first.setdefault(bag, target)
        else:
            for bag in bags:
                first.setdefault(bag, root)
    return merged


def transposed(a: str, b: str) -> bool:
    """ "klistchko" ~ "klitschko": the same letters with two swapped, a typing slip rather than
    another name (six letters or more, same first letter; "Johnson"/"Johnston" differ in
    letters and stay apart)."""
    if a == b or len(a) < 6 or a[0] != b[0] or sorted(a) != sorted(b):
        return False
    return Levenshtein.distance(a, b) <= 2


_AND_WORD = re.compile(r" and [a-z]+\b")


def merge_coordinated_names(groups: Groups, kinds: Mapping[str, str]) -> Groups:
    """ "Election and Referendum Commission" joins "Election Commission": an organisation
    named with one remit more, coordinated by "and", is the same body when no other
    organisation of the story is named by the shorter name's words (compared as in
    `merge_reordered_names`). A body with an extra plain word ("Harbour Safety Standards
    Committee" beside "Harbour Safety Committee") may be another one and stays apart."""
    merged = {r: list(k) for r, k in groups.items()}
    bag_roots: dict[frozenset[str], set[str]] = {}
    for root, keys in groups.items():
        if kinds.get(root) == "ORG":
            for key in keys:
                if bag := _word_bag(key):
                    bag_roots.setdefault(bag, set()).add(root)
    for root, keys in sorted(groups.items()):
        if kinds.get(root) != "ORG" or root not in merged:
            continue
        for key in keys:
            shorter = _word_bag(_AND_WORD.sub("", key)) if " and " in key else None
            targets = {r for r in bag_roots.get(shorter, ()) if r in merged} if shorter else set()
            if len(targets) == 1 and root not in targets:
                (target,) = targets
                merged[target].extend(merged.pop(root))
                break
    return merged
