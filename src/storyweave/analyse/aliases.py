"""Rules that decide when two names of one story are the same entity (used by entities.py).

Each rule is general English naming practice, checked on ECB+ cross-document entity chains
(eval/entities.py), never on one story's cast. Groups are `root -> [name keys]` as in
`entities.merge_entities`; every rule returns a new mapping and leaves ambiguous cases apart:
a wrong merge hides a person, a missed one only repeats them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

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


def subsequence(short: list[str], long: list[str]) -> bool:
    """Whether `short`'s words occur in `long` in order ("mark heller" in "mark jay heller")."""
    it = iter(long)
    return all(word in it for word in short)


def _same_word(short: str, long: str) -> bool:
    """An initial stands for a name ("c" ~ "cheney"); a short form for its long one ("fred" ~
    "frederick", three letters at least)."""
    if short == long:
        return True
    if len(short) > len(long):
        short, long = long, short
    return len(short) == 1 and long.startswith(short) or len(short) >= 3 and long.startswith(short)


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
    same initial (a different initial is a different name far more often than a typo)."""
    if a == b or a[0] != b[0] or min(len(a), len(b)) < 3:
        return False
    limit = 1 if max(len(a), len(b)) <= 5 else 2
    return Levenshtein.distance(a, b) <= limit


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
    """ "Nationals" joins "Washington Nationals", "Red Sox" joins "Boston Red Sox": an
    organisation named by a place and a name, and the same name without the place, when only
    one organisation of the story ends so."""
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
