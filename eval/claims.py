"""Claim alignment and contradictions on storyweave's own gold stories (eval/gold/claims/).

    python eval/claims.py [--gold eval/gold/claims] [--verbose]

Each story is `NAME.jsonl` (invented multi-outlet articles, one with a wire copy) plus
`NAME.gold.json`: claim groups and contradictions, each side named by (article id, a substring
of the sentence). Every article is run through the pipeline exactly as `storyweave brief` runs
it. Printed:
- alignment precision/recall, pairwise over claim units from different articles whose sentences
  are annotated (a unit belongs to the gold group whose substring lies in its sentence);
- contradiction precision/recall: a system contradiction counts when its two units' sentences
  are the two sides of a gold contradiction.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO / "eval" / "gold" / "claims"


def _side(texts: dict[str, str], article: str, start: int, end: int, sides: list[list[str]]) -> int:
    sentence = texts[article][start:end]
    for i, (gold_article, fragment) in enumerate(sides):
        if gold_article == article and fragment in sentence:
            return i
    return -1


def score_story(jsonl: Path, gold: dict, resources, verbose: bool) -> dict[str, int]:
    from storyweave import pipeline
    from storyweave.analyse.claim_analysis import analyse_claims
    from storyweave.analyse.claims import TITLE_PREDICATE, collect_units
    from storyweave.store import open_store

    ws = pipeline.Workspace(open_store(None), resources=resources)
    ws.ingest([str(jsonl)])
    members = list(ws.annotations().annotated.values())
    texts = {m.id: m.article.text for m in members}
    result = analyse_claims(members, resources.embedder)
    units = collect_units(members, resources.embedder).units

    gold_of: dict[int, str] = {}
    for unit in units:
        for name, sides in gold["groups"].items():
            s = unit.unit
            if _side(texts, unit.article, s.sentence_start, s.sentence_end, sides) >= 0:
                gold_of[unit.index] = name
    system_of = {u.index: g.id for g in result.groups for u in g.units}
    counts = dict(tp=0, fp=0, fn=0, ctp=0, cfp=0, cfn=0)
    scored = [
        u
        for u in units
        if u.index in gold_of and u.index in system_of and u.unit.predicates != TITLE_PREDICATE
    ]
    for a, b in combinations(scored, 2):
        if a.article == b.article:
            continue
        same_gold = gold_of[a.index] == gold_of[b.index]
        same_system = system_of[a.index] == system_of[b.index]
        counts["tp"] += same_gold and same_system
        counts["fp"] += same_system and not same_gold
        counts["fn"] += same_gold and not same_system
        if verbose and same_system != same_gold:
            print(f"  {'FP' if same_system else 'FN'} {a.content[:70]!r} ~ {b.content[:70]!r}")

    by_id = {g.id: g for g in result.groups}
    found = set()
    for group in result.groups:
        for other, reason, _mine, _theirs in group.contradicts:
            if group.id > other:
                continue
            hit = None
            for i, (left, right, _kind) in enumerate(gold["contradictions"]):
                if (
                    _touches(group, left, texts)
                    and _touches(by_id[other], right, texts)
                    or (_touches(group, right, texts) and _touches(by_id[other], left, texts))
                ):
                    hit = i
            if hit is None:
                counts["cfp"] += 1
                if verbose:
                    print(
                        f"  wrong contradiction: {group.text[:60]!r} vs "
                        f"{by_id[other].text[:60]!r}: {reason}"
                    )
            else:
                found.add(hit)
    counts["ctp"] = len(found)
    counts["cfn"] = len(gold["contradictions"]) - len(found)
    if verbose:
        for i, (left, right, kind) in enumerate(gold["contradictions"]):
            if i not in found:
                print(f"  missed {kind} contradiction: {left[1]!r} vs {right[1]!r}")
    return counts


def _touches(group, side: list[str], texts: dict[str, str]) -> bool:
    return any(
        u.article == side[0]
        and side[1] in texts[u.article][u.unit.sentence_start : u.unit.sentence_end]
        for u in group.units
    )


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    stories = sorted(args.gold.glob("*.jsonl"))
    if not stories:
        print(f"skipped: no gold stories in {args.gold}")
        return 0
    from storyweave import pipeline

    resources = pipeline.open_workspace(None).resources
    total = dict(tp=0, fp=0, fn=0, ctp=0, cfp=0, cfn=0)
    for jsonl in stories:
        gold = json.loads(jsonl.with_suffix(".gold.json").read_text(encoding="utf-8"))
        if args.verbose:
            print(jsonl.stem)
        counts = score_story(jsonl, gold, resources, args.verbose)
        for key, value in counts.items():
            total[key] += value
    p = _ratio(total["tp"], total["tp"] + total["fp"])
    r = _ratio(total["tp"], total["tp"] + total["fn"])
    cp = _ratio(total["ctp"], total["ctp"] + total["cfp"])
    cr = _ratio(total["ctp"], total["ctp"] + total["cfn"])
    print(f"claim stories: {len(stories)}")
    print(f"alignment (pairwise over claim units): precision {p:.3f} recall {r:.3f}")
    print(
        f"contradictions: precision {cp:.3f} recall {cr:.3f} "
        f"({total['ctp']} found, {total['cfp']} wrong, {total['cfn']} missed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
