import pytest

from storyweave.annotate.entities import extract_entities
from storyweave.model import EntityMention
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


def test_name_with_a_nickname_inside_is_one_person_mention():
    from storyweave.annotate.entities import _nicknamed_people

    text = "Memorial for Lemar'Kip' Dow, 16. Lemar was shot. A vigil for Lemar (Kip) Dow."
    alone, kip = text.index("Lemar was"), text.index("Kip)")
    mentions = [EntityMention("Lemar", "PERSON", alone, alone + 5)]
    mentions.append(EntityMention("Kip", "ORG", kip, kip + 3))  # the tagger's piece of it
    found = [(m.text, m.type) for m in _nicknamed_people(text, mentions)]
    assert found == [
        ("Lemar'Kip' Dow", "PERSON"),
        ("Lemar", "PERSON"),
        ("Lemar (Kip) Dow", "PERSON"),
    ]


def test_quoted_title_after_a_name_is_not_a_nickname():
    from storyweave.annotate.entities import _nicknamed_people

    # "Negotiations" is a word the article writes in lower case: not a surname.
    text = "Gary Voss'Burning Sky' Negotiations Stall\nThe negotiations went on. Voss said no."
    alone = text.index("Voss said")
    mentions = [_mention(text, "Gary Voss"), EntityMention("Voss", "PERSON", alone, alone + 4)]
    assert _nicknamed_people(text, mentions) == mentions


def test_given_name_the_tagger_missed_becomes_a_mention_of_the_person():
    from storyweave.annotate.entities import _untagged_given_names

    text = "Jermaine Tolle, 16, is on trial. Tolle denies it. His lawyer says Jermaine is innocent."
    alone = text.index("Tolle denies")
    mentions = [
        _mention(text, "Jermaine Tolle"),
        EntityMention("Tolle", "PERSON", alone, alone + 5),
    ]
    added = _untagged_given_names(text, mentions)
    assert [(m.text, text[m.start : m.end]) for m in added] == [("Jermaine", "Jermaine")]


def test_given_name_that_is_a_common_word_or_a_town_is_not_added():
    from storyweave.annotate.entities import _untagged_given_names

    # "Will" is also written in lower case; "Palmer" also starts an organisation's name.
    text = (
        "Will Orr and Palmer Reyes spoke. Orr said it will rain. Will it? "
        "Reyes said Palmer Police left. Palmer is calm."
    )

    def at(name, kind="PERSON", after=0):
        start = text.index(name, after)
        return EntityMention(name, kind, start, start + len(name))

    mentions = [
        at("Will Orr"),
        at("Palmer Reyes"),
        at("Orr", after=text.index("spoke")),
        at("Reyes", after=text.index("Will it")),
        at("Palmer Police", "ORG"),
    ]
    assert _untagged_given_names(text, mentions) == []


def test_untagged_repeat_of_a_tagged_name_becomes_a_mention():
    from storyweave.annotate.entities import _untagged_repeats

    text = (
        "She entered Morningside Recovery on Monday. She left Morningside Recovery after an "
        "hour for the Morningside Recovery Center annex."
    )
    mentions = [_mention(text, "Morningside Recovery", "ORG")]
    added = _untagged_repeats(text, mentions)
    # The repeat is found; the longer name ("... Recovery Center") is not cut into it.
    assert [(m.text, m.type, m.start) for m in added] == [
        ("Morningside Recovery", "ORG", text.index("Morningside Recovery after"))
    ]
