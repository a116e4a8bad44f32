from storyweave.analyse.entities import merge_entities, resolve_mentions, strip_titles
from storyweave.model import AnnotatedArticle, Article, EntityMention


def annotated(id_, mentions):
    return AnnotatedArticle(
        article=Article(id=id_, text="x"),
        entities=tuple(EntityMention(t, ty, 0, len(t)) for t, ty in mentions),
    )


def test_titles_are_stripped_from_names():
    assert strip_titles("President-elect Lena Moor") == "Lena Moor"
    assert strip_titles("Former Prime Minister Ivo Sand") == "Ivo Sand"
    assert strip_titles("Gen. Ada Brenn") == "Ada Brenn"
    assert strip_titles("Mayor") == "Mayor"


def test_full_name_title_and_surname_are_one_person_across_articles():
    story = [
        annotated("a", [("President Lena Moor", "PERSON"), ("Moor", "PERSON")]),
        annotated("b", [("Lena Moor", "PERSON"), ("Moor", "ORG")]),
    ]
    entities = merge_entities(story)
    moor = entities[0]
    assert moor.name == "Lena Moor"
    assert moor.type == "PERSON"
    assert moor.mentions == 4
    assert moor.articles == ("a", "b")
    assert "Moor" in moor.aliases


def test_person_mistagged_as_org_once_is_still_a_person():
    story = [annotated("a", [("Ivo Sand", "PERSON"), ("Ivo Sand", "ORG"), ("Ivo Sand", "PERSON")])]
    assert merge_entities(story)[0].type == "PERSON"


def test_shared_surname_of_two_people_is_not_guessed():
    story = [
        annotated("a", [("Ada Brenn", "PERSON"), ("Tom Brenn", "PERSON"), ("Brenn", "PERSON")])
    ]
    names = {e.name for e in merge_entities(story)}
    assert names == {"Ada Brenn", "Tom Brenn", "Brenn"}


def placed(id_, text, names):
    """An article whose entity mentions are found in `text` (name, type) in order."""
    mentions, pos = [], 0
    for name, kind in names:
        start = text.index(name, pos)
        mentions.append(EntityMention(name, kind, start, start + len(name)))
        pos = start + len(name)
    return AnnotatedArticle(article=Article(id=id_, text=text), entities=tuple(mentions))


def test_transliteration_variants_of_a_place_are_one_entity():
    story = [
        placed(
            "a",
            "Talks between Washington, Kiev, and Moscow.",
            [("Washington", "GPE"), ("Kiev", "PERSON"), ("Moscow", "GPE")],
        ),
        placed("b", "Support for Kyiv grew.", [("Kyiv", "GPE")]),
    ]
    kiev = next(e for e in merge_entities(story) if "Kiev" in (e.name, *e.aliases))
    assert {kiev.name, *kiev.aliases} == {"Kiev", "Kyiv"}
    assert kiev.type == "GPE"


def test_similar_names_in_one_article_stay_apart():
    story = [placed("a", "Mali and Male are far apart.", [("Mali", "GPE"), ("Male", "GPE")])]
    assert {e.name for e in merge_entities(story)} == {"Mali", "Male"}


def test_role_title_is_kept_as_alias_and_role():
    story = [
        placed("a", "Kremlin spokesman Dmitri Orlov said no.", [("Dmitri Orlov", "PERSON")]),
        placed("b", "Orlov, the Kremlin spokesman, said no.", [("Orlov", "PERSON")]),
    ]
    (orlov,) = [e for e in merge_entities(story) if e.type == "PERSON"]
    assert orlov.name == "Dmitri Orlov"
    assert "Kremlin spokesman Dmitri Orlov" in orlov.aliases
    assert "Kremlin spokesman" in orlov.roles


def test_the_outlet_itself_is_not_a_story_entity():
    article = Article(
        id="a", text="Harbour Times reported that Ivo Sand resigned.", source="Harbour Times"
    )
    annotated_article = AnnotatedArticle(
        article=article,
        entities=(
            EntityMention("Harbour Times", "ORG", 0, 13),
            EntityMention("Ivo Sand", "PERSON", 28, 36),
        ),
    )
    assert [e.name for e in merge_entities([annotated_article])] == ["Ivo Sand"]


def test_surname_tagged_org_joins_the_full_name_as_a_person():
    story = [annotated("a", [("Lena Moor", "PERSON")] + [("Moor", "ORG")] * 5)]
    (moor,) = merge_entities(story)
    assert moor.type == "PERSON" and moor.mentions == 6


def test_initialism_joins_the_only_name_it_spells():
    story = [
        placed("a", "The United States said no.", [("United States", "GPE")]),
        placed("b", "The US and the U.S. Army.", [("US", "GPE"), ("U.S.", "GPE")]),
    ]
    (states,) = [e for e in merge_entities(story) if "US" in (e.name, *e.aliases)]
    assert states.name == "United States"
    assert {"US", "U.S."} <= set(states.aliases)


def test_initialism_with_two_candidates_stays_apart():
    story = [
        placed(
            "a",
            "United Steelworkers and United States met; the US agreed.",
            [("United Steelworkers", "ORG"), ("United States", "GPE"), ("US", "GPE")],
        )
    ]
    assert "US" in {e.name for e in merge_entities(story)}


def test_context_corrects_the_small_models_type_guesses():
    text = (
        "Brannock Harbour Authority closed the gates. Ilse Marrow, the union's general "
        "secretary, said her members would stay out. The largest port in Vessmark is shut. "
        "Marrow said no. She added more."
    )
    story = [
        placed(
            "a",
            text,
            [
                ("Brannock Harbour Authority", "PERSON"),
                ("Ilse Marrow", "ORG"),
                ("Vessmark", "PERSON"),
                ("Marrow", "ORG"),
            ],
        )
    ]
    types = {e.name: e.type for e in merge_entities(story)}
    assert types == {
        "Brannock Harbour Authority": "ORG",
        "Ilse Marrow": "PERSON",
        "Vessmark": "GPE",
    }


def test_natural_feature_is_a_place_whatever_the_tagger_says():
    story = [
        placed("a", "Two climbers died on Tarawai Mount Velk.", [("Tarawai Mount Velk", "PERSON")])
    ]
    assert merge_entities(story)[0].type == "LOC"


def test_organisation_context_outweighs_a_person_tag():
    text = (
        "Brell Gateway Docks, the private company that runs the quay, said no. "
        "Ivo Sand, managing director of Brell Gateway Docks, agreed. "
        "Brell Gateway Docks, which employs 400, said more."
    )
    names = [("Brell Gateway Docks", "PERSON"), ("Ivo Sand", "PERSON")]
    names += [("Brell Gateway Docks", "PERSON")] * 2
    types = {e.name: e.type for e in merge_entities([placed("a", text, names)])}
    assert types == {"Brell Gateway Docks": "ORG", "Ivo Sand": "PERSON"}


def test_names_listed_with_a_place_are_places():
    text = "Moscow wants the Dornet, Lusk and Zarvia regions."
    story = [placed("a", text, [("Dornet", "PERSON"), ("Lusk", "PERSON"), ("Zarvia", "PERSON")])]
    assert {e.type for e in merge_entities(story)} == {"GPE"}


def test_resolved_mentions_carry_the_canonical_name():
    article = placed(
        "a", "Ivo Sand spoke. Sand said no.", [("Ivo Sand", "PERSON"), ("Sand", "ORG")]
    )
    resolved = resolve_mentions(article)
    assert [(m.text, m.type, m.canonical) for m in resolved] == [
        ("Ivo Sand", "PERSON", "Ivo Sand"),
        ("Sand", "PERSON", "Ivo Sand"),
    ]


def test_organisation_misspelt_once_as_a_person_stays_an_organisation():
    story = [
        annotated("a", [("Kessel Advisors", "ORG")] * 6),
        annotated("b", [("Kessel Advisers", "PERSON")]),
    ]
    (entity,) = merge_entities(story)
    assert entity.type == "ORG" and entity.mentions == 7


def test_stray_quote_mark_does_not_make_another_name():
    story = [annotated("a", [("Simon Vaughtry \u2018", "PERSON"), ("Simon Vaughtry", "PERSON")])]
    assert [e.name for e in merge_entities(story)] == ["Simon Vaughtry"]
