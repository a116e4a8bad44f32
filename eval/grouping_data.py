"""The grouping eval's data sets, read into articles with their gold events, and its scores.

Each loader returns a `Gold` set, or None when its folder is absent. Sets (../shared/data):
- allsides-dated-dev: AllSides stories of April-October 2021, up to three outlets of different
  lean each, dated (every article carries its story's date). Gold event: the AllSides story;
  its coarse `topic` tells how often a grouped story mixes topics (purity).
- neus-roundups-dev: three pieces (title and opening sentences) per line, undated. Gold event:
  the line. The `val` split (274 lines) is the sample: a few hundred lines keeps the run short.
- ecbplus-dev: ECB+ topics 1-35, undated. Gold event: the subtopic (`N_Kecb.xml` and
  `N_Kecbplus.xml` are two real events of the same kind, years apart).
- seeds (../shared/corpora/seeds): five reports of one developing story, with their
  publication dates (the files carry none; see SEED_DATES).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from storyweave.model import Article

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}'\"]|n't|'s)")
# The seed reports' publication dates, by file-name prefix. Issue 13 dates them 10 January to
# 11 February 2025; within that, from what each says: three January reports of the meeting
# being set up ("On Friday", 10 January, Trump was asked about meeting Putin), then, after a
# 19-day gap, Trump's team "already negotiating" ("yesterday" Trump said so at the White
# House), then the call Trump hints at that the Kremlin "on Monday" (10 February) would
# neither confirm nor deny.
SEED_DATES = {
    "003": dt.date(2025, 1, 10),
    "000": dt.date(2025, 1, 11),
    "001": dt.date(2025, 1, 13),
    "002": dt.date(2025, 2, 1),
    "004": dt.date(2025, 2, 11),
}
SEED_JANUARY = ("000", "001", "003")


@dataclass
class Gold:
    name: str
    articles: list[Article]
    event_of: dict[str, str]  # article id -> gold event
    topic_of: dict[str, str] = field(default_factory=dict)  # article id -> coarse topic
    titles: dict[str, str] = field(default_factory=dict)  # gold event -> readable label
    note: str = ""


def load_allsides(root: Path) -> Gold | None:
    path = root / "allsides-dated-dev" / "stories.jsonl"
    if not path.is_file():
        return None
    gold = Gold("allsides-dated-dev", [], {})
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        event = str(story["id"])
        day = dt.date.fromisoformat(story["date"][:10])
        gold.titles[event] = f"{day} {story['issue']}"
        for lean, piece in sorted(story["news"].items()):
            article_id = f"{event}-{lean}"
            gold.articles.append(
                Article(
                    id=article_id,
                    text="\n".join(piece["newBody"]),
                    title=piece["newsTitle"],
                    source=piece["newsSource"],
                    published=day,
                    origin=article_id,
                )
            )
            gold.event_of[article_id] = event
            gold.topic_of[article_id] = story["topic"]
    return gold


def load_neus(root: Path, split: str = "val") -> Gold | None:
    path = root / "neus-roundups-dev" / f"{split}.source"
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    gold = Gold("neus-roundups-dev", [], {}, note=f"{split} split, {len(lines)} lines")
    for number, line in enumerate(lines):
        event = str(number)
        for position, piece in enumerate(line.split("[SEP]")):
            match = re.match(r"\s*TITLE=>(.*?)ARTICLE=>(.*)$", piece, re.S)
            if not match:
                continue
            article_id = f"n{number}-{position}"
            title, text = match.group(1).strip(), match.group(2).strip()
            gold.articles.append(Article(id=article_id, text=text, title=title, origin=article_id))
            gold.event_of[article_id] = event
            gold.titles.setdefault(event, title)
    return gold


def load_ecbplus(root: Path) -> Gold | None:
    folder = root / "ecbplus-dev" / "ECB+"
    if not folder.is_dir():
        return None
    gold = Gold("ecbplus-dev", [], {})
    for path in sorted(folder.glob("*/*.xml")):
        match = re.match(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$", path.name)
        if not match:
            continue
        topic, _, kind = match.groups()
        title, _, body = document_text(path).partition("\n")
        gold.articles.append(
            Article(id=path.stem, text=body or title, title=title, origin=path.stem)
        )
        gold.event_of[path.stem] = f"{topic}-{kind}"
        gold.titles.setdefault(f"{topic}-{kind}", f"{topic}-{kind} {title[:50]}")
    return gold


def load_seeds(folder: Path) -> list[Article] | None:
    """The seed reports as `storyweave` reads them, with their dates."""
    if not folder.is_dir():
        return None
    from storyweave.ingest.reader import read_inputs

    articles = [a for a in read_inputs([str(folder)]) if isinstance(a, Article)]
    return [
        dataclasses.replace(a, published=SEED_DATES.get(a.id[:3], a.published)) for a in articles
    ]


def document_text(path: Path) -> str:
    """An ECB+ document's detokenised text, one line per sentence (sentence 0 is usually the
    headline)."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", 0))].append(token.text or "")
    lines = [_NO_SPACE_BEFORE.sub(r"\1", " ".join(words)) for _, words in sorted(sentences.items())]
    return "\n".join(lines)


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
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


def purity(predicted: Mapping[str, str], topic_of: Mapping[str, str]) -> float:
    """Share of articles whose grouped story's most common topic is their own."""
    by_pred: dict[str, Counter[str]] = defaultdict(Counter)
    for item, cluster in predicted.items():
        by_pred[cluster][topic_of[item]] += 1
    return sum(c.most_common(1)[0][1] for c in by_pred.values()) / len(predicted)
