"""Agglomerate articles into stories over the nearest-neighbour graph.

Two groups are one story when two things hold:
- they link to each other about as much as two parts of one story would: if A and B together
  were one story whose s articles each link to their k nearest, about 2k|A||B|/(s - 1) links
  would run between them; the linkage is the observed count over that expectation. It compares
  neighbourhoods, not absolute similarities, so it adapts to dense topics (two earthquakes whose
  reports all look alike, yet each report's closest reports are of its own quake) and does not
  penalise big stories the way the average similarity over all pairs does;
- the links between them are at least `min_cohesion` times as strong (mean similarity) as the
  links that hold each together. This matters in small piles, where an article's k slots are
  filled with whatever there is, so link counts alone say little.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class _Group:
    members: list[int]
    story: str | None  # an existing story's id: two such groups never merge
    # other group -> [number of links, summed similarity] between the two
    links: dict[int, list[float]] = field(default_factory=dict)
    inner_links: int = 0
    inner_similarity: float = 0.0
    version: int = 0

    def cohesion(self) -> float | None:
        return self.inner_similarity / self.inner_links if self.inner_links else None


@dataclass(frozen=True)
class LinkageConfig:
    neighbours: int = 5
    min_linkage: float = 0.25
    min_cohesion: float = 0.0


def link_groups(
    count: int,
    edges: Sequence[tuple[int, int, float]],
    initial: Sequence[tuple[Sequence[int], str | None]],
    config: LinkageConfig = LinkageConfig(),
) -> list[tuple[list[int], str | None]]:
    """Groups of node indices 0..count-1, each with the existing story id it continues (or None).

    `edges` are (source, target, similarity) nearest-neighbour links. `initial` lists starting
    groups (an existing story's members with its id); every other node starts alone. Groups
    merge best linkage first; ties go to the lowest node ids, so the result depends only on the
    graph, not on input order. Known failure cases: a story covered over weeks with no article
    bridging the days stays split; two events of one kind merge when most of their reports
    link across (same names, same days).
    """
    groups: dict[int, _Group] = {}
    owner = list(range(count))
    for members, story in initial:
        ordered = sorted(members)
        if not ordered:
            continue
        groups[ordered[0]] = _Group(ordered, story)
        for m in ordered:
            owner[m] = ordered[0]
    for node in range(count):
        if owner[node] == node and node not in groups:
            groups[node] = _Group([node], None)
    for a, b, similarity in edges:
        ga, gb = owner[a], owner[b]
        if ga == gb:
            groups[ga].inner_links += 1
            groups[ga].inner_similarity += similarity
            continue
        link = groups[ga].links.setdefault(gb, [0, 0.0])
        link[0] += 1
        link[1] += similarity
        groups[gb].links[ga] = link

    heap: list[tuple[float, float, int, int, int, int]] = []

    def push(ka: int, kb: int) -> None:
        a, b = groups[ka], groups[kb]
        if a.story is not None and b.story is not None:
            return
        value = _linkage(a, b, a.links[kb], config)
        if value is not None:
            lo, hi = min(ka, kb), max(ka, kb)
            # Ties (every mutual pair of single articles has linkage 1) go to the stronger link.
            strength = a.links[kb][1] / a.links[kb][0]
            entry = (-value, -strength, lo, hi, groups[lo].version, groups[hi].version)
            heapq.heappush(heap, entry)

    for ka, group in groups.items():
        for kb in group.links:
            if ka < kb:
                push(ka, kb)
    while heap:
        _, _, ka, kb, va, vb = heapq.heappop(heap)
        if ka not in groups or kb not in groups:
            continue
        if groups[ka].version != va or groups[kb].version != vb:
            continue
        keep, gone = (ka, kb) if len(groups[ka].members) >= len(groups[kb].members) else (kb, ka)
        _merge(groups, keep, gone)
        for other in list(groups[keep].links):
            push(keep, other)
    return [(sorted(g.members), g.story) for _, g in sorted(groups.items())]


def _linkage(a: _Group, b: _Group, link: list[float], config: LinkageConfig) -> float | None:
    """The linkage of a and b, or None when they must not merge."""
    count, similarity = link
    sa, sb = len(a.members), len(b.members)
    total = sa + sb
    expected = 2 * min(config.neighbours, total - 1) * sa * sb / (total - 1)
    value = count / expected
    if value < config.min_linkage:
        return None
    cohesions = [c for c in (a.cohesion(), b.cohesion()) if c is not None]
    if cohesions and similarity / count < config.min_cohesion * min(cohesions):
        return None
    return value


def _merge(groups: dict[int, _Group], keep: int, gone: int) -> None:
    a, b = groups[keep], groups.pop(gone)
    between = a.links.pop(gone)
    a.members.extend(b.members)
    a.story = a.story or b.story
    a.inner_links += b.inner_links + int(between[0])
    a.inner_similarity += b.inner_similarity + between[1]
    a.version += 1
    for other, link in b.links.items():
        if other == keep:
            continue
        merged = a.links.get(other)
        if merged is None:
            merged = [0, 0.0]
            a.links[other] = merged
        merged[0] += link[0]
        merged[1] += link[1]
        # Only the pair (keep, other) changed for `other`; the caller pushes it again.
        links = groups[other].links
        links.pop(gone, None)
        links[keep] = merged
