"""Each article's few closest articles, found without comparing every pair.

Candidates come from blocking: articles that share one of their strongest key terms or names, or
fall in the same random-hyperplane bucket of their document vectors (LSH: paraphrases that share
few words). Only candidates are scored exactly, so the cost grows with the number of articles
times the (capped) size of the blocks, not with its square.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from storyweave.stories.features import ArticleFeatures


@dataclass(frozen=True)
class NeighbourConfig:
    # How many closest articles each article links to. Five: an article's nearest neighbours are
    # almost always reports of its own event (98.6% of first neighbours on ECB+), while its tenth
    # is often a report of another event of the same kind once a story has few reports.
    neighbours: int = 5
    # Below this an article is not a neighbour at all, however few others there are. TF-IDF
    # cosines of unrelated news sit below 0.05 (ECB+: 90% of pairs from different topics).
    min_similarity: float = 0.1
    # Similarity = weighted mean of the cosines of key terms, names and document vectors.
    term_weight: float = 0.7
    entity_weight: float = 0.15
    vector_weight: float = 0.15
    # Two reports that both name who and where, yet share no name, are rarely one event: two
    # earthquakes, two arrests. Their similarity is scaled by this.
    no_shared_names_factor: float = 0.5
    # Neighbours much less similar than an article's closest one are not its peers: in a small
    # pile an article's k slots would otherwise fill with reports of other events.
    min_relative_similarity: float = 0.0
    # Dated pairs further apart than this pay a penalty halving every `half_life_days`: the same
    # kind of event weeks later is usually another event; a developing story still holds
    # together through its day-to-day neighbours.
    same_event_days: int = 3
    half_life_days: float = 7.0
    # Pairs of which one has no date: content alone decides at full weight.
    undated_factor: float = 1.0
    # Blocking: an article's strongest terms and names are its keys; a key shared by more than
    # `max_block` articles is too common to single out an event and is not used for blocking
    # (it still counts when a pair is scored).
    key_terms: int = 12
    max_block: int = 256
    # Candidates scored exactly per article: those sharing the most keys.
    candidates: int = 48
    lsh_tables: int = 4
    lsh_bits: int = 14
    seed: int = 0
    # Articles whose candidates are scored at once; bounds peak memory.
    chunk: int = 1024


@dataclass(frozen=True)
class NeighbourGraph:
    """Directed edges source -> target: target is one of source's nearest neighbours."""

    source: np.ndarray
    target: np.ndarray
    similarity: np.ndarray


def nearest_neighbours(
    features: ArticleFeatures,
    queries: np.ndarray | None = None,
    config: NeighbourConfig = NeighbourConfig(),
) -> NeighbourGraph:
    """Nearest-neighbour edges of the `queries` articles (all when None), searched among all.

    Known failure cases: two reports that share none of their strongest terms or names and
    land in no common vector bucket are never compared; an article whose every key is common
    (more than `max_block` articles) is found only through the vector buckets.
    """
    n = len(features)
    if queries is None:
        queries = np.arange(n)
    keys = _blocking_keys(features, config)
    keys_t = keys.T.tocsr()
    sources, targets, sims = [], [], []
    for start in range(0, len(queries), config.chunk):
        rows = queries[start : start + config.chunk]
        pair_i, pair_j = _candidates(keys[rows], keys_t, rows, config.candidates)
        if len(pair_i) == 0:
            continue
        scores = pair_similarity(features, pair_i, pair_j, config)
        keep = _top_per_source(
            pair_i, scores, config.neighbours, config.min_similarity, config.min_relative_similarity
        )
        sources.append(pair_i[keep])
        targets.append(pair_j[keep])
        sims.append(scores[keep])
    if not sources:
        empty = np.zeros(0, dtype=np.int64)
        return NeighbourGraph(empty, empty, np.zeros(0, dtype=np.float32))
    return NeighbourGraph(np.concatenate(sources), np.concatenate(targets), np.concatenate(sims))


def pair_similarity(
    features: ArticleFeatures, left: np.ndarray, right: np.ndarray, config: NeighbourConfig
) -> np.ndarray:
    """Similarity of each pair (left[p], right[p]), time penalty included."""
    score = np.zeros(len(left), dtype=np.float32)
    if config.term_weight:
        score += config.term_weight * _sparse_dots(features.terms, left, right)
    names = _sparse_dots(features.entities, left, right)
    score += config.entity_weight * names
    if config.vector_weight and features.vectors.shape[1]:
        dots = np.einsum("ij,ij->i", features.vectors[left], features.vectors[right])
        score += config.vector_weight * np.maximum(dots, 0)
    named = np.diff(features.entities.indptr) > 0
    strangers = named[left] & named[right] & (names <= 0)
    score[strangers] *= config.no_shared_names_factor
    return score * time_factor(features.gap_days(left, right), config)


def time_factor(gap_days: np.ndarray, config: NeighbourConfig) -> np.ndarray:
    """1 within `same_event_days`, then halving per half-life; `undated_factor` when the gap is
    unknown (-1: either has no date)."""
    excess = np.maximum(gap_days.astype(np.float32) - config.same_event_days, 0)
    factor = np.power(np.float32(0.5), excess / np.float32(config.half_life_days))
    return np.where(gap_days < 0, np.float32(config.undated_factor), factor).astype(np.float32)


def _sparse_dots(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    if matrix.shape[1] == 0:
        return np.zeros(len(left), dtype=np.float32)
    products = matrix[left].multiply(matrix[right])
    return np.asarray(products.sum(axis=1), dtype=np.float32).ravel()


def _blocking_keys(features: ArticleFeatures, config: NeighbourConfig) -> sparse.csr_matrix:
    """Binary article x key matrix: strongest terms, strongest names, vector LSH buckets."""
    n = len(features)
    blocks = [
        _strongest(features.terms, config.key_terms),
        _strongest(features.entities, config.key_terms),
    ]
    if features.vectors.shape[1] and config.lsh_tables:
        blocks.append(_lsh_buckets(features.vectors, config))
    keys = sparse.hstack(blocks, format="csr", dtype=np.float32) if blocks else None
    if keys is None or n == 0:
        return sparse.csr_matrix((n, 0), dtype=np.float32)
    sizes = np.bincount(keys.indices, minlength=keys.shape[1])
    useful = np.flatnonzero((sizes >= 2) & (sizes <= config.max_block))
    return keys[:, useful].tocsr()


def _strongest(matrix: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Binary: each row's k strongest entries (ties to the lower column), in that order; rows of
    k or fewer entries as they are. Whole-slice sorts, not a loop of small arrays per row
    (hundreds of MB of them at a million articles); slices of rows bound the sorts' memory."""
    rows, cols = [], []
    for start in range(0, matrix.shape[0], _STRONGEST_SLICE):
        part = matrix[start : start + _STRONGEST_SLICE]
        lengths = np.diff(part.indptr)
        row = np.repeat(np.arange(part.shape[0]), lengths)
        long_row = (lengths > k)[row]
        # Within a row: strongest first where the row is cut, else in stored (column) order.
        stored = np.where(long_row, part.indices, np.arange(len(row)))
        order = np.lexsort((stored, np.where(long_row, -part.data, 0), row))
        keep = order[np.arange(len(order)) - part.indptr[row] < k]
        rows.append(row[keep] + start)
        cols.append(part.indices[keep])
    if not rows:
        return sparse.csr_matrix(matrix.shape, dtype=np.float32)
    row = np.concatenate(rows)
    return sparse.csr_matrix(
        (np.ones(len(row), dtype=np.float32), (row, np.concatenate(cols))), shape=matrix.shape
    )


_STRONGEST_SLICE = 65536


def _lsh_buckets(vectors: np.ndarray, config: NeighbourConfig) -> sparse.csr_matrix:
    """Random-hyperplane LSH (Charikar 2002): pairs with cosine c share a table's bucket with
    probability (1 - arccos(c)/pi) ** bits; several tables raise recall for close pairs."""
    n, dims = vectors.shape
    planes = np.random.default_rng(config.seed).standard_normal(
        (config.lsh_tables, dims, config.lsh_bits)
    )
    weights = 1 << np.arange(config.lsh_bits)
    present = np.flatnonzero(np.any(vectors != 0, axis=1))
    rows, cols = [], []
    for table in range(config.lsh_tables):
        bits = (vectors[present] @ planes[table].astype(np.float32)) > 0
        rows.append(present)
        cols.append(table * (1 << config.lsh_bits) + bits.astype(np.int64) @ weights)
    row = np.concatenate(rows)
    return sparse.csr_matrix(
        (np.ones(len(row), dtype=np.float32), (row, np.concatenate(cols))),
        shape=(n, config.lsh_tables << config.lsh_bits),
    )


def _candidates(
    query_keys: sparse.csr_matrix, keys_t: sparse.csr_matrix, rows: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """(query, candidate) pairs: per query the `limit` articles sharing most keys with it."""
    shared = (query_keys @ keys_t).tocsr()
    pair_i, pair_j = [], []
    for local, query in enumerate(rows):
        start, end = shared.indptr[local], shared.indptr[local + 1]
        others, counts = shared.indices[start:end], shared.data[start:end]
        mask = others != query
        others, counts = others[mask], counts[mask]
        if len(others) > limit:
            keep = np.lexsort((others, -counts))[:limit]
            others = others[keep]
        pair_i.append(np.full(len(others), query, dtype=np.int64))
        pair_j.append(others.astype(np.int64))
    if not pair_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(pair_i), np.concatenate(pair_j)


def _top_per_source(
    source: np.ndarray, scores: np.ndarray, k: int, floor: float, relative: float
) -> np.ndarray:
    """Indices of the k best-scoring pairs of each source with score >= floor and >= relative
    times the source's best score."""
    order = np.lexsort((-scores, source))  # by source, best first
    sorted_source = source[order]
    sorted_scores = scores[order]
    first = np.searchsorted(sorted_source, sorted_source, side="left")
    rank = np.arange(len(order)) - first
    good = (
        (rank < k) & (sorted_scores >= floor) & (sorted_scores >= relative * sorted_scores[first])
    )
    return np.sort(order[good])
