"""The claim sections of the Markdown brief."""

import dataclasses

from storyweave.render.claims_markdown import claim_lines, merge_disputes

from .sample import sample_brief


def _support(article, text):
    return {"article": article, "start": 0, "end": len(text), "text": text}


def _claims():
    fourteen_a = _support("wire", "A crane collapse injured 14 people on Thursday.")
    fourteen_b = _support(
        "daily", "Dockers walked out two days after a collapse injured 14 people."
    )
    twenty_one = _support("tide", "In that collapse, 21 dockworkers were injured.")
    reason = "different figures for the same count (injured): 21 dockworkers vs 14 people"

    def claim(cid, support, against):
        return {
            "id": cid,
            "text": support["text"],
            "status": "disputed",
            "support": [support],
            "independent_sources": 1,
            "contradicts": [
                {"claim": other, "reason": reason, "this": support, "other": theirs}
                for other, theirs in against
            ],
            "attributed_to": [],
            "hedged": False,
        }

    return [
        claim("c1", fourteen_a, [("c3", twenty_one)]),
        claim("c2", fourteen_b, [("c3", twenty_one)]),
        claim("c3", twenty_one, [("c1", fourteen_a), ("c2", fourteen_b)]),
    ]


def test_one_disagreement_is_shown_once_with_every_report_on_each_side():
    disputes = merge_disputes(_claims())
    assert len(disputes) == 1
    sides = [{cid for cid, _ in side} for side in disputes[0].sides]
    assert {"c1", "c2"} in sides and {"c3"} in sides
    # The side the reason names first ("21 dockworkers") is listed first.
    assert sides[0] == {"c3"}


def test_reports_that_disagree_with_each_other_are_not_put_on_one_side():
    claims = _claims()
    # c1 and c2 disagree too (say, 14 vs 16): three values, so no side may hold both.
    claims[0]["contradicts"].append(
        {"claim": "c2", "reason": claims[0]["contradicts"][0]["reason"], "this": {}, "other": {}}
    )
    for dispute in merge_disputes(claims):
        for side in dispute.sides:
            assert {cid for cid, _ in side} != {"c1", "c2"}


def test_the_disputed_section_lists_each_pair_once():
    brief = dataclasses.replace(sample_brief(), claims=tuple(_claims()))
    lines = claim_lines(brief)
    section = lines[lines.index("## Disputed") :]
    assert sum(1 for line in section if line.startswith("- different figures")) == 1
    assert sum("21 dockworkers were injured" in line for line in section) == 1
