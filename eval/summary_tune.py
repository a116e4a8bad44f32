"""Tries summary settings fast: the cases are briefed once (eval/summary.py's `brief_cases`),
their annotated articles and claims cached under out/summary-cache, then `summarise` alone runs
per setting and is scored as eval/summary.py scores it.

    python eval/summary_tune.py --set neus-train --limit 400 [KEY=VALUE ...] [--grid KEY=V1,V2,...]

KEY is a SummaryConfig field. For choosing settings on the dev data only; the figures to report
come from eval/summary.py, which runs the real stages.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import summary as harness  # noqa: E402

CACHE = Path(__file__).resolve().parents[1] / "out" / "summary-cache"


def cases_for(name: str, limit: int | None, skip: int = 0) -> list[harness.Case]:
    if name == "allsides":
        return harness.allsides_cases(limit)[skip:]
    if name == "neus-train":
        return harness.neus_cases("train", limit or 500)[skip:]
    return harness.neus_cases("val", limit)[skip:]


def prepared(name: str, limit: int | None, skip: int = 0) -> list[dict]:
    """The cases `skip` to `limit` of a set, briefed (cached)."""
    path = CACHE / f"{name}-{skip}-{limit or 'all'}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    cases = cases_for(name, limit, skip)
    stories, briefs, annotated = harness.brief_cases(cases)
    rows = []
    for case, story, brief in zip(cases, stories, briefs, strict=True):
        rows.append(
            {
                "id": case.id,
                "reference": case.reference,
                "members": [annotated[a] for a in story.article_ids],
                "claims": list(brief.claims),
                "lead": harness.lead(story, annotated),
            }
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(rows))
    return rows


def evaluate(rows: list[dict], encode, config) -> dict[str, float]:
    from storyweave.analyse.summary import summarise

    ours = [0.0, 0.0, 0.0]
    lead = [0.0, 0.0, 0.0]
    sentences = words = 0
    for row in rows:
        result = summarise(row["members"], encode, row["claims"], config)
        text = " ".join(item.text for item in result.summary)
        sentences += len(result.summary)
        words += len(text.split())
        for k, v in enumerate(harness.scores(text, row["reference"])):
            ours[k] += v
        for k, v in enumerate(harness.scores(row["lead"], row["reference"])):
            lead[k] += v
    n = max(len(rows), 1)
    return {
        "r1": ours[0] / n,
        "r2": ours[1] / n,
        "rl": ours[2] / n,
        "lead_r2": lead[1] / n,
        "sentences": sentences / n,
        "words": words / n,
    }


def _value(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def main(argv: list[str] | None = None) -> int:
    from storyweave import pipeline
    from storyweave.analyse.summary import SummaryConfig

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set", default="neus-train", choices=["neus-val", "neus-train", "allsides"]
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--skip", type=int, default=0, help="leave out the first N cases")
    parser.add_argument("--grid", action="append", default=[], help="KEY=V1,V2,...")
    parser.add_argument("settings", nargs="*", help="KEY=VALUE")
    args = parser.parse_args(argv)
    rows = prepared(args.set, args.limit, args.skip)
    with pipeline.open_workspace(None) as ws:
        encode = ws.resources.embedder.encode
    base = {k: _value(v) for k, v in (s.split("=", 1) for s in args.settings)}
    axes = [
        (k, [_value(v) for v in vs.split(",")]) for k, vs in (g.split("=", 1) for g in args.grid)
    ]
    for values in itertools.product(*(vs for _, vs in axes)) if axes else [()]:
        overrides = dict(base, **{k: v for (k, _), v in zip(axes, values, strict=True)})
        config = dataclasses.replace(SummaryConfig(), **overrides)
        f = evaluate(rows, encode, config)
        label = " ".join(f"{k}={v}" for k, v in overrides.items()) or "defaults"
        print(
            f"{label:<50} R1 {f['r1']:.4f} R2 {f['r2']:.4f} RL {f['rl']:.4f} "
            f"LEAD {f['lead_r2']:.4f} x{f['r2'] / f['lead_r2']:.3f} "
            f"{f['sentences']:.2f} sent {f['words']:.0f} w",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
