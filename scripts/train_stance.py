"""Builds the packaged stance model (src/storyweave/nlp/models/stance/stance.npz) and its card.

    python scripts/train_stance.py [--data ../shared/data/fnc1-dev] [--no-cv]   (make stance)

Trains on FNC-1's development pairs only (../shared/data/fnc1-dev; nothing else labelled), with
the settings of nlp/stance_training.TrainConfig. Unless --no-cv, first cross-validates those
settings (5 folds grouped by article body, as eval/stance.py) and writes the figures into
models/stance/CARD.md beside the data and features.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from storyweave.nlp.embeddings import load_embedder  # noqa: E402
from storyweave.nlp.stance_features import CUE_KINDS, FEATURE_NAMES  # noqa: E402
from storyweave.nlp.stance_model import LABELS, MODEL_PATH  # noqa: E402
from storyweave.nlp.stance_training import (  # noqa: E402
    TrainConfig,
    body_sentences,
    class_f1,
    cross_validate,
    fit_stance,
    fnc_features,
    fnc_score,
    read_fnc,
)

DEFAULT_DATA = REPO.parent / "shared" / "data" / "fnc1-dev"
CACHE = REPO / "out" / "stance-cache"


def card(config: TrainConfig, pairs: int, bodies: int, figures: str) -> str:
    settings = ", ".join(f"{k}={v}" for k, v in dataclasses.asdict(config).items())
    return f"""# Stance model card (stance.npz)

What `storyweave check` uses to say whether an article supports, refutes, discusses or is
unrelated to a claim. Built by `make stance` (scripts/train_stance.py); loaded with numpy only
(src/storyweave/nlp/stance_model.py), no scikit-learn or torch at run time.

## Data
FNC-1 (Fake News Challenge stage 1, 2017; derived from the Emergent corpus of Ferreira &
Vlachos 2016), the development half in ../shared/data/fnc1-dev: {pairs} headline/body pairs over
{bodies} bodies, labels agree, disagree, discuss, unrelated. Nothing else labelled is used.
The headline plays the claim, the body the article.

## Model
Two stages of gradient-boosted trees (scikit-learn's GradientBoostingClassifier, exported to flat
arrays): related vs unrelated, then agree/disagree/discuss on related pairs, with per-class
sample weights (disagree is rare). Settings: {settings}.

## Features ({len(FEATURE_NAMES)}, src/storyweave/nlp/stance_features.py)
Computed from the article's sentence spans (the cached parse), the packaged static embeddings
(models/minilm-static), word rarity from wordfreq, and the cue lists in this folder
({", ".join(f"{k}.txt" for k in CUE_KINDS)}; general English words written from their
dictionary sense):
- overlap of the claim's content words with the body, its best sentences and its lead
  (weighted by rarity), shared word pairs;
- embedding cosine of the claim with the body, its best sentences and its lead;
- rare words (names, mostly) and numbers of the claim missing from the body;
- counts of each cue kind in the body, in the best-matching sentences, in the lead, in the claim,
  and weighed by how much of the claim their sentence holds; negation on one side only.

## Cross-validated figures
{figures}

Folds are grouped by article body (no body in both a fold's training and test pairs); the
class weights were chosen on this same cross-validation, so the figures are slightly optimistic
for unseen news. Rebuild and re-measure: `make stance`, `python eval/stance.py`.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    args = parser.parse_args(argv)
    if not (args.data / "stances.csv").is_file():
        print(f"error: no FNC-1 data in {args.data}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    data = read_fnc(args.data)
    rows = fnc_features(data, body_sentences(data.bodies, CACHE), load_embedder())
    config = TrainConfig()
    figures = "(not measured: built with --no-cv)"
    if not args.no_cv:
        predicted = cross_validate(rows, data.labels, data.body_ids, 5, config)
        f1 = class_f1(data.labels, predicted)
        figures = (
            f"- FNC-1 weighted score: {fnc_score(data.labels, predicted):.2f}\n"
            + "- F1: "
            + ", ".join(f"{k} {v:.3f}" for k, v in f1.items())
            + f"\n- macro F1: {sum(f1.values()) / len(LABELS):.3f}"
        )
        print(figures)
    model = fit_stance(rows, data.labels, config)
    model.save(MODEL_PATH, {"data": "fnc1-dev", "pairs": len(data.labels)})
    (MODEL_PATH.parent / "CARD.md").write_text(
        card(config, len(data.labels), len(data.bodies), figures), encoding="utf-8"
    )
    size = MODEL_PATH.stat().st_size
    print(f"wrote {MODEL_PATH} ({size / 1024:.0f} KiB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
