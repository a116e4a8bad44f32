"""Sentence and document vectors without torch: the packaged static model, or a hashing fallback.

The default embedder is a model2vec static model distilled from all-MiniLM-L6-v2 (see
scripts/distill_embeddings.py and models/minilm-static/NOTICE): a vector per token, averaged, so it
needs only numpy and a tokenizer and encodes tens of thousands of sentences a second on one core.
When that model cannot be loaded, a hashing TF embedder keeps the pipeline running on lexical
overlap alone; the choice is logged, never silent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from storyweave.errors import ModelError

logger = logging.getLogger("storyweave")

PACKAGED_MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm-static"
# What model2vec reads from a model folder; checked up front so that a missing folder never
# reaches model2vec, which would take the path for a model-hub name and try to download it.
MODEL_FILES = ("model.safetensors", "tokenizer.json", "config.json")
# 4096 hashed features: 16 KiB a dense float32 row. Two unrelated 20-word sentences
# (~40 unigram+bigram features each) then share ~0.4 colliding buckets, i.e. a spurious cosine of
# about 0.01, while 10k sentences still fit in ~160 MiB. 2**14+ buckets would quadruple memory for
# little gain; a random projection to fewer dims would add noise of ~1/sqrt(dims) to every cosine.
FALLBACK_DIM = 2**12


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into comparable vectors: cosine similarity is a plain dot product."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row per text, L2-normalised; an all-zero row for a text with no content."""
        ...


@dataclass(frozen=True)
class EmbeddingConfig:
    model_dir: str | None = None  # None: the packaged minilm-static model
    fallback: bool = True  # use the hashing embedder when the model cannot be loaded


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Unit-length float32 rows; rows that are all zero stay zero instead of becoming NaN."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


class StaticEmbedder:
    """A model2vec static model loaded from a local folder, never from a model hub.

    Texts are not truncated: a static model has no sequence limit, so a whole article can be
    embedded as one text (its vector is then the SIF-weighted mean of all its tokens).
    """

    def __init__(self, model_dir: str | Path) -> None:
        path = Path(model_dir).expanduser().resolve()
        missing = [name for name in MODEL_FILES if not (path / name).is_file()]
        if missing:
            raise ModelError(
                f"embedding model not found in {path}: missing {', '.join(missing)}; "
                "reinstall storyweave, or rebuild the packaged model with scripts/distill.sh"
            )
        try:
            from model2vec import StaticModel
        except ImportError as exc:
            raise ModelError(
                f"cannot load the embedding model in {path}: the model2vec package is not "
                "installed (pip install model2vec)"
            ) from exc
        try:
            # float32 on load: the file stores int8 to stay small, and model2vec would otherwise
            # average int8 rows into float64.
            self._model = StaticModel.from_pretrained(str(path), quantize_to="float32")
        except Exception as exc:  # model2vec, safetensors and tokenizers raise unrelated types
            raise ModelError(
                f"cannot load the embedding model in {path}: {exc}; the files are damaged, "
                "rebuild them with scripts/distill.sh"
            ) from exc
        self.name = path.name
        self.dim = int(self._model.dim)
        self.path = path

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # No multiprocessing: model2vec's thread pool sets TOKENIZERS_PARALLELISM for the whole
        # process, and the runner already parallelises across articles.
        vectors = self._model.encode(
            list(texts), show_progress_bar=False, use_multiprocessing=False, max_length=None
        )
        return _normalise_rows(vectors)


class HashingTfidfEmbedder:
    """Lexical vectors that need no model and no fitting: hashed word unigrams and bigrams.

    Weights are sublinear term frequencies (1 + log tf). There is no IDF, because IDF needs a
    fitted corpus and these vectors must not change as the corpus grows; English stop words are
    dropped instead so that "the" and "of" do not dominate the cosine. Deterministic: the hash
    is fixed, so the same text gives the same vector in every process.

    Known failure cases: paraphrases that share no words score zero; non-English text keeps its
    stop words.
    """

    name = "tfidf-hash"

    def __init__(self, dim: int = FALLBACK_DIM) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.dim = dim
        self._vectorizer = HashingVectorizer(
            n_features=dim,
            ngram_range=(1, 2),
            stop_words="english",
            strip_accents="unicode",
            alternate_sign=False,  # keeps every weight >= 0, so unrelated texts score ~0, not < 0
            norm=None,
            dtype=np.float32,
        )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        counts = self._vectorizer.transform(list(texts))
        counts.data = 1.0 + np.log(counts.data)
        return _normalise_rows(counts.toarray())


def load_embedder(config: EmbeddingConfig = EmbeddingConfig()) -> Embedder:
    """The embedder the pipeline should use, loaded once by the caller and passed to stages.

    Raises ModelError when the model cannot be loaded and `config.fallback` is off; with the
    fallback on, logs a warning that says why and returns the hashing embedder.
    """
    model_dir = Path(config.model_dir) if config.model_dir else PACKAGED_MODEL_DIR
    try:
        embedder = StaticEmbedder(model_dir)
    except ModelError as exc:
        if not config.fallback:
            raise
        fallback = HashingTfidfEmbedder()
        logger.warning(
            "%s; falling back to %s embeddings (lexical overlap only, %d dims)",
            exc,
            fallback.name,
            fallback.dim,
        )
        return fallback
    logger.info("embeddings: %s (%d dims) from %s", embedder.name, embedder.dim, embedder.path)
    return embedder
