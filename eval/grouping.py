"""Story grouping on ECB+ topics 1-35: B-cubed precision, recall and F1 against the subtopics.

    python eval/grouping.py [--data ../shared/data/ecbplus-dev] [--errors]

Every document of every topic goes into one pile and is grouped by `storyweave` exactly as
`storyweave stories` does (articles have no dates in ECB+, so content alone decides). The gold
story of a document is its subtopic: `N_Kecb.xml` and `N_Kecbplus.xml` are two different
real events of the same kind. Reference: Barhom et al. (2019) K-means document clusters,
B-cubed F1 about 0.97 on the test topics.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "ecbplus-dev"
_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}'\"]|n't|'s)")


def document_text(path: Path) -> str:
    """Detokenised text, one line per sentence (sentence 0 is usually the headline)."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", 0))].append(token.text or "")
    lines = [_NO_SPACE_BEFORE.sub(r"\1", " ".join(words)) for _, words in sorted(sentences.items())]
    return "\n".join(lines)


def load_documents(root: Path) -> list[tuple[str, str, str]]:
    """(document id, gold subtopic, text) for every document."""
    documents = []
    for path in sorted(root.glob("*/*.xml")):
        match = re.match(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$", path.name)
        if not match:
            continue
        topic, _, kind = match.groups()
        documents.append((path.stem, f"{topic}-{kind}", document_text(path)))
    return documents


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed (Bagga & Baldwin 1998): per-item precision and recall of its cluster, averaged."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item, cluster in predicted.items():
        by_pred[cluster].add(item)
    for item, cluster in gold.items():
        by_gold[cluster].add(item)
    precision = recall = 0.0
    for item in gold:
        same_pred, same_gold = by_pred[predicted[item]], by_gold[gold[item]]
        overlap = len(same_pred & same_gold)
        precision += overlap / len(same_pred)
        recall += overlap / len(same_gold)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--errors", action="store_true", help="list the merged and split gold stories"
    )
    args = parser.parse_args(argv)
    root = args.data / "ECB+"
    if not root.is_dir():
        print(f"skipped: {root} not found")
        return 0

    from storyweave import pipeline
    from storyweave.ingest.loader import load_articles
    from storyweave.model import Article

    documents = load_documents(root)
    gold = {doc_id: subtopic for doc_id, subtopic, _ in documents}
    started = time.perf_counter()
    with pipeline.open_workspace(None) as ws:
        articles = []
        for doc_id, _, text in documents:
            title, _, body = text.partition("\n")
            articles.append(Article(id=doc_id, text=body or title, title=title, origin=doc_id))
        load_articles(ws.store, articles)
        analysis = ws.annotations()
        stories = ws.stories(rebuild=True)
    elapsed = time.perf_counter() - started
    predicted = {a: s.id for s in stories for a in s.article_ids}
    precision, recall, f1 = bcubed(predicted, gold)
    print(
        f"ECB+ story grouping ({len(documents)} documents, {len(set(gold.values()))} gold stories, "
        f"{len(stories)} predicted): B-cubed P {precision:.3f} R {recall:.3f} F1 {f1:.3f} "
        f"({elapsed:.0f} s)"
    )
    if args.errors:
        print_errors(stories, gold)
    print_sensitivity(list(analysis.annotated.values()), gold)
    return 0


def print_errors(stories: list, gold: dict[str, str]) -> None:
    """Predicted stories that mix gold stories (precision errors), then gold stories spread
    over several predicted ones (recall errors), largest first."""
    by_gold: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for story in sorted(stories, key=lambda s: -len(s.article_ids)):
        counts: dict[str, int] = defaultdict(int)
        for article in story.article_ids:
            counts[gold[article]] += 1
            by_gold[gold[article]][story.id] += 1
        if len(counts) > 1:
            mix = ", ".join(f"{g}: {n}" for g, n in sorted(counts.items(), key=lambda x: -x[1]))
            print(f"  merged  {mix}  ({story.title[:60]})")
    for subtopic, parts in sorted(by_gold.items(), key=lambda x: -sum(x[1].values())):
        if len(parts) > 1:
            print(f"  split   {subtopic}: {sorted(parts.values(), reverse=True)}")


def print_sensitivity(articles: list, gold: dict[str, str]) -> None:
    """B-cubed F1 when the two main settings move one step either way, so a figure that holds
    only at one tuned value shows."""
    import dataclasses

    from storyweave.stories.grouping import GroupingConfig, group_stories

    default = GroupingConfig()

    def f1_of(config: GroupingConfig) -> str:
        stories = group_stories(articles, None, config)
        return f"{bcubed({a: s.id for s in stories for a in s.article_ids}, gold)[2]:.3f}"

    linkages = [round(default.min_linkage + step, 2) for step in (-0.1, -0.05, 0, 0.05, 0.1)]
    cells = [f"{v}: {f1_of(dataclasses.replace(default, min_linkage=v))}" for v in linkages]
    print("  F1 by min_linkage  " + "  ".join(cells))
    k = default.neighbours.neighbours
    cells = []
    for value in (k - 1, k, k + 1):
        neighbours = dataclasses.replace(default.neighbours, neighbours=value)
        cells.append(f"{value}: {f1_of(dataclasses.replace(default, neighbours=neighbours))}")
    print("  F1 by neighbours   " + "  ".join(cells))


if __name__ == "__main__":
    sys.exit(main())
