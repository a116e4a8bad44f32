"""Multi-outlet summaries against the roundups editors wrote, side by side with LEAD.

    python eval/summary.py [--set neus-val|neus-train|allsides|all] [--limit N] [--show N]

Data (../shared/data, see its README):
- `neus-roundups-dev`: per line three outlets' title and opening sentences (left, centre, right)
  and the AllSides editors' neutral roundup of the same story (NeuS, Lee et al. 2022). `neus-val`
  is the 274-story split, `neus-train` the first --limit stories of the 2,141-story one.
- `allsides-dated-dev`: 253 stories with the outlets' full articles and the roundup; the input
  is cut to each article's title and first three paragraphs, like the NeuS sources.

Each story's three articles are ingested, annotated and briefed as ONE story of one event by the
real story stages (the grouping is scored by eval/grouping.py; here the question is the summary
of a given story; claims are analysed first, as in every brief, and weigh in). The
reference is the roundup's text without its title (and, for AllSides, without the paragraph
that describes the coverage rather than the news: "Coverage was ..."). LEAD is each outlet's
first sentence, in the order given: a baseline any reader would accept, and strong on news.

Scores: ROUGE-1, ROUGE-2 and ROUGE-L F1 (Lin 2004), averaged over stories, on lower-cased word
tokens (letters and digits), no stemming, no stop-word removal; ROUGE-L on the whole summary
as one sequence. Both systems are scored by the same code, so the ratio is what to read:
the issue's target is ROUGE-2 >= 1.15 x LEAD on held-out stories. Also printed: sentences per
summary, and the share of summary sentences whose citation holds every word of the sentence
(the summary is extractive with compression: a compressed sentence must stay inside its span).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_TOKEN = re.compile(r"[a-z0-9]+")
_PART = re.compile(r"TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<text>.*)", re.S)


@dataclass(frozen=True)
class Case:
    id: str
    articles: tuple[tuple[str, str], ...]  # (title, text) per outlet
    reference: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    grams_c = Counter(tuple(candidate[i : i + n]) for i in range(len(candidate) - n + 1))
    grams_r = Counter(tuple(reference[i : i + n]) for i in range(len(reference) - n + 1))
    overlap = sum((grams_c & grams_r).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(grams_c.values())
    recall = overlap / sum(grams_r.values())
    return 2 * precision * recall / (precision + recall)


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> float:
    if not candidate or not reference:
        return 0.0
    previous = [0] * (len(reference) + 1)
    for word in candidate:
        current = [0]
        for j, other in enumerate(reference):
            current.append(previous[j] + 1 if word == other else max(previous[j + 1], current[j]))
        previous = current
    lcs = previous[-1]
    if not lcs:
        return 0.0
    precision, recall = lcs / len(candidate), lcs / len(reference)
    return 2 * precision * recall / (precision + recall)


def scores(summary: str, reference: str) -> tuple[float, float, float]:
    c, r = tokens(summary), tokens(reference)
    return rouge_n(c, r, 1), rouge_n(c, r, 2), rouge_l(c, r)


def _split(part: str) -> tuple[str, str]:
    match = _PART.match(part.strip())
    if not match:
        return "", part.strip()
    return match.group("title").strip(), match.group("text").strip()


def neus_cases(split: str, limit: int | None) -> list[Case]:
    folder = DATA / "neus-roundups-dev"
    sources = (folder / f"{split}.source").read_text(encoding="utf-8").splitlines()
    targets = (folder / f"{split}.target").read_text(encoding="utf-8").splitlines()
    cases = []
    for number, (source, target) in enumerate(zip(sources, targets, strict=True)):
        if limit is not None and number >= limit:
            break
        articles = tuple(_split(part) for part in source.split("[SEP]"))
        cases.append(Case(f"neus-{split}-{number}", articles, _split(target)[1]))
    return cases


def allsides_cases(limit: int | None) -> list[Case]:
    cases = []
    path = DATA / "allsides-dated-dev" / "stories.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        articles = []
        for lean in ("left", "center", "right"):
            item = story["news"].get(lean)
            if not item or not item.get("newBody"):
                continue
            body = [p.strip() for p in item["newBody"] if p and p.strip()][:3]
            articles.append((item.get("newsTitle") or "", "\n".join(body)))
        news = [p for p in story.get("roundup") or () if p and not p.startswith("Coverage")]
        if len(articles) >= 2 and news:
            cases.append(Case(f"allsides-{story['id']}", tuple(articles), " ".join(news)))
        if limit is not None and len(cases) >= limit:
            break
    return cases


def brief_cases(cases: list[Case]) -> tuple[list, list, dict]:
    """Each case briefed as one story of one event by the real story stages (claims included:
    corroborated claims weigh in the summary): (stories, briefs, annotated articles by id)."""
    from storyweave import pipeline
    from storyweave.execute.stories import StoryRunConfig, brief_stories
    from storyweave.ingest.loader import load_articles
    from storyweave.model import Article, Event, Story

    with pipeline.open_workspace(None) as ws:
        rows = [
            Article(
                id=f"{case.id}-{i}",
                text=text,
                title=title or None,
                source=f"outlet {i}",
                origin=case.id,
            )
            for case in cases
            for i, (title, text) in enumerate(case.articles)
            if text
        ]
        load_articles(ws.store, rows)
        annotated = ws.annotations().annotated
        stories = []
        for case in cases:
            ids = tuple(a.id for a in rows if a.origin == case.id and a.id in annotated)
            stories.append(Story(case.id, case.id, ids, (Event(f"e-{case.id}", case.id, ids),)))
        config = StoryRunConfig(settings=ws.settings.story)
        briefs = brief_stories(stories, annotated, ws.store, ws.resources, config)
    return stories, briefs, annotated


def lead(story, annotated) -> str:
    """LEAD: each outlet's first sentence, in the order given."""
    firsts = []
    for article_id in story.article_ids:
        first = annotated[article_id].sentences[:1]
        body = annotated[article_id].article.text
        firsts += [body[s.start : s.end] for s in first]
    return " ".join(firsts)


def run(cases: list[Case], show: int) -> dict[str, float]:
    """Each case briefed (see `brief_cases`) and scored against its reference."""
    stories, briefs, annotated = brief_cases(cases)
    totals = dict(ours=[0.0, 0.0, 0.0], lead=[0.0, 0.0, 0.0])
    sentences = contained = 0
    for number, (case, story, brief) in enumerate(zip(cases, stories, briefs, strict=True)):
        text = " ".join(item.text for item in brief.summary)
        baseline = lead(story, annotated)
        for name, summary in (("ours", text), ("lead", baseline)):
            for k, value in enumerate(scores(summary, case.reference)):
                totals[name][k] += value
        sentences += len(brief.summary)
        for item in brief.summary:
            cited = item.citations[0]
            source = annotated[cited.article].article.text[cited.start : cited.end]
            contained += set(tokens(item.text)) <= set(tokens(source))
        if number < show:
            print(f"--- {case.id}\nREF  {case.reference}\nLEAD {baseline}\nOURS {text}\n")
    n = max(len(cases), 1)
    return {
        "stories": len(cases),
        **{f"ours_r{k}": totals["ours"][i] / n for i, k in enumerate(("1", "2", "l"))},
        **{f"lead_r{k}": totals["lead"][i] / n for i, k in enumerate(("1", "2", "l"))},
        "sentences": sentences / n,
        "contained": contained / max(sentences, 1),
    }


def report(name: str, figures: dict[str, float], seconds: float) -> None:
    ratio = figures["ours_r2"] / figures["lead_r2"] if figures["lead_r2"] else 0.0
    print(f"{name}: {figures['stories']} stories ({seconds:.0f} s)")
    print("             ROUGE-1  ROUGE-2  ROUGE-L")
    for label, key in (("storyweave", "ours"), ("LEAD", "lead")):
        values = [figures[f"{key}_r{k}"] for k in ("1", "2", "l")]
        print(f"{label:<12}" + "".join(f"{v:9.3f}" for v in values))
    print(
        f"ROUGE-2 storyweave / LEAD: {ratio:.2f}x (target >= 1.15); "
        f"{figures['sentences']:.1f} sentences per summary; "
        f"{figures['contained']:.3f} of sentences inside their cited span"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set", default="all", choices=["neus-val", "neus-train", "allsides", "all"]
    )
    parser.add_argument("--limit", type=int, default=None, help="at most N stories per set")
    parser.add_argument("--show", type=int, default=0, help="print the first N summaries")
    args = parser.parse_args(argv)
    if not (DATA / "neus-roundups-dev").is_dir():
        print(f"skipped: {DATA / 'neus-roundups-dev'} not found")
        return 0
    wanted = ["neus-val", "allsides"] if args.set == "all" else [args.set]
    for name in wanted:
        if name == "allsides":
            cases = allsides_cases(args.limit)
        elif name == "neus-train":
            cases = neus_cases("train", args.limit or 500)
        else:
            cases = neus_cases("val", args.limit)
        started = time.perf_counter()
        figures = run(cases, args.show)
        report(name, figures, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
