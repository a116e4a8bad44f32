"""Features of a (claim, article) pair for the stance model, cheap enough for thousands of pairs.

Everything here is computed from text the runtime already holds: the article's sentence spans
(from the cached parse), the packaged static embeddings, word frequencies from wordfreq (a rare
word weighs more, like IDF without a fitted corpus) and the cue word lists in
models/stance/*.txt. No parse of the claim is needed and nothing imports torch or spaCy.

An article is prepared once (`prepare_article`), a claim once (`prepare_claim`); `pair_features`
then costs a few set look-ups per sentence, so checking one claim against a store or many claims
against one article is dominated by the per-article preparation.

Known failure cases: paraphrases sharing neither words nor close embeddings look unrelated;
the cue counts cannot tell a refutation of the claim from a refutation of something else said
near it; headline capitalisation is ignored, so names are told from words only by rarity.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyweave.nlp.embeddings import Embedder
from storyweave.nlp.stop_words import ENGLISH_STOP_WORDS

CUE_DIR = Path(__file__).resolve().parent / "models" / "stance"
CUE_KINDS = ("refute", "negation", "hedge", "support", "attribution")
# Sentences taken as the article's evidence for a claim: the best matches by words and vector.
TOP_SENTENCES = 3
LEAD_SENTENCES = 3

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@functools.cache
def cue_words() -> dict[str, frozenset[str]]:
    """Cue kind -> its words, read from the data files (lines after '#' are comments)."""
    found = {}
    for kind in CUE_KINDS:
        lines = (CUE_DIR / f"{kind}.txt").read_text(encoding="utf-8").splitlines()
        found[kind] = frozenset(w.strip().lower() for w in lines if w.strip() and w[0] != "#")
    return found


@functools.lru_cache(maxsize=200_000)
def word_weight(word: str) -> float:
    """How much a shared word says: 8 minus its Zipf frequency (the 1 for 'the', 6 to 8 for
    rare names), clipped at 0.5 so that no shared content word counts for nothing."""
    from wordfreq import zipf_frequency

    return max(0.5, 8.0 - zipf_frequency(word, "en"))


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude English suffix stripper: enough to match 'denies'/'denied'/'deny' and
    'reports'/'reported', cheap and deterministic."""
    for suffix, keep in (("'s", ""), ("’s", ""), ("ies", "y"), ("ied", "y"), ("ing", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    if word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def content_stems(words: Sequence[str]) -> list[str]:
    return [stem(w) for w in words if w not in ENGLISH_STOP_WORDS and (len(w) > 1 or w.isdigit())]


def _cue_counts(words: Sequence[str]) -> np.ndarray:
    cues = cue_words()
    counts = np.zeros(len(CUE_KINDS), dtype=np.float32)
    for word in words:
        for k, kind in enumerate(CUE_KINDS):
            if word in cues[kind]:
                counts[k] += 1
        if word.endswith("n't"):
            counts[1] += 1
    return counts


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(text))


@dataclass(frozen=True)
class PreparedClaim:
    text: str
    stems: tuple[str, ...]  # distinct content stems
    weights: tuple[float, ...]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    rare: frozenset[str]  # stems of words rare in English: names, mostly
    cues: np.ndarray
    vector: np.ndarray
    question: bool


@dataclass(frozen=True)
class PreparedArticle:
    spans: tuple[tuple[int, int], ...]  # sentence character spans in the article text
    stem_sets: tuple[frozenset[str], ...]
    stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    cues: np.ndarray  # sentences x cue kinds
    vectors: np.ndarray  # sentences x dim, unit rows
    vector: np.ndarray  # the whole body, unit length
    questions: int


def prepare_claim(text: str, vector: np.ndarray) -> PreparedClaim:
    words = tokens(text)
    seen: dict[str, float] = {}
    rare = set()
    for word in words:
        if word in ENGLISH_STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        s = stem(word)
        weight = word_weight(word)
        seen[s] = max(seen.get(s, 0.0), weight)
        if weight >= 4.5:  # Zipf < 3.5: names and rare words
            rare.add(s)
    stems = content_stems(words)
    return PreparedClaim(
        text=text,
        stems=tuple(seen),
        weights=tuple(seen.values()),
        bigrams=frozenset(zip(stems, stems[1:], strict=False)),
        numbers=_numbers(text),
        rare=frozenset(rare),
        cues=_cue_counts(words),
        vector=vector,
        question="?" in text,
    )


def prepare_article(
    text: str, spans: Sequence[tuple[int, int]], vectors: np.ndarray
) -> PreparedArticle:
    """`spans` are the sentence spans (from the parse); `vectors` their embeddings, one row each."""
    stem_sets: list[frozenset[str]] = []
    cue_rows: list[np.ndarray] = []
    all_bigrams: set[tuple[str, str]] = set()
    for start, end in spans:
        words = tokens(text[start:end])
        stems = content_stems(words)
        stem_sets.append(frozenset(stems))
        all_bigrams.update(zip(stems, stems[1:], strict=False))
        cue_rows.append(_cue_counts(words))
    dim = vectors.shape[1] if vectors.ndim == 2 else 0
    body = vectors.sum(axis=0) if len(spans) else np.zeros(dim, dtype=np.float32)
    norm = float(np.linalg.norm(body))
    return PreparedArticle(
        spans=tuple((int(s), int(e)) for s, e in spans),
        stem_sets=tuple(stem_sets),
        stems=frozenset().union(*stem_sets) if stem_sets else frozenset(),
        bigrams=frozenset(all_bigrams),
        numbers=_numbers(text),
        cues=np.array(cue_rows, dtype=np.float32).reshape(len(spans), len(CUE_KINDS)),
        vectors=vectors,
        vector=body / norm if norm > 0 else body,
        questions=text.count("?"),
    )


def _names() -> tuple[str, ...]:
    names = [
        "overlap_body_weighted",
        "overlap_body",
        "overlap_best_sentence",
        "overlap_top_sentences",
        "overlap_lead",
        "cosine_body",
        "cosine_best_sentence",
        "cosine_top_sentences",
        "cosine_lead",
        "bigram_overlap",
        "claim_words",
        "log_sentences",
        "rare_missing",
        "claim_numbers",
        "numbers_missing",
        "claim_question",
        "body_questions_rate",
        "best_sentence_position",
    ]
    for place in ("body_rate", "body_any", "top", "lead", "claim"):
        names += [f"{kind}_{place}" for kind in CUE_KINDS]
    names += ["negation_mismatch", "refute_near_best", "hedge_near_best"]
    for kind in ("refute", "negation", "hedge", "support"):
        names += [f"{kind}_by_overlap", f"{kind}_best_overlap"]
    names += ["claim_refutes", "polarity_same", "polarity_opposite"]
    return tuple(names)


FEATURE_NAMES = _names()


def pair_features(claim: PreparedClaim, article: PreparedArticle) -> tuple[np.ndarray, list[int]]:
    """The feature row of one pair (in FEATURE_NAMES order) and the sentence indices that
    match the claim best, best first (the evidence a caller shows)."""
    n = len(article.spans)
    total = sum(claim.weights) or 1.0
    row = np.zeros(len(FEATURE_NAMES), dtype=np.float32)
    if n == 0 or not claim.stems:
        row[FEATURE_NAMES.index("claim_words")] = len(claim.stems)
        return row, []
    per_sentence = (
        np.array(
            [
                sum(w for s, w in zip(claim.stems, claim.weights, strict=True) if s in ss)
                for ss in article.stem_sets
            ],
            dtype=np.float32,
        )
        / total
    )
    cosines = article.vectors @ claim.vector if article.vectors.size else np.zeros(n)
    cosines = np.asarray(cosines, dtype=np.float32)
    score = per_sentence + 0.5 * cosines
    order = [int(i) for i in np.argsort(-score, kind="stable")]
    top = order[:TOP_SENTENCES]
    lead = list(range(min(LEAD_SENTENCES, n)))
    in_body = [s in article.stems for s in claim.stems]
    lead_stems = frozenset().union(*(article.stem_sets[i] for i in lead))
    best = top[0]
    near = [i for i in range(max(0, best - 1), min(n, best + 2))]
    cues = article.cues
    values = [
        sum(w for w, hit in zip(claim.weights, in_body, strict=True) if hit) / total,
        sum(in_body) / len(in_body),
        float(per_sentence[best]),
        float(per_sentence[top].mean()),
        sum(w for s, w in zip(claim.stems, claim.weights, strict=True) if s in lead_stems) / total,
        float(article.vector @ claim.vector) if article.vector.size else 0.0,
        float(cosines.max()),
        float(np.sort(cosines)[::-1][:TOP_SENTENCES].mean()),
        float(cosines[lead].mean()),
        len(claim.bigrams & article.bigrams) / max(1, len(claim.bigrams)),
        len(claim.stems),
        math.log1p(n),
        len([s for s in claim.rare if s not in article.stems]) / max(1, len(claim.rare)),
        len(claim.numbers),
        len(claim.numbers - article.numbers),
        float(claim.question),
        article.questions / n,
        best / n,
    ]
    values += list(cues.sum(axis=0) / n)
    values += list((cues.sum(axis=0) > 0).astype(np.float32))
    values += list(cues[top].sum(axis=0))
    values += list(cues[lead].sum(axis=0))
    values += list(claim.cues)
    claim_negated = claim.cues[1] > 0
    best_negated = cues[best, 1] > 0
    values += [
        float(claim_negated != best_negated),
        float(cues[near, 0].sum()),
        float(cues[near, 2].sum()),
    ]
    # Cues weighed by how much of the claim their sentence holds: a "hoax" next to the claim's
    # words says more than one in an unrelated paragraph.
    for k in (0, 1, 2, 3):
        present = cues[:, k] > 0
        values += [
            float((per_sentence * present).sum() / n),
            float(per_sentence[present].max()) if present.any() else 0.0,
        ]
    claim_refutes = float(claim.cues[0] + claim.cues[1] > 0)
    body_refutes = float(cues[top, 0].sum() + cues[lead, 0].sum() > 0)
    values += [
        claim_refutes,
        float(claim_refutes == body_refutes),
        float(claim_refutes != body_refutes),
    ]
    row[:] = values
    return row, top


def sentence_vectors(embedder: Embedder, text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """One embedding row per sentence span (unit length; zero for a sentence without content)."""
    if not spans:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return embedder.encode([text[s:e] for s, e in spans])
