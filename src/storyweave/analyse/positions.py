"""Positions: what each actor demands, rejects, proposes or insists on, merged across outlets.

Built from claim units: a stance verb with an actor as subject ("Russia insists ...", "Medvedev
reportedly seeks ..."), or a "must"/"should" clause attributed to an actor ("the Russian official
stressed that the U.S. must acknowledge these conditions"). Hedges stay in the stance text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyweave.analyse.claims import StoryClaims, StoryUnit, _head_length, support_spans
from storyweave.analyse.entities import name_key, strip_titles
from storyweave.model import Position
from storyweave.nlp.lexicon import OFFICES, STANCE_NOUNS, STANCE_VERBS
from storyweave.nlp.polities import GOVERNMENT_HEADS, government_of

_DEONTIC = re.compile(r"\b(?:must|should|has to|have to|needs? to)\b", re.IGNORECASE)
_POSSESSIVE_PRONOUN = re.compile(r"^(?:his|her|its|their)\b", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"^(?:he|she|it|they|we|i|you|this|that)$", re.IGNORECASE)
_DANGLING = re.compile(r"[\s,;]+(?:and|or|but)$", re.IGNORECASE)
_NEGATIVE_SUBJECT = re.compile(r"^(?:no|none|nobody|nothing)\b", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_KIND_FROM_NEGATED = {"proposes": "rejects", "demands": "rejects", "insists": "rejects"}
_ACTOR_TYPES = frozenset(["PERSON", "ORG", "GPE", "NORP"])
# Heads of noun phrases that can hold a position without a name: "the union", "the operator".
_AGENT_HEADS = (
    GOVERNMENT_HEADS
    | OFFICES
    | frozenset(
        [
            "team",
            "camp",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "union",
            "unions",
            "council",
            "company",
            "operator",
            "authority",
            "opposition",
            "party",
            "parties",
            "board",
            "committee",
            "agency",
            "group",
            "coalition",
            "alliance",
            "residents",
            "workers",
            "critics",
            "supporters",
            "allies",
            "rebels",
            "protesters",
            "court",
            "parliament",
            "congress",
            "senate",
            "police",
            "regulator",
            "firm",
            "bank",
            "employers",
            "shippers",
            "farmers",
            "owners",
            "port",
            "city",
            "town",
            "county",
        ]
    )
)


@dataclass(frozen=True)
class PositionsConfig:
    # Two stances of the same actor are one position above this cosine.
    min_similarity: float = 0.75
    max_stance_chars: int = 300


@dataclass(frozen=True)
class ActorStance:
    """A position with the claim units it rests on (story analysis joins claim groups of the
    same stance through them); `to_position` gives the brief's value."""

    actor: str
    kind: str  # demands | rejects | proposes | insists
    stance: str
    hedged: bool
    units: tuple[StoryUnit, ...]
    side: str | None = None  # the state the actor acts for ("Russia" for Medvedev and the Kremlin)

    def to_position(self) -> Position:
        return Position(
            actor=self.actor,
            stance=self.stance,
            kind=self.kind,
            support=support_spans(self.units),
            side=self.side,
            hedged=self.hedged,
        )


def find_positions(
    claims: StoryClaims, texts: dict[str, str], config: PositionsConfig = PositionsConfig()
) -> list[ActorStance]:
    """Positions of a story's actors, those reported by most articles first.

    `texts` maps article ids to their cleaned text (stances are quoted verbatim from it).
    Known failure cases: an actor named only by a pronoun that was not resolved ("it does not
    plan to ...") is left out; a stance verb in a subordinate clause is missed.
    """
    found: list[tuple[StoryUnit, str, str, str]] = []
    for unit in claims.units:
        position = _position(unit, claims, texts[unit.article], config)
        if position:
            found.append((unit, *position))
    merged: list[tuple[str, str, list[StoryUnit], str]] = []
    for unit, actor, kind, stance in found:
        for entry in merged:
            if (
                entry[0] == actor
                and entry[1] == kind
                and _similar(claims, entry[2][0], unit, config)
            ):
                if unit.article not in {u.article for u in entry[2]}:
                    entry[2].append(unit)
                break
        else:
            merged.append((actor, kind, [unit], stance))
    positions = [
        ActorStance(
            actor,
            kind,
            stance,
            any(u.unit.hedged for u in units),
            tuple(units),
            claims.sides.get(actor) or government_of(actor),
        )
        for actor, kind, units, stance in merged
    ]
    # A side's actors stay together (Russia, then Dmitry Medvedev), most reported sides first.
    weight: dict[str, int] = {}
    for p in positions:
        key = p.side or p.actor
        weight[key] = weight.get(key, 0) + len({u.article for u in p.units})
    positions.sort(
        key=lambda p: (
            -weight[p.side or p.actor],
            p.side or p.actor,
            p.actor != (p.side or p.actor),
            p.actor,
            -len({u.article for u in p.units}),
            p.kind,
        )
    )
    return positions


def _position(
    unit: StoryUnit, claims: StoryClaims, text: str, config: PositionsConfig
) -> tuple[str, str, str] | None:
    claim = unit.unit
    first = claim.predicates[0] if claim.predicates else ""
    if first in STANCE_VERBS and claim.subject:
        actor = _actor(unit, claims)
        if not actor or not _is_agent(actor, claims):
            return None
        kind = STANCE_VERBS[first]
        if claim.negated:
            kind = _KIND_FROM_NEGATED.get(kind, kind)
        # From after the subject: keeps "is said to" and "reportedly" with the verb. A subject
        # shared by coordinated verbs ends before the other verb's clause: start at this one.
        stance = text[max(claim.subject_end, claim.start) : claim.end]
        return actor, kind, _without_kind_verb(_trim(stance), kind)[: config.max_stance_chars]
    stance_cue = claim.cue in STANCE_NOUNS or claim.cue in STANCE_VERBS
    if claim.speaker and (stance_cue or _DEONTIC.search(unit.content)):
        actor = _canonical(claim.speaker, claims)
        if not actor or _PRONOUN_SUBJECT.match(actor) or not _is_agent(actor, claims):
            return None
        kind = STANCE_NOUNS.get(claim.cue) or STANCE_VERBS.get(claim.cue) or "demands"
        return actor, kind, _trim(text[claim.start : claim.end])[: config.max_stance_chars]
    return None


def _without_kind_verb(stance: str, kind: str) -> str:
    """ "insists that X" listed as "insists: X", not "insists: insists that X"."""
    verb = kind[:-1]  # "insists" -> "insist"
    match = re.match(rf"{verb}(?:s|ed|ing)?\s+(?:that\s+|on\s+)?(?=\S)", stance, re.IGNORECASE)
    return stance[match.end() :] if match else stance


def _trim(stance: str) -> str:
    """Drop a dangling conjunction left where a coordinated clause was split off; a quotation
    that runs on past the clause is shown as cut ("“it would not have been necessary…”")."""
    stance = _DANGLING.sub("", stance.strip()).strip(" ,;")
    if stance.count("\u201c") > stance.count("\u201d"):
        stance += "\u2026\u201d"
    return stance


def _actor(unit: StoryUnit, claims: StoryClaims) -> str:
    claim = unit.unit
    subject = claim.subject[: _head_length(claim)].strip()
    if _NEGATIVE_SUBJECT.match(subject):
        return ""  # "no conditions are required": a denial, not an actor
    if _PRONOUN_SUBJECT.match(subject):
        return _canonical(claim.subject_ref, claims) if claim.subject_ref else ""
    if _POSSESSIVE_PRONOUN.match(subject):
        if not claim.subject_ref:
            return ""
        owner = _canonical(claim.subject_ref, claims)
        return f"{owner}'s {_POSSESSIVE_PRONOUN.sub('', subject).strip()}"
    return _canonical(subject, claims)


def _is_agent(actor: str, claims: StoryClaims) -> bool:
    """Whether an actor can hold a position: a person, organisation or state the story names, a
    government metonym, or a noun phrase headed by an agent noun ("the union"). Headline
    fragments tagged as names ("Obama's Approach") and abstract subjects ("his approach") are
    not."""
    if government_of(actor) or claims.types.get(actor) in _ACTOR_TYPES and "\u2019s " not in actor:
        return "'s " not in actor or actor.endswith(("administration", "team", "government"))
    head = actor.split()[-1].lower() if actor.split() else ""
    return head in _AGENT_HEADS


def _canonical(phrase: str, claims: StoryClaims) -> str:
    """A named actor's canonical name (a capital or seat of government named for its state:
    "Moscow", "the Kremlin" -> "Russia"), else the phrase without a leading article."""
    state = government_of(phrase)
    known = claims.names.get(name_key(strip_titles(phrase)), "")
    if state and claims.types.get(known) != "PERSON":
        return state
    key = name_key(strip_titles(phrase))
    if key in claims.names:
        return claims.names[key]
    # "White House spokesman Josh Earnest" -> the longest known name inside the phrase.
    inside = [name for k, name in claims.names.items() if k and f" {k} " in f" {name_key(phrase)} "]
    if inside:
        return max(inside, key=len)
    return _LEADING_ARTICLE.sub("", phrase).strip()


def _similar(claims: StoryClaims, a: StoryUnit, b: StoryUnit, config: PositionsConfig) -> bool:
    return float(claims.vectors[a.index] @ claims.vectors[b.index]) >= config.min_similarity
