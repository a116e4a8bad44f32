"""Alias rules of the story entities: each merges the forms a reader takes for one entity and
keeps apart the forms that may be two (all names invented)."""

from storyweave.analyse.aliases import is_nickname, similar_first_names, similar_long_names
from storyweave.analyse.entities import merge_entities
from storyweave.model import AnnotatedArticle, Article, EntityMention
from storyweave.nlp.names import alias_key


def annotated(id_, mentions, text="x"):
    return AnnotatedArticle(
        article=Article(id=id_, text=text),
        entities=tuple(EntityMention(t, ty, 0, len(t)) for t, ty in mentions),
    )


def names_of(story):
    return {e.name: set(e.aliases) for e in merge_entities(story)}


def test_surname_joins_full_name_with_and_without_middle_initial():
    story = [
        annotated("a", [("Orla V. Brisk", "PERSON"), ("Brisk", "PERSON")]),
        annotated("b", [("Orla Brisk", "PERSON"), ("Brisk", "PERSON")]),
    ]
    found = names_of(story)
    assert list(found) == ["Orla V. Brisk"]
    assert {"Orla Brisk", "Brisk"} <= found["Orla V. Brisk"]


def test_two_fuller_forms_with_different_middle_names_stay_apart():
    story = [
        annotated("a", [("Orla Ann Brisk", "PERSON")]),
        annotated("b", [("Orla Bea Brisk", "PERSON")]),
        annotated("c", [("Orla Brisk", "PERSON")]),
    ]
    assert len(names_of(story)) == 3


def test_surname_shared_by_two_people_joins_neither():
    story = [
        annotated("a", [("Orla Brisk", "PERSON"), ("Tamsin Brisk", "PERSON")]),
        annotated("b", [("Brisk", "PERSON"), ("Brisk", "PERSON")]),
    ]
    assert "Brisk" in names_of(story)


def test_sentence_opening_word_glued_to_surname_does_not_count_as_a_second_person():
    text = "Joining Brisk were others. Orla Brisk spoke. Brisk left."
    story = [
        annotated(
            "a",
            [("Joining Brisk", "PERSON"), ("Orla Brisk", "PERSON"), ("Brisk", "PERSON")],
            text,
        )
    ]
    assert "Brisk" in names_of(story)["Orla Brisk"]


def test_last_two_words_join_the_full_name():
    story = [
        annotated("a", [("Mirela Vance Odum", "PERSON")]),
        annotated("b", [("Vance Odum", "PERSON"), ("Vance Odum", "PERSON")]),
    ]
    assert list(names_of(story)) == ["Mirela Vance Odum"]


def test_acronym_joins_its_expansion_skipping_of_and_the():
    story = [
        annotated("a", [("Federation of Quarry Workers", "ORG")]),
        annotated("b", [("FQW", "ORG")]),
    ]
    assert names_of(story) == {"Federation of Quarry Workers": {"FQW"}}


def test_acronym_spelled_by_two_names_joins_neither():
    story = [
        annotated("a", [("Federation of Quarry Workers", "ORG"), ("Free Quay Watch", "ORG")]),
        annotated("b", [("FQW", "ORG")]),
    ]
    assert "FQW" in names_of(story)


def test_company_suffix_possessive_and_spaced_hyphen_are_one_name():
    assert alias_key("Quillon Corp.") == alias_key("Quillon") == alias_key("Quillon Inc")
    assert alias_key("Quillon's") == alias_key("Quillon")
    assert alias_key("Z - Wave") == alias_key("Z-Wave")
    assert alias_key("U.K.") == alias_key("UK")
    assert alias_key("Brannock Group") == "brannock"
    assert alias_key("Group") == "group"  # nothing left: the word is the name
    story = [
        annotated("a", [("Quillon Corp.", "ORG")]),
        annotated("b", [("Quillon Inc", "ORG"), ("Z - Wave", "ORG")]),
        annotated("c", [("Z-Wave", "ORG")]),
    ]
    assert len(names_of(story)) == 2


def test_distinct_companies_sharing_a_word_stay_apart():
    story = [annotated("a", [("Quillon Foods", "ORG")]), annotated("b", [("Quillon Bank", "ORG")])]
    assert len(names_of(story)) == 2


def test_misspelt_first_name_joins_across_articles_not_within_one():
    assert similar_first_names("jon", "john")
    assert not similar_first_names("john", "jane")
    across = [
        annotated("a", [("Jon Vettel", "PERSON")]),
        annotated("b", [("John Vettel", "PERSON")]),
    ]
    assert len(names_of(across)) == 1
    within = [annotated("a", [("Jon Vettel", "PERSON"), ("John Vettel", "PERSON")])]
    assert len(names_of(within)) == 2


def test_long_spelling_variants_join_but_different_people_do_not():
    assert similar_long_names("haidar alishvandi", "haydar alishbandi")
    assert not similar_long_names("north carolina", "south carolina")
    assert not similar_long_names("daniel marsh", "denise marsh")
    # A one-letter difference may be a typo or another person: one article naming both says.
    both = [annotated("a", [("Martin Oberstein", "PERSON"), ("Marvin Oberstein", "PERSON")])]
    assert len(names_of(both)) == 2
    story = [
        annotated("a", [("Institute of Marine Salvage Arts", "ORG")]),
        annotated("b", [("Institute of Marine Salvages Arts", "ORG")]),
    ]
    assert len(names_of(story)) == 1


def test_known_transliteration_pair_is_one_place():
    story = [annotated("a", [("Kiev", "GPE")]), annotated("b", [("Kyiv", "GPE")])]
    assert len(names_of(story)) == 1
    apart = [annotated("a", [("Kievo", "GPE")]), annotated("b", [("Kyrvo", "GPE")])]
    assert len(names_of(apart)) == 2


def test_team_without_its_city_joins_the_team_not_the_city():
    story = [
        annotated("a", [("Harwick", "GPE"), ("Harwick Otters", "ORG")]),
        annotated("b", [("Otters", "ORG"), ("Harwick", "GPE")]),
    ]
    found = names_of(story)
    assert found["Harwick Otters"] == {"Otters"}
    assert "Harwick" in found


def test_one_entity_one_type_by_most_mentions():
    story = [
        annotated("a", [("Velmora", "GPE"), ("Velmora", "GPE")]),
        annotated("b", [("Velmora", "ORG")]),
    ]
    (entity,) = merge_entities(story)
    assert entity.type == "GPE"


def test_title_held_by_one_person_names_them_alone_but_a_shared_title_names_neither():
    text = "Chancellor-elect Lena Moor met President Ivo Sand and President Ada Brenn."
    mentions = [("Lena Moor", 17), ("Ivo Sand", 41), ("Ada Brenn", 64)]
    story = [
        AnnotatedArticle(
            article=Article(id="a", text=text),
            entities=tuple(EntityMention(n, "PERSON", s, s + len(n)) for n, s in mentions),
        )
    ]
    found = names_of(story)
    assert "the Chancellor-elect" in found["Lena Moor"]
    assert not any(a.lower() == "the president" for a in found["Ivo Sand"] | found["Ada Brenn"])


def test_gazetteer_capital_is_a_place_and_annexed_land_is_a_place():
    capital = [annotated("a", [("Abu Dhabi", "ORG")])]
    assert merge_entities(capital)[0].type == "GPE"
    text = "Talks followed the annexation of Velmora in 2014."
    start = text.index("Velmora")
    story = [
        AnnotatedArticle(
            article=Article(id="a", text=text),
            entities=(EntityMention("Velmora", "ORG", start, start + 7),),
        )
    ]
    assert merge_entities(story)[0].type == "GPE"
    seat = [annotated("a", [("Kremlin", "ORG")])]
    assert merge_entities(seat)[0].type == "ORG"


def placed(id_, text, names):
    """An article whose mentions (name, type) are found in `text` in order."""
    mentions, pos = [], 0
    for name, kind in names:
        start = text.index(name, pos)
        mentions.append(EntityMention(name, kind, start, start + len(name)))
        pos = start + len(name)
    return AnnotatedArticle(article=Article(id=id_, text=text), entities=tuple(mentions))


def test_short_form_of_a_given_name_is_the_same_person():
    assert is_nickname("katie", "kathryn") and is_nickname("bob", "rob")
    assert not is_nickname("katie", "john")
    story = [
        annotated("a", [("Kathryn Vell", "PERSON")]),
        annotated("b", [("Katie Vell", "PERSON"), ("John Vell", "PERSON")]),
    ]
    groups = [{e.name, *e.aliases} for e in merge_entities(story)]
    assert sorted(map(sorted, groups)) == [["John Vell"], ["Kathryn Vell", "Katie Vell"]]


def test_nickname_inside_a_name_is_the_same_person():
    assert alias_key('Vincent "The Chin" Gurnow') == "vincent gurnow"
    assert alias_key("Vincent'The Chin' Gurnow") == "vincent gurnow"  # glued by the tokeniser
    assert alias_key("Lemar ( Kip) Dow") == alias_key("``Lemar Dow") == "lemar dow"
    story = [
        annotated("a", [('Vincent "The Chin" Gurnow', "PERSON")]),
        annotated("b", [("Vincent Gurnow", "PERSON")]),
    ]
    assert list(names_of(story)) == ["Vincent Gurnow"]


def test_surname_shared_with_a_relative_goes_to_the_person_the_story_is_about():
    story = [annotated(str(i), [("Tovan Brisk", "PERSON"), ("Brisk", "PERSON")]) for i in range(4)]
    story.append(annotated("e", [("Gene Brisk", "PERSON"), ("Brisk", "PERSON")]))
    found = names_of(story)
    assert "Brisk" in found["Tovan Brisk"]
    assert "Gene Brisk" in found


def test_common_word_glued_to_a_name_by_the_tagger_is_dropped():
    text = "The receptionist saw him. Receptionist Mara Delk was shot. Mara Delk died."
    story = [placed("a", text, [("Receptionist Mara Delk", "PERSON"), ("Mara Delk", "PERSON")])]
    found = names_of(story)
    assert list(found) == ["Mara Delk"]
    assert "Receptionist Mara Delk" in found["Mara Delk"]  # the text still finds the person


def test_two_names_run_together_are_not_a_person_a_surname_could_mean():
    story = [
        annotated("a", [("Gary Lode", "PERSON"), ("Ken Salvo", "PERSON")]),
        annotated("b", [("Lode and Salvo", "PERSON"), ("Salvo", "PERSON"), ("Salvo", "PERSON")]),
    ]
    assert "Salvo" in names_of(story)["Ken Salvo"]


def test_misspelt_surname_joins_through_any_full_name_of_the_group():
    story = [
        annotated("a", [("Tobin Arlo Verrick", "PERSON"), ("Tobin Verrick", "PERSON")]),
        annotated("b", [("Tobin Verricke", "PERSON")]),
    ]
    assert list(names_of(story)) == ["Tobin Arlo Verrick"]


def test_first_name_tagged_as_a_place_joins_the_person_it_starts():
    text = (
        "Seluna Marsh, 10, was shot. Seluna was hit. Doctors treated Seluna. Seluna died. "
        "A block from Seluna's home, Seluna's mother waited."
    )
    names = [("Seluna Marsh", "PERSON")] + [("Seluna", "GPE")] * 5
    story = [placed("a", text, names), annotated("b", [("Seluna Marsh", "PERSON")] * 2)]
    (entity,) = merge_entities(story)
    assert entity.name == "Seluna Marsh" and entity.type == "PERSON" and entity.mentions == 8


def test_park_mountain_and_sea_named_with_and_without_head_words_are_one_place():
    park = "Tarawai Mount Velk National Park"
    story = [
        placed(
            "a",
            "A climber fell on Tarawai Mount Velk in Mt Velk National Park.",
            [("Tarawai Mount Velk", "PERSON"), ("Mt Velk National Park", "FAC")],
        ),
        placed(
            "b", f"Rangers of {park} said Mt Velk is closed.", [(park, "ORG"), ("Mt Velk", "GPE")]
        ),
        placed(
            "c",
            "The Verrin Sea froze. Ships left the Verrin.",
            [("Verrin Sea", "LOC"), ("Verrin", "LOC")],
        ),
    ]
    found = names_of(story)
    assert set(found) == {park, "Verrin Sea"}
    assert {"Tarawai Mount Velk", "Mt Velk"} <= found[park]


def test_a_state_is_not_the_river_named_after_it():
    story = [annotated("a", [("Georgia", "GPE"), ("Georgia River", "LOC")])]
    assert set(names_of(story)) == {"Georgia", "Georgia River"}


def test_organisation_of_a_place_is_the_organisation():
    story = [
        annotated("a", [("Vessia", "GPE"), ("Central Election Commission of Vessia", "ORG")]),
        annotated("b", [("Central Election Commission", "ORG")]),
    ]
    found = names_of(story)
    assert "Central Election Commission" in found["Central Election Commission of Vessia"]


def test_clinic_named_with_different_head_words_is_one_organisation():
    story = [
        annotated("a", [("Calloway Ford Center", "PERSON"), ("Morrow Recovery Center", "ORG")]),
        annotated("b", [("Calloway Ford Clinic", "ORG"), ("Morrow", "PERSON")]),
        annotated("c", [("Calloway Ford Rehab", "PERSON"), ("Morrow Recovery", "PERSON")]),
    ]
    groups = sorted(sorted({e.name, *e.aliases}) for e in merge_entities(story))
    assert groups == [
        ["Calloway Ford Center", "Calloway Ford Clinic", "Calloway Ford Rehab"],
        ["Morrow", "Morrow Recovery", "Morrow Recovery Center"],
    ]


def test_one_word_joins_the_only_team_ending_with_it_unless_it_is_a_common_noun():
    story = [
        placed(
            "a",
            "The Kestrel Moths won. The Moths lead.",
            [("Kestrel Moths", "ORG"), ("Moths", "ORG")],
        ),
        placed(
            "b",
            "Tamber House said the house was sold. House",
            [("Tamber House", "ORG"), ("House", "ORG")],
        ),
    ]
    found = names_of(story)
    assert found["Kestrel Moths"] == {"Moths"}
    assert "House" in found


def test_organisation_named_with_its_words_reordered_is_one():
    story = [
        annotated("a", [("Committee on Harbour Safety Standards", "ORG")]),
        annotated("b", [("Harbour Safety Standards Committee", "ORG")]),
        annotated("c", [("Harbour Safety Committee", "ORG")]),  # fewer words: another body
    ]
    assert len(names_of(story)) == 2


def test_surname_with_two_letters_swapped_joins_the_person():
    story = [
        annotated("a", [("Wendel Korvatsky", "PERSON"), ("Korvatsky", "PERSON")]),
        annotated("b", [("Korvastky", "PERSON")]),
    ]
    assert names_of(story) == {"Wendel Korvatsky": {"Korvatsky", "Korvastky"}}


def test_initialism_keeping_a_dropped_head_word_joins_the_short_name():
    story = [
        annotated("a", [("Harbour City Police", "ORG")]),
        annotated("b", [("HCPD", "ORG"), ("HCPD", "ORG")]),
    ]
    assert len(names_of(story)) == 1


def test_initialism_with_two_possible_expansions_joins_neither():
    story = [
        annotated("a", [("Harbour City Police", "ORG"), ("Harbour City Port", "ORG")]),
        annotated("b", [("HCPD", "ORG")]),
    ]
    assert len(names_of(story)) == 3


def test_initialism_joins_the_brands_named_with_it():
    story = [
        annotated("a", [("KTV", "ORG"), ("KTV Television Network", "ORG")]),
        annotated("b", [("KTV Entertainment Group", "ORG"), ("KTV", "ORG")]),
    ]
    assert len(names_of(story)) == 1


def test_initialism_stays_apart_from_its_sub_body():
    story = [
        annotated("a", [("KTV", "ORG"), ("KTV", "ORG")]),
        annotated("b", [("KTV Ethics Council", "ORG"), ("KTV Ethics Council", "ORG")]),
    ]
    assert len(names_of(story)) == 2


def test_organisation_named_with_one_coordinated_remit_more_is_one():
    story = [
        annotated("a", [("Coastal Fisheries Licensing Board", "ORG")]),
        annotated("b", [("Coastal Fisheries and Tourism Licensing Board", "ORG")]),
    ]
    assert len(names_of(story)) == 1


def test_coordinated_name_does_not_join_a_body_with_an_extra_plain_word():
    story = [
        annotated("a", [("Coastal Fisheries Licensing Board", "ORG")]),
        annotated("b", [("Coastal Fisheries Licensing Appeals Board", "ORG")]),
    ]
    assert len(names_of(story)) == 2


def test_long_and_short_form_of_a_given_name_join_across_articles_not_within_one():
    assert similar_first_names("alexis", "alexandros")
    assert not similar_first_names("alan", "alexandros")  # three letters shared: other names
    across = [
        annotated("a", [("Alexandros Tovaris", "PERSON")]),
        annotated("b", [("Alexis Tovaris", "PERSON")]),
    ]
    assert len(names_of(across)) == 1
    # One article naming both is naming two people (brothers, father and son).
    within = [annotated("a", [("Alexandros Tovaris", "PERSON"), ("Alexis Tovaris", "PERSON")])]
    assert len(names_of(within)) == 2


def test_nickname_given_inside_a_name_joins_the_nickname_with_the_surname():
    story = [
        annotated("a", [("Luis Gerardo (Jerry) Varga", "PERSON")]),
        annotated("b", [("Jerry Varga", "PERSON"), ("Varga", "PERSON")]),
        annotated("c", [("Rosa Varga", "PERSON")]),
    ]
    groups = [{e.name, *e.aliases} for e in merge_entities(story)]
    assert sorted(map(sorted, groups)) == [
        ["Jerry Varga", "Luis Gerardo (Jerry) Varga", "Varga"],
        ["Rosa Varga"],
    ]


def test_nickname_of_one_person_does_not_join_an_unrelated_full_name():
    story = [
        annotated("a", [("Luis (Jerry) Varga", "PERSON")]),
        annotated("b", [("Jerry Moss", "PERSON")]),
    ]
    assert len(names_of(story)) == 2


def test_given_name_two_people_share_goes_to_the_person_the_story_is_about():
    story = [
        annotated(str(i), [("Jermaine Tolle", "PERSON"), ("Jermaine", "PERSON")]) for i in range(3)
    ]
    story.append(annotated("d", [("Jermaine Ruiz", "PERSON")]))
    found = names_of(story)
    assert "Jermaine" in found["Jermaine Tolle"]
    assert "Jermaine Ruiz" in found
    # Named equally often, neither is the one the given name means.
    even = [
        annotated("a", [("Jermaine Tolle", "PERSON"), ("Jermaine", "PERSON")]),
        annotated("b", [("Jermaine Ruiz", "PERSON"), ("Jermaine", "PERSON")]),
    ]
    assert "Jermaine" in names_of(even)


def test_given_name_goes_to_the_person_named_where_it_is_used_not_the_most_named():
    story = [annotated(str(i), [("Salvo Berra", "PERSON")]) for i in range(3)]
    story.append(annotated("d", [("Salvo Gant", "PERSON"), ("Salvo", "PERSON")]))
    found = names_of(story)
    assert "Salvo" in found["Salvo Gant"]
    assert "Salvo" not in found["Salvo Berra"]
