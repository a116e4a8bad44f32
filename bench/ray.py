"""The Ray executor against the local one: wall time of the same brief, and whether it is the same.

    python bench/ray.py                     # 200 real articles, 2 rounds
    python bench/ray.py --articles 100 --rounds 1

Articles: MEANTIME's Wikinews articles, then ECB+ documents (../shared/data, read as
bench/brief.py reads them), written as JSONL. Each run is the command a user types, in a fresh
process, timed from start to exit (for ray: the local cluster's start and stop included):
    storyweave brief ARTICLES.jsonl --format json -o OUT --executor local|ray
Rounds alternate which executor goes first. Prints each wall time, the median ratio ray / local
(target <= 1.3 on the 2-core machine), whether every round's brief JSON is byte-identical to
the first local one (same stories, claims, quotes, citations), and how many claims and quotes
that is. Prints `uptime` before and after: on a shared machine the load moves the figures.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from brief import DATA, real_articles  # noqa: E402


def write_articles(path: Path, count: int) -> tuple[int, int]:
    """(articles, characters) written to `path` as JSONL."""
    rows = real_articles(count)
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows), sum(len(row["text"]) for row in rows)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


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
    if not DATA.is_dir():
        raise SystemExit(f"skipped: {DATA} not found (MEANTIME and ECB+ are read from there)")
    print(f"before: {uptime()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles.jsonl"
        count, chars = write_articles(articles, args.articles)
        times: dict[str, list[float]] = {"local": [], "ray": []}
        digests: list[str] = []
        for number in range(args.rounds):
            order = ("local", "ray") if number % 2 == 0 else ("ray", "local")
            for executor in order:
                out = Path(tmp) / f"{executor}-{number}.json"
                seconds = run_brief(articles, out, executor)
                times[executor].append(seconds)
                digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
                print(f"round {number + 1} {executor:5s} {seconds:6.1f} s", flush=True)
        stories = json.loads((Path(tmp) / "local-0.json").read_text())["stories"]
    local, ray = statistics.median(times["local"]), statistics.median(times["ray"])
    same = len(set(digests)) == 1
    claims = sum(len(s.get("claims") or ()) for s in stories)
    quotes = sum(len(s.get("quotes") or ()) for s in stories)
    print(
        f"{count} articles ({chars} characters), {len(stories)} briefs, {claims} claims, "
        f"{quotes} quotes; cpus {os.cpu_count()}"
    )
    print(f"median local {local:.1f} s, ray {ray:.1f} s, ratio {ray / local:.2f} (target <= 1.3)")
    print(f"brief JSON identical across executors and rounds: {same}")
    print(f"after: {uptime()}")


if __name__ == "__main__":
    main()
