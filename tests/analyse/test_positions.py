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


def test_a_stance_is_its_own_clause_without_the_verb_repeated(annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Meridian",
            "On the campaign trail, Vena Morrow often lamented the cost of the dam and pledged "
            "to cancel the project in her first week.\n"
            "The Farmers' Union insists that the reservoir stay open all summer.",
        ),
    )
    stances = {(p["actor"], p["kind"]): p["stance"] for p in positions(story, embedder)}
    assert stances[("Vena Morrow", "proposes")].startswith("pledged to cancel the project")
    assert stances[("Farmers' Union", "insists")].startswith("the reservoir stay open")


def test_what_an_actor_made_clear_is_the_clause_after_that(annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Meridian",
            "Talsk has made it clear that any negotiations must meet its conditions.",
        ),
    )
    (position,) = positions(story, embedder)
    assert position["actor"] == "Talsk"
    assert position["stance"] == "any negotiations must meet its conditions"
