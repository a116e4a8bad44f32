"""The packaged stance model: two small tree ensembles read from one .npz, scored with numpy.

Stage one says whether an article is related to a claim at all; stage two, for related pairs,
whether it agrees, disagrees or discusses (FNC-1's labels). Trees are stored as flat arrays
(feature, threshold, children, leaf value), so loading needs neither scikit-learn nor torch and
scoring a batch of pairs is a few vectorised look-ups per tree level. scripts/train_stance.py
builds the file (nlp/stance_training.py); models/stance/CARD.md says on what and how well.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyweave.errors import ModelError
from storyweave.nlp.stance_features import FEATURE_NAMES

MODEL_PATH = Path(__file__).resolve().parent / "models" / "stance" / "stance.npz"
LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED_LABELS = ("agree", "disagree", "discuss")


@dataclass(frozen=True)
class TreeEnsemble:
    """Gradient-boosted regression trees: raw score = init + rate * sum of leaf values per
    output column; a node with feature -1 is a leaf whose children point to itself."""

    feature: np.ndarray  # int32, all trees' nodes concatenated
    threshold: np.ndarray  # float64: x <= threshold goes left (scikit-learn's rule)
    left: np.ndarray  # int32, global node index
    right: np.ndarray
    value: np.ndarray  # float64 leaf value
    roots: np.ndarray  # int32, (trees, outputs): the root node of each tree per output column
    init: np.ndarray  # float64 (outputs,)
    rate: float
    depth: int

    def raw(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.float32).astype(np.float64)
        m = rows.shape[0]
        trees, outputs = self.roots.shape
        nodes = np.broadcast_to(self.roots.reshape(1, -1), (m, trees * outputs)).copy()
        index = np.arange(m)[:, None]
        for _ in range(self.depth):
            feature = self.feature[nodes]
            leaf = feature < 0
            x = rows[index, np.where(leaf, 0, feature)]
            nodes = np.where(
                leaf,
                nodes,
                np.where(x <= self.threshold[nodes], self.left[nodes], self.right[nodes]),
            )
        leaves = self.value[nodes].reshape(m, trees, outputs).sum(axis=1)
        return self.init[None, :] + self.rate * leaves

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """(rows, classes): a sigmoid for one output (binary: P(class 1)), else a softmax."""
        raw = self.raw(rows)
        if raw.shape[1] == 1:
            p = 1.0 / (1.0 + np.exp(-raw[:, 0]))
            return np.stack([1.0 - p, p], axis=1)
        raw = raw - raw.max(axis=1, keepdims=True)
        e = np.exp(raw)
        return e / e.sum(axis=1, keepdims=True)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}feature": self.feature,
            f"{prefix}threshold": self.threshold,
            f"{prefix}left": self.left,
            f"{prefix}right": self.right,
            f"{prefix}value": self.value,
            f"{prefix}roots": self.roots,
            f"{prefix}init": self.init,
            f"{prefix}rate": np.array([self.rate]),
            f"{prefix}depth": np.array([self.depth]),
        }

    @classmethod
    def from_arrays(cls, data: dict[str, np.ndarray], prefix: str) -> TreeEnsemble:
        return cls(
            feature=data[f"{prefix}feature"].astype(np.int32),
            threshold=data[f"{prefix}threshold"].astype(np.float64),
            left=data[f"{prefix}left"].astype(np.int32),
            right=data[f"{prefix}right"].astype(np.int32),
            value=data[f"{prefix}value"].astype(np.float64),
            roots=data[f"{prefix}roots"].astype(np.int32),
            init=data[f"{prefix}init"].astype(np.float64),
            rate=float(data[f"{prefix}rate"][0]),
            depth=int(data[f"{prefix}depth"][0]),
        )


@dataclass(frozen=True)
class StancePrediction:
    label: str  # one of LABELS
    confidence: float  # the model's probability of that label
    probabilities: tuple[float, float, float, float]  # in LABELS order


@dataclass(frozen=True)
class StanceModel:
    """Related-or-not, then agree/disagree/discuss; `weights` scale stage two's probabilities
    before the arg-max (disagree is rare in news, so it is weighed up)."""

    related: TreeEnsemble
    stance: TreeEnsemble
    related_threshold: float = 0.5
    weights: tuple[float, float, float] = (1.0, 1.0, 1.0)
    feature_names: tuple[str, ...] = FEATURE_NAMES

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """(pairs, 4) in LABELS order: P(related) times stage two's split, and P(unrelated)."""
        rows = np.asarray(rows, dtype=np.float32).reshape(-1, len(self.feature_names))
        if rows.shape[0] == 0:
            return np.zeros((0, 4))
        related = self.related.probabilities(rows)[:, 1]
        split = self.stance.probabilities(rows)
        return np.column_stack([split * related[:, None], 1.0 - related])

    def predict(self, rows: np.ndarray) -> list[StancePrediction]:
        probs = self.probabilities(rows)
        found = []
        for p in probs:
            related = 1.0 - p[3]
            if related < self.related_threshold:
                label = 3
            else:
                label = int(np.argmax(p[:3] * np.asarray(self.weights)))
            probabilities = (float(p[0]), float(p[1]), float(p[2]), float(p[3]))
            found.append(StancePrediction(LABELS[label], float(p[label]), probabilities))
        return found

    def save(self, path: Path, card: dict | None = None) -> None:
        meta = {
            "related_threshold": self.related_threshold,
            "weights": list(self.weights),
            "features": list(self.feature_names),
            "labels": list(LABELS),
            "card": card or {},
        }
        arrays = {**self.related.arrays("related_"), **self.stance.arrays("stance_")}
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]

    @classmethod
    def read(cls, path: Path) -> StanceModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
            model = cls(
                related=TreeEnsemble.from_arrays(arrays, "related_"),
                stance=TreeEnsemble.from_arrays(arrays, "stance_"),
                related_threshold=float(meta["related_threshold"]),
                weights=tuple(float(w) for w in meta["weights"]),  # type: ignore[arg-type]
                feature_names=tuple(meta["features"]),
            )
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(
                f"cannot load the stance model {path}: {exc}; rebuild it with `make stance`"
            ) from exc
        if model.feature_names != FEATURE_NAMES:
            raise ModelError(
                f"the stance model {path} was trained on other features than this version "
                "computes; rebuild it with `make stance`"
            )
        return model


@functools.cache
def load_stance_model(path: str | None = None) -> StanceModel:
    """The packaged model (or the one at `path`), loaded once per process."""
    return StanceModel.read(Path(path) if path else MODEL_PATH)
