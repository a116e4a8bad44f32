"""Claim groups across outlets: paraphrases align, other actors do not, copies count once."""

from storyweave.analyse.claim_analysis import analyse_claims


def test_paraphrases_from_two_outlets_are_one_corroborated_claim(
    group_of, annotate_story, embedder
):
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
    assert [s.article for s in group.to_claim().support] == ["a", "b"]


def test_same_words_about_a_different_actor_do_not_align(group_of, annotate_story, embedder):
    story = annotate_story(
        ("a", "Harbour Times", "Governor Tomas Arlen approved the emergency budget on Friday."),
        ("b", "Coast Post", "Mayor Mila Strand approved the emergency budget on Friday."),
    )
    result = analyse_claims(story, embedder)
    assert group_of(result, "a", "Arlen") is not group_of(result, "b", "Strand")


def test_a_wire_copy_is_not_independent_support(group_of, annotate_story, embedder):
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


def test_without_an_embedder_identical_claims_still_align(group_of, annotate_story):
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


def test_quotation_fragments_and_bare_quantifier_clauses_are_not_claims(claim_resources):
    import dataclasses

    from storyweave.analyse.claims import collect_units
    from storyweave.annotate.claims import extract_claims
    from storyweave.annotate.entities import extract_entities
    from storyweave.annotate.quotes import extract_quotes
    from storyweave.model import AnnotatedArticle, Article

    nlp, embedder = claim_resources
    text = (
        "A bridge collapsed in Tarnby on Monday, injuring nine people, the fire service said.\n"
        "Fire chief Anna Holm said rescuers worked through the night.\n"
        "\u201cIt took us nearly two hours to reach the last of them.\u201d\n"
        "The mayor visited the site, a gesture some residents welcomed and others dismissed "
        "as a stunt.\n"
    )
    doc = nlp(text)
    article = Article(id="a", text=text, source="Tarnby Post")
    member = AnnotatedArticle(
        article=article, entities=extract_entities(doc), claims=extract_claims(doc)
    )
    member = dataclasses.replace(member, quotes=tuple(extract_quotes(doc, article)))
    contents = [u.content for u in collect_units([member], embedder).units]
    assert any("bridge collapsed" in c for c in contents)
    assert not any("two hours" in c for c in contents), contents
    assert not any(c.startswith("others") for c in contents), contents


def test_a_group_speaks_in_its_most_self_contained_words(group_of, annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Harbour Times",
            "Talks have not started yet, but preparations for them are underway.",
        ),
        (
            "b",
            "Coast Post",
            "The minister said preparations for talks with the union are underway.",
        ),
    )
    result = analyse_claims(story, embedder)
    group = group_of(result, "a", "preparations")
    if len(group.units) > 1:
        assert "for them" not in group.text
    assert not group.text.rstrip().endswith((" and", ","))


def test_sharing_names_is_not_support(group_of, annotate_story, embedder):
    # Both sentences name the spokesman, the talks and the meeting; only one says Talsk is
    # willing to talk, so the other outlet does not corroborate it.
    story = annotate_story(
        (
            "a",
            "Meridian",
            "The Talsk government has confirmed its openness to the proposed talks, with "
            "spokesman Ivo Rask saying it welcomes dialogue and sees no preconditions for a "
            "meeting.",
        ),
        (
            "b",
            "Lakeside",
            "The news agency reported that Talsk spokesman Ivo Rask said Orvania had not yet "
            "formally requested such a meeting.",
        ),
    )
    result = analyse_claims(story, embedder)
    assert group_of(result, "a", "openness") is not group_of(result, "b", "formally requested")
    assert not [c for c in result.claims if c.status == "corroborated"]


def test_a_paraphrase_with_the_same_facts_is_corroborated(group_of, annotate_story, embedder):
    story = annotate_story(
        (
            "a",
            "Meridian",
            "The Senate on Tuesday passed legislation to make Harvest Day a national public "
            "holiday.",
        ),
        (
            "b",
            "Lakeside",
            "The Senate passed a bill Tuesday that makes Harvest Day a national public holiday, "
            "sending it to the House.",
        ),
    )
    result = analyse_claims(story, embedder)
    group = group_of(result, "a", "Harvest Day")
    assert group is group_of(result, "b", "Harvest Day")
    assert group.status == "corroborated" and group.independent_sources == 2
