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
from collections.abc import Mapping, Sequence
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
# Pseudo-count of the shrinkage of the mean vector (see _centred_vectors).
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
    articles: Sequence[AnnotatedArticle], config: FeatureConfig = FeatureConfig()
) -> ArticleFeatures:
    """Features of every article, with corpus statistics computed over `articles`."""
    counts, vocabulary = _counts(
        [grouping_text(a, config.max_chars) for a in articles], _TOKEN, ENGLISH_STOP_WORDS
    )
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    terms = _tfidf(counts, _idf(len(articles), df), config.max_terms)
    background_terms = None
    if config.background_documents:
        background = _background_document_frequency(vocabulary, config)
        idf = _idf(len(articles) + config.background_documents, df + background)
        background_terms = _tfidf(counts, idf, config.max_terms)
    names, _ = _counts(["\n".join(entity_keys(a)) for a in articles], r"[^\n]+", None)
    entities = _tfidf(
        names,
        _idf(len(articles), np.bincount(names.indices, minlength=names.shape[1])),
        config.max_terms,
    )
    return ArticleFeatures(
        terms=terms,
        entities=entities,
        vectors=_centred_vectors(articles),
        days=np.array(
            [(a.article.published - _EPOCH).days if a.article.published else -1 for a in articles],
            dtype=np.int64,
        ),
        background_terms=background_terms,
    )


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


def _counts(
    texts: list[str], token_pattern: str, stop_words: frozenset[str] | None
) -> tuple[sparse.csr_matrix, list[str]]:
    """Term counts (articles x vocabulary) and the vocabulary in alphabetical order, one term
    per column: what scikit-learn's CountVectorizer gives for lower-cased text, the pattern's
    matches and the stop words left out, without loading scikit-learn (a second per run)."""
    if not texts:
        return sparse.csr_matrix((0, 0), dtype=np.float32), []
    pattern = re.compile(token_pattern)
    stop = stop_words or frozenset()
    # Rows are built one text at a time into flat arrays: a counter per text for a million
    # texts would hold gigabytes at once.
    column: dict[str, int] = {}
    indptr = array("q", [0])
    indices = array("i")
    data = array("f")
    for text in texts:
        ids = [
            column.setdefault(t, len(column))
            for t in pattern.findall(text.lower())
            if t not in stop
        ]
        if ids:
            unique, repeats = np.unique(np.asarray(ids, dtype=np.int32), return_counts=True)
            indices.extend(unique.tolist())
            data.extend(repeats.tolist())
        indptr.append(len(indices))
    if not column:  # no article has a single term
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32), [""]
    # Columns in alphabetical order of their terms, as CountVectorizer gives them.
    vocabulary = sorted(column)
    rank = np.empty(len(column), dtype=np.int32)
    rank[[column[t] for t in vocabulary]] = np.arange(len(vocabulary), dtype=np.int32)
    counts = sparse.csr_matrix(
        (
            np.frombuffer(data, dtype=np.float32),
            rank[np.frombuffer(indices, dtype=np.int32)],
            np.frombuffer(indptr, dtype=np.int64),
        ),
        shape=(len(texts), len(vocabulary)),
    )
    counts.sort_indices()
    return counts, vocabulary


def _idf(documents: float, df: np.ndarray) -> np.ndarray:
    # Smoothed IDF (as scikit-learn's): never zero, so with a handful of articles, where every
    # word is "common", the cosine falls back to plain term overlap.
    return (np.log((documents + 1) / (df + 1)) + 1).astype(np.float32)


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray, max_terms: int) -> sparse.csr_matrix:
    """Sublinear TF x IDF, top `max_terms` per row, rows L2-normalised."""
    weights = counts.copy()
    weights.data = (1 + np.log(weights.data)) * idf[weights.indices]
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
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    out = sparse.csr_matrix(sparse.diags(1 / norms) @ matrix, dtype=np.float32)
    out.sort_indices()
    return out


def _keep_top(matrix: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    lengths = np.diff(matrix.indptr)
    if lengths.max(initial=0) <= k:
        matrix.sort_indices()
        return matrix
    rows, cols, vals = [], [], []
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        data, index = matrix.data[start:end], matrix.indices[start:end]
        if end - start > k:
            # Ties broken by term index: deterministic for a given vocabulary.
            keep = np.lexsort((index, -data))[:k]
            data, index = data[keep], index[keep]
        rows.append(np.full(len(data), i))
        cols.append(index)
        vals.append(data)
    out = sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=matrix.shape,
        dtype=np.float32,
    )
    out.sort_indices()
    return out


def _centred_vectors(articles: Sequence[AnnotatedArticle]) -> np.ndarray:
    dims = next((a.vector.shape[0] for a in articles if a.vector is not None), 0)
    vectors = np.zeros((len(articles), dims), dtype=np.float32)
    present = np.zeros(len(articles), dtype=bool)
    for i, article in enumerate(articles):
        if article.vector is not None and article.vector.shape[0] == dims:
            vectors[i] = article.vector
            present[i] = bool(np.any(article.vector))
    count = int(present.sum())
    if count >= 2:
        # The mean of a few articles is mostly their shared story, not the direction all news
        # shares: shrink it toward zero so that two reports of one story do not come out as
        # opposites (Arora et al. 2017 remove a common component estimated on a large corpus).
        shrink = count / (count + CENTRING_PRIOR)
        vectors[present] -= shrink * vectors[present].mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors
