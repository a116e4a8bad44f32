"""What grouping compares on: key terms, named entities, the document vector and the dates, for
articles and, pooled from their articles, for events.

Term and entity weights are TF-IDF over the articles being grouped (existing and new together):
a word that half the pile uses says little about which event an article reports, a name that
three articles share says a lot. The statistics change as the pile grows, which never moves an
article that is already in a story (see grouping.py); on the same input they are the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from storyweave.model import AnnotatedArticle
from storyweave.nlp.stop_words import ENGLISH_STOP_WORDS

# Entity types that say who and where. NORP ("Iranian", "Democrats") and dates say what kind of
# event, which two different events of one kind share, so they stay out.
KEY_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"})
# Words of two or more letters or digits; inner hyphens and apostrophes kept ("al-Assad").
_TOKEN = r"(?u)\b\w[\w'\u2019-]*\w\b"
# A headline that is only a URL (scraped pages, ECB+ documents) carries no headline words.
_URL_TITLE = re.compile(r"^\s*(?:https?:|www\.)\S*(?:\s*[/.]\s*\S+)*\s*$", re.IGNORECASE)
# Pseudo-count of the shrinkage of the mean vector (see _centre).
CENTRING_PRIOR = 20
# Days are counted from here; any fixed day works, it only has to be the same in every run.
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class FeatureConfig:
    # Only the headline and lead: the tail of long articles drifts into background that
    # other stories share (the document vector stops at 2000 characters for the same reason).
    max_chars: int = 4000
    # Keep an article's strongest terms only: bounds memory and pair-scoring cost at 100k
    # articles; the weak tail of a TF-IDF vector barely moves a cosine.
    max_terms: int = 80
    # Between events (stories) term weights also count general English: as if the pile held
    # this many more documents of `background_words` words each, drawn from everyday usage. In
    # a pile of five reports the pile's own document frequencies cannot tell "probably" from
    # "Kremlin", and the words one report happens to use swamp what two reports share; in a
    # pile of thousands the background is outweighed.
    background_documents: float = 30.0
    background_words: float = 300.0


@dataclass(frozen=True)
class ArticleFeatures:
    """Row i of every matrix describes item i: articles[i], or event i when pooled.

    terms, entities: L2-normalised TF-IDF rows (CSR, float32); a row with no terms is zero.
    vectors: document vectors minus the pile's mean direction, re-normalised (zero if missing):
    static embeddings of any two news texts have a cosine near 0.5, and centring makes an
    unrelated pair score near zero, comparable with the sparse cosines.
    days: publication day number (an event's first), or -1 when there is no date.
    last_days: an event's last publication day; None for articles (a single day each).
    background_terms: `terms` weighted with document frequencies that count general English
    too (FeatureConfig.background_documents), for comparing events; None when not computed.
    """

    terms: sparse.csr_matrix
    entities: sparse.csr_matrix
    vectors: np.ndarray
    days: np.ndarray
    last_days: np.ndarray | None = None
    background_terms: sparse.csr_matrix | None = None

    def __len__(self) -> int:
        return int(self.days.shape[0])

    def gap_days(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Days between items left[p] and right[p] (0 when their spans overlap), -1 when
        either has no date."""
        last = self.days if self.last_days is None else self.last_days
        gap = np.maximum(
            np.maximum(self.days[left] - last[right], self.days[right] - last[left]), 0
        )
        return np.where((self.days[left] < 0) | (self.days[right] < 0), -1, gap)


def build_features(
    articles: Iterable[AnnotatedArticle], config: FeatureConfig = FeatureConfig()
) -> ArticleFeatures:
    """Features of every article, with corpus statistics computed over `articles`."""
    rows = FeatureRows(config)
    for article in articles:
        rows.add(article)
    return rows.build()


class FeatureRows:
    """What features are made of (term and name counts, document vector, day), added one
    article at a time and held in flat arrays, no object per article: grouping a million
    articles reads them as a stream instead of holding every article (3.3 KB each as the
    grouping bench generates them, bench/grouping.py) until the statistics are known.

    The document vectors' length is the first vector's; a vector of another length counts as
    missing (two embedding models in one pile).
    """

    # Vectors are kept in blocks of this many rows: a block is freed as soon as its rows have
    # moved to the features, so the raw and the finished vectors are never both whole.
    _BLOCK_ROWS = 4096

    def __init__(self, config: FeatureConfig = FeatureConfig()) -> None:
        self._config = config
        self._terms = _CountRows(_TOKEN, ENGLISH_STOP_WORDS)
        self._names = _CountRows(r"[^\n]+", None)
        self._blocks: list[np.ndarray | None] = []
        self._present = array("b")
        self._days = array("q")
        self._dims: int | None = None

    def __len__(self) -> int:
        return len(self._days)

    def add(self, article: AnnotatedArticle) -> None:
        """Row len(self) describes `article`."""
        self._terms.add(grouping_text(article, self._config.max_chars))
        self._names.add("\n".join(entity_keys(article)))
        published = article.article.published
        self._days.append((published - _EPOCH).days if published else -1)
        vector = article.vector
        if vector is not None and self._dims is None:
            self._dims = int(vector.shape[0])
        row = (len(self._days) - 1) % self._BLOCK_ROWS
        if row == 0:
            self._blocks.append(None)  # allocated with the block's first vector
        fits = vector is not None and vector.shape[0] == self._dims
        if fits:
            if self._blocks[-1] is None:
                self._blocks[-1] = np.zeros((self._BLOCK_ROWS, self._dims), dtype=np.float32)
            self._blocks[-1][row] = vector
        self._present.append(bool(fits and np.any(vector)))

    def build(self, rows: np.ndarray | None = None) -> ArticleFeatures:
        """Features of the added articles `rows` (all when None), in that order, statistics over
        those rows only. Consumes what was added: call once."""
        if rows is None:
            rows = np.arange(len(self), dtype=np.int64)
        rows = np.asarray(rows, dtype=np.int64)
        config = self._config
        vectors = self._vectors(rows)
        counts, vocabulary = self._terms.build(rows)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        terms = _tfidf(counts, _idf(len(rows), df), config.max_terms)
        background_terms = None
        if config.background_documents:
            background = _background_document_frequency(vocabulary, config)
            idf = _idf(len(rows) + config.background_documents, df + background)
            background_terms = _tfidf(counts, idf, config.max_terms)
        del counts
        names, _ = self._names.build(rows)
        entities = _tfidf(
            names,
            _idf(len(rows), np.bincount(names.indices, minlength=names.shape[1])),
            config.max_terms,
        )
        return ArticleFeatures(
            terms=terms,
            entities=entities,
            vectors=vectors,
            days=np.frombuffer(self._days, dtype=np.int64)[rows].copy(),
            background_terms=background_terms,
        )

    def _vectors(self, rows: np.ndarray) -> np.ndarray:
        vectors = np.empty((len(rows), self._dims or 0), dtype=np.float32)
        present = np.frombuffer(self._present, dtype=np.int8)[rows].astype(bool)
        blocks, self._blocks = self._blocks, []
        block_of = rows // self._BLOCK_ROWS
        order = np.argsort(block_of, kind="stable")
        bounds = np.searchsorted(block_of[order], np.arange(len(blocks) + 1))
        for number in range(len(blocks)):
            block, blocks[number] = blocks[number], None
            targets = order[bounds[number] : bounds[number + 1]]
            if block is None:
                vectors[targets] = 0
            else:
                vectors[targets] = block[rows[targets] % self._BLOCK_ROWS]
            del block
        _centre(vectors, present)
        return vectors


class _CountRows:
    """Term counts of texts added one at a time (articles x vocabulary): what scikit-learn's
    CountVectorizer gives for lower-cased text, the pattern's matches and the stop words left
    out, without loading scikit-learn (a second per run)."""

    def __init__(self, token_pattern: str, stop_words: frozenset[str] | None) -> None:
        self._pattern = re.compile(token_pattern)
        self._stop = stop_words or frozenset()
        # Rows go into flat arrays: a counter per text for a million texts would hold
        # gigabytes at once.
        self._column: dict[str, int] = {}
        self._indptr = array("q", [0])
        self._indices = array("i")
        self._data = array("f")

    def add(self, text: str) -> None:
        column, stop = self._column, self._stop
        ids = [
            column.setdefault(t, len(column))
            for t in self._pattern.findall(text.lower())
            if t not in stop
        ]
        if ids:
            unique, repeats = np.unique(np.asarray(ids, dtype=np.int32), return_counts=True)
            self._indices.extend(unique.tolist())
            self._data.extend(repeats.tolist())
        self._indptr.append(len(self._indices))

    def build(self, rows: np.ndarray) -> tuple[sparse.csr_matrix, list[str]]:
        """Counts of texts `rows`, and the vocabulary in alphabetical order, one term per
        column. Terms only other rows use keep an empty column: it changes no weight or
        cosine, and column order between used terms stays alphabetical."""
        if not len(rows):
            return sparse.csr_matrix((0, 0), dtype=np.float32), []
        if not self._column:  # no text has a single term
            return sparse.csr_matrix((len(rows), 1), dtype=np.float32), [""]
        column, self._column = self._column, {}
        vocabulary = sorted(column)
        rank = np.empty(len(column), dtype=np.int32)
        rank[[column[t] for t in vocabulary]] = np.arange(len(vocabulary), dtype=np.int32)
        del column
        indptr = np.frombuffer(self._indptr, dtype=np.int64)
        starts, ends = indptr[rows], indptr[rows + 1]
        lengths = ends - starts
        out_indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=out_indptr[1:])
        # Positions of the chosen rows' entries, row after row, without a Python loop.
        positions = np.repeat(starts - out_indptr[:-1], lengths) + np.arange(out_indptr[-1])
        indices = rank[np.frombuffer(self._indices, dtype=np.int32)[positions]]
        data = np.frombuffer(self._data, dtype=np.float32)[positions]
        del positions
        self._indptr, self._indices, self._data = array("q", [0]), array("i"), array("f")
        counts = sparse.csr_matrix((data, indices, out_indptr), shape=(len(rows), len(vocabulary)))
        counts.sort_indices()
        return counts, vocabulary


def pool_features(
    features: ArticleFeatures,
    groups: Sequence[np.ndarray],
    config: FeatureConfig = FeatureConfig(),
    background: bool = True,
) -> ArticleFeatures:
    """Features of groups of items (events from their articles): the mean of the members' rows,
    re-normalised, so a name or a term that most of an event's reports carry weighs most (its
    principal actors and its business); days span the first to the last dated member. With
    `background`, term weights count general English too (FeatureConfig)."""
    count = len(groups)
    if count == 0 or len(features) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return ArticleFeatures(
            sparse.csr_matrix((0, features.terms.shape[1]), dtype=np.float32),
            sparse.csr_matrix((0, features.entities.shape[1]), dtype=np.float32),
            np.zeros((0, features.vectors.shape[1]), dtype=np.float32),
            empty,
            empty,
        )
    rows = np.repeat(np.arange(count), [len(g) for g in groups])
    cols = np.concatenate([np.asarray(g, dtype=np.int64) for g in groups])
    sizes = np.bincount(rows, minlength=count).astype(np.float32)
    membership = sparse.csr_matrix(
        (1 / sizes[rows], (rows, cols)), shape=(count, len(features)), dtype=np.float32
    )

    def pooled(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        means = _keep_top((membership @ matrix).tocsr(), config.max_terms)
        return _normalise_rows(means)

    terms = features.terms
    if background and features.background_terms is not None:
        terms = features.background_terms
    vectors = np.asarray(membership @ features.vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    days = features.days[cols]
    dated = days >= 0
    first = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, rows[dated], days[dated])
    last = np.full(count, -1, dtype=np.int64)
    np.maximum.at(last, rows[dated], days[dated])
    first[last < 0] = -1
    return ArticleFeatures(pooled(terms), pooled(features.entities), vectors, first, last)


def headline(article: AnnotatedArticle) -> str | None:
    """The article's title, unless it is missing or only a URL."""
    title = (article.article.title or "").strip()
    if not title or _URL_TITLE.match(title):
        return None
    return title


def grouping_view(
    article: AnnotatedArticle, config: FeatureConfig = FeatureConfig()
) -> AnnotatedArticle:
    """`article` with only what grouping reads: the headline, the lead (`max_chars`, and the
    first sentence whole: an event's title comes from it), the who/where mentions, the
    document vector and the metadata. Grouping a store needs every article at once; the full
    annotations of a 1.7k-character article took 63 KB in memory, this view 13 KB
    (bench/memory.py)."""
    first = article.sentences[:1]
    cut = max(config.max_chars, first[0].end if first else 0)
    return dataclasses.replace(
        article,
        article=dataclasses.replace(article.article, text=article.article.text[:cut]),
        sentences=first,
        entities=tuple(e for e in article.entities if e.type in KEY_ENTITY_TYPES),
        quotes=(),
        times=(),
        claims=(),
    )


def grouping_text(article: AnnotatedArticle, max_chars: int) -> str:
    """Headline plus lead, the text key terms are counted in."""
    title = headline(article)
    body = article.article.text[:max_chars]
    return f"{title}\n{body}" if title else body


def entity_keys(article: AnnotatedArticle) -> list[str]:
    """Lower-cased who/where names, one per mention; a person also counts under the last word
    of the name, so "Obama" and "Barack Obama" meet. Known failure case: two people sharing a
    surname meet too (their first names still differ)."""
    keys = []
    for mention in article.entities:
        if mention.type not in KEY_ENTITY_TYPES:
            continue
        name = " ".join(mention.text.lower().split())
        keys.append(name)
        if mention.type == "PERSON" and " " in name:
            keys.append(name.rsplit(" ", 1)[1])
    return keys


def _idf(documents: float, df: np.ndarray) -> np.ndarray:
    # Smoothed IDF (as scikit-learn's): never zero, so with a handful of articles, where every
    # word is "common", the cosine falls back to plain term overlap.
    return (np.log((documents + 1) / (df + 1)) + 1).astype(np.float32)


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray, max_terms: int) -> sparse.csr_matrix:
    """Sublinear TF x IDF, top `max_terms` per row, rows L2-normalised."""
    # Own index arrays: normalising works in place, and `counts` serves a second weighting.
    weights = sparse.csr_matrix(
        (
            (1 + np.log(counts.data)) * idf[counts.indices],
            counts.indices.copy(),
            counts.indptr.copy(),
        ),
        shape=counts.shape,
    )
    return _normalise_rows(_keep_top(weights, max_terms))


def _background_document_frequency(vocabulary: Sequence[str], config: FeatureConfig) -> np.ndarray:
    """Per term, in how many of `background_documents` everyday documents it is expected: a word
    of frequency f (per word of running text) is in a document of w words with probability
    1 - exp(-w f) (Poisson)."""
    zipf = background_frequencies()
    frequency = np.array([10 ** (zipf[t] - 9) if t in zipf else 0.0 for t in vocabulary])
    return config.background_documents * -np.expm1(-config.background_words * frequency)


# Words as the grouping's tokenizer keeps them: two or more letters or digits, inner hyphens
# and apostrophes.
_BACKGROUND_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*[a-z0-9]")
# Rarer words add under 0.1 of a document to any term's frequency at the default weight.
_MIN_BACKGROUND_ZIPF = 4.0


@functools.cache
def background_frequencies() -> Mapping[str, float]:
    """Word -> Zipf frequency (log10 of occurrences per billion words) of everyday English,
    from the wordfreq package's 'large' English list (Speer et al.; about 7,000 words at Zipf
    4.0 and above), rounded to two decimals."""
    from wordfreq import get_frequency_list  # 0.3 s to load: only when grouping

    frequencies: dict[str, float] = {}
    # The list comes in frequency bins of one centibel: bin i holds the words of frequency
    # 10 ** (-i / 100), that is Zipf 9 - i / 100 (what zipf_frequency gives for one word).
    for number, words in enumerate(get_frequency_list("en", "large")):
        zipf = round(9 - number / 100, 2)
        if zipf < _MIN_BACKGROUND_ZIPF:
            break
        frequencies.update((w, zipf) for w in words if _BACKGROUND_WORD.fullmatch(w))
    return frequencies


def _normalise_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """`matrix` (float32, canonical: sorted indices, no duplicates) with every nonzero row
    scaled to unit length, in place: the same products as multiplying by the diagonal of
    inverse norms, without the two copies of the matrix that costs."""
    matrix.sort_indices()
    squares = sparse.csr_matrix(
        (matrix.data * matrix.data, matrix.indices, matrix.indptr), shape=matrix.shape
    )
    norms = np.sqrt(np.asarray(squares.sum(axis=1)).ravel())
    del squares
    norms[norms == 0] = 1
    matrix.data *= np.repeat((1 / norms).astype(np.float32), np.diff(matrix.indptr))
    # A product can underflow to zero; the diagonal product left such entries out.
    matrix.eliminate_zeros()
    return matrix


def _keep_top(matrix: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """The k largest entries of each row (ties to the lower column), indices sorted."""
    lengths = np.diff(matrix.indptr)
    matrix.sort_indices()
    if lengths.max(initial=0) <= k:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)
    # By row, then largest first, ties broken by term index: deterministic for a vocabulary.
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rank = np.arange(len(order)) - matrix.indptr[rows]
    keep = np.sort(order[rank < k])
    kept = np.minimum(lengths, k)
    indptr = np.zeros(len(lengths) + 1, dtype=matrix.indptr.dtype)
    np.cumsum(kept, out=indptr[1:])
    return sparse.csr_matrix(
        (matrix.data[keep].astype(np.float32), matrix.indices[keep], indptr), shape=matrix.shape
    )


# Rows of document vectors worked on at once: numpy's whole-array expressions would each make
# a temporary the size of all vectors (1 GB at a million articles).
_VECTOR_CHUNK = 8192


def _centre(vectors: np.ndarray, present: np.ndarray) -> None:
    """Subtract the pile's (shrunk) mean direction from the present vectors and re-normalise
    every row, in place. Row by row this computes what the whole-array expressions would, to
    the bit."""
    count = int(present.sum())
    if count >= 2:
        # The mean of a few articles is mostly their shared story, not the direction all news
        # shares: shrink it toward zero so that two reports of one story do not come out as
        # opposites (Arora et al. 2017 remove a common component estimated on a large corpus).
        shrink = count / (count + CENTRING_PRIOR)
        if count == len(vectors):
            vectors -= shrink * vectors.mean(axis=0)
        else:
            mean = shrink * vectors[present].mean(axis=0)
            chosen = np.flatnonzero(present)
            for start in range(0, len(chosen), _VECTOR_CHUNK):
                vectors[chosen[start : start + _VECTOR_CHUNK]] -= mean
    for start in range(0, len(vectors), _VECTOR_CHUNK):
        chunk = vectors[start : start + _VECTOR_CHUNK]
        norms = np.linalg.norm(chunk, axis=1, keepdims=True)
        np.divide(chunk, norms, out=chunk, where=norms > 0)
