"""Peak memory of `storyweave extract --db` and `brief --db` on a 1 GB store (issue 12: each must
stay under 1 GB), printed as a table with the store size, articles and seconds of each run.

    python bench/memory.py                          # builds out/memory/ once, then reuses it
    python bench/memory.py --dir /tmp/m --store-mb 256 --whole-store-s 180

What is measured, and why this way:

- **The store.** ~1 GB of generated articles (bench/corpus.py: ~1,700 characters each, events
  of 2-6 reports, one report in ten a wire reprint) put in through the Store API with their real
  fingerprints (MinHash, bands, full-text index: the same rows ingest writes), plus the five
  seed articles (shared/corpora/seeds) through the real ingest. Not through `storyweave ingest`
  end to end: that measured 116 articles/s on this shared 2-core machine (2.6 ms CPU each, the
  rest waiting for a core), about 20 minutes for the ~150,000 articles of 1 GB; the Store API
  route skips the reading and the near-duplicate look-up (reprints are marked from the
  generator, which knows them) and takes a third of that. Every article is placed in a story:
  the generated ones one story per generated event, the seeds as the real grouping made them in
  a store of their own. Grouping 150,000 articles would need every one annotated first (hours
  here). The store is built once, kept under --dir and reused; a copy at the first size over
  --mid-mb is kept too, so each command is also run on a smaller store of the same kind.
- **extract.** `extract --db STORE --format json` and `--format ndjson` write every stored
  article to /dev/null. Their peak is what the store's size does to a reader of all of it.
- **brief.** Briefing all ~40,000 stories of 1 GB means annotating every article (days of CPU
  here), so what the criterion means in practice is measured three ways: (1) `brief --db STORE
  --story SEEDS` over the small, middle and 1 GB stores: the same five-article story, briefed
  while the store around it grows, so any growth is what brief holds per stored article
  (ids, assignments, stories) rather than per briefed one; (2) `brief --db` over a store of one
  950,000-character article (real news bodies from shared/data/fnc1-dev joined into one text,
  generated text where absent) and the five seeds: the hostile report's 2.8 GB case;
  (3) with --whole-store-s N, `brief --db STORE` over the whole 1 GB store, stopped after N
  seconds: the peak of its first batches of stories, which is what it holds at any time since
  it briefs a batch of stories at a time. Brief runs work on a throw-away copy of the store, so
  each run starts with nothing annotated and the kept store stays as built.
- **Grouping a store not yet grouped.** A first `brief --db` (or `stories --db`) after
  ingesting 1 GB must annotate and group every article; that takes hours of CPU here, so its
  memory is measured per article instead (--grouping-articles, 300 by default): what stays in
  memory per annotated article as `Workspace.annotations` holds it and as grouping now holds
  it (`grouping_view`), traced with tracemalloc, and multiplied out to the 1 GB store.
- **Memory.** Each command runs in a fresh process started by a small one (the stores are built
  in another child). "peak RSS" is the largest resident size of the command or any one of its
  worker processes (ru_maxrss from wait4, VmHWM of workers); "peak all" is the largest, at
  one moment (sampled every 0.2 s), of the command's resident size plus each worker's private
  memory (pages no other process maps): workers are forked from the command, so what they
  share they share with it, and each page is counted once. That is what the run costs the
  machine, and the figure held to 1 GB. (PSS would split library pages with unrelated
  processes on the machine and read low.) Brief forks workers that share the loaded model's
  pages; "RSS sum" counts those pages once per process, an upper bound. CPU seconds are the
  command's and its reaped workers' (none for a run stopped early).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "corpora" / "seeds"
FNC1_BODIES = REPO.parent / "shared" / "data" / "fnc1-dev" / "bodies.csv"
CHUNK = 5000  # generated articles per transaction (and per resumable step)
LONG_CHARS = 950_000


@dataclass(frozen=True)
class Measured:
    rc: int
    seconds: float
    cpu_s: float
    peak_rss_mb: float
    peak_all_mb: float  # the command's RSS plus its workers' private memory
    peak_rss_sum_mb: float  # RSS summed: counts pages the workers share once per process
    stopped: bool
    at_peak: str  # each process's RSS and private memory (MB) at the peak of "all"


# -- measuring a command ----------------------------------------------------------------


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants, from /proc (Linux)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> tuple[int, int, int]:
    """(resident, peak resident, private) memory of one process in KB; zeros once it has
    gone. Private: pages no other process maps (smaps_rollup Private_Clean + Private_Dirty)."""
    found = {"VmRSS": 0, "VmHWM": 0, "Private_Clean": 0, "Private_Dirty": 0}
    for name in (f"/proc/{pid}/status", f"/proc/{pid}/smaps_rollup"):
        try:
            with open(name) as handle:
                for line in handle:
                    key = line.split(":", 1)[0]
                    if key in found:
                        found[key] = int(line.split()[1])
        except OSError:
            pass
    private = found["Private_Clean"] + found["Private_Dirty"]
    return found["VmRSS"], found["VmHWM"], private


def measure(args: list[str], timeout_s: float, stop_after_s: float | None = None) -> Measured:
    """Run `storyweave ARGS` to /dev/null; peak memory of it and its workers, and seconds."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    command = [sys.executable, "-m", "storyweave.cli", *args]
    with tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        peak_one = peak_all = peak_rss_sum = 0
        breakdown = ""
        stopped = killed = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid == child.pid:
                break
            sample = [(p, *_memory_kb(p)) for p in _tree(child.pid)]
            peak_one = max([peak_one, *(hwm for _, _, hwm, _ in sample)])
            peak_rss_sum = max(peak_rss_sum, sum(rss for _, rss, _, _ in sample))
            # the command's resident pages, plus what each forked worker has of its own
            total = sample[0][1] + sum(private for *_, private in sample[1:])
            if total > peak_all:
                peak_all = total
                breakdown = ", ".join(f"RSS {r // 1024} own {q // 1024}" for _, r, _, q in sample)
            elapsed = time.perf_counter() - started
            limit = stop_after_s if stop_after_s is not None else timeout_s
            if elapsed > limit and not killed:
                stopped, killed = stop_after_s is not None, True
                for p in reversed(_tree(child.pid)):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(p, 15)
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1) and not stopped:
            errors.seek(0)
            tail = errors.read()[-2000:]
            print(f"  {' '.join(args)}: exit {child.returncode}\n{tail}", file=sys.stderr)
    return Measured(
        child.returncode,
        round(seconds, 1),
        round(usage.ru_utime + usage.ru_stime, 1),
        max(usage.ru_maxrss, peak_one) // 1024,
        peak_all // 1024,
        peak_rss_sum // 1024,
        stopped,
        breakdown,
    )


# -- building the stores -----------------------------------------------------------------


def _generated(chunk: int) -> tuple[list, list]:
    """CHUNK articles (seeded by `chunk`) and one story per generated event."""
    from corpus import generate

    from storyweave.model import Article, Event, Story, parse_date

    articles, stories = [], []
    by_event: dict[str, list] = {}
    for row in generate(CHUNK, seed=1000 + chunk):
        event = f"g{chunk}-{row['id'].split('-')[0]}"
        members = by_event.setdefault(event, [])
        text = row["text"]
        reprint_of = next((a.id for a in members if text.endswith("\n" + a.text)), None)
        article = Article(
            id=f"g{chunk}-{row['id']}",
            text=text,
            source=row["source"],
            title=row["title"],
            published=parse_date(row["published"]),
            origin=f"bench:{chunk}:{row['id']}",
            duplicate_of=reprint_of,
        )
        members.append(article)
        articles.append(article)
    for event, members in by_event.items():
        ids = tuple(a.id for a in members)
        day = members[0].published
        stories.append(
            Story(
                f"s-{event}",
                members[0].title,
                ids,
                (Event(event, members[0].title, ids, day, day),),
            )
        )
    return articles, stories


def _insert(store, articles: list) -> None:
    """What ingest writes for each article, without the near-duplicate look-up."""
    from storyweave.ingest.dedup import DedupConfig, fingerprint
    from storyweave.ingest.loader import content_hash

    config = DedupConfig()
    for article in articles:
        print_ = fingerprint(article.text, config)
        stored = (print_.text_hash, print_.shingles, print_.signature.tobytes())
        store.insert_article(article, content_hash(article), stored, print_.bands(config))


def _seed_stories(folder: Path) -> list:
    """The seeds' stories as the real ingest and grouping make them, in a store of their own."""
    from storyweave.pipeline import open_workspace

    path = folder / "seeds-grouped.db"
    with open_workspace(str(path)) as ws:
        if not ws.store.article_count():
            ws.ingest([str(SEEDS)])
        return ws.stories()


def _file_mb(path: Path) -> float:
    return path.stat().st_size / 1024 / 1024 if path.exists() else 0.0


def _checkpoint(path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def build_stores(folder: Path, target_mb: float, mid_mb: float) -> dict[str, Path]:
    """small (the seeds alone), mid (first size over mid_mb) and big (over target_mb): each
    built once and reused; an interrupted build resumes at its last whole chunk."""
    from storyweave.pipeline import open_workspace

    folder.mkdir(parents=True, exist_ok=True)
    paths = {n: folder / f"{n}.db" for n in ("small", "mid", "big")}
    name = f"big-{target_mb:.0f}mb.db"
    paths["big"] = folder / name
    stories = None
    for which in ("small", "big"):
        path = paths[which]
        with open_workspace(str(path)) as ws:
            store = ws.store
            state = store.get_state("bench", "memory") or {}
            if state.get("complete"):
                continue
            started = time.perf_counter()
            if "chunks" not in state:
                stories = stories or _seed_stories(folder)
                ws.ingest([str(SEEDS)])
                store.save_stories(stories)
                store.put_state("bench", "memory", {"chunks": 0})
            chunk = (store.get_state("bench", "memory") or {})["chunks"]
            while which == "big" and _file_mb(path) < target_mb:
                articles, groups = _generated(chunk)
                with store.transaction():
                    _insert(store, articles)
                    store.save_stories(groups)
                    chunk += 1
                    store.put_state("bench", "memory", {"chunks": chunk})
                _checkpoint(path)
                print(
                    f"  building {path.name}: {store.article_count()} articles, "
                    f"{_file_mb(path):.0f} MB, {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
                if not paths["mid"].exists() and _file_mb(path) >= mid_mb:
                    shutil.copyfile(path, paths["mid"])
            store.put_state("bench", "memory", {"chunks": chunk, "complete": True})
        _checkpoint(path)
    if not paths["mid"].exists():
        del paths["mid"]
    return paths


def _long_text() -> str:
    """LONG_CHARS of real news prose (FNC-1 bodies joined), or generated where absent."""
    parts, size = [], 0
    if FNC1_BODIES.exists():
        with open(FNC1_BODIES, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                parts.append(row["articleBody"].strip())
                size += len(parts[-1]) + 2
                if size >= LONG_CHARS:
                    break
    if size < LONG_CHARS:
        from corpus import generate

        for row in generate(10**6, seed=3):
            parts.append(row["text"])
            size += len(row["text"]) + 2
            if size >= LONG_CHARS:
                break
    return "\n\n".join(parts)[:LONG_CHARS]


def build_long_store(folder: Path) -> Path:
    """A fresh store of the seeds and one LONG_CHARS article, through the real ingest."""
    from storyweave.pipeline import open_workspace

    path = folder / "long.db"
    for stale in folder.glob("long.db*"):
        stale.unlink()
    data = folder / "long.jsonl"
    row = {
        "id": "long-article",
        "source": "The Long Read",
        "title": "Everything at once",
        "published": "2026-03-14",
        "text": _long_text(),
    }
    data.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with open_workspace(str(path)) as ws:
        ws.ingest([str(SEEDS), str(data)])
    _checkpoint(path)
    return path


# -- the runs --------------------------------------------------------------------------


def _count(path: Path) -> int:
    import sqlite3

    db = sqlite3.connect(path)
    count = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    db.close()
    return int(count)


def _seed_story_id(path: Path) -> str:
    """The story holding the most seed articles."""
    import sqlite3

    db = sqlite3.connect(path)
    row = db.execute(
        "SELECT e.story_id FROM event_articles ea JOIN events e ON e.id = ea.event_id "
        "WHERE ea.article_id NOT LIKE 'g%' GROUP BY e.story_id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    db.close()
    return str(row[0])


def grouping_held(folder: Path, count: int) -> dict:
    """In a child: memory held per article while grouping a store that is not yet grouped,
    as `Workspace.annotations` holds it (every article's full annotations) and as grouping
    now holds it (`grouping_view`, made a batch at a time). Traced by tracemalloc over
    annotations read back from the cache (the store is annotated once, then kept), so the
    figure is what stays in memory per article, not the parse."""
    import gc
    import tracemalloc

    from storyweave.execute.local import RunConfig
    from storyweave.pipeline import Settings, _Silent, open_workspace

    path = folder / f"grouping-{count}.db"
    settings = Settings(run=RunConfig(articles_per_batch=max(1, count // 4)))
    with open_workspace(str(path), settings) as ws:
        if ws.store.article_count() < count:
            articles, _ = _generated(CHUNK + 1)
            with ws.store.transaction():
                _insert(ws.store, articles[:count])
        ws.annotations(None)  # annotated and cached once; kept for later runs
        held = {}
        for name, read in (
            ("full", lambda: ws.annotations(None)),
            ("grouping view", lambda: ws._grouping_annotations(_Silent())),
        ):
            gc.collect()
            tracemalloc.start()
            found = read()
            gc.collect()
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            held[name] = (current / 1024 / count, peak / 1024 / count)
            del found
    return {"articles": count, "batch": settings.run.articles_per_batch, "held": held}


def _on_copy(path: Path, folder: Path) -> Path:
    copy = folder / f"work-{path.name}"
    for stale in folder.glob(f"work-{path.name}*"):
        stale.unlink()
    shutil.copyfile(path, copy)
    return copy


def _child(argv: list[str]) -> dict:
    """What `bench/memory.py ARGV` prints last, as JSON: the stores are built (and the
    grouping probe run) in children, so this process stays small, because a command it
    starts inherits its peak resident size (Linux keeps ru_maxrss across exec)."""
    done = subprocess.run(
        [sys.executable, __file__, *argv],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
        env=dict(os.environ, PYTHONPATH=str(REPO / "src")),
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _built(argv: list[str]) -> dict[str, Path]:
    return {k: Path(v) for k, v in _child([*argv, "--build"]).items()}


def _print_grouping(probe: dict, big_articles: int) -> None:
    count = probe["articles"]
    print(
        f"held while grouping a store not yet grouped ({count} articles, batches of "
        f"{probe['batch']}), KB per article (peak):"
    )
    for name, (held, peak) in probe["held"].items():
        at_big = held * big_articles / 1024
        print(
            f"  {name:<14} {held:>6.1f} ({peak:.1f}); at {big_articles} articles {at_big:,.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=REPO / "out" / "memory")
    parser.add_argument("--store-mb", type=float, default=1024)
    parser.add_argument("--mid-mb", type=float, default=128)
    parser.add_argument("--timeout-s", type=float, default=600, help="per command")
    parser.add_argument(
        "--whole-store-s",
        type=float,
        default=0,
        help="also brief the whole big store, stopped after this long",
    )
    parser.add_argument("--only", choices=["extract", "brief", "long"], action="append")
    parser.add_argument(
        "--grouping-articles",
        type=int,
        default=300,
        help="articles of the grouping memory probe (annotated once, kept in --dir); 0: skip",
    )
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)  # in a child
    parser.add_argument("--grouping-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.grouping_child:
        print(json.dumps(grouping_held(args.dir, args.grouping_articles)))
        return
    if args.build:
        built = build_stores(args.dir, args.store_mb, args.mid_mb)
        if "long" in (args.only or ["long"]):
            built["long"] = build_long_store(args.dir)
        print(json.dumps({k: str(v) for k, v in built.items()}))
        return
    only = set(args.only or ["extract", "brief", "long"])
    started = time.perf_counter()
    paths = _built(sys.argv[1:])
    print(
        f"stores ready in {time.perf_counter() - started:.0f} s under {args.dir}", file=sys.stderr
    )
    rows: list[tuple[str, float, int, Measured]] = []

    def run(label: str, path: Path, command: list[str], stop_after_s: float | None = None) -> None:
        articles, size_mb = _count(path), _file_mb(path)
        measured = measure(command, args.timeout_s, stop_after_s)
        rows.append((label, size_mb, articles, measured))
        print(f"  {label} on {path.name}: {measured}", file=sys.stderr)

    stores = [paths[n] for n in ("small", "mid", "big") if n in paths]
    if "extract" in only:
        for path in stores:
            for fmt in ("json", "ndjson"):
                run(
                    f"extract --db --format {fmt}",
                    path,
                    ["extract", "--db", str(path), "--format", fmt],
                )
    if "brief" in only:
        story = _seed_story_id(paths["big"])
        for path in stores:
            work = _on_copy(path, args.dir)
            run(
                "brief --db --story (5 seeds)",
                work,
                ["brief", "--db", str(work), "--story", story, "--format", "json"],
            )
            work.unlink()
        if args.whole_store_s:
            work = _on_copy(paths["big"], args.dir)
            run(
                f"brief --db (whole store, stopped at {args.whole_store_s:.0f} s)",
                work,
                ["brief", "--db", str(work), "--format", "json"],
                args.whole_store_s,
            )
            work.unlink()
    if "long" in only:
        path = paths["long"]
        run(
            "brief --db (one 950k-char article + 5 seeds)",
            path,
            ["brief", "--db", str(path), "--format", "json"],
        )

    print(
        f"{'command':<48} {'store MB':>9} {'articles':>9} {'peak RSS MB':>12} "
        f"{'peak all MB':>12} {'RSS sum MB':>11} {'seconds':>8} {'CPU s':>7}"
    )
    for label, size_mb, articles, m in rows:
        note = "" if m.rc in (0, 1) or m.stopped else f"  (exit {m.rc})"
        print(
            f"{label:<48} {size_mb:>9.0f} {articles:>9} {m.peak_rss_mb:>12.0f} "
            f"{m.peak_all_mb:>12.0f} {m.peak_rss_sum_mb:>11.0f} {m.seconds:>8} {m.cpu_s:>7}{note}"
        )
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    if args.grouping_articles:
        _print_grouping(_child(["--grouping-child", *sys.argv[1:]]), _count(paths["big"]))


if __name__ == "__main__":
    main()
