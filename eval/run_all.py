"""Run every eval script in turn, so one command prints all of storyweave's quality figures.

Run from the repository root:  python eval/run_all.py
Each module in EVALS lives next to this file and has `main(argv) -> int` (0 on success, also when
its data set is absent: it then prints "skipped: ...").
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

EVALS = ["extraction", "grouping", "time", "quotes", "claims"]


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    status = 0
    for name in EVALS:
        print(f"== {name}", flush=True)
        status = max(status, importlib.import_module(name).main([]))
    return status


if __name__ == "__main__":
    sys.exit(main())
