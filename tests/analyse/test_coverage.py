"""Coverage: which claims each outlet carries and which widely reported ones it leaves out."""

from storyweave.analyse.claim_analysis import analyse_claims


def test_outlet_missing_a_corroborated_claim_is_shown_the_gap(annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Meridian",
            "Engineers from the national dam authority arrived at the site on Thursday.\n"
            "The governor declared a state of emergency in the valley.",
        ),
        (
            "b",
            "Eastern",
            "Engineers from the national dam authority arrived at the dam on Thursday.",
        ),
        ("c", "Lakeside", "The governor declared a state of emergency in the valley."),
    )
    result = analyse_claims(story, embedder)
    rows = {row.article: row for row in result.coverage}
    engineers = next(g for g in result.groups if "Engineers" in g.text)
    emergency = next(g for g in result.groups if "emergency" in g.text)
    assert set(rows["a"].claims) >= {engineers.id, emergency.id}
    assert rows["a"].missing == ()
    assert rows["b"].missing == (emergency.id,)
    assert rows["c"].missing == (engineers.id,)
