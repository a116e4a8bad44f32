"""The stance features, the numpy tree scorer and the FNC-1 score, on hand-made inputs."""

import numpy as np
import pytest

from storyweave.nlp.stance_features import (
    FEATURE_NAMES,
    pair_features,
    prepare_article,
    prepare_claim,
)
from storyweave.nlp.stance_model import LABELS, StanceModel
from storyweave.nlp.stance_training import (
    class_f1,
    export_trees,
    fnc_score,
    grouped_folds,
)

ARTICLE = (
    "Officials said the bridge over the Lenna river collapsed on Monday.\n"
    "The claim that the bridge collapsed is a hoax, engineers said; it was not damaged.\n"
    "Traffic resumed in the afternoon."
)


def spans(text):
    found, start = [], 0
    for line in text.split("\n"):
        found.append((start, start + len(line)))
        start += len(line) + 1
    return found


def features(claim, text, rng_seed=0):
    sentence_spans = spans(text)
    rng = np.random.default_rng(rng_seed)
    vectors = rng.normal(size=(len(sentence_spans), 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    article = prepare_article(text, sentence_spans, vectors)
    return pair_features(prepare_claim(claim, vectors[0]), article)


def value(row, name):
    return row[FEATURE_NAMES.index(name)]


def test_features_are_deterministic_and_see_overlap_and_refutation():
    row, top = features("Bridge over the Lenna river collapsed", ARTICLE)
    again, top_again = features("Bridge over the Lenna river collapsed", ARTICLE)
    assert row.shape == (len(FEATURE_NAMES),) and np.array_equal(row, again) and top == top_again
    assert value(row, "overlap_body_weighted") == pytest.approx(1.0)
    assert value(row, "refute_body_any") == 1.0 and value(row, "negation_body_any") == 1.0
    assert value(row, "refute_by_overlap") > 0
    other, _ = features("Central bank raises interest rates", ARTICLE)
    assert value(other, "overlap_body_weighted") == 0.0
    assert value(other, "overlap_best_sentence") < value(row, "overlap_best_sentence")


def test_numbers_and_rare_words_missing_from_the_article_are_counted():
    row, _ = features("Lenna bridge collapse kills 40 in Zubrovka", ARTICLE)
    assert value(row, "claim_numbers") == 1 and value(row, "numbers_missing") == 1
    assert value(row, "rare_missing") > 0


def test_an_empty_article_gives_a_row_and_no_evidence():
    vectors = np.zeros((0, 8), dtype=np.float32)
    article = prepare_article("", [], vectors)
    row, top = pair_features(prepare_claim("Something happened", np.zeros(8, np.float32)), article)
    assert row.shape == (len(FEATURE_NAMES),) and top == []


def test_exported_trees_score_like_scikit_learn_and_survive_saving(tmp_path):
    from sklearn.ensemble import GradientBoostingClassifier

    rng = np.random.default_rng(0)
    rows = rng.normal(size=(300, len(FEATURE_NAMES))).astype(np.float32)
    binary = (rows[:, 0] + rows[:, 1] > 0).astype(int)
    three = np.digitize(rows[:, 2], [-0.5, 0.5])
    first = GradientBoostingClassifier(n_estimators=20, max_depth=3).fit(rows, binary)
    second = GradientBoostingClassifier(n_estimators=20, max_depth=3).fit(rows, three)
    related, stance = export_trees(first), export_trees(second)
    assert np.allclose(related.probabilities(rows), first.predict_proba(rows), atol=1e-6)
    assert np.allclose(stance.probabilities(rows), second.predict_proba(rows), atol=1e-6)
    model = StanceModel(related, stance)
    model.save(tmp_path / "m.npz")
    back = StanceModel.read(tmp_path / "m.npz")
    assert np.allclose(back.probabilities(rows), model.probabilities(rows))
    predictions = back.predict(rows[:5])
    assert all(p.label in LABELS and 0 <= p.confidence <= 1 for p in predictions)


def test_fnc_score_weighs_relatedness_a_quarter_and_the_exact_stance_the_rest():
    agree, disagree, discuss, unrelated = range(4)
    gold = [agree, disagree, unrelated, unrelated]
    assert fnc_score(gold, gold) == 100.0
    # Related pairs called related with the wrong stance: 0.25 each of 1; unrelated right.
    assert fnc_score(gold, [discuss, discuss, unrelated, unrelated]) == pytest.approx(
        100 * (0.25 + 0.25 + 0.25 + 0.25) / 2.5
    )
    assert fnc_score(gold, [unrelated] * 4) == pytest.approx(100 * 0.5 / 2.5)
    f1 = class_f1(gold, [agree, discuss, unrelated, agree])
    assert f1["agree"] == pytest.approx(2 / 3) and f1["disagree"] == 0.0
    assert f1["unrelated"] == pytest.approx(2 / 3)


def test_folds_never_split_an_article_body():
    groups = [f"body{i % 17}" for i in range(200)]
    folds = grouped_folds(groups, 5)
    assert sorted(np.concatenate(folds).tolist()) == list(range(200))
    seen = [{groups[i] for i in fold} for fold in folds]
    for a in range(5):
        for b in range(a + 1, 5):
            assert not seen[a] & seen[b]
