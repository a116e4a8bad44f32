"""Positions: who demands, rejects or proposes what, merged across outlets, hedges kept."""

from storyweave.analyse.claim_analysis import analyse_claims


def positions(story, embedder):
    return [p.to_json() for p in analyse_claims(story, embedder).positions]


def test_demand_and_rejection_are_listed_per_actor(annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Meridian",
            "Orvania insists that Talsk withdraw its troops from the border region.\n"
            "Talsk rejects any withdrawal before a ceasefire is signed.",
        ),
    )
    found = {(p["actor"], p["kind"]) for p in positions(story, embedder)}
    assert ("Orvania", "insists") in found
    assert ("Talsk", "rejects") in found


def test_hedge_stays_in_the_stance(annotate_story, embedder):
    story = annotate_story(
        ("a", "Lakeside", "Talsk reportedly seeks international monitors along the border.")
    )
    (position,) = positions(story, embedder)
    assert position["actor"] == "Talsk"
    assert position["stance"].startswith("reportedly seeks")
    assert position["hedged"]


def test_the_same_position_in_two_outlets_is_merged(annotate_story, embedder):
    story = annotate_story(
        ("a", "Meridian", "The Farmers' Union demands compensation for every flooded farm."),
        ("b", "Eastern", "The Farmers' Union demands compensation for each flooded farm."),
    )
    (position,) = positions(story, embedder)
    assert [s["article"] for s in position["support"]] == ["a", "b"]
