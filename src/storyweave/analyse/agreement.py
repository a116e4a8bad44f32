"""Whether two sources' sentences say the same thing, for corroboration: a claim counts another
source only when that source's sentence states the same fact, not when it merely names the same
people ("Obama was asked about meeting Medvedev" does not corroborate "Obama said he had spoken
with Medvedev").

Two sentences say the same thing when their vectors are close, most of their content words
other than names are shared (or the vectors are very close), the numbers they both state agree,
and the stance model does not read one as rejecting the other. Thresholds were read off the
AllSides development stories and the seeds (eval/disputes.py --show-corroborated): at a
sentence cosine of 0.8 and above most pairs from two outlets state one fact, but not all
("Obama insists Russia would not have dared" / "Obama said he had had it [a call]": 0.81,
no word in common); between 0.7 and 0.8 only those sharing many content words do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyweave.analyse.claims import TITLE_PREDICATE, StoryClaims, compatible
from storyweave.analyse.support import content_words, counts, names, word_overlap
from storyweave.nlp.embeddings import Embedder
from storyweave.nlp.stance_features import (
    cue_words,
    pair_features,
    prepare_article,
    prepare_claim,
    tokens,
)
from storyweave.nlp.stance_model import LABELS, StanceModel

_DISAGREE = LABELS.index("disagree")
_UNRELATED = LABELS.index("unrelated")


@dataclass(frozen=True)
class AgreementConfig:
    # Joining claims the alignment left apart: sentences this close that share `join_words`
    # of their content words other than names say the same thing ...
    join_similarity: float = 0.8
    join_words: float = 0.3
    # ... and so do sentences this close sharing `join_words_closer`.
    join_similarity_with_words: float = 0.7
    join_words_closer: float = 0.4
    # Keeping a source's sentence as support of a claim: at least this close to the claim's
    # sentence and sharing `support_words` of its content words other than names, or closer
    # (`support_similarity_close`) sharing at least `support_words_close` ...
    support_similarity: float = 0.6
    support_words: float = 0.25
    support_similarity_close: float = 0.75
    support_words_close: float = 0.1
    # ... and, below `support_similarity_alone`, negated in both or in neither ("Earnest said
    # Medvedev is open to talks" / "Earnest said the US had not asked for a meeting": 0.77).
    support_similarity_alone: float = 0.9
    # The stance model must not read the pair as a rejection or as unrelated.
    max_disagree: float = 0.3
    max_unrelated: float = 0.9


class _Sentences:
    """The story's claim sentences, each once, with vectors and content words."""

    def __init__(self, claims: StoryClaims, embedder: Embedder) -> None:
        keys: dict[tuple[str, int], int] = {}
        texts: list[str] = []
        self.of_unit: list[int] = []
        for unit in claims.units:
            key = (unit.article, unit.unit.sentence_start)
            if key not in keys:
                keys[key] = len(texts)
                texts.append(unit.citation)
            self.of_unit.append(keys[key])
        self.texts = texts
        self.vectors = (
            np.asarray(embedder.encode(texts), dtype=np.float32) if texts else np.zeros((0, 1))
        )
        # Names left out: two sentences about the same people share them whatever they say.
        self.words = [content_words(t) - names(t) for t in texts]
        self.counts = [counts(t) for t in texts]
        negation = cue_words()["negation"]
        # Negation of each unit's clause (subject + clause: what it asserts), not of its whole
        # sentence: "Earnest welcomed dialogue and does not see preconditions" asserts the
        # welcome; "Earnest said the US had not requested a meeting" asserts a "not".
        self.negated = [
            any(w in negation or w.endswith("n't") for w in tokens(u.content)) for u in claims.units
        ]


def _says_same(
    sentences: _Sentences, a: int, b: int, polarity: bool, config: AgreementConfig
) -> bool:
    """The lexical half of the support check (the stance model is the other): sentence `a`
    against sentence `b`; `polarity` is whether the unit's clause and the anchor's clauses
    agree in negation."""
    cosine = float(sentences.vectors[a] @ sentences.vectors[b])
    if cosine >= config.support_similarity_alone:
        return _numbers_agree(sentences.counts[a], sentences.counts[b])
    words = word_overlap(sentences.words[a], sentences.words[b])
    close = (cosine >= config.support_similarity and words >= config.support_words) or (
        cosine >= config.support_similarity_close and words >= config.support_words_close
    )
    return close and polarity and _numbers_agree(sentences.counts[a], sentences.counts[b])


def _numbers_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Bare numbers both sentences state: none, or at least one in common."""
    bare_a = {c for c in a if " " not in c}
    bare_b = {c for c in b if " " not in c}
    return not (bare_a and bare_b) or bool(bare_a & bare_b)


def _stance_allows(
    model: StanceModel | None,
    sentences: _Sentences,
    pairs: Sequence[tuple[int, int]],
    config: AgreementConfig,
) -> list[bool]:
    """For each (claim sentence, support sentence): not read as rejecting or unrelated."""
    if model is None or not pairs:
        return [True] * len(pairs)
    rows = []
    for i, j in pairs:
        text = sentences.texts[j]
        body = prepare_article(text, [(0, len(text))], sentences.vectors[j][None, :])
        row, _ = pair_features(prepare_claim(sentences.texts[i], sentences.vectors[i]), body)
        rows.append(row)
    p = model.probabilities(np.array(rows, dtype=np.float32))
    return [
        bool(q[_DISAGREE] < config.max_disagree and q[_UNRELATED] < config.max_unrelated) for q in p
    ]


def confirm_support(
    claims: StoryClaims,
    groups: Sequence[tuple[int, ...]],
    embedder: Embedder | None,
    model: StanceModel | None,
    config: AgreementConfig = AgreementConfig(),
) -> list[tuple[int, ...]]:
    """Groups whose units from other sources say the same thing as the group's central
    sentence; a unit that does not is split off as a claim of its own.

    Known failure cases: a paraphrase with few shared words and static vectors below
    `support_similarity_alone` is split off; a sentence stating the fact plus much else can
    fall under `support_similarity`.
    """
    if embedder is None or not claims.units:
        return list(groups)
    sentences = _Sentences(claims, embedder)
    units = claims.units
    checks: list[tuple[int, int, int]] = []  # (group position, unit, anchor sentence)
    anchors: dict[int, int] = {}
    for g, members in enumerate(groups):
        if len({units[i].report for i in members}) < 2:
            continue
        if any(units[i].unit.predicates == TITLE_PREDICATE for i in members):
            continue  # a title is compared by its words, not by the sentence around it
        rows = sorted({sentences.of_unit[i] for i in members})
        block = sentences.vectors[rows] @ sentences.vectors[rows].T
        anchor = rows[int(np.argmax(block.sum(axis=1)))]
        anchors[g] = anchor
        anchor_report = next(units[i].report for i in members if sentences.of_unit[i] == anchor)
        for i in members:
            if units[i].report != anchor_report and sentences.of_unit[i] != anchor:
                checks.append((g, i, anchor))
    lexical_ok = []
    for g, i, anchor in checks:
        anchor_polarity = {
            sentences.negated[j] for j in groups[g] if sentences.of_unit[j] == anchor
        }
        polarity = sentences.negated[i] in anchor_polarity
        lexical_ok.append(_says_same(sentences, sentences.of_unit[i], anchor, polarity, config))
    stance_ok = _stance_allows(
        model,
        sentences,
        [
            (anchor, sentences.of_unit[i])
            for (_, i, anchor), ok in zip(checks, lexical_ok, strict=True)
            if ok
        ],
        config,
    )
    verdicts = iter(stance_ok)
    dropped: set[int] = set()
    for (_, i, _), ok in zip(checks, lexical_ok, strict=True):
        if not ok or not next(verdicts):
            dropped.add(i)
    result: list[tuple[int, ...]] = []
    for members in groups:
        kept = tuple(i for i in members if i not in dropped)
        if kept:
            result.append(kept)
        result.extend((i,) for i in members if i in dropped)
    return sorted(result, key=lambda g: g[0])


def join_agreeing(
    claims: StoryClaims,
    groups: Sequence[tuple[int, ...]],
    cannot_link: set[tuple[int, int]],
    embedder: Embedder | None,
    model: StanceModel | None,
    config: AgreementConfig = AgreementConfig(),
) -> list[tuple[int, ...]]:
    """Groups joined when a sentence of one and a sentence of another, from different
    sources, say the same thing (a paraphrase the clause-level alignment split differently).
    Each group joins at most one other through its best pair: no chains.

    Known failure cases: two sentences about the same announcement that state different
    details of it ("will travel to the UK" / "will attend a summit in Brussels") can join at
    a high cosine.
    """
    if embedder is None or len(groups) < 2:
        return list(groups)
    sentences = _Sentences(claims, embedder)
    units = claims.units
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    eligible = [
        g
        for g, members in enumerate(groups)
        if all(units[i].unit.predicates != TITLE_PREDICATE for i in members)
    ]
    best: dict[tuple[int, int], tuple[float, int, int]] = {}
    rows = sorted({sentences.of_unit[i] for g in eligible for i in groups[g]})
    if len(rows) < 2:
        return list(groups)
    similarity = sentences.vectors[rows] @ sentences.vectors[rows].T
    members_of: dict[int, list[int]] = {}
    for g in eligible:
        for i in groups[g]:
            members_of.setdefault(sentences.of_unit[i], []).append(i)
    # Only pairs above the lower threshold are looked at one by one (a story has thousands of
    # sentences; the matrix finds the few hundred close pairs at once).
    close = np.argwhere(np.triu(similarity >= config.join_similarity_with_words, k=1))
    for x, y in close:
        a, b = rows[int(x)], rows[int(y)]
        cosine = float(similarity[x, y])
        words = word_overlap(sentences.words[a], sentences.words[b])
        needed = config.join_words if cosine >= config.join_similarity else config.join_words_closer
        if words < needed:
            continue
        if not _numbers_agree(sentences.counts[a], sentences.counts[b]):
            continue
        for i in members_of[a]:
            for j in members_of[b]:
                if units[i].report == units[j].report:
                    continue
                if sentences.negated[i] != sentences.negated[j]:
                    continue
                if not compatible(units[i], units[j]):
                    continue  # another actor, polarity or holder: not the same claim
                gi, gj = sorted((group_of[i], group_of[j]))
                if gi == gj:
                    continue
                score = cosine + 0.01 * float(claims.vectors[i] @ claims.vectors[j])
                if score > best.get((gi, gj), (-1.0, 0, 0))[0]:
                    best[(gi, gj)] = (score, a, b)
    candidates = sorted(best.items(), key=lambda kv: -kv[1][0])
    allowed = _stance_allows(model, sentences, [(a, b) for _, (_, a, b) in candidates], config)
    joined: dict[int, int] = {}
    for ((gi, gj), _), ok in zip(candidates, allowed, strict=True):
        if not ok or gi in joined or gj in joined:
            continue
        if _conflicting(groups[gi], groups[gj], cannot_link):
            continue
        joined[gi] = gi
        joined[gj] = gi
    merged: dict[int, list[int]] = {}
    for g, members in enumerate(groups):
        merged.setdefault(joined.get(g, g), []).extend(members)
    return sorted((tuple(sorted(m)) for m in merged.values()), key=lambda g: g[0])


def _conflicting(a: Sequence[int], b: Sequence[int], cannot_link: set[tuple[int, int]]) -> bool:
    return any((i, j) in cannot_link or (j, i) in cannot_link for i in a for j in b)
