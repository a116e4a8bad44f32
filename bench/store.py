"""Store speed and memory: ingest articles/s into SQLite and PostgreSQL for the same generated
articles, and peak memory of iterating every article of a large SQLite store (iter_articles).

    python bench/store.py                                # SQLite; PostgreSQL when a URL is given
    bash scripts/postgres.sh run python bench/store.py   # both, on a throwaway server
    python bench/store.py --articles 5000 --iterate-mb 20 200 1024

The articles are made in memory first (bench/corpus.py), so ingest figures are the loader and
the store alone: fingerprints, near-duplicate look-up and writes, no reading or extraction. The
PostgreSQL URL comes from --postgres or STORYWEAVE_POSTGRES_URL (set by `postgres.sh run`); the
bench writes into a schema of its own and drops it. Memory: the store is grown by ingest to each
size in turn and a fresh process iterates it, so its peak (ru_maxrss) is the iteration's alone;
a peak that stays flat as the store grows is what bounds extract over a 1 GB store. The last
column is how long the integrity check run on opening a store of that size takes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import uuid
from dataclasses import replace

sys.path.insert(0, os.path.dirname(__file__))
from fresh_process import measure_in_child  # noqa: E402


def _articles(count: int, seed: int = 7, first: int = 0) -> list:
    from corpus import generate

    from storyweave.model import Article, parse_date

    rows = list(generate(first + count, seed=seed))[first:]
    return [
        Article(
            id=r["id"],
            text=r["text"],
            source=r["source"],
            title=r["title"],
            published=parse_date(r["published"]),
            origin=f"bench:{r['id']}",
        )
        for r in rows
    ]


def ingest_rate(location: str, articles: list) -> dict:
    from storyweave.ingest.loader import load_articles
    from storyweave.store import open_store

    with open_store(location) as store:
        started = time.perf_counter()
        report = load_articles(store, articles)
        elapsed = time.perf_counter() - started
        assert len(report.added) == len(articles), report.problems[:3]
    return {
        "articles": len(articles),
        "copies": len(report.duplicates),
        "seconds": round(elapsed, 2),
        "per_s": round(len(articles) / elapsed, 1),
    }


def fingerprint_rate(articles: list) -> float:
    """Articles/s of the MinHash fingerprints alone: the part of ingest no store can speed up."""
    from storyweave.ingest.dedup import DedupConfig, fingerprint

    started = time.perf_counter()
    for article in articles:
        fingerprint(article.text, DedupConfig()).bands(DedupConfig())
    return round(len(articles) / (time.perf_counter() - started), 1)


def iterate_one(location: str) -> dict:
    """In a fresh process: every stored article through iter_articles, touching its text."""
    from storyweave.store import open_store

    with open_store(location) as store:
        baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        count = chars = 0
        for article in store.iter_articles():
            count += 1
            chars += len(article.text)
        elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "articles": count,
        "text_mb": round(chars / 1e6, 1),
        "seconds": round(elapsed, 1),
        "peak_mb": round(peak_kb / 1024, 1),
        "baseline_mb": round(baseline_kb / 1024, 1),
    }


def _postgres_schema(server: str):
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in server else "?"
    return schema, f"{server}{sep}options=-csearch_path%3D{schema}"


def _drop_schema(server: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def run_ingest(count: int, postgres: str | None, tmp: str) -> None:
    articles = _articles(count)
    print(f"ingest of {count} generated articles (~{_mean_chars(articles)} chars each)")
    print(f"  fingerprints alone: {fingerprint_rate(articles)} articles/s")
    print(f"  {'backend':<12} {'copies':>7} {'seconds':>8} {'articles/s':>11}")
    rows = [("SQLite", ingest_rate(os.path.join(tmp, "ingest.db"), articles))]
    if postgres:
        schema, location = _postgres_schema(postgres)
        try:
            rows.append(("PostgreSQL", ingest_rate(location, articles)))
            iterated = measure_in_child(__file__, location)
        finally:
            _drop_schema(postgres, schema)
    for name, r in rows:
        print(f"  {name:<12} {r['copies']:>7} {r['seconds']:>8} {r['per_s']:>11}")
    if postgres:
        print(
            f"  PostgreSQL iter_articles over them: {iterated['articles']} articles, "
            f"peak {iterated['peak_mb']} MB (baseline {iterated['baseline_mb']} MB)"
        )
    else:
        print("  PostgreSQL: not measured (give --postgres URL or run under scripts/postgres.sh)")


def run_iterate(sizes_mb: list[float], tmp: str) -> None:
    from storyweave.ingest.loader import load_articles
    from storyweave.store import open_store

    path = os.path.join(tmp, "grow.db")
    print("iter_articles over a growing SQLite store (fresh process per size)")
    print(
        f"  {'store MB':>9} {'articles':>9} {'text MB':>8} {'build s':>8} {'iter s':>7} "
        f"{'peak MB':>8} {'check s':>8}"
    )
    made, chunk = 0, 2000
    for size in sorted(sizes_mb):
        started = time.perf_counter()
        while not os.path.exists(path) or os.path.getsize(path) < size * 1024 * 1024:
            # seed per chunk: new events, not the first ones again
            batch = _articles(chunk, seed=1000 + made // chunk)
            batch = [replace(a, id=f"{made}-{a.id}") for a in batch]
            with open_store(path) as store:
                load_articles(store, batch)
            made += chunk
        built = time.perf_counter() - started
        r = measure_in_child(__file__, path)
        mb = os.path.getsize(path) / 1024 / 1024
        print(
            f"  {mb:>9.0f} {r['articles']:>9} {r['text_mb']:>8} {built:>8.0f} "
            f"{r['seconds']:>7} {r['peak_mb']:>8} {_quick_check_s(path):>8.2f}"
        )


def _quick_check_s(path: str) -> float:
    """Seconds of the `PRAGMA quick_check` that opening a store runs up to
    StoreConfig.quick_check_max_bytes (file in the page cache, as right after use)."""
    import sqlite3

    db = sqlite3.connect(path)
    started = time.perf_counter()
    db.execute("PRAGMA quick_check").fetchall()
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def _mean_chars(articles: list) -> int:
    return round(sum(len(a.text) for a in articles) / max(1, len(articles)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="articles for the ingest rate")
    parser.add_argument("--iterate-mb", type=float, nargs="*", default=[20, 200])
    parser.add_argument("--postgres", default=os.environ.get("STORYWEAVE_POSTGRES_URL"))
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a store to iterate, in a child
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(iterate_one(args.one)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        run_ingest(args.articles, args.postgres, tmp)
        if args.iterate_mb:
            run_iterate(args.iterate_mb, tmp)


if __name__ == "__main__":
    main()
