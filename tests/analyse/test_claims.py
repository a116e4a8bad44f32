"""Claim groups across outlets: paraphrases align, other actors do not, copies count once."""

from storyweave.analyse.claim_analysis import analyse_claims


def group_of(result, article, fragment):
    for group in result.groups:
        for unit in group.units:
            if unit.article == article and fragment in unit.citation:
                return group
    raise AssertionError(f"no claim from {article} with {fragment!r}")


def test_paraphrases_from_two_outlets_are_one_corroborated_claim(annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Harbour Times",
            "The Farmers' Union demands compensation for every flooded farm within 30 days.",
        ),
        (
            "b",
            "Coast Post",
            "The Farmers' Union wants every flooded farm compensated within a month.",
        ),
    )
    result = analyse_claims(story, embedder)
    group = group_of(result, "a", "compensation")
    assert group is group_of(result, "b", "compensated")
    assert group.status == "corroborated"
    assert group.independent_sources == 2
    assert [s["article"] for s in group.to_json()["support"]] == ["a", "b"]


def test_same_words_about_a_different_actor_do_not_align(annotate_story, embedder):
    story = annotate_story(
        ("a", "Harbour Times", "Governor Tomas Arlen approved the emergency budget on Friday."),
        ("b", "Coast Post", "Mayor Mila Strand approved the emergency budget on Friday."),
    )
    result = analyse_claims(story, embedder)
    assert group_of(result, "a", "Arlen") is not group_of(result, "b", "Strand")


def test_a_wire_copy_is_not_independent_support(annotate_story, embedder):
    text = "Nine people were killed in the flood, the regional fire service said."
    story = annotate_story(
        ("wire", "Northgate Wire", text),
        ("copy", "Valley Herald", text, "wire"),
    )
    result = analyse_claims(story, embedder)
    group = group_of(result, "wire", "Nine people")
    assert set(group.articles) == {"wire", "copy"}
    assert group.independent_sources == 1
    assert group.status == "single_source"


def test_without_an_embedder_identical_claims_still_align(annotate_story):
    story = annotate_story(
        (
            "a",
            "Harbour Times",
            "Engineers from the national dam authority arrived at the site on Thursday.",
        ),
        (
            "b",
            "Coast Post",
            "Engineers from the national dam authority arrived at the dam on Thursday.",
        ),
    )
    result = analyse_claims(story, None)
    assert group_of(result, "a", "Engineers") is group_of(result, "b", "Engineers")


def test_story_without_claims_is_empty(annotate_story, embedder):
    result = analyse_claims(annotate_story(("a", "X", "")), embedder)
    assert result.groups == () and result.positions == ()
