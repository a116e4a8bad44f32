"""Stance of an article towards a claim on FNC-1 pairs (../shared/data/fnc1-dev), cross-validated.

    python eval/stance.py [--data DIR] [--folds 5] [--seed 0]

Folds are grouped by article body: no body is in both a fold's training and test pairs, as no
held-out article was seen in training. Each fold trains its own model with the settings that
build the packaged one (nlp/stance_training.py), exports it and scores the test pairs with the
runtime scorer (nlp/stance_model.py), so the figures are those of what ships. Printed:
- FNC-1 weighted score: 0.25 per pair whose related/unrelated call is right, 0.75 more per
  related pair whose exact label (agree/disagree/discuss) is right, as a percentage of the best
  possible; related/unrelated accuracy beside it;
- F1 per label, and the macro F1 over the four;
- the confusion matrix (rows gold, columns predicted).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "fnc1-dev"
CACHE = REPO / "out" / "stance-cache"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not (args.data / "stances.csv").is_file():
        print(f"skipped: {args.data} not found")
        return 0

    import numpy as np

    from storyweave.nlp.embeddings import load_embedder
    from storyweave.nlp.stance_model import LABELS
    from storyweave.nlp.stance_training import (
        TrainConfig,
        body_sentences,
        class_f1,
        cross_validate,
        fnc_features,
        fnc_score,
        read_fnc,
    )

    started = time.perf_counter()
    data = read_fnc(args.data)
    rows = fnc_features(data, body_sentences(data.bodies, CACHE), load_embedder())
    config = TrainConfig(seed=args.seed)
    predicted = cross_validate(rows, data.labels, data.body_ids, args.folds, config)
    gold = data.labels
    unrelated = LABELS.index("unrelated")
    related_right = float(np.mean((gold == unrelated) == (predicted == unrelated)))
    print(
        f"fnc1-dev ({len(gold)} pairs, {len(data.bodies)} bodies, {args.folds} folds grouped "
        f"by body, seed {args.seed})"
    )
    print(
        f"  FNC-1 weighted score {fnc_score(gold, predicted):.2f}  "
        f"related/unrelated accuracy {related_right:.4f}"
    )
    f1 = class_f1(gold, predicted)
    print("  F1 " + "  ".join(f"{k} {v:.3f}" for k, v in f1.items()))
    print(f"  macro F1 {sum(f1.values()) / len(f1):.3f}")
    print("  confusion (rows gold, columns predicted): " + " ".join(LABELS))
    for k, label in enumerate(LABELS):
        counts = [int(np.sum((gold == k) & (predicted == j))) for j in range(len(LABELS))]
        print(f"    {label:<10} " + " ".join(f"{c:6d}" for c in counts))
    print(f"  ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
