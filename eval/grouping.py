"""Events and stories: B-cubed precision, recall and F1 on three annotated sets, and the seeds.

    python eval/grouping.py [--data ../shared/data] [--seeds ../shared/corpora/seeds] [--errors]

Every set is annotated and grouped as `storyweave stories` does it (group_stories with no
existing assignments). Events are scored against each set's gold events (grouping_data.py);
stories against the same gold, so on the dated set a story that rightly follows one
development over several AllSides stories counts against its precision: there story purity
(how often a story mixes AllSides' coarse topics) is the figure for stories. A TF-IDF +
agglomerative row, its threshold chosen on the set itself, gives the scale. The seeds must be
one story whose three January reports are one event and whose later reports are later events.
References: Barhom et al. (2019), document clusters of ECB+'s test topics, B-cubed F1 0.968.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grouping_data import (  # noqa: E402
    SEED_JANUARY,
    Gold,
    bcubed,
    load_allsides,
    load_ecbplus,
    load_neus,
    load_seeds,
    purity,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_SEEDS = REPO.parent / "shared" / "corpora" / "seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument(
        "--errors", action="store_true", help="list merged and split gold events per set"
    )
    args = parser.parse_args(argv)
    sets = [g for g in (load_allsides(args.data), load_neus(args.data), load_ecbplus(args.data))]
    present = [g for g in sets if g is not None]
    if not present:
        print(f"skipped: no grouping data set in {args.data}")
        return 0

    from storyweave.stories.grouping import group_stories

    annotated = {}
    f1s = {}
    for gold in present:
        started = time.perf_counter()
        annotated[gold.name] = annotate(gold.articles)
        annotate_s = time.perf_counter() - started
        started = time.perf_counter()
        stories = group_stories(annotated[gold.name])
        group_s = time.perf_counter() - started
        f1s[gold.name] = print_scores(
            gold, stories, f"annotate {annotate_s:.0f} s, group {group_s:.1f} s"
        )
        if gold.topic_of:
            print_baseline(gold, annotated[gold.name])
            print_incremental(gold, annotated[gold.name], f1s[gold.name])
            print_next_day_reports(gold, annotated[gold.name])
        if args.errors:
            print_errors(gold, stories)
    if len(f1s) > 1:
        low, high = min(f1s.items(), key=lambda x: x[1]), max(f1s.items(), key=lambda x: x[1])
        print(
            f"spread of event F1 between sets: {low[1]:.3f} ({low[0]}) to {high[1]:.3f} ({high[0]})"
        )
    seeds = load_seeds(args.seeds)
    if seeds is not None:
        print_seeds(group_stories(annotate(seeds)))
    print_sensitivity(present, annotated)
    return 0


def annotate(articles: list) -> list:
    """Annotated articles, as the pipeline makes them (a throw-away store)."""
    from storyweave import pipeline
    from storyweave.ingest.loader import load_articles

    with pipeline.open_workspace(None) as ws:
        load_articles(ws.store, articles)
        annotated = ws.annotations().annotated
    return [annotated[a.id] for a in articles if a.id in annotated]


def event_map(stories) -> dict[str, str]:
    return {a: e.id for s in stories for e in s.events for a in e.article_ids}


def story_map(stories) -> dict[str, str]:
    return {a: s.id for s in stories for a in s.article_ids}


def print_scores(gold: Gold, stories, timing: str) -> float:
    events = event_map(stories)
    gold_of = {a: gold.event_of[a] for a in events}
    ep, er, ef = bcubed(events, gold_of)
    sp, sr, sf = bcubed(story_map(stories), gold_of)
    several = sum(1 for s in stories if len(s.events) > 1)
    note = f", {gold.note}" if gold.note else ""
    print(
        f"{gold.name} ({len(events)} articles, {len(set(gold_of.values()))} gold events{note}; "
        f"{timing})"
    )
    print(
        f"  events  B-cubed P {ep:.3f} R {er:.3f} F1 {ef:.3f}  "
        f"({len(set(events.values()))} predicted)"
    )
    line = (
        f"  stories B-cubed P {sp:.3f} R {sr:.3f} F1 {sf:.3f}  "
        f"({len(stories)} predicted, {several} of several events)"
    )
    if gold.topic_of:
        line += f"  story purity {purity(story_map(stories), gold.topic_of):.3f}"
    print(line)
    return ef


def print_baseline(gold: Gold, annotated: list) -> None:
    """Plain TF-IDF vectors, average-linkage agglomerative clustering on cosine distance; the
    distance threshold that scores best on this very set (so the baseline's best case)."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{a.article.title or ''}\n{a.article.text}" for a in annotated]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    distances = 1 - (vectors @ vectors.T).toarray()
    np.clip(distances, 0, None, out=distances)
    best = None
    for threshold in np.arange(0.5, 0.96, 0.05):
        labels = AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=float(threshold),
        ).fit_predict(distances)
        predicted = {a.id: str(label) for a, label in zip(annotated, labels, strict=True)}
        scores = bcubed(predicted, {a.id: gold.event_of[a.id] for a in annotated})
        if best is None or scores[2] > best[1][2]:
            best = (threshold, scores, purity(predicted, gold.topic_of))
    threshold, (p, r, f), pure = best
    print(
        f"  baseline TF-IDF + agglomerative (average cosine, threshold {threshold:.2f} best on "
        f"this set): B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}  purity {pure:.3f}"
    )


def print_incremental(gold: Gold, annotated: list, one_shot: float) -> None:
    """The first half of the days grouped, then the rest added to it: events F1 against
    grouping everything at once."""
    from storyweave.model import Assignments
    from storyweave.stories.grouping import group_stories

    days = sorted({a.article.published for a in annotated if a.article.published})
    cut = days[len(days) // 2]
    first = group_stories([a for a in annotated if a.article.published < cut])
    existing = Assignments(
        event_of=event_map(first), story_of={e.id: s.id for s in first for e in s.events}
    )
    both = group_stories(annotated, existing)
    kept = sum(1 for a, e in event_map(first).items() if event_map(both)[a] == e)
    _, _, f = bcubed(event_map(both), {a.id: gold.event_of[a.id] for a in annotated})
    print(
        f"  incremental (days before {cut} first, then the rest): events F1 {f:.3f} "
        f"(at once {one_shot:.3f}); {kept} of {len(event_map(first))} articles kept their event"
    )


def print_next_day_reports(gold: Gold, annotated: list) -> None:
    """The dated set's articles all carry their story's date; real coverage spreads over a day
    or two. Events F1 with every third report (drawn at random, seeded) dated a day later."""
    import random

    from storyweave.stories.grouping import group_stories

    rng = random.Random(13)
    moved = [
        dataclasses.replace(
            a,
            article=dataclasses.replace(
                a.article, published=a.article.published + dt.timedelta(days=1)
            ),
        )
        if rng.random() < 1 / 3
        else a
        for a in annotated
    ]
    stories = group_stories(moved)
    p, r, f = bcubed(event_map(stories), {a.id: gold.event_of[a.id] for a in annotated})
    print(f"  with every third report a day later: events B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")


def print_seeds(stories) -> None:
    events = [[a[:3] for a in e.article_ids] for s in stories for e in s.events]
    january = [e for e in events if set(e) & set(SEED_JANUARY)]
    later = [e for e in events if not set(e) & set(SEED_JANUARY)]
    checks = {
        "one story": len(stories) == 1,
        "the three January reports one event": len(january) == 1
        and sorted(january[0]) == sorted(SEED_JANUARY),
        "the February reports in later events": bool(later),
    }
    verdict = "ok" if all(checks.values()) else "FAILED"
    shown = " | ".join(
        ",".join("+".join(e) for e in [[a[:3] for a in ev.article_ids] for ev in s.events])
        for s in stories
    )
    print(
        f"seeds: {verdict}  ("
        + "; ".join(f"{name}: {'yes' if ok else 'no'}" for name, ok in checks.items())
        + f")  stories: {shown}"
    )


def print_errors(gold: Gold, stories) -> None:
    """Predicted events that mix gold events (precision errors), then gold events spread over
    several predicted events (recall errors), largest first."""
    by_gold: dict[str, Counter[str]] = defaultdict(Counter)
    for story in stories:
        for event in sorted(story.events, key=lambda e: -len(e.article_ids)):
            counts = Counter(gold.event_of[a] for a in event.article_ids)
            for g, n in counts.items():
                by_gold[g][event.id] += n
            if len(counts) > 1:
                mix = " + ".join(
                    f"{n} {gold.titles.get(g, g)[:55]}" for g, n in counts.most_common()
                )
                print(f"    merged  {mix}")
    for g, parts in sorted(by_gold.items(), key=lambda x: -sum(x[1].values())):
        if len(parts) > 1:
            print(
                f"    split   {gold.titles.get(g, g)[:60]}: {sorted(parts.values(), reverse=True)}"
            )


def print_sensitivity(sets: list[Gold], annotated: dict) -> None:
    """Event F1 (and story purity where there are topics) when the main settings move a step
    either way, so a figure that holds only at one tuned value shows."""
    from storyweave.stories.grouping import GroupingConfig, group_stories

    default = GroupingConfig()

    def cell(config: GroupingConfig) -> str:
        parts = []
        for gold in sets:
            stories = group_stories(annotated[gold.name], None, config)
            gold_of = {a: gold.event_of[a] for a in event_map(stories)}
            text = f"{bcubed(event_map(stories), gold_of)[2]:.3f}"
            if gold.topic_of:
                text += f"/{purity(story_map(stories), gold.topic_of):.3f}"
            parts.append(text)
        return " ".join(parts)

    names = " ".join(g.name.split("-")[0] + ("(F1/purity)" if g.topic_of else "") for g in sets)
    print(f"sensitivity (event F1 per set: {names})")
    events, stories = default.events, default.stories
    rows = {
        "event min_linkage": [
            (v, dataclasses.replace(default, events=dataclasses.replace(events, min_linkage=v)))
            for v in (round(events.min_linkage + d, 2) for d in (-0.05, 0, 0.05))
        ],
        "event final cohesion": [
            (v, dataclasses.replace(default, events=dataclasses.replace(events, final_cohesion=v)))
            for v in (round(events.final_cohesion + d, 2) for d in (-0.1, 0, 0.1))
        ],
        "event half-life (days)": [
            (v, _with_event_neighbours(default, half_life_days=v))
            for v in (events.neighbours.half_life_days + d for d in (-0.5, 0, 0.5))
        ],
        "story min_similarity": [
            (v, _with_story_neighbours(default, min_similarity=v))
            for v in (round(stories.neighbours.min_similarity + d, 2) for d in (-0.05, 0, 0.05))
        ],
    }
    for label, cells in rows.items():
        print(f"  {label:24s}" + "   ".join(f"{v}: {cell(c)}" for v, c in cells))


def _with_event_neighbours(config, **changes):
    events = config.events
    neighbours = dataclasses.replace(events.neighbours, **changes)
    return dataclasses.replace(config, events=dataclasses.replace(events, neighbours=neighbours))


def _with_story_neighbours(config, **changes):
    stories = config.stories
    neighbours = dataclasses.replace(stories.neighbours, **changes)
    return dataclasses.replace(config, stories=dataclasses.replace(stories, neighbours=neighbours))


if __name__ == "__main__":
    sys.exit(main())
