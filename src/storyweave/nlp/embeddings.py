"""Sentence and document vectors without torch: the packaged static model, or a hashing fallback.

The default embedder is a model2vec static model distilled from all-MiniLM-L6-v2 (see
scripts/distill_embeddings.py and models/minilm-static/NOTICE): a vector per token, averaged, so it
needs only numpy and a tokenizer and encodes tens of thousands of sentences a second on one core.
When that model cannot be loaded, a hashing TF embedder keeps the pipeline running on lexical
overlap alone; the choice is logged, never silent.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from scipy import sparse

from storyweave.errors import ModelError

logger = logging.getLogger("storyweave")

PACKAGED_MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm-static"
# The files of a model2vec model folder (scripts/distill.sh writes them), checked up front so
# that a missing file gets a clear message.
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
    """A model2vec static model read from a local folder, never from a model hub.

    A text's vector is the mean of its WordPiece tokens' rows (SIF weighting is already baked
    into the rows at distillation), unknown tokens left out, as model2vec computes it. The
    folder is read here rather than through model2vec: its loader copies the tokenizer and
    scans the vocabulary (0.5 s per run, measured), and its encoder tokenizes every text anew,
    while news repeats the same words all day. Here each whitespace-separated chunk is tokenized
    once and its token ids kept: the tokenizer's normaliser and pre-tokenizer act on characters
    and split at whitespace, so a text's tokens are its chunks' tokens in order. (Control
    characters, which the tokenizer deletes, are the exception: Python splits at a few of them;
    cleaned article text has none.)

    Texts are not truncated: a static model has no sequence limit, so a whole article can be
    embedded as one text.
    """

    # Chunk -> token ids memory; cleared when full, so a long run's memory stays bounded.
    max_cached_chunks = 200_000

    def __init__(self, model_dir: str | Path) -> None:
        path = Path(model_dir).expanduser().resolve()
        missing = [name for name in MODEL_FILES if not (path / name).is_file()]
        if missing:
            raise ModelError(
                f"embedding model not found in {path}: missing {', '.join(missing)}; "
                "reinstall storyweave, or rebuild the packaged model with scripts/distill.sh"
            )
        try:
            self._rows, self._tokenizer, self._unknown = _read_static_model(path)
        except Exception as exc:  # safetensors, tokenizers and json raise unrelated types
            raise ModelError(
                f"cannot load the embedding model in {path}: {exc}; the files are damaged, "
                "rebuild them with scripts/distill.sh"
            ) from exc
        self._chunk_ids: dict[str, list[int]] = {}
        self.name = path.name
        self.dim = int(self._rows.shape[1])
        self.path = path

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        chunked = [text.split() for text in texts]
        self._learn_chunks({chunk for chunks in chunked for chunk in chunks})
        known = self._chunk_ids
        ids: list[int] = []
        ends = [0]
        for chunks in chunked:
            for chunk in chunks:
                ids.extend(known[chunk])
            ends.append(len(ids))
        # Token counts per text as a sparse matrix times the rows: one C loop for the batch
        # instead of gathering a row per token (7x faster on bench/embeddings.py).
        counts = sparse.csr_matrix(
            (np.ones(len(ids), dtype=np.float32), np.asarray(ids, dtype=np.int64), ends),
            shape=(len(texts), len(self._rows)),
        )
        sizes = np.diff(ends).astype(np.float32)
        sums = np.asarray(counts @ self._rows, dtype=np.float32)
        np.divide(sums, sizes[:, None], out=sums, where=sizes[:, None] > 0)
        return _normalise_rows(sums)

    def _learn_chunks(self, chunks: set[str]) -> None:
        new = [chunk for chunk in chunks if chunk not in self._chunk_ids]
        if not new:
            return
        if len(self._chunk_ids) + len(new) > self.max_cached_chunks:
            self._chunk_ids.clear()
        unknown = self._unknown
        for chunk, encoding in zip(
            new, self._tokenizer.encode_batch_fast(new, add_special_tokens=False), strict=True
        ):
            self._chunk_ids[chunk] = [token for token in encoding.ids if token != unknown]


def _read_static_model(path: Path) -> tuple[np.ndarray, Any, int | None]:
    """(float32 row per token id, tokenizer, unknown-token id) of a model2vec folder."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    if config.get("pooling", "mean") != "mean":
        raise ValueError(f"pooling {config['pooling']!r} is not supported, only mean")
    tensors = load_file(str(path / "model.safetensors"))
    # The file stores int8 to stay small; the scale does not matter, vectors are normalised.
    rows = tensors["embeddings"].astype(np.float32)
    if "mapping" in tensors:  # a vocabulary-quantised model shares rows between tokens
        rows = rows[tensors["mapping"]]
    if "weights" in tensors:
        rows = rows * tensors["weights"].astype(np.float32)[:, None]
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    unknown_token = getattr(tokenizer.model, "unk_token", None)
    unknown = tokenizer.token_to_id(unknown_token) if unknown_token else None
    if rows.shape[0] != tokenizer.get_vocab_size():
        raise ValueError(f"{rows.shape[0]} vectors for {tokenizer.get_vocab_size()} tokens")
    return np.ascontiguousarray(rows), tokenizer, unknown


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
