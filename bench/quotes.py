"""Cost of quote and entity work next to the spaCy parse it runs on: ms per article.

    python bench/quotes.py [INPUT ...] [--repeat N]

Defaults to the seed articles (../shared/corpora/seeds) and the demo corpus (examples/demo).
Prints, per article on average: the spaCy parse (the runner's one pass), the quotations alone
and the attribution stage (quotations plus reported speech: what the "quotes" stage runs) on
that parse, no second parse, and the story-level work (entity merging plus quote merging over
all the articles as one story).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from storyweave.analyse.entities import merge_entities
from storyweave.analyse.quotes import merge_quotes
from storyweave.annotate.attribution import extract_attributions
from storyweave.annotate.entities import extract_entities
from storyweave.annotate.quotes import extract_quotes
from storyweave.ingest.reader import read_inputs
from storyweave.model import AnnotatedArticle, Article
from storyweave.nlp.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [
    str(ROOT.parent / "shared" / "corpora" / "seeds"),
    str(ROOT / "examples" / "demo"),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=DEFAULT_INPUTS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    articles = [a for a in read_inputs(args.inputs) if isinstance(a, Article)]
    if not articles:
        print("skipped: no articles")
        return 0
    nlp = load_pipeline()
    parse_s = quotes_s = attribution_s = story_s = 0.0
    for _ in range(args.repeat):
        start = time.perf_counter()
        docs = list(nlp.pipe(a.text for a in articles))
        parse_s += time.perf_counter() - start
        start = time.perf_counter()
        found = [extract_quotes(doc, a) for doc, a in zip(docs, articles, strict=True)]
        quotes_s += time.perf_counter() - start
        start = time.perf_counter()
        found = [extract_attributions(doc, a) for doc, a in zip(docs, articles, strict=True)]
        attribution_s += time.perf_counter() - start
        annotated = [
            AnnotatedArticle(a, entities=extract_entities(doc), quotes=q)
            for doc, a, q in zip(docs, articles, found, strict=True)
        ]
        start = time.perf_counter()
        merge_quotes(annotated, merge_entities(annotated))
        story_s += time.perf_counter() - start
    n = len(articles) * args.repeat
    words = sum(len(a.text.split()) for a in articles) // len(articles)
    print(f"articles: {len(articles)} (mean {words} words), repeats: {args.repeat}")
    print(f"spaCy parse:          {1000 * parse_s / n:7.2f} ms/article")
    print(
        f"quotes stage:         {1000 * quotes_s / n:7.2f} ms/article "
        f"({100 * quotes_s / parse_s:.0f}% of the parse)"
    )
    print(
        f"attribution stage:    {1000 * attribution_s / n:7.2f} ms/article "
        f"({100 * attribution_s / parse_s:.0f}% of the parse; quotations and reported speech, "
        "the stage the runner runs, on the same parse)"
    )
    print(f"entities+quotes merge:{1000 * story_s / n:7.2f} ms/article (story level)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
