"""What checking claims costs next to parsing the articles once: FNC-1's pairs through `check`.

    python bench/stance.py [--data ../shared/data/fnc1-dev] [--pairs 12000]

Parses the pairs' article bodies once with storyweave's spaCy pipeline (what annotation costs,
models loaded beforehand), then checks every headline against its bodies through
analyse/checks.check_claims, the code behind `storyweave check`, from the cached sentence spans:
embeddings of every sentence, features, both tree stages and the evidence. Prints both times and
their ratio (the target: checking 12,000 pairs costs at most twice one parse).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

DEFAULT_DATA = REPO.parent / "shared" / "data" / "fnc1-dev"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--pairs", type=int, default=12_000)
    args = parser.parse_args(argv)
    if not (args.data / "stances.csv").is_file():
        print(f"skipped: {args.data} not found")
        return 0

    from storyweave.analyse.checks import check_claims
    from storyweave.annotate.sentences import split_sentences
    from storyweave.model import AnnotatedArticle, Article
    from storyweave.model.check import CheckClaim
    from storyweave.nlp.embeddings import load_embedder
    from storyweave.nlp.pipeline import load_pipeline
    from storyweave.nlp.stance_model import load_stance_model
    from storyweave.nlp.stance_training import read_fnc

    data = read_fnc(args.data)
    pairs = list(zip(data.headlines, data.body_ids, strict=True))[: args.pairs]
    body_ids = sorted({b for _, b in pairs})
    nlp, embedder, model = load_pipeline(), load_embedder(), load_stance_model()

    started = time.perf_counter()
    docs = list(nlp.pipe(data.bodies[b] for b in body_ids))
    parse_s = time.perf_counter() - started
    annotated = [
        AnnotatedArticle(Article(b, data.bodies[b]), sentences=split_sentences(doc))
        for b, doc in zip(body_ids, docs, strict=True)
    ]
    bodies_of: dict[str, list[str]] = {}
    for headline, body in pairs:
        bodies_of.setdefault(headline, []).append(body)
    claims = [CheckClaim(f"c{i}", h, tuple(b)) for i, (h, b) in enumerate(bodies_of.items())]

    started = time.perf_counter()
    checks = check_claims(claims, annotated, embedder, model)
    check_s = time.perf_counter() - started
    checked = sum(len(c.articles) for c in checks)
    words = sum(len(data.bodies[b].split()) for b in body_ids)
    print(f"{len(body_ids)} articles ({words} words), {checked} claim/article pairs")
    print(f"  parse once (spaCy)  {parse_s:7.2f} s  ({words / parse_s:,.0f} words/s)")
    print(f"  check every pair    {check_s:7.2f} s  ({checked / check_s:,.0f} pairs/s)")
    print(f"  check / parse       {check_s / parse_s:7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
