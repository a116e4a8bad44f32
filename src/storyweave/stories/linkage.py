"""Agglomerate items over their nearest-neighbour graph: articles into events, events into stories.

Two groups are one when two things hold:
- they link to each other about as much as two parts of one group would: if A and B together
  were one group whose s items each link to their k nearest, about 2k|A||B|/(s - 1) links
  would run between them; the linkage is the observed count over that expectation. It compares
  neighbourhoods, not absolute similarities, so it adapts to dense topics (two earthquakes whose
  reports all look alike, yet each report's closest reports are of its own quake) and does not
  penalise big groups the way the average similarity over all pairs does;
- the links between them are at least `min_cohesion` times as strong (mean similarity) as the
  links that hold each together. This matters in small piles, where an item's k slots are
  filled with whatever there is, so link counts alone say little.
Optionally a first pass over each item's strong links only (see LevelConfig) makes the groups
that the full graph then grows.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storyweave.stories.features import ArticleFeatures
from storyweave.stories.neighbours import NeighbourConfig, nearest_neighbours


# A group per item: slots save a dict per group (about 100 MB at a million articles).
@dataclass(slots=True)
class _Group:
    members: list[int]
    label: str | None  # an existing event's or story's id: two such groups never merge
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


@dataclass(frozen=True)
class LevelConfig:
    """How one level is grouped: which links count (neighbours.py) and when groups merge."""

    neighbours: NeighbourConfig = NeighbourConfig()
    # Two groups are one when they link to each other at least this fraction of what two
    # halves of one group would, ...
    min_linkage: float = 0.3
    # ... and the links between them are at least this fraction as strong as those within.
    min_cohesion: float = 0.4
    # A first pass that keeps only each item's links at least this fraction as strong as its
    # best (0: no first pass); its groups then grow over all links under `final_cohesion`.
    first_pass_relative: float = 0.0
    final_cohesion: float = 0.4


def agglomerate(
    features: ArticleFeatures,
    new_items: np.ndarray,
    fixed: Mapping[str, Sequence[int]],
    config: LevelConfig,
) -> list[tuple[list[int], str | None]]:
    """Groups of item indices, each with the fixed group's label it continues (or None).

    `fixed` maps a label (an existing event or story id) to its items, which stay together;
    only `new_items` move, and two fixed groups never merge.
    """
    initial = [(items, label) for label, items in sorted(fixed.items())]
    if len(new_items) == 0:
        return [(sorted(items), label) for items, label in initial]
    settings = config.neighbours
    if fixed:
        # Incremental: the neighbours of new items, and of the fixed items they reach: their
        # links back to new items count toward merging, their links among fixed items tell how
        # tightly a fixed group holds together (its cohesion), which a newcomer must match.
        graph = nearest_neighbours(features, new_items, settings)
        reached = np.setdiff1d(np.unique(graph.target), new_items)
        back = nearest_neighbours(features, reached, settings)
        sources = np.concatenate([graph.source, back.source])
        targets = np.concatenate([graph.target, back.target])
        similarities = np.concatenate([graph.similarity, back.similarity])
    else:
        graph = nearest_neighbours(features, None, settings)
        sources, targets, similarities = graph.source, graph.target, graph.similarity
    linkage = LinkageConfig(settings.neighbours, config.min_linkage, config.min_cohesion)
    if not config.first_pass_relative:
        return link_groups(len(features), _edges(sources, targets, similarities), initial, linkage)
    best = np.zeros(len(features), dtype=np.float32)
    np.maximum.at(best, sources, similarities)
    strong = similarities >= config.first_pass_relative * best[sources]
    first = link_groups(
        len(features),
        _edges(sources[strong], targets[strong], similarities[strong]),
        initial,
        linkage,
    )
    final = LinkageConfig(settings.neighbours, config.min_linkage, config.final_cohesion)
    return link_groups(len(features), _edges(sources, targets, similarities), first, final)


def _edges(
    sources: np.ndarray, targets: np.ndarray, similarities: np.ndarray
) -> Iterator[tuple[int, int, float]]:
    """The edges as Python values, a slice at a time: a tuple per edge for all of them would
    hold about 150 bytes per edge at once (600 MB for the four million links of a million
    articles)."""
    for start in range(0, len(sources), _EDGE_SLICE):
        end = start + _EDGE_SLICE
        yield from zip(
            sources[start:end].tolist(),
            targets[start:end].tolist(),
            similarities[start:end].tolist(),
            strict=True,
        )


_EDGE_SLICE = 65536


def link_groups(
    count: int,
    edges: Iterable[tuple[int, int, float]],
    initial: Sequence[tuple[Sequence[int], str | None]],
    config: LinkageConfig = LinkageConfig(),
) -> list[tuple[list[int], str | None]]:
    """Groups of node indices 0..count-1, each with the existing label it continues (or None).

    `edges` are (source, target, similarity) nearest-neighbour links. `initial` lists starting
    groups (an existing event's or story's members with its id); every other node starts
    alone. Groups merge best linkage first; ties go to the lowest node ids, so the result
    depends only on the graph, not on input order. Known failure cases: two events of one kind
    merge when most of their reports link across (same names, same days); a group whose links
    run only through one member (a chain) joins less readily than its closeness suggests.
    """
    groups: dict[int, _Group] = {}
    owner = list(range(count))
    for members, label in initial:
        ordered = sorted(members)
        if not ordered:
            continue
        groups[ordered[0]] = _Group(ordered, label)
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
        if a.label is not None and b.label is not None:
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
    return [(sorted(g.members), g.label) for _, g in sorted(groups.items())]


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
    a.label = a.label or b.label
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
