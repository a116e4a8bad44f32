"""Corroboration: how many independent reports carry each claim group, and its status.

A wire story reprinted by five sites is one report (ingest's `duplicate_of`), and two articles of
the same outlet are one source: only independent reports corroborate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storyweave.analyse.claims import StoryClaims, StoryUnit
from storyweave.analyse.contradictions import Contradiction


@dataclass(frozen=True)
class ClaimGroup:
    """One claim of the brief: units from one or more articles that state the same thing."""

    id: str
    units: tuple[StoryUnit, ...]
    text: str
    independent_sources: int
    status: str  # "corroborated" | "single_source" | "disputed"
    # (other claim id, reason, this group's sentence, the other group's sentence)
    contradicts: tuple[tuple[str, str, StoryUnit, StoryUnit], ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u.article for u in self.units))

    def to_json(self) -> dict[str, Any]:
        support = []
        seen = set()
        for unit in self.units:
            key = (unit.article, unit.unit.sentence_start)
            if key in seen:
                continue
            seen.add(key)
            support.append(
                {
                    "article": unit.article,
                    "start": unit.unit.sentence_start,
                    "end": unit.unit.sentence_end,
                    "text": unit.citation,
                }
            )
        return {
            "id": self.id,
            "text": self.text,
            "status": self.status,
            "support": support,
            "independent_sources": self.independent_sources,
            "contradicts": [
                {"claim": c, "reason": r, "this": _cite(mine), "other": _cite(theirs)}
                for c, r, mine, theirs in self.contradicts
            ],
            "attributed_to": sorted({u.unit.speaker for u in self.units if u.unit.speaker}),
            "hedged": any(u.unit.hedged for u in self.units),
        }


def corroborate(
    claims: StoryClaims,
    groups: Sequence[tuple[int, ...]],
    contradictions: Sequence[Contradiction],
    min_sources: int = 2,
) -> list[ClaimGroup]:
    """Claim groups with ids, support counts, status and contradictions, most supported first.

    Ids are stable for the same input: groups are numbered after sorting by support and text
    position. A group is `disputed` when any contradiction touches it, else `corroborated` at
    `min_sources` independent reports, else `single_source`.
    """
    units = claims.units
    ordered = sorted(
        groups,
        key=lambda g: (-len({units[i].report for i in g}), units[g[0]].article, g[0]),
    )
    group_of = {}
    for number, members in enumerate(ordered, start=1):
        for index in members:
            group_of[index] = f"c{number}"
    against: dict[str, dict[str, tuple[str, StoryUnit, StoryUnit]]] = {}
    for c in contradictions:
        if c.first not in group_of or c.second not in group_of:
            continue
        first, second = group_of[c.first], group_of[c.second]
        if first == second:
            continue
        one, two = units[c.first], units[c.second]
        against.setdefault(first, {}).setdefault(second, (c.reason, one, two))
        against.setdefault(second, {}).setdefault(first, (c.reason, two, one))
    result = []
    for number, members in enumerate(ordered, start=1):
        gid = f"c{number}"
        sources = len({units[i].report for i in members})
        disputes = tuple(
            (other, *found)
            for other, found in sorted(against.get(gid, {}).items(), key=lambda kv: int(kv[0][1:]))
        )
        status = (
            "disputed"
            if disputes
            else "corroborated"
            if sources >= min_sources
            else "single_source"
        )
        chosen = tuple(units[i] for i in members)
        result.append(
            ClaimGroup(gid, chosen, _representative(claims, members), sources, status, disputes)
        )
    return result


def _cite(unit: StoryUnit) -> dict[str, Any]:
    return {
        "article": unit.article,
        "start": unit.unit.sentence_start,
        "end": unit.unit.sentence_end,
        "text": unit.citation,
    }


def _representative(claims: StoryClaims, members: tuple[int, ...]) -> str:
    """The unit closest to all others (the medoid) speaks for the group."""
    if len(members) == 1:
        return claims.units[members[0]].unit.text
    vectors = claims.vectors[list(members)]
    centrality = (vectors @ vectors.T).sum(axis=1)
    return claims.units[members[int(np.argmax(centrality))]].unit.text
