import pytest

from storyweave.annotate.entities import extract_entities
from storyweave.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def found(nlp, text):
    return [(m.text, m.type) for m in extract_entities(nlp(text))]


def test_headline_span_is_cut_back_to_the_name_the_body_uses(nlp):
    text = (
        "Donald Trump spoke on Monday. Trump said talks would start soon.\n\n"
        "Trump\u2019s Diplomatic Strategy and Key Nomination\n\n"
        "The plan was announced in Washington."
    )
    names = [t for t, _ in found(nlp, text)]
    assert not any("Strategy" in n for n in names)
    mentions = extract_entities(nlp(text))
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_wrapped_prose_is_not_a_headline(nlp):
    text = (
        "Vellmark is recalling 40,000 Aero wireless headphones after reports that the battery can\n"
        "overheat while charging. Chief executive Tilda Nore said customers should stop using the\n"
        "headphones."
    )
    assert ("Tilda Nore", "PERSON") in found(nlp, text)


def test_demonym_tagged_as_a_place_is_a_group(nlp):
    text = "Russia will not give back the five Ukrainian territories it annexed."
    types = dict(found(nlp, text))
    assert types.get("Ukrainian", "NORP") == "NORP"
    assert types.get("Russia") == "GPE"


def _mention(text, name, kind="PERSON"):
    from storyweave.model import EntityMention

    start = text.index(name)
    return EntityMention(name, kind, start, start + len(name))


def test_surname_the_tagger_missed_becomes_a_mention_of_the_person():
    from storyweave.annotate.entities import _untagged_surnames

    text = "Prosecutor Anna Vell spoke. Vell said the trial would go on. Vell's office agreed."
    added = _untagged_surnames(text, [_mention(text, "Anna Vell")])
    assert [(m.text, text[m.start : m.end]) for m in added] == [("Vell", "Vell")] * 2


def test_surname_two_people_share_is_not_added():
    from storyweave.annotate.entities import _untagged_surnames

    text = "Anna Vell and Tom Vell spoke. Vell said the trial would go on."
    mentions = [_mention(text, "Anna Vell"), _mention(text, "Tom Vell")]
    assert _untagged_surnames(text, mentions) == []
