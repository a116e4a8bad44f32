"""Training the stance model on FNC-1 pairs: reading the data, features, fitting, exporting.

Used by scripts/train_stance.py (the packaged model) and eval/stance.py (one model per fold), so
that what is evaluated is exactly what ships: the scikit-learn trees are exported to the numpy
arrays of nlp/stance_model.py and every score comes from that runtime scorer. Only these tools
import scikit-learn's ensembles; the runtime never does.

Data: FNC-1 (Fake News Challenge stage 1), `stances.csv` (Headline, Body ID, Stance) and
`bodies.csv` (Body ID, articleBody). Bodies are split into sentences by storyweave's own spaCy
pipeline, as `check` gets them from an article's cached annotations.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyweave.nlp.embeddings import Embedder
from storyweave.nlp.stance_features import (
    FEATURE_NAMES,
    pair_features,
    prepare_article,
    prepare_claim,
    sentence_vectors,
)
from storyweave.nlp.stance_model import LABELS, StanceModel, TreeEnsemble


@dataclass(frozen=True)
class TrainConfig:
    trees: int = 150
    depth: int = 4
    rate: float = 0.08
    subsample: float = 0.8
    # Stage-two sample weights per class (agree, disagree, discuss): disagree is a tenth of
    # the related pairs; weighing it up trades a little discuss accuracy for disagree recall.
    class_weights: tuple[float, float, float] = (1.5, 3.0, 1.0)
    related_weight: float = 1.0  # weight of a related pair in stage one (unrelated: 1)
    related_threshold: float = 0.5
    # Chosen on the grouped cross-validation (eval/stance.py): 2 for disagree costs ~0.4 points
    # of weighted score and gains ~0.03 disagree F1.
    decision_weights: tuple[float, float, float] = (1.0, 2.0, 1.0)
    seed: int = 0


@dataclass(frozen=True)
class FncData:
    headlines: list[str]
    body_ids: list[str]
    labels: np.ndarray  # index into LABELS
    bodies: dict[str, str]


def read_fnc(folder: Path) -> FncData:
    csv.field_size_limit(sys.maxsize)
    with open(folder / "bodies.csv", encoding="utf-8", newline="") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    headlines, body_ids, labels = [], [], []
    with open(folder / "stances.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            headlines.append(row["Headline"])
            body_ids.append(row["Body ID"])
            labels.append(LABELS.index(row["Stance"]))
    return FncData(headlines, body_ids, np.array(labels), bodies)


def body_sentences(bodies: dict[str, str], cache: Path | None) -> dict[str, list[tuple[int, int]]]:
    """Sentence spans of each body from the spaCy pipeline (the same rule as annotation),
    kept in `cache` keyed by a digest of the texts: parsing 447 bodies takes about a minute."""
    digest = hashlib.sha256(json.dumps(sorted(bodies.items())).encode("utf-8")).hexdigest()[:16]
    path = cache / f"fnc-sentences-{digest}.json" if cache else None
    if path and path.is_file():
        return {k: [tuple(s) for s in v] for k, v in json.loads(path.read_text()).items()}
    from storyweave.annotate.sentences import split_sentences
    from storyweave.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    ids = list(bodies)
    spans: dict[str, list[tuple[int, int]]] = {}
    for body_id, doc in zip(ids, nlp.pipe(bodies[i] for i in ids), strict=True):
        spans[body_id] = [(s.start, s.end) for s in split_sentences(doc)]
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(spans))
    return spans


def fnc_features(
    data: FncData, spans: dict[str, list[tuple[int, int]]], embedder: Embedder
) -> np.ndarray:
    """One feature row per pair, in the order of `data.headlines`."""
    articles = {}
    for body_id, text in data.bodies.items():
        vectors = sentence_vectors(embedder, text, spans[body_id])
        articles[body_id] = prepare_article(text, spans[body_id], vectors)
    distinct = sorted(set(data.headlines))
    claim_vectors = dict(zip(distinct, embedder.encode(distinct), strict=True))
    claims = {h: prepare_claim(h, claim_vectors[h]) for h in distinct}
    rows = np.zeros((len(data.headlines), len(FEATURE_NAMES)), dtype=np.float32)
    for i, (headline, body_id) in enumerate(zip(data.headlines, data.body_ids, strict=True)):
        rows[i], _ = pair_features(claims[headline], articles[body_id])
    return rows


def export_trees(model: object) -> TreeEnsemble:
    """A fitted GradientBoostingClassifier as the arrays of a TreeEnsemble."""
    estimators = model.estimators_  # type: ignore[attr-defined]
    trees, outputs = estimators.shape
    feature, threshold, left, right, value = [], [], [], [], []
    roots = np.zeros((trees, outputs), dtype=np.int32)
    offset, depth = 0, 1
    for t in range(trees):
        for k in range(outputs):
            tree = estimators[t, k].tree_
            roots[t, k] = offset
            leaf = tree.children_left < 0
            own = np.arange(tree.node_count) + offset
            feature.append(np.where(leaf, -1, tree.feature).astype(np.int32))
            threshold.append(tree.threshold.astype(np.float64))
            left.append(np.where(leaf, own, tree.children_left + offset).astype(np.int32))
            right.append(np.where(leaf, own, tree.children_right + offset).astype(np.int32))
            value.append(tree.value[:, 0, 0].astype(np.float64))
            depth = max(depth, int(tree.max_depth))
            offset += tree.node_count
    init = model._raw_predict_init(np.zeros((1, model.n_features_in_), np.float32))[0]  # type: ignore[attr-defined]
    return TreeEnsemble(
        feature=np.concatenate(feature),
        threshold=np.concatenate(threshold),
        left=np.concatenate(left),
        right=np.concatenate(right),
        value=np.concatenate(value),
        roots=roots,
        init=np.asarray(init, dtype=np.float64).reshape(-1),
        rate=float(model.learning_rate),  # type: ignore[attr-defined]
        depth=depth,
    )


def fit_stance(
    rows: np.ndarray, labels: np.ndarray, config: TrainConfig = TrainConfig()
) -> StanceModel:
    """Both stages fitted on `rows` and exported to the runtime's arrays."""
    from sklearn.ensemble import GradientBoostingClassifier

    def booster() -> GradientBoostingClassifier:
        return GradientBoostingClassifier(
            n_estimators=config.trees,
            max_depth=config.depth,
            learning_rate=config.rate,
            subsample=config.subsample,
            random_state=config.seed,
        )

    related = labels != LABELS.index("unrelated")
    first = booster()
    first.fit(
        rows, related.astype(int), sample_weight=np.where(related, config.related_weight, 1.0)
    )
    second = booster()
    weights = np.asarray(config.class_weights)[labels[related]]
    second.fit(rows[related], labels[related], sample_weight=weights)
    return StanceModel(
        related=export_trees(first),
        stance=export_trees(second),
        related_threshold=config.related_threshold,
        weights=config.decision_weights,
    )


def fnc_score(gold: Sequence[int], predicted: Sequence[int]) -> float:
    """FNC-1's weighted score as a percentage of the best possible: 0.25 for getting
    related/unrelated right, 0.75 more for the exact label of a related pair."""
    unrelated = LABELS.index("unrelated")
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 if g == unrelated else 1.0
        if (g == unrelated) == (p == unrelated):
            score += 0.25
            if g != unrelated and g == p:
                score += 0.75
    return 100.0 * score / best if best else 0.0


def class_f1(gold: Sequence[int], predicted: Sequence[int]) -> dict[str, float]:
    """F1 of each label (0 for a label neither predicted nor present)."""
    gold_a, pred_a = np.asarray(gold), np.asarray(predicted)
    scores = {}
    for k, label in enumerate(LABELS):
        tp = int(np.sum((gold_a == k) & (pred_a == k)))
        fp = int(np.sum((gold_a != k) & (pred_a == k)))
        fn = int(np.sum((gold_a == k) & (pred_a != k)))
        scores[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return scores


def grouped_folds(groups: Sequence[str], k: int, seed: int = 0) -> list[np.ndarray]:
    """Test indices of `k` folds such that no group (article body) is in two folds; groups are
    shuffled with `seed` and dealt so that folds hold about as many pairs each."""
    rng = np.random.default_rng(seed)
    names = sorted(set(groups))
    rng.shuffle(names)
    sizes: dict[str, int] = {}
    for g in groups:
        sizes[g] = sizes.get(g, 0) + 1
    fold_of, load = {}, [0] * k
    for name in sorted(names, key=lambda n: -sizes[n]):
        target = int(np.argmin(load))
        fold_of[name] = target
        load[target] += sizes[name]
    assigned = np.array([fold_of[g] for g in groups])
    return [np.flatnonzero(assigned == f) for f in range(k)]


def cross_validate(
    rows: np.ndarray,
    labels: np.ndarray,
    groups: Sequence[str],
    folds: int = 5,
    config: TrainConfig = TrainConfig(),
) -> np.ndarray:
    """Out-of-fold predicted label indices: each fold's model is trained on the other folds'
    pairs (no body in both) and scored by the runtime scorer."""
    predicted = np.zeros(len(labels), dtype=int)
    for test in grouped_folds(groups, folds, config.seed):
        train = np.setdiff1d(np.arange(len(labels)), test)
        model = fit_stance(rows[train], labels[train], config)
        predicted[test] = [LABELS.index(p.label) for p in model.predict(rows[test])]
    return predicted
