"""The embedding layer: the packaged model loads offline without torch, and degrades clearly."""

import logging
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from storyweave.errors import ModelError
from storyweave.nlp.embeddings import (
    PACKAGED_MODEL_DIR,
    EmbeddingConfig,
    HashingTfidfEmbedder,
    StaticEmbedder,
    load_embedder,
)

PARAPHRASES = [
    (
        "Trump said he wants to meet Putin soon.",
        "The president-elect said he hopes to hold talks with the Russian leader shortly.",
    ),
    (
        "Heavy rain flooded the city centre overnight.",
        "Streets downtown were under water after a night of storms.",
    ),
    (
        "The central bank raised interest rates by half a point.",
        "Borrowing costs went up 0.5 percentage points after the bank's decision.",
    ),
    (
        "Troops must withdraw before negotiations can begin.",
        "Talks require the soldiers to pull out first.",
    ),
]
UNRELATED = [
    "The recipe calls for two cups of flour and a pinch of salt.",
    "The striker scored twice in the second half.",
    "My cat sleeps on the sofa all afternoon.",
    "The museum opened a new dinosaur exhibit.",
]


@pytest.fixture(scope="module")
def static_embedder() -> StaticEmbedder:
    return StaticEmbedder(PACKAGED_MODEL_DIR)


def test_packaged_model_loads_offline_without_torch():
    # A fresh interpreter, because pytest plugins may have imported anything already. Any socket
    # connection fails, so a hub lookup would surface as an error instead of a silent download.
    code = textwrap.dedent(
        """
        import socket, sys

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        from storyweave.nlp.embeddings import EmbeddingConfig, load_embedder

        embedder = load_embedder(EmbeddingConfig(fallback=False))
        vectors = embedder.encode(["The Kremlin welcomed the offer."])
        assert embedder.name == "minilm-static", embedder.name
        assert vectors.shape == (1, embedder.dim), vectors.shape
        assert "torch" not in sys.modules
        assert "transformers" not in sys.modules
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("make_embedder", ["static", "hashing"])
def test_vectors_are_unit_length_float32_and_empty_text_is_zero(make_embedder, static_embedder):
    embedder = static_embedder if make_embedder == "static" else HashingTfidfEmbedder()
    vectors = embedder.encode(["Peskov said no conditions are required.", "", "   ", "Kyiv"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (4, embedder.dim)
    norms = np.linalg.norm(vectors, axis=1)
    assert norms[0] == pytest.approx(1.0, abs=1e-5)
    assert norms[3] == pytest.approx(1.0, abs=1e-5)
    assert not vectors[1].any()
    assert not vectors[2].any()


@pytest.mark.parametrize("make_embedder", ["static", "hashing"])
def test_no_texts_give_an_empty_matrix(make_embedder, static_embedder):
    embedder = static_embedder if make_embedder == "static" else HashingTfidfEmbedder()
    assert embedder.encode([]).shape == (0, embedder.dim)


def test_paraphrases_score_higher_than_unrelated_sentences(static_embedder):
    for (left, right), unrelated in zip(PARAPHRASES, UNRELATED, strict=True):
        a, b, c = static_embedder.encode([left, right, unrelated])
        assert float(a @ b) > float(a @ c) + 0.1, (left, right, unrelated)


def test_hashing_embedder_rewards_shared_words():
    a, b, c = HashingTfidfEmbedder().encode(
        [
            "Putin is willing to meet Trump without preconditions.",
            "The Kremlin says Putin will meet Trump without preconditions.",
            "The striker scored twice in the second half.",
        ]
    )
    assert float(a @ b) > 0.5
    assert float(a @ c) < 0.1


@pytest.mark.parametrize("make_embedder", ["static", "hashing"])
def test_output_is_deterministic(make_embedder, static_embedder):
    embedder = static_embedder if make_embedder == "static" else HashingTfidfEmbedder()
    texts = [left for left, _ in PARAPHRASES]
    first = embedder.encode(texts)
    # Same text alone or in another batch: same vector (no batch-dependent padding or scaling).
    again = embedder.encode(list(reversed(texts)))[::-1]
    alone = embedder.encode(texts[:1])
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first[:1], alone)


def test_missing_model_falls_back_to_hashing_with_a_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="storyweave"):
        embedder = load_embedder(EmbeddingConfig(model_dir=str(tmp_path / "nowhere")))
    assert embedder.name == "tfidf-hash"
    assert "falling back to tfidf-hash" in caplog.text
    assert "nowhere" in caplog.text


def test_missing_model_without_fallback_raises_model_error(tmp_path):
    with pytest.raises(ModelError, match=r"missing model\.safetensors.*scripts/distill\.sh"):
        load_embedder(EmbeddingConfig(model_dir=str(tmp_path), fallback=False))


def test_damaged_model_without_fallback_raises_model_error(tmp_path):
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        (tmp_path / name).write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelError, match="damaged"):
        load_embedder(EmbeddingConfig(model_dir=str(tmp_path), fallback=False))


def test_default_config_uses_the_packaged_model(caplog):
    with caplog.at_level(logging.INFO, logger="storyweave"):
        embedder = load_embedder()
    assert embedder.name == "minilm-static"
    assert embedder.dim == 256
    assert "minilm-static" in caplog.text


def test_remembered_chunks_give_the_vector_of_the_whole_text(static_embedder):
    # The embedder tokenizes each whitespace-separated chunk once and reuses it; the result must
    # be the mean of the rows of the tokens the tokenizer finds in the whole text at once.
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    rows = load_file(str(PACKAGED_MODEL_DIR / "model.safetensors"))["embeddings"]
    tokenizer = Tokenizer.from_file(str(PACKAGED_MODEL_DIR / "tokenizer.json"))
    unknown = tokenizer.token_to_id("[UNK]")
    texts = [
        "Kyiv's mayor said: \"We won't leave\" -- 3,800 people (U.S.-led) fled.",
        "Zürich, naïve café; e-mail\tand\n\nnew-lines ✈ 東京 too",
        "The same words. The same words again, and the same words",
        "",
    ]
    static_embedder.encode(texts[2:3])  # some chunks remembered already
    ours = static_embedder.encode(texts)
    for text, vector in zip(texts, ours, strict=True):
        ids = [i for i in tokenizer.encode(text, add_special_tokens=False).ids if i != unknown]
        if not ids:
            assert not vector.any()
            continue
        expected = rows[ids].astype(np.float32).mean(axis=0)
        expected /= np.linalg.norm(expected)
        np.testing.assert_allclose(vector, expected, atol=1e-6)
