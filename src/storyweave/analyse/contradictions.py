"""Contradictions between claim units of different outlets, each with a reason a reader can check.

Precision first: no sentence-pair entailment model is available (the stance model of `check`
compares a claim with a whole article), so only patterns a careful reader accepts are reported,
each needing the same subject (or the same counted thing) on both sides: different figures for
one count at one time, the same predicate affirmed and negated, and opposite predicates. A
report that another source says was denied is found in refutations.py. Titles are not
compared: "President X signed" and "former President X" are both right in one article about a
past term, and a returning leader is "former" and "-elect" at once. Statements that can both
be true ("Earnest said Medvedev is open to talks" / "Earnest said the US has not requested a
meeting") share no predicate and no count, so no rule fires on them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from storyweave.analyse.claims import StoryClaims, StoryUnit, same_subject
from storyweave.analyse.entities import name_key
from storyweave.nlp.lexicon import (
    ANTONYM_FAMILIES,
    COUNT_ANCHORS,
    FORECAST_WORDS,
    MEASURE_UNITS,
    PERIOD_WORDS,
    REPORTING_VERBS,
    antonym_reason,
)
from storyweave.nlp.stop_words import ENGLISH_STOP_WORDS

# Predicates too general to oppose anything on their own.
_LIGHT_PREDICATES = frozenset(["be", "have", "do", "make", "get", "go", "say", "take"])
_PEOPLE = frozenset(["people", "person", "resident", "worker", "victim"])


@dataclass(frozen=True)
class ContradictionConfig:
    # Two units must be about the same thing: cosine of their contents ...
    min_number_similarity: float = 0.6
    min_negation_similarity: float = 0.75
    # ... and, for opposite predicates, of what the predicate acts on.
    min_object_similarity: float = 0.55
    # ... or this much when both objects name the same entity ("arms shipments to Ukraine" /
    # "military support for Ukraine").
    min_object_similarity_shared_entity: float = 0.45


@dataclass(frozen=True)
class Conflict:
    first: int  # unit indexes into StoryClaims.units
    second: int
    reason: str  # sides in the order first, second ("... 21 dockworkers vs 14 people")
    reason_reversed: str = ""  # the same with the second side named first

    def reason_from(self, unit: int) -> str:
        """The reason told from `unit`'s side."""
        return self.reason_reversed if unit == self.second and self.reason_reversed else self.reason


def find_contradictions(
    claims: StoryClaims,
    published: Mapping[str, dt.date | None],
    config: ContradictionConfig = ContradictionConfig(),
) -> list[Conflict]:
    """Pairs of units from different independent reports that cannot both be true.

    A count that is higher in a later-published report is an update, not a contradiction.
    Known failure cases: a count revised downwards on a later day is still reported; two
    reports of the same day that give counts for different hours are reported; contradictions
    phrased with unrelated verbs are missed (refutations.py finds denials); a pronoun subject
    resolved to the wrong person can hide or (rarely) invent a conflict.
    """
    units = claims.units
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for i, j in sorted(_candidate_pairs(units)):
        a, b = units[i], units[j]
        if a.report == b.report or a.unit.conditional or b.unit.conditional:
            continue
        reason = _conflict(claims, i, j, published, config)
        if reason:
            # The rules are symmetric; their reasons name the sides in argument order.
            found[(i, j)] = (reason, _conflict(claims, j, i, published, config) or reason)
    return [Conflict(i, j, *reasons) for (i, j), reasons in sorted(found.items())]


def _conflict(
    claims: StoryClaims,
    i: int,
    j: int,
    published: Mapping[str, dt.date | None],
    config: ContradictionConfig,
) -> str | None:
    a, b = claims.units[i], claims.units[j]
    similarity = float(claims.vectors[i] @ claims.vectors[j])
    objects = float(claims.object_vectors[i] @ claims.object_vectors[j])
    return _number_conflict(a, b, similarity, config, published) or _predicate_conflict(
        a, b, similarity, _object_similarity(a, b, objects, claims, config), config
    )


def _candidate_pairs(units: Sequence[StoryUnit]) -> set[tuple[int, int]]:
    """Only pairs some rule could fire on: comparing every pair of 2,000 units in Python would
    cost more than the parse. Buckets: counted things, predicates (for negation), antonym
    families, confirmations and titles."""
    buckets: dict[str, list[int]] = defaultdict(list)
    sides: dict[tuple[int, int], list[int]] = defaultdict(list)
    for unit in units:
        claim = unit.unit
        for _value, noun, anchor, _approx in claim.numbers:
            buckets[f"n:{COUNT_ANCHORS.get(anchor, COUNT_ANCHORS.get(noun, anchor))}"].append(
                unit.index
            )
        if claim.predicate:
            buckets[f"p:{claim.predicate}"].append(unit.index)
        if claim.cue == "confirm":
            buckets["p:confirm"].append(unit.index)
        for verb in set(claim.predicates):
            for family, (left, right, _reason) in enumerate(ANTONYM_FAMILIES):
                if verb in left:
                    sides[(family, 0)].append(unit.index)
                if verb in right:
                    sides[(family, 1)].append(unit.index)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        unique = sorted(set(members))
        pairs.update(combinations(unique, 2))
    for family in range(len(ANTONYM_FAMILIES)):
        for i in sides.get((family, 0), []):
            for j in sides.get((family, 1), []):
                if i != j:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def _number_conflict(
    a: StoryUnit,
    b: StoryUnit,
    similarity: float,
    config: ContradictionConfig,
    published: Mapping[str, dt.date | None],
) -> str | None:
    if similarity < config.min_number_similarity:
        return None
    if _projects(a) or _projects(b):
        return None  # a forecast is not a result: "economists expected 400,000" vs "380,000"
    if _different_periods(_periods(a), _periods(b)):
        return None  # counts for different times ("the previous week", "in March")
    date_a, date_b = published.get(a.article), published.get(b.article)
    for value_a, noun_a, anchor_a, approx_a in a.unit.numbers:
        for value_b, noun_b, anchor_b, approx_b in b.unit.numbers:
            anchor_a = COUNT_ANCHORS.get(anchor_a, COUNT_ANCHORS.get(noun_a, anchor_a))
            anchor_b = COUNT_ANCHORS.get(anchor_b, COUNT_ANCHORS.get(noun_b, anchor_b))
            if approx_a or approx_b or value_a == value_b or anchor_a != anchor_b:
                continue
            if anchor_a in ENGLISH_STOP_WORDS or anchor_a in _LIGHT_PREDICATES:
                continue
            if noun_a in MEASURE_UNITS or noun_b in MEASURE_UNITS:
                continue  # "16 inches" vs "15 inches" are two sizes, not one count
            same_thing = noun_a == noun_b or bool({noun_a, noun_b} & _PEOPLE)
            if not same_thing or not noun_a or not noun_b:
                continue
            if date_a and date_b and date_a != date_b:
                later_higher = value_a > value_b if date_a > date_b else value_b > value_a
                if later_higher:
                    continue  # a toll that rose between two days is an update, not a dispute
            return (
                f"different figures for the same count ({anchor_a}): "
                f"{_counted(value_a, noun_a)} vs {_counted(value_b, noun_b)}"
            )
    return None


def _projects(unit: StoryUnit) -> bool:
    """The unit states a forecast or an expectation rather than a result."""
    return bool(FORECAST_WORDS.search(unit.unit.text))


def _periods(unit: StoryUnit) -> frozenset[str]:
    """The time words a unit's count is tied to: months, weekdays, years and relative
    periods ("previous week"). Two counts with different ones count at different times."""
    return frozenset(m.group().lower() for m in PERIOD_WORDS.finditer(unit.unit.text))


# Words that move a count away from the time of the report ("a year earlier", "last week").
_SHIFTED = frozenset(["previous", "prior", "earlier", "ago", "last"])


def _different_periods(first: frozenset[str], second: frozenset[str]) -> bool:
    """Both sides name their time and share none of it, or only one side is shifted away from
    the report's time. One side naming a day the other leaves out is still one count."""
    if first and second and not first & second:
        return True
    return bool(first & _SHIFTED) != bool(second & _SHIFTED)


def _counted(value: float, noun: str) -> str:
    """ "21 dockworkers", "1 person": claim numbers keep the counted noun in its base form."""
    if value != 1 and not noun.endswith(("s", "people", "police", "staff", "children")):
        noun = noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + "s"
    return f"{value:g} {noun}"


def _predicate_conflict(
    a: StoryUnit,
    b: StoryUnit,
    similarity: float,
    object_similarity: float,
    config: ContradictionConfig,
) -> str | None:
    confirmed = _confirmation_conflict(a, b, similarity, config)
    if confirmed:
        return confirmed
    if not a.subjects or not b.subjects or not same_subject(a.subjects, b.subjects):
        return None
    subject = sorted(a.subjects & b.subjects or a.subjects)[0]
    pred_a, pred_b = a.unit.predicate, b.unit.predicate
    if not pred_a or not pred_b or pred_a in _LIGHT_PREDICATES or pred_b in _LIGHT_PREDICATES:
        return None
    if pred_a == pred_b and a.unit.negated != b.unit.negated:
        if pred_a in REPORTING_VERBS and pred_a not in ("confirm", "deny", "acknowledge"):
            return None
        if similarity < config.min_negation_similarity:
            return None
        if object_similarity < config.min_object_similarity:
            return None
        yes, no = (a, b) if b.unit.negated else (b, a)
        return (
            f"negation: {subject} {_verb_phrase(yes)} in one report and "
            f"{_verb_phrase(no)} in the other"
        )
    if a.unit.negated != b.unit.negated:
        return None
    for verb_a in a.unit.predicates:
        for verb_b in b.unit.predicates:
            opposite = antonym_reason(verb_a, verb_b)
            if opposite and object_similarity >= config.min_object_similarity:
                return f"opposite predicates for {subject} ({opposite}): '{verb_a}' vs '{verb_b}'"
    return None


def _confirmation_conflict(
    a: StoryUnit, b: StoryUnit, similarity: float, config: ContradictionConfig
) -> str | None:
    """ "The ministry confirmed that X" vs "the ministry neither confirmed nor denied that X"."""
    for said, refused in ((a, b), (b, a)):
        if said.unit.cue != "confirm" or not said.speakers:
            continue
        if refused.unit.predicate != "confirm" or not refused.unit.negated:
            continue
        if not (said.speakers & refused.subjects) or similarity < config.min_number_similarity:
            continue
        who = sorted(said.speakers & refused.subjects)[0]
        return (
            f"negation: one report says {who} confirmed {said.content!r}; the other that "
            f"{who} did not confirm it"
        )
    return None


def _object_similarity(
    a: StoryUnit, b: StoryUnit, cosine: float, claims: StoryClaims, config: ContradictionConfig
) -> float:
    """The objects' cosine, raised to the plain threshold when they name the same entity."""
    if cosine >= config.min_object_similarity or not a.unit.object or not b.unit.object:
        return cosine
    if cosine < config.min_object_similarity_shared_entity:
        return cosine
    left, right = f" {name_key(a.unit.object)} ", f" {name_key(b.unit.object)} "
    for alias in claims.names:
        if len(alias) > 2 and f" {alias} " in left and f" {alias} " in right:
            return config.min_object_similarity
    return cosine


def _verb_phrase(unit: StoryUnit) -> str:
    verb = unit.unit.predicate
    obj = unit.unit.object
    phrase = f"{'does not ' if unit.unit.negated else ''}{verb}"
    return f"'{phrase} {obj}'" if obj else f"'{phrase}'"
