"""Checking claims against articles: the stance model over each (claim, article) pair.

Pure: takes annotated articles (their cached sentence spans, so no second parse), the embedder
and the stance model, returns `ClaimCheck` values. Each article is prepared once for every
claim (its sentences embedded once), each claim once for every article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyweave.model import AnnotatedArticle
from storyweave.model.check import (
    DISCUSSES,
    REFUTES,
    SUPPORTS,
    UNRELATED,
    ArticleStance,
    CheckClaim,
    ClaimCheck,
    Evidence,
)
from storyweave.nlp.embeddings import Embedder
from storyweave.nlp.stance_features import (
    CUE_KINDS,
    PreparedArticle,
    pair_features,
    prepare_article,
    prepare_claim,
    sentence_vectors,
)
from storyweave.nlp.stance_model import StanceModel

STANCE_OF_LABEL = {
    "agree": SUPPORTS,
    "disagree": REFUTES,
    "discuss": DISCUSSES,
    "unrelated": UNRELATED,
}
_REFUTE, _NEGATION = CUE_KINDS.index("refute"), CUE_KINDS.index("negation")


@dataclass(frozen=True)
class CheckConfig:
    max_evidence: int = 2  # sentences quoted per article
    max_evidence_chars: int = 600  # a sentence longer than this is cut (offsets stay whole)


def prepare_articles(
    articles: Sequence[AnnotatedArticle], embedder: Embedder
) -> dict[str, PreparedArticle]:
    """Each article's sentences as the stance features need them, from its cached spans.
    An article without sentence spans (its parse failed) counts as one sentence."""
    prepared = {}
    for annotated in articles:
        text = annotated.article.text
        spans = [(s.start, s.end) for s in annotated.sentences]
        if not spans and text.strip():
            spans = [(0, len(text))]
        prepared[annotated.id] = prepare_article(
            text, spans, sentence_vectors(embedder, text, spans)
        )
    return prepared


def check_claims(
    claims: Sequence[CheckClaim],
    articles: Sequence[AnnotatedArticle],
    embedder: Embedder,
    model: StanceModel,
    config: CheckConfig = CheckConfig(),
) -> list[ClaimCheck]:
    """Every claim against every article it covers (its `articles`, else all of them)."""
    prepared = prepare_articles(articles, embedder)
    by_id = {a.id: a for a in articles}
    claim_vectors = embedder.encode([c.text for c in claims]) if claims else np.zeros((0, 0))
    found = []
    for claim, vector in zip(claims, claim_vectors, strict=True):
        ready = prepare_claim(claim.text, vector)
        ids = [a.id for a in articles] if claim.articles is None else list(claim.articles)
        ids = [i for i in ids if i in by_id]
        pairs = [pair_features(ready, prepared[i]) for i in ids]
        rows = np.array([row for row, _ in pairs], dtype=np.float32)
        predictions = model.predict(rows) if pairs else []
        stances = []
        for article_id, (_, top), prediction in zip(ids, pairs, predictions, strict=True):
            stance = STANCE_OF_LABEL[prediction.label]
            article = by_id[article_id].article
            evidence = _evidence(stance, top, prepared[article_id], article.text, config)
            stances.append(
                ArticleStance(article_id, article.source, stance, prediction.confidence, evidence)
            )
        found.append(ClaimCheck(claim.id, claim.text, tuple(stances)))
    return found


def _evidence(
    stance: str, top: list[int], article: PreparedArticle, text: str, config: CheckConfig
) -> tuple[Evidence, ...]:
    """The best-matching sentences; for a refutation those with a refuting or negating word
    come first, since they are what shows it."""
    if stance == UNRELATED or not top:
        return ()
    order = list(top)
    if stance == REFUTES:
        cued = [i for i in order if article.cues[i, _REFUTE] + article.cues[i, _NEGATION] > 0]
        order = cued + [i for i in order if i not in cued]
    found = []
    for i in order[: config.max_evidence]:
        start, end = article.spans[i]
        words = text[start:end]
        if len(words) > config.max_evidence_chars:
            words = words[: config.max_evidence_chars].rstrip() + "…"
        found.append(Evidence(start, end, words))
    return tuple(found)
