"""The Ray executor against the local one: wall time of the same brief, and whether it is the same.

    python bench/ray.py                     # 200 AllSides articles, 2 rounds
    python bench/ray.py --articles 100 --rounds 1

Articles: the first stories of ../shared/data/allsides-dated-dev (up to three outlets each, real
news text), written as JSONL. Each run is the command a user types, in a fresh process, timed
from start to exit (for ray: the local cluster's start and stop included):
    storyweave brief ARTICLES.jsonl --format json -o OUT --executor local|ray
Rounds alternate local and ray. Prints each wall time, the median ratio ray / local (target
<= 1.3 on the 2-core machine) and whether every round's brief JSON is byte-identical to the
first local one (same stories, claims, quotes, citations). Print `uptime` with the figures:
on a shared machine the load moves them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
from grouping_data import load_allsides  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def write_articles(path: Path, count: int) -> int:
    gold = load_allsides(DATA)
    if gold is None:
        raise SystemExit(f"no allsides-dated-dev under {DATA}")
    rows = gold.articles[:count]
    with path.open("w", encoding="utf-8") as handle:
        for a in rows:
            row = {"id": a.id, "title": a.title, "source": a.source, "text": a.text}
            row["published"] = a.published.isoformat() if a.published else None
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def run_brief(articles: Path, out: Path, executor: str) -> float:
    command = [sys.executable, "-m", "storyweave.cli", "brief", str(articles)]
    command += ["--format", "json", "-o", str(out), "--executor", executor]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: done, with some articles skipped
        raise SystemExit(f"{executor} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles.jsonl"
        count = write_articles(articles, args.articles)
        times: dict[str, list[float]] = {"local": [], "ray": []}
        digests: list[tuple[str, str]] = []
        for number in range(args.rounds):
            for executor in ("local", "ray"):
                out = Path(tmp) / f"{executor}-{number}.json"
                seconds = run_brief(articles, out, executor)
                times[executor].append(seconds)
                digests.append((executor, hashlib.sha256(out.read_bytes()).hexdigest()))
                print(f"round {number + 1} {executor:5s} {seconds:6.1f} s", flush=True)
        briefs = len(json.loads((Path(tmp) / "local-0.json").read_text())["stories"])
    local, ray = statistics.median(times["local"]), statistics.median(times["ray"])
    same = len({d for _, d in digests}) == 1
    print(f"{count} articles, {briefs} briefs; cpus {os.cpu_count()}; load {os.getloadavg()}")
    print(f"median local {local:.1f} s, ray {ray:.1f} s, ratio {ray / local:.2f} (target <= 1.3)")
    print(f"brief JSON identical across executors and rounds: {same}")


if __name__ == "__main__":
    main()
