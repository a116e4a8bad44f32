"""Stance claims: one side's demand reported by several outlets in different words is one claim.

"The union will not end the strike until the company restores the pension plan", "union leaders
reportedly seek guarantees that pensions will not be cut" and "the union's demands: pensions
restored, then talks" share almost no wording and have different grammatical subjects, so
sentence alignment keeps them apart; what they share is who holds the position (one side) and
what it is about (the same named things and key terms).
This module joins the claim groups of such positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyweave.analyse.claims import StoryClaims, StoryUnit
from storyweave.analyse.positions import ActorStance


@dataclass(frozen=True)
class StanceConfig:
    # Both stances must share this many key terms (names excluded, near-synonyms folded) ...
    min_shared_key_terms: int = 2
    # ... and a named thing other than the side's own names (NATO, a region, a country) ...
    min_shared_entities: int = 1
    # ... and vectors at least this close.
    min_cosine: float = 0.4


def join_stances(
    claims: StoryClaims,
    groups: Sequence[tuple[int, ...]],
    positions: Sequence[ActorStance],
    cannot_link: set[tuple[int, int]],
    config: StanceConfig = StanceConfig(),
) -> list[tuple[int, ...]]:
    """Claim groups with the groups of one side's matching stances joined.

    Known failure cases: two different demands of one side about the same things ("withdraw
    from the regions" / "hold a referendum in the regions") can join when they share two key
    terms; a stance whose actor has no known side joins only stances of the same actor.
    """
    stance_units: list[tuple[StoryUnit, str]] = []
    for position in positions:
        for unit in position.units:
            stance_units.append((unit, position.side or position.actor))
    group_of = {index: g for g, members in enumerate(groups) for index in members}
    parent = list(range(len(groups)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    blocked = {frozenset(p) for p in cannot_link}
    for i, (a, side_a) in enumerate(stance_units):
        for b, side_b in stance_units[i + 1 :]:
            if side_a != side_b or a.report == b.report:
                continue
            if a.index not in group_of or b.index not in group_of:
                continue
            if frozenset((a.index, b.index)) in blocked or not _same_stance(a, b, claims, config):
                continue
            parent[find(group_of[a.index])] = find(group_of[b.index])
    joined: dict[int, list[int]] = {}
    for g, members in enumerate(groups):
        joined.setdefault(find(g), []).extend(members)
    return sorted((tuple(sorted(m)) for m in joined.values()), key=lambda g: g[0])


def _same_stance(a: StoryUnit, b: StoryUnit, claims: StoryClaims, config: StanceConfig) -> bool:
    own = a.sides | b.sides | a.subjects | b.subjects | a.speakers | b.speakers
    entities = {e for e in a.entities & b.entities if e not in own}
    entities = {e for e in entities if claims.sides.get(e) not in a.sides | b.sides}
    if len(entities) < config.min_shared_entities:
        return False
    if len(a.key_terms & b.key_terms) < config.min_shared_key_terms:
        return False
    return float(claims.vectors[a.index] @ claims.vectors[b.index]) >= config.min_cosine
