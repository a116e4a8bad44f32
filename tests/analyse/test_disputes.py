"""One entry per disagreement, whichever pairs of claim groups the contradictions came in."""

import dataclasses

from storyweave.analyse.disputes import merge_disputes
from storyweave.model import Contradiction


def test_one_disagreement_is_shown_once_with_every_report_on_each_side(disputed_claims):
    disputes = merge_disputes(disputed_claims)
    assert len(disputes) == 1
    sides = [{entry.claim for entry in side} for side in disputes[0].sides]
    assert {"c1", "c2"} in sides and {"c3"} in sides
    # The side the reason names first ("21 dockworkers") is listed first.
    assert sides[0] == {"c3"}
    assert disputes[0].sides[0][0].support.article == "tide"


def test_reports_that_disagree_with_each_other_are_not_put_on_one_side(disputed_claims):
    claims = list(disputed_claims)
    # c1 and c2 disagree too (say, 14 vs 16): three values, so no side may hold both.
    first = claims[0]
    extra = Contradiction("c2", first.contradicts[0].reason, first.support[0], claims[1].support[0])
    claims[0] = dataclasses.replace(first, contradicts=(*first.contradicts, extra))
    for dispute in merge_disputes(claims):
        for side in dispute.sides:
            assert {entry.claim for entry in side} != {"c1", "c2"}


def test_a_contradiction_naming_an_unknown_claim_is_left_out(disputed_claims):
    claims = disputed_claims[:1]
    assert merge_disputes(claims) == []
