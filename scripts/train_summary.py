"""Fits the summary's concept salience weights (src/storyweave/nlp/models/summary/salience.json).

    python scripts/train_summary.py [--limit 1600]

Data: the first --limit stories of neus-roundups-dev `train` (../shared/data; never `val`, never
allsides), briefed once by eval/summary_tune.py's cache. Each concept of a story's reports (see
analyse/salience.py for its features) is one example; its label is whether the editors' roundup
uses it. Logistic regression (scikit-learn, L2, C=1); the weights are written with the feature
names, and the fit's figures go into the card beside them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "eval"))

from storyweave.analyse.salience import FEATURES, concept_features  # noqa: E402
from storyweave.analyse.support import concepts  # noqa: E402

OUT = REPO / "src" / "storyweave" / "nlp" / "models" / "summary" / "salience.json"
# Stories are cached in these slices of the train split (eval/summary_tune.py --skip/--limit).
SLICES = ((0, 600), (600, 1600))


def examples(limit: int) -> tuple[np.ndarray, np.ndarray, int]:
    from summary_tune import prepared

    xs, ys, stories = [], [], 0
    for skip, end in SLICES:
        if skip >= limit:
            break
        for row in prepared("neus-train", end, skip)[: limit - skip]:
            originals = [m for m in row["members"] if m.article.duplicate_of is None]
            vocabulary, features = concept_features(originals)
            if not vocabulary:
                continue
            wanted = concepts(row["reference"])
            xs.append(features)
            ys.append(np.array([c in wanted for c in vocabulary], dtype=np.int8))
            stories += 1
    return np.vstack(xs), np.concatenate(ys), stories


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1600, help="first N train stories")
    args = parser.parse_args(argv)
    x, y, stories = examples(args.limit)
    # The bias is a feature column: no separate intercept.
    model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000)
    model.fit(x, y)
    auc = roc_auc_score(y, model.predict_proba(x)[:, 1])
    weights = [round(float(w), 5) for w in model.coef_[0]]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "about": "concept salience for analyse/salience.py; fitted by "
                "scripts/train_summary.py on neus-roundups-dev train "
                f"(first {args.limit} stories, {len(y)} concepts, {int(y.sum())} in the roundup; "
                f"training AUC {auc:.3f})",
                "features": list(FEATURES),
                "weights": weights,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{stories} stories, {len(y)} concepts, {y.mean():.3f} in the roundup, AUC {auc:.3f}")
    for name, w in zip(FEATURES, weights, strict=True):
        print(f"  {name:<22} {w:+.3f}")
    print(f"written {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
