"""Ingest speed and memory on generated JSONL: prints articles/s and peak memory per size.

    python bench/ingest.py                 # 5 MB, 50 MB
    python bench/ingest.py --sizes-mb 1024 # the 1 GB bounded-memory check (takes a while)

Each size runs in a fresh process so peak memory (ru_maxrss) belongs to that size alone; flat
memory across sizes shows the ingest streams instead of loading the file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from fresh_process import measure_in_child  # noqa: E402


def run_one(size_mb: float) -> dict:
    from corpus import write_jsonl

    from storyweave.ingest.loader import load_articles
    from storyweave.ingest.reader import read_inputs
    from storyweave.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "corpus.jsonl")
        rows = write_jsonl(data, size_bytes=int(size_mb * 1024 * 1024))
        baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        with open_store(os.path.join(tmp, "bench.db")) as store:
            report = load_articles(store, read_inputs([data]))
        elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "size_mb": size_mb,
        "articles": rows,
        "added": len(report.added),
        "copies": len(report.duplicates),
        "problems": len(report.problems),
        "seconds": round(elapsed, 1),
        "articles_per_s": round(rows / elapsed, 1),
        "peak_mb": round(peak_kb / 1024, 1),
        "baseline_mb": round(baseline_kb / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", type=float, nargs="+", default=[5, 50])
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one)))
        return
    print(f"{'size':>8} {'articles':>9} {'copies':>7} {'seconds':>8} {'art/s':>8} {'peak MB':>8}")
    for size in args.sizes_mb:
        r = measure_in_child(__file__, str(size))
        print(
            f"{size:>6.0f}MB {r['articles']:>9} {r['copies']:>7} {r['seconds']:>8} "
            f"{r['articles_per_s']:>8} {r['peak_mb']:>8}"
        )


if __name__ == "__main__":
    main()
