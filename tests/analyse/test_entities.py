from storyweave.analyse.entities import merge_entities, strip_titles
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
