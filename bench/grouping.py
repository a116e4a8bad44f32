"""Grouping into events and stories at 1k to 1M generated articles: time and peak memory of
each level.

    python bench/grouping.py [--sizes 1000 10000 100000 1000000]

Articles are generated directly as annotated articles (text, names, a document vector, a date),
without spaCy, so the figures are the grouping's alone. Stories come in kinds (strike, recall,
quake ...): stories of one kind share vocabulary and vector direction and differ in people and
place. A story has one to four events, days to weeks apart; the reports of one event share
its own words and day. Articles are generated as grouping reads them, one at a time (as a
store hands them over), so memory is the grouping's; the time spent generating is left out of
`events s`. Each size runs in a fresh process, so its peak memory is its own: `start MiB` is the
resident size before grouping starts (interpreter and libraries), `peak MiB` the largest
resident size of the whole run (ru_maxrss). B-cubed F1 against the generated events and stories
is printed as a sanity check, not as a quality figure.
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

KINDS = 40  # kinds of story: vocabulary shared across stories
DIMS = 256


def generate(count: int, seed: int = 7):
    """`count` (annotated article, event number, story number), one at a time; 2-8 reports per
    event, over a year."""
    from storyweave.model import AnnotatedArticle, Article, EntityMention

    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    kind_words = [[_name(rng, 2).lower() for _ in range(6)] for _ in range(KINDS)]
    kind_dirs = np_rng.standard_normal((KINDS, DIMS)).astype(np.float32)
    start = dt.date(2025, 1, 1)
    made = story = event = 0
    while made < count:
        story += 1
        kind = rng.randrange(KINDS)
        people = [f"{_name(rng)} {_name(rng, 3)}" for _ in range(3)]
        place = _name(rng, 3)
        day = start + dt.timedelta(days=rng.randrange(365))
        story_dir = kind_dirs[kind] + 0.8 * np_rng.standard_normal(DIMS).astype(np.float32)
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
            event += 1
            own_words = [_name(rng, 2).lower() for _ in range(3)]
            direction = story_dir + 0.4 * np_rng.standard_normal(DIMS).astype(np.float32)
            for report in range(rng.randint(2, 8)):
                if made >= count:
                    break
                words = " ".join(rng.sample(kind_words[kind], 3) + rng.sample(own_words, 2))
                text = " ".join(
                    [f"The {words} in {place}."]
                    + [_sentence(rng, people, place) for _ in range(10)]
                )
                vector = direction + 0.6 * np_rng.standard_normal(DIMS).astype(np.float32)
                names = [(p, "PERSON") for p in rng.sample(people, 2)] + [(place, "GPE")]
                entities = tuple(
                    EntityMention(n, t, text.find(n), text.find(n) + len(n)) for n, t in names
                )
                article = Article(
                    id=f"s{story}-e{event}-r{report}",
                    text=text,
                    title=f"{people[0]} and the {place} {own_words[0]}",
                    source=f"Outlet {rng.randint(1, 60)}",
                    published=day + dt.timedelta(days=rng.randint(0, 1)),
                )
                made += 1
                annotated = AnnotatedArticle(
                    article=article,
                    entities=entities,
                    vector=(vector / np.linalg.norm(vector)).astype(np.float32),
                )
                yield annotated, event, story
            day += dt.timedelta(days=rng.randint(5, 40))


def run_one(count: int) -> dict:
    from storyweave.model import Assignments
    from storyweave.stories.grouping import GroupingConfig, place_events, place_stories

    gold_events = np.zeros(count, dtype=np.int64)
    gold_stories = np.zeros(count, dtype=np.int64)
    position: dict[str, int] = {}
    generating_s = 0.0

    def articles():
        nonlocal generating_s
        stream = generate(count)
        while True:
            started = time.perf_counter()
            item = next(stream, None)
            generating_s += time.perf_counter() - started
            if item is None:
                return
            article, event, story = item
            gold_events[len(position)] = event
            gold_stories[len(position)] = story
            position[article.id] = len(position)
            yield article

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    config = GroupingConfig()
    started = time.perf_counter()
    placement = place_events(articles(), Assignments(), config)
    events_s = time.perf_counter() - started - generating_s
    events_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    grouped = place_stories(placement, Assignments(), config)
    stories_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    event_of = np.zeros(count, dtype=np.int64)
    story_of = np.zeros(count, dtype=np.int64)
    events = 0
    for number, story in enumerate(grouped):
        for event in story.events:
            events += 1
            rows = [position[a] for a in event.article_ids]
            event_of[rows] = events
            story_of[rows] = number
    return {
        "articles": count,
        "events": events,
        "stories": len(grouped),
        "generating_s": generating_s,
        "events_s": events_s,
        "stories_s": stories_s,
        "start_mib": before / 1024,
        "events_peak_mib": events_peak / 1024,
        "peak_mib": peak / 1024,
        "event_f1": _bcubed_f1(event_of, gold_events),
        "story_f1": _bcubed_f1(story_of, gold_stories),
    }


def _bcubed_f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    """B-cubed F1 of item labels (one row per item), counted with arrays: a set per cluster
    would take more memory at 1M items than the grouping."""
    _, pair = np.unique(np.stack([predicted, gold]), axis=1, return_inverse=True)
    overlap = np.bincount(pair.ravel())[pair.ravel()]
    _, pred_cluster = np.unique(predicted, return_inverse=True)
    _, gold_cluster = np.unique(gold, return_inverse=True)
    pred_size = np.bincount(pred_cluster)[pred_cluster]
    gold_size = np.bincount(gold_cluster)[gold_cluster]
    p = float(np.mean(overlap / pred_size))
    r = float(np.mean(overlap / gold_size))
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
        f"{'articles':>9} {'events':>7} {'stories':>7} | {'events s':>8} {'stories s':>9} "
        f"{'s/1k':>5} | {'start MiB':>9} {'events MiB':>10} {'peak MiB':>8} | "
        f"{'event F1':>8} {'story F1':>8}"
    )
    for size in args.sizes:
        row = measure_in_child(__file__, str(size))
        total = row["events_s"] + row["stories_s"]
        print(
            f"{row['articles']:>9} {row['events']:>7} {row['stories']:>7} | "
            f"{row['events_s']:>8.1f} {row['stories_s']:>9.1f} "
            f"{1000 * total / row['articles']:>5.2f} | {row['start_mib']:>9.0f} "
            f"{row['events_peak_mib']:>10.0f} {row['peak_mib']:>8.0f} | "
            f"{row['event_f1']:>8.3f} {row['story_f1']:>8.3f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
