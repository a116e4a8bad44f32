"""Corroboration: how many independent reports carry each claim group, and its status.

A wire story reprinted by five sites is one report (ingest's `duplicate_of`), and two articles of
the same outlet are one source: only independent reports corroborate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyweave.analyse.claims import StoryClaims, StoryUnit, support_spans
from storyweave.analyse.contradictions import Conflict
from storyweave.model import CORROBORATED, DISPUTED, SINGLE_SOURCE, Claim, Contradiction, Support


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

    def to_claim(self) -> Claim:
        """The brief's typed claim: each cited sentence once, in unit order."""
        return Claim(
            id=self.id,
            text=self.text,
            status=self.status,
            support=support_spans(self.units),
            independent_sources=self.independent_sources,
            contradicts=tuple(
                Contradiction(other, reason, cite(mine), cite(theirs))
                for other, reason, mine, theirs in self.contradicts
            ),
            attributed_to=tuple(sorted({u.unit.speaker for u in self.units if u.unit.speaker})),
            hedged=any(u.unit.hedged for u in self.units),
        )


def corroborate(
    claims: StoryClaims,
    groups: Sequence[tuple[int, ...]],
    contradictions: Sequence[Conflict],
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
        against.setdefault(second, {}).setdefault(first, (c.reason_from(c.second), two, one))
    result = []
    for number, members in enumerate(ordered, start=1):
        gid = f"c{number}"
        sources = len({units[i].report for i in members})
        disputes = tuple(
            (other, *found)
            for other, found in sorted(against.get(gid, {}).items(), key=lambda kv: int(kv[0][1:]))
        )
        status = DISPUTED if disputes else CORROBORATED if sources >= min_sources else SINGLE_SOURCE
        chosen = tuple(units[i] for i in members)
        result.append(
            ClaimGroup(gid, chosen, _representative(claims, members), sources, status, disputes)
        )
    return result


def cite(unit: StoryUnit) -> Support:
    """The sentence a unit is cited by."""
    return Support(unit.article, unit.unit.sentence_start, unit.unit.sentence_end, unit.citation)


def _representative(claims: StoryClaims, members: tuple[int, ...]) -> str:
    """The unit that reads best on its own speaks for the group, the one closest to all others
    (the medoid) among equals: "preparations for them are underway" states the group's point
    as well as "preparations for a meeting with Medvedev are underway", but not to a reader."""
    if len(members) == 1:
        return display_text(claims.units[members[0]].unit.text)
    vectors = claims.vectors[list(members)]
    centrality = (vectors @ vectors.T).sum(axis=1) / len(members)
    scores = [
        _self_contained(claims.units[m].unit.text) + 0.1 * float(c)
        for m, c in zip(members, centrality, strict=True)
    ]
    return display_text(claims.units[members[int(np.argmax(scores))]].unit.text)


# A clause cut from a coordination keeps the conjunction that joined it: "..., and".
_TRAILING_CONJUNCTION = re.compile(r"[\s,;:\u2013\u2014-]*\b(?:and|or|but|while)\s*$", re.I)
_LOOSE_PRONOUN = re.compile(
    r"\b(?:he|she|they|it|him|her|them|his|their|its|this|that|these|those)\b", re.IGNORECASE
)


def display_text(text: str) -> str:
    """A claim's words as a reader sees them: one line, without a dangling conjunction."""
    text = " ".join(text.split())
    return _TRAILING_CONJUNCTION.sub("", text).rstrip(" ,;:")


def _self_contained(text: str) -> float:
    """0-3: opens like a sentence, closes like one, and names what it is about within its first
    words rather than pointing back ("preparations for them")."""
    text = text.strip()
    score = 0.0
    score += text[:1].isupper() or text[:1] in '"\u201c'
    score += bool(
        re.search(r"[.!]['\"\u201d\u2019)]*$", text)
    ) and not _TRAILING_CONJUNCTION.search(text)
    score += not _LOOSE_PRONOUN.search(" ".join(text.split()[:5]))
    return score
