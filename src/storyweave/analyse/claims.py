"""Claim alignment: claim units from different outlets that state the same proposition form one
claim group, and each group is tied to the independent reports that carry it.

Story-level, pure: takes a story's annotated articles and the embedder the runner loaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyweave.analyse.entities import merge_entities, name_key, strip_titles
from storyweave.model import AnnotatedArticle, ClaimUnit
from storyweave.nlp.embeddings import Embedder
from storyweave.nlp.lexicon import lemma

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]+")
_POSSESSIVE_PRONOUN = re.compile(r"^(?:his|her|its|their)\b", re.IGNORECASE)
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "his",
        "its",
        "their",
        "this",
        "that",
        "we",
        "i",
        "you",
    ]
)
_SENTINEL = 10.0  # distance that keeps two units apart whatever else links them


@dataclass(frozen=True)
class AlignConfig:
    # Two units state the same proposition when a mix of the cosine of their vectors (static
    # MiniLM, subject + clause) and their share of common words and entities reaches
    # `min_similarity`; measured on eval/gold/claims (python eval/claims.py). Static vectors
    # alone put unrelated clauses about the same people at 0.8, hence the word share.
    min_similarity: float = 0.62
    term_weight: float = 0.4
    min_cosine: float = 0.5
    # Units must also share this many content words or entities: vectors of two short clauses
    # about different things can be close on function words alone.
    min_shared_terms: int = 2


@dataclass(frozen=True)
class StoryUnit:
    """A claim unit with what story-level analysis needs about it."""

    index: int
    article: str
    report: str  # the independent report it belongs to: copies share their original's
    unit: ClaimUnit
    content: str  # subject + clause: what is asserted, without who asserted it
    citation: str  # the sentence cited as support
    entities: frozenset[str]
    subjects: frozenset[str]
    terms: frozenset[str]
    speakers: frozenset[str] = frozenset()
    entities_named: frozenset[str] = frozenset()  # subjects that are named entities


@dataclass(frozen=True)
class StoryClaims:
    """All claim units of a story with their vectors (rows of `vectors` follow `units`)."""

    units: tuple[StoryUnit, ...]
    vectors: np.ndarray
    object_vectors: np.ndarray
    names: Mapping[str, str]  # alias key -> canonical entity name


def collect_units(members: Sequence[AnnotatedArticle], embedder: Embedder | None) -> StoryClaims:
    """Every claim unit of a story's articles, with canonical entities, report and vectors.

    Without an embedder, vectors are bag-of-terms (lexical overlap only).
    """
    names = entity_names(members)
    reports = independent_reports(members)
    units: list[StoryUnit] = []
    for member in members:
        text = member.article.text
        for claim in _with_title_claims(member.claims):
            content = text[claim.start : claim.end]
            if claim.predicates == TITLE_PREDICATE:
                content = claim.text
            if claim.subject and claim.subject_start < claim.start:
                content = f"{claim.subject} {content}"
            inside = _entities_between(member, names, claim.start, claim.end)
            subjects = _entities_between(member, names, claim.subject_start, claim.subject_end)
            if claim.subject_ref:
                subjects |= {names.get(_key(claim.subject_ref), strip_titles(claim.subject_ref))}
            named = set(subjects)
            if not subjects and claim.subject:
                subjects = _noun_phrase_key(claim.subject)
            speakers: set[str] = set()
            if claim.speaker:
                sentence = _entities_between(
                    member, names, claim.sentence_start, claim.sentence_end
                )
                speakers = {
                    n for n in sentence if name_key(n.split()[-1]) in name_key(claim.speaker)
                } or _noun_phrase_key(claim.speaker)
            units.append(
                StoryUnit(
                    index=len(units),
                    article=member.id,
                    report=reports[member.id],
                    unit=claim,
                    content=content,
                    citation=text[claim.sentence_start : claim.sentence_end],
                    entities=frozenset(inside | subjects),
                    subjects=frozenset(subjects),
                    terms=frozenset(_terms(content)),
                    speakers=frozenset(speakers),
                    entities_named=frozenset(named),
                )
            )
    vectors = _encode([u.content for u in units], embedder)
    object_vectors = _encode([u.unit.object or u.content for u in units], embedder)
    return StoryClaims(tuple(units), vectors, object_vectors, names)


TITLE_PREDICATE = ("hold title",)


def _with_title_claims(claims: Sequence[ClaimUnit]) -> list[ClaimUnit]:
    """Each title a sentence gives a person ("former U.S. President Donald Trump") becomes a
    claim of its own, so that a title dispute does not mark the sentence's main claim (the
    planned meeting) as disputed."""
    result = []
    for claim in claims:
        result.append(replace(claim, roles=()))
        for name, role in claim.roles:
            result.append(
                replace(
                    claim,
                    text=f"{name}: {role}",
                    subject=name,
                    subject_ref=name,
                    predicates=TITLE_PREDICATE,
                    object=role,
                    negated=False,
                    speaker=None,
                    cue="",
                    numbers=(),
                    roles=((name, role),),
                )
            )
    return result


def entity_names(members: Sequence[AnnotatedArticle]) -> dict[str, str]:
    """Alias key -> canonical name, from the story's merged entities."""
    names: dict[str, str] = {}
    for entity in merge_entities(members):
        for alias in (entity.name, *entity.aliases):
            names[_key(alias)] = entity.name
    return names


def independent_reports(members: Sequence[AnnotatedArticle]) -> dict[str, str]:
    """Article id -> its independent report: a copy counts as its original, and articles of the
    same outlet count as one source."""
    by_id = {m.id: m.article for m in members}
    reports = {}
    for member in members:
        original = member.article.duplicate_of or member.id
        source = by_id[original].source if original in by_id else member.article.source
        reports[member.id] = f"source:{source.lower()}" if source else f"article:{original}"
    return reports


def align_claims(
    claims: StoryClaims,
    cannot_link: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
    config: AlignConfig = AlignConfig(),
    exclude: frozenset[int] = frozenset(),
) -> list[tuple[int, ...]]:
    """Groups of unit indexes that state the same proposition (singletons included).

    Average-linkage clustering on cosine distance, with pairs that cannot be the same claim
    pushed apart: a different subject entity, too few shared terms, or a known contradiction.
    Known failure cases: paraphrases that share fewer than `min_shared_terms` words stay apart
    ("Kremlin confirmed Putin's openness" vs "Moscow said Putin is willing"); two claims about
    the same actor with heavily overlapping wording but different verbs can join.
    """
    units = claims.units
    n = len(units)
    if n == 0:
        return []
    if n == 1:
        return [] if 0 in exclude else [(0,)]
    similarity = claims.vectors @ claims.vectors.T
    score = (1 - config.term_weight) * similarity + config.term_weight * _overlap_matrix(units)
    distance = np.where(similarity >= config.min_cosine, 1.0 - score, _SENTINEL)
    distance = np.clip(distance, 0.0, _SENTINEL).astype(np.float64)
    # Constraints are checked only where they can change the outcome: pairs close enough to join.
    for i, j in np.argwhere(np.triu(distance <= 1.0 - config.min_similarity, k=1)):
        pair = (int(i), int(j))
        if (
            pair in cannot_link
            or pair[::-1] in cannot_link
            or not _compatible(units[i], units[j], config)
        ):
            distance[i, j] = distance[j, i] = _SENTINEL
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - config.min_similarity, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    kept = (tuple(i for i in g if i not in exclude) for g in groups.values())
    return sorted((g for g in kept if g), key=lambda g: g[0])


def _overlap_matrix(units: Sequence[StoryUnit]) -> np.ndarray:
    """Share of common words and entities for every pair: |A & B| / min(|A|, |B|)."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for unit in units:
        for term in unit.terms | unit.entities:
            rows.append(unit.index)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
    matrix = csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(units), max(len(vocabulary), 1)),
    )
    matrix.data[:] = 1.0  # a term counted twice in one unit is still one term
    shared = (matrix @ matrix.T).toarray()
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    smaller = np.minimum.outer(sizes, sizes)
    return np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)


def same_subject(a: frozenset[str], b: frozenset[str]) -> bool:
    """Subjects are the same actor when they share an entity or a content word ("Kessel" and
    "a section of the Kessel dam"); "Donald Trump" and "Vladimir Putin" share neither."""
    if a & b:
        return True
    words_a = {w for s in a for w in _WORD.findall(s.lower()) if w not in ENGLISH_STOP_WORDS}
    words_b = {w for s in b for w in _WORD.findall(s.lower()) if w not in ENGLISH_STOP_WORDS}
    return bool(words_a & words_b)


def _compatible(a: StoryUnit, b: StoryUnit, config: AlignConfig) -> bool:
    if (a.unit.predicates == TITLE_PREDICATE) != (b.unit.predicates == TITLE_PREDICATE):
        return False
    if a.unit.predicates == TITLE_PREDICATE:
        return a.unit.roles == b.unit.roles
    if not a.subjects and a.unit.subject or not b.subjects and b.unit.subject:
        return False  # "This was stated by ...": an unresolved pronoun says nothing by itself
    named_a, named_b = a.subjects & a.entities_named, b.subjects & b.entities_named
    if named_a and named_b and not same_subject(named_a, named_b):
        return False  # a claim about another actor; "a meeting" vs "Trump" may still agree
    if a.unit.negated != b.unit.negated:
        return False
    shared = len(a.terms & b.terms) + len(a.entities & b.entities)
    return shared >= config.min_shared_terms


def _entities_between(
    member: AnnotatedArticle, names: Mapping[str, str], start: int, end: int
) -> set[str]:
    found = set()
    for mention in member.entities:
        if start <= mention.start < end:
            canonical = mention.canonical or names.get(_key(mention.text))
            found.add(canonical or strip_titles(mention.text))
    return found


def _noun_phrase_key(subject: str) -> set[str]:
    """A subject without a named entity ("the incoming administration") keys on its words."""
    words = [w.lower() for w in _WORD.findall(subject)]
    if not words or all(w in _PRONOUNS for w in words) or _POSSESSIVE_PRONOUN.match(subject):
        return set()
    return {" ".join(w for w in words if w not in ENGLISH_STOP_WORDS) or subject.lower()}


def _terms(text: str) -> set[str]:
    return {
        lemma(w) for w in _WORD.findall(text) if w.lower() not in ENGLISH_STOP_WORDS and len(w) > 2
    }


def _key(name: str) -> str:
    return name_key(strip_titles(name))


def _encode(texts: list[str], embedder: Embedder | None) -> np.ndarray:
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    if embedder is not None:
        return np.asarray(embedder.encode(texts), dtype=np.float32)
    vocabulary: dict[str, int] = {}
    rows = [_terms(t) for t in texts]
    for row in rows:
        for term in row:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(texts), max(len(vocabulary), 1)), dtype=np.float32)
    for i, row in enumerate(rows):
        for term in row:
            matrix[i, vocabulary[term]] = 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix
