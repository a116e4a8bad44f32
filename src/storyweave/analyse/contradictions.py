"""Contradictions between claim units of different outlets, each with a reason a reader can check.

Precision first: no NLI model is available, so only four patterns a careful reader accepts are
reported, and each needs the same subject (or the same counted thing) on both sides: different
figures for one count, the same predicate affirmed and negated, opposite predicates, and titles
that cannot hold at the same time. Statements that can both be true ("Peskov said Putin is open
to talks" / "Peskov said the US has not requested a meeting") share no predicate and no count,
so no rule fires on them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from storyweave.analyse.claims import StoryClaims, StoryUnit, same_subject
from storyweave.analyse.entities import name_key, strip_titles
from storyweave.nlp.lexicon import (
    ANTONYM_FAMILIES,
    CONTACT_WORDS,
    COUNT_ANCHORS,
    DENIAL_VERBS,
    REPORTING_VERBS,
    antonym_reason,
)
from storyweave.nlp.polities import demonym_state, government_of
from storyweave.nlp.stop_words import ENGLISH_STOP_WORDS

# Predicates too general to oppose anything on their own.
_LIGHT_PREDICATES = frozenset(["be", "have", "do", "make", "get", "go", "say", "take"])
_PEOPLE = frozenset(["people", "person", "resident", "worker", "victim"])
# A contact that happened: "had spoken", "spoke", "talked", "met" (not "will meet", "plans to").
_PAST_CONTACT = re.compile(
    r"\b(?:(?:had|has|have)\s+(?:\w+ly\s+)?(?:spoken|talked|met|called|phoned|contacted)|"
    r"spoke|talked|met|phoned|contacted)\b",
    re.IGNORECASE,
)
_CONTACT_NOUN = re.compile(
    r"\b(?:contacts?|talks?|talking|conversations?|calls?|speaking|spoken|meetings?|"
    r"communications?)\b",
    re.IGNORECASE,
)


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
    # "former president" vs "president" only contradict when written at about the same time.
    max_role_days_apart: int = 3


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
    phrased with unrelated verbs outside the contact family are missed; a pronoun subject
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
    return (
        _number_conflict(a, b, similarity, config, published)
        or _contact_conflict(a, b, claims)
        or _predicate_conflict(
            a, b, similarity, _object_similarity(a, b, objects, claims, config), config
        )
        or _role_conflict(a, b, claims.names, published, config)
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
        if claim.predicate in CONTACT_WORDS or (
            claim.predicates and claim.predicates[0] in DENIAL_VERBS
        ):
            buckets["contact"].append(unit.index)
        for name, _role in claim.roles:
            buckets[f"r:{name.split()[-1]}"].append(unit.index)
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
    date_a, date_b = published.get(a.article), published.get(b.article)
    for value_a, noun_a, anchor_a, approx_a in a.unit.numbers:
        for value_b, noun_b, anchor_b, approx_b in b.unit.numbers:
            anchor_a = COUNT_ANCHORS.get(anchor_a, COUNT_ANCHORS.get(noun_a, anchor_a))
            anchor_b = COUNT_ANCHORS.get(anchor_b, COUNT_ANCHORS.get(noun_b, anchor_b))
            if approx_a or approx_b or value_a == value_b or anchor_a != anchor_b:
                continue
            if anchor_a in ENGLISH_STOP_WORDS or anchor_a in _LIGHT_PREDICATES:
                continue
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


def _counted(value: float, noun: str) -> str:
    """ "21 dockworkers", "1 person": claim numbers keep the counted noun in its base form."""
    if value != 1 and not noun.endswith(("s", "people", "police", "staff", "children")):
        noun = noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + "s"
    return f"{value:g} {noun}"


def _contact_conflict(a: StoryUnit, b: StoryUnit, claims: StoryClaims) -> str | None:
    """ "Russian officials denied direct contact with Washington" vs "Trump said he had spoken
    with Putin": a denial of contact between two sides and a report that contact took place
    between the same two sides (people count for the state they act for)."""
    for denial, assertion in ((a, b), (b, a)):
        if not _denies_contact(denial) or not _asserts_contact(assertion):
            continue
        parties_denial = _parties(denial, claims)
        parties_assertion = _parties(assertion, claims)
        if len(parties_denial & parties_assertion) < 2:
            continue
        who = " and ".join(sorted(parties_denial & parties_assertion))
        return (
            f"negation: one report says contact between {who} was denied; the other that it "
            "took place"
        )
    return None


def _denies_contact(unit: StoryUnit) -> bool:
    claim = unit.unit
    if claim.negated or claim.conditional:
        return False
    if claim.predicates and claim.predicates[0] in DENIAL_VERBS:
        return bool(_CONTACT_NOUN.search(claim.object))
    return False


def _asserts_contact(unit: StoryUnit) -> bool:
    claim = unit.unit
    if claim.negated or claim.conditional or claim.predicate not in CONTACT_WORDS:
        return False
    return bool(_PAST_CONTACT.search(unit.content))


def _parties(unit: StoryUnit, claims: StoryClaims) -> set[str]:
    """The sides a contact claim involves: its subject's and the named parties of its object."""
    parties = set(unit.sides)
    for entity in unit.entities:
        side = claims.sides.get(entity) or government_of(entity) or demonym_state(entity)
        if side:
            parties.add(side)
    return parties


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


def _role_conflict(
    a: StoryUnit,
    b: StoryUnit,
    names: Mapping[str, str],
    published: Mapping[str, dt.date | None],
    config: ContradictionConfig,
) -> str | None:
    for name_a, role_a in a.unit.roles:
        for name_b, role_b in b.unit.roles:
            person_a = names.get(name_key(strip_titles(name_a)), name_a)
            person_b = names.get(name_key(strip_titles(name_b)), name_b)
            if person_a != person_b or role_a == role_b:
                continue
            office_a, time_a = _office(role_a)
            office_b, time_b = _office(role_b)
            if office_a != office_b:
                continue
            times = {time_a, time_b}
            if times == {"former", "elect"}:
                pass
            elif times == {"former", "current"}:
                date_a, date_b = published.get(a.article), published.get(b.article)
                if date_a is None or date_b is None:
                    continue
                if abs((date_a - date_b).days) > config.max_role_days_apart:
                    continue
            else:
                continue
            return f"incompatible titles for {person_a}: '{role_a}' vs '{role_b}'"
    return None


def _office(role: str) -> tuple[str, str]:
    if role.startswith("former "):
        return role[len("former ") :], "former"
    if role.endswith("-elect"):
        return role[: -len("-elect")], "elect"
    return role, "current"
