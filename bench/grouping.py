"""Story grouping at 1k, 10k and 100k generated articles: time and peak memory per size.

    python bench/grouping.py [--sizes 1000 10000 100000]

Articles are generated directly as annotated articles (text, names, a document vector, a date),
without spaCy, so the figures are the grouping's alone. Events come in kinds: events of one kind
share vocabulary and vector direction, as two earthquakes do, and differ in people, place and
day. Each size runs in a fresh process, so its peak memory is its own; B-cubed F1 against the
generated events is printed as a sanity check, not as a quality figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import _name, _sentence  # noqa: E402
from fresh_process import measure_in_child  # noqa: E402

KINDS = 40  # kinds of event (strike, recall, quake ...): vocabulary shared across events
DIMS = 256


def generate(count: int, seed: int = 7):
    """`count` annotated articles and their event ids; 2-8 reports per event, over a year."""
    from storyweave.model import AnnotatedArticle, Article, EntityMention

    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    kind_words = [[_name(rng, 2).lower() for _ in range(6)] for _ in range(KINDS)]
    kind_dirs = np_rng.standard_normal((KINDS, DIMS)).astype(np.float32)
    start = dt.date(2025, 1, 1)
    articles, events = [], []
    event = 0
    while len(articles) < count:
        event += 1
        kind = rng.randrange(KINDS)
        people = [f"{_name(rng)} {_name(rng, 3)}" for _ in range(3)]
        place = _name(rng, 3)
        day = start + dt.timedelta(days=rng.randrange(365))
        direction = kind_dirs[kind] + 0.8 * np_rng.standard_normal(DIMS).astype(np.float32)
        for report in range(rng.randint(2, 8)):
            if len(articles) >= count:
                break
            words = " ".join(rng.sample(kind_words[kind], 4))
            text = " ".join(
                [f"The {words} in {place}."] + [_sentence(rng, people, place) for _ in range(10)]
            )
            vector = direction + 0.6 * np_rng.standard_normal(DIMS).astype(np.float32)
            names = [(p, "PERSON") for p in rng.sample(people, 2)] + [(place, "GPE")]
            entities = tuple(
                EntityMention(n, t, text.find(n), text.find(n) + len(n)) for n, t in names
            )
            article = Article(
                id=f"e{event}-r{report}",
                text=text,
                title=f"{people[0]} and the {place} {kind_words[kind][0]}",
                source=f"Outlet {rng.randint(1, 60)}",
                published=day + dt.timedelta(days=rng.randint(0, 2)),
            )
            articles.append(
                AnnotatedArticle(
                    article=article,
                    entities=entities,
                    vector=(vector / np.linalg.norm(vector)).astype(np.float32),
                )
            )
            events.append(f"e{event}")
    return articles, events


def run_one(count: int) -> dict:
    from storyweave.stories.grouping import group_stories

    articles, events = generate(count)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    stories = group_stories(articles)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    predicted = {a: s.id for s in stories for a in s.article_ids}
    gold = {a.id: e for a, e in zip(articles, events, strict=True)}
    return {
        "articles": count,
        "stories": len(stories),
        "events": len(set(events)),
        "seconds": elapsed,
        "peak_mib": peak / 1024,
        "grouping_mib": (peak - before) / 1024,
        "f1": _bcubed_f1(predicted, gold),
    }


def _bcubed_f1(predicted: dict[str, str], gold: dict[str, str]) -> float:
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item, cluster in predicted.items():
        by_pred.setdefault(cluster, set()).add(item)
    for item, cluster in gold.items():
        by_gold.setdefault(cluster, set()).add(item)
    p = r = 0.0
    for item in gold:
        overlap = len(by_pred[predicted[item]] & by_gold[gold[item]])
        p += overlap / len(by_pred[predicted[item]])
        r += overlap / len(by_gold[gold[item]])
    p, r = p / len(gold), r / len(gold)
    return 2 * p * r / (p + r)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    print(
        f"{'articles':>9} {'stories':>8} {'seconds':>8} {'s/1k':>6} {'peak MiB':>9} "
        f"{'grouping MiB':>13} {'F1':>6}"
    )
    for size in args.sizes:
        row = measure_in_child(__file__, str(size))
        print(
            f"{row['articles']:>9} {row['stories']:>8} {row['seconds']:>8.1f} "
            f"{1000 * row['seconds'] / row['articles']:>6.2f} {row['peak_mib']:>9.0f} "
            f"{row['grouping_mib']:>13.0f} {row['f1']:>6.3f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
