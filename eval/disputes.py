"""Disputes and corroboration of the brief on real multi-outlet news, printed for reading.

    python eval/disputes.py [--set allsides|seeds] [--limit N] [--db PATH] [--quiet]
                            [--show-corroborated N]

`allsides` (default): ../shared/data/allsides-dated-dev, each AllSides story (up to three
outlets of different lean on one event, the gold event) briefed as one story by the claims
stage exactly as `storyweave brief` runs it. `seeds`: the five seed articles
(../shared/corpora/seeds) as one story.

There is no gold for disputes: every flagged dispute is printed with its reason and both sides'
sentences, so that a reader can judge whether the outlets really disagree. Printed counts:
disputes flagged (as the brief shows them: analyse/disputes.py merges pairs), claims
corroborated (>= 2 independent sources; a disputed claim with two sources counts too) and claims
in total. `--show-corroborated N` also prints the support of the first N corroborated claims,
to judge whether they say the same thing. `--db PATH` keeps the annotated articles in a store
file, so a second run skips the parse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
SEEDS = REPO.parent / "shared" / "corpora" / "seeds"


def allsides_stories(limit: int | None) -> list[tuple[str, list]]:
    from storyweave.model import Article

    path = DATA / "allsides-dated-dev" / "stories.jsonl"
    stories = []
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        published = dt.date.fromisoformat(story["date"][:10])
        articles = []
        for lean in ("left", "center", "right"):
            item = story["news"].get(lean)
            if not item or not item.get("newBody"):
                continue
            body = "\n\n".join(p.strip() for p in item["newBody"] if p and p.strip())
            articles.append(
                Article(
                    id=f"as{story['id']}-{lean}",
                    text=body,
                    title=item.get("newsTitle") or None,
                    source=item.get("newsSource") or lean,
                    url=item.get("newsLink") or None,
                    published=published,
                    origin=f"allsides:{story['id']}",
                )
            )
        if len(articles) >= 2:
            stories.append((f"allsides-{story['id']}", articles))
        if limit is not None and len(stories) >= limit:
            break
    return stories


def seed_story(ws) -> list[tuple[str, list[str]]]:
    report = ws.ingest(sorted(str(p) for p in SEEDS.glob("*.txt")))
    del report
    return [("seeds", sorted(ws.annotations().annotated))]


def _side_text(side) -> str:
    return " ".join(side.support.text.split())


def run(args: argparse.Namespace) -> dict[str, int]:
    from storyweave import pipeline
    from storyweave.analyse.claim_analysis import analyse_claims
    from storyweave.analyse.disputes import merge_disputes
    from storyweave.analyse.entities import merge_entities
    from storyweave.ingest.loader import load_articles

    totals = dict(stories=0, disputes=0, corroborated=0, claims=0, units=0)
    seconds = 0.0
    with pipeline.open_workspace(args.db) as ws:
        if args.set == "seeds":
            groups = seed_story(ws)
        else:
            stories = allsides_stories(args.limit)
            load_articles(ws.store, [a for _, articles in stories for a in articles])
            groups = [(name, [a.id for a in articles]) for name, articles in stories]
        annotated = ws.annotations().annotated
        embedder = ws.resources.embedder
        shown = 0
        for name, ids in groups:
            members = [annotated[i] for i in ids if i in annotated]
            if len(members) < 2:
                continue
            started = time.perf_counter()
            result = analyse_claims(members, embedder, entities=merge_entities(members))
            seconds += time.perf_counter() - started
            disputes = merge_disputes(result.claims)
            totals["stories"] += 1
            totals["disputes"] += len(disputes)
            totals["claims"] += len(result.claims)
            totals["units"] += sum(len(g.units) for g in result.groups)
            corroborated = [c for c in result.claims if c.independent_sources >= 2]
            totals["corroborated"] += len(corroborated)
            if not args.quiet:
                for dispute in disputes:
                    print(f"--- {name}: {dispute.reason}")
                    for label, side in zip("AB", dispute.sides, strict=True):
                        for one in side:
                            print(f"  {label} [{one.support.article}] {_side_text(one)}")
                for claim in corroborated:
                    if shown >= args.show_corroborated:
                        break
                    shown += 1
                    print(f"+++ {name} {claim.id} ({claim.independent_sources}): {claim.text}")
                    for support in claim.support:
                        print(f"    [{support.article}] {' '.join(support.text.split())}")
    totals["ms_per_story"] = int(1000 * seconds / max(totals["stories"], 1))
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="allsides", choices=["allsides", "seeds"])
    parser.add_argument("--limit", type=int, default=None, help="at most N stories")
    parser.add_argument("--db", default=None, help="store file that keeps the parse")
    parser.add_argument("--quiet", action="store_true", help="counts only")
    parser.add_argument("--show-corroborated", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    folder = SEEDS if args.set == "seeds" else DATA / "allsides-dated-dev"
    if not folder.is_dir():
        print(f"skipped: {folder} not found")
        return 0
    totals = run(args)
    print(
        f"{args.set}: {totals['stories']} stories, {totals['claims']} claims "
        f"({totals['units']} claim units), {totals['corroborated']} corroborated "
        f"(>= 2 independent sources), {totals['disputes']} disputes flagged; "
        f"claims stage {totals['ms_per_story']} ms/story"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
