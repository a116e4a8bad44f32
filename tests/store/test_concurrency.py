"""Several processes on one store at once, per backend: two ingests of overlapping inputs end as
one sequential ingest would, and two processes creating one new store both succeed."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random

import pytest

from storyweave.ingest.loader import LoadConfig, load_articles
from storyweave.model import Article
from storyweave.store import open_store

# fork: the children reuse the imported modules and need nothing pickled but their arguments.
FORK = multiprocessing.get_context("fork")
_WORDS = [f"{a}{b}" for a in ("ka", "lo", "mer", "tan", "vi", "dra") for b in ("sel", "or", "bu")]


def _wire_groups(groups: int, copies: int) -> list[Article]:
    """`groups` invented wire reports, each carried by `copies` outlets with a line of their
    own added; every article published on a different day, so which one is the original
    (the earliest) does not depend on the order they are ingested in."""
    articles = []
    for group in range(groups):
        rng = random.Random(group)
        base = " ".join(" ".join(rng.choice(_WORDS) for _ in range(12)) + "." for _ in range(12))
        for copy in range(copies):
            articles.append(
                Article(
                    id=f"g{group}-c{copy}",
                    text=f"{base} Carried by outlet {copy}.",
                    origin=f"g{group}-c{copy}",
                    published=dt.date(2026, 1, 1) + dt.timedelta(days=copy * groups + group),
                )
            )
    return articles


def _ingest(location, articles, batch_size, start, results):
    """A child process: wait for the other, then open the store and ingest."""
    try:
        start.wait(timeout=60)
        with open_store(location) as store:
            report = load_articles(store, articles, LoadConfig(batch_size=batch_size))
        results.put(("ok", len(report.added) + len(report.unchanged), len(report.problems)))
    except BaseException as exc:  # reported to the test, which fails on it
        results.put(("error", f"{type(exc).__name__}: {exc}", 0))


def _run_together(location, inputs, batch_size):
    start = FORK.Barrier(len(inputs))
    results = FORK.Queue()
    children = [
        FORK.Process(target=_ingest, args=(location, articles, batch_size, start, results))
        for articles in inputs
    ]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=60)
    return outcomes


def _stored(location):
    with open_store(location) as store:
        marks = {a.id: a.duplicate_of for a in store.articles()}
        return marks, store.article_count(), store.integrity_problems()


@pytest.mark.slow
def test_two_processes_ingesting_overlapping_inputs_end_as_one_sequential_ingest(new_location):
    articles = _wire_groups(groups=10, copies=4)
    # The same articles in opposite orders (copies first in one, originals first in the
    # other), overlapping in the middle: each decides about articles the other is writing.
    first = articles[:30]
    second = list(reversed(articles[10:]))
    concurrent = new_location()
    open_store(concurrent).close()  # created first: this test is about the ingest itself
    outcomes = _run_together(concurrent, [first, second], batch_size=3)
    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    assert [o[2] for o in outcomes] == [0, 0]  # no article refused or lost

    sequential = new_location()
    with open_store(sequential) as store:
        load_articles(store, first)
        load_articles(store, second)
    marks, count, problems = _stored(concurrent)
    assert count == len(articles)
    assert marks == _stored(sequential)[0]
    assert sum(1 for m in marks.values() if m is None) == 10  # one original per group
    assert problems == []


@pytest.mark.slow
def test_two_processes_creating_one_new_store_both_succeed(new_location):
    for round_ in range(8):
        location = new_location()
        inputs = [
            [Article(id=f"p{p}-{n}", text=f"process {p} text {n} " * 20, origin="x") for n in "abc"]
            for p in range(2)
        ]
        outcomes = _run_together(location, inputs, batch_size=10)
        assert outcomes == [("ok", 3, 0), ("ok", 3, 0)], f"round {round_}: {outcomes}"
        marks, count, problems = _stored(location)
        assert count == 6 and problems == [], f"round {round_}"
