"""Cost of story-level claim analysis against the parse it rests on, for one 50-article story.

    python bench/analysis.py [--articles 50] [--seeds ../shared/corpora/seeds]

Articles are the seed story's articles cycled (each with a distinct opening sentence, so none is
a copy) until there are `--articles`. Prints the time to parse and annotate them (the runner's
article stages) and the time of `analyse_claims` (units, contradictions, alignment, positions,
coverage) on the same story. The analysis must stay well under the parse.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "corpora" / "seeds")
    args = parser.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))]
    if not texts:
        print(f"skipped: no seed articles in {args.seeds}")
        return 0

    from storyweave import pipeline
    from storyweave.analyse.claim_analysis import analyse_claims

    rows = [
        {
            "id": f"a{i:03d}",
            "source": f"Outlet {i}",
            "text": f"Report number {i} from outlet {i} on the talks.\n{texts[i % len(texts)]}",
        }
        for i in range(args.articles)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "story.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        ws = pipeline.open_workspace(None)
        ws.ingest([str(path)])
    resources = ws.resources
    resources.nlp, resources.embedder  # noqa: B018 (loaded before the clock starts)
    started = time.perf_counter()
    analysis = ws.annotations()
    parse_s = time.perf_counter() - started
    annotated, skipped = list(analysis.annotated.values()), analysis.skipped
    started = time.perf_counter()
    result = analyse_claims(annotated, resources.embedder)
    analysis_s = time.perf_counter() - started
    units = sum(len(a.claims) for a in annotated)
    print(f"articles: {len(annotated)} ({len(skipped)} skipped), claim units: {units}")
    print(f"parse + article stages: {parse_s:.2f} s")
    print(
        f"story analysis (claims, contradictions, positions, coverage): {analysis_s:.2f} s "
        f"({analysis_s / parse_s:.0%} of the parse); {len(result.groups)} claim groups"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
