"""Run every eval script in turn, so one command prints all of storyweave's quality figures.

Run from the repository root:  python eval/run_all.py
Each module in EVALS lives next to this file and has `main(argv) -> int` (0 on success, also when
its data set is absent: it then prints "skipped: ...").
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

EVALS = [
    "extraction",
    "grouping",
    "timex",
    "quotes",
    "polnear",
    "claims",
    "summary",
    "stance",
    "entities",
    "disputes",
]


def load(name: str):
    """The eval module from its file, under a private name: an eval called like a standard
    library module (time, string ...) must not shadow it or be shadowed."""
    path = Path(__file__).resolve().parent / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"storyweave_eval_{name}", path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look modules up by name
    spec.loader.exec_module(module)
    return module


def main() -> int:
    # Evals import shared helpers that sit next to them.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    status = 0
    for name in EVALS:
        print(f"== {name}", flush=True)
        status = max(status, load(name).main([]))
    return status


if __name__ == "__main__":
    sys.exit(main())
