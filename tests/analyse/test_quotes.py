from storyweave.analyse.entities import merge_entities
from storyweave.analyse.quotes import fold_quote, merge_quotes
from storyweave.model import AnnotatedArticle, Article, EntityMention, Quote


def article(id_, quotes, entities=(), text="x"):
    return AnnotatedArticle(
        article=Article(id=id_, text=text), entities=tuple(entities), quotes=tuple(quotes)
    )


def quote(text, speaker="Lena Moor", speaker_text="Moor"):
    return Quote(
        text=text,
        start=0,
        end=len(text),
        speaker=speaker,
        speaker_text=speaker_text,
        speaker_type="person" if speaker else None,
    )


def test_same_quote_in_two_outlets_is_one_with_also_in():
    story = [
        article("a", [quote("We will rebuild the bridge by May.")]),
        article("b", [quote("\u201cWe will rebuild the bridge by May\u201d")]),
    ]
    (merged,) = merge_quotes(story, [])
    assert merged.article == "a" and merged.also_in == ("b",)
    assert merged.misquoted is False


def test_excerpt_with_elision_is_the_same_quote_not_a_misquote():
    story = [
        article(
            "a", [quote("The bridge will open in May. We have the money, and we have the crews.")]
        ),
        article("b", [quote("The bridge will open in May\u2026 we have the crews.")]),
        article("c", [quote("open in May")]),
    ]
    (merged,) = merge_quotes(story, [])
    assert merged.also_in == ("b", "c")
    assert merged.misquoted is False


def test_changed_words_are_flagged_with_both_versions():
    story = [
        article("a", [quote("We will never accept these conditions from the council.")]),
        article("b", [quote("We will not accept these conditions from the council.")]),
    ]
    (merged,) = merge_quotes(story, [])
    assert merged.misquoted is True
    assert {v.article for v in merged.variants} == {"a", "b"}


def test_different_quotes_stay_apart_and_fragments_do_not_chain_them():
    story = [
        article("a", [quote("He wants to meet. We have to end that war.")]),
        article("b", [quote("wants to meet")]),
        article("c", [quote("He wants to meet and we are setting it up.")]),
    ]
    assert len(merge_quotes(story, [])) == 2


def test_speaker_named_as_the_story_entity_and_role_resolved_across_articles():
    text_a = "Kremlin spokesman Dmitri Orlov spoke."
    a = article(
        "a",
        [quote("No conditions are required.", "Orlov", "Orlov")],
        [EntityMention("Dmitri Orlov", "PERSON", 18, 30)],
        text_a,
    )
    b = article("b", [quote("There is nothing to add.", None, "the Kremlin spokesman")])
    story = [a, b]
    entities = merge_entities(story)
    speakers = [q.speaker for q in merge_quotes(story, entities)]
    assert speakers == ["Dmitri Orlov", "Dmitri Orlov"]


def test_group_speaker_stays_null():
    story = [
        article(
            "a", [Quote("clear the valley", 0, 16, "defence officials", None, speaker_type="group")]
        )
    ]
    (merged,) = merge_quotes(story, [])
    assert merged.speaker is None and merged.speaker_type == "group"


def test_folding_ignores_punctuation_case_and_apostrophe_style():
    assert fold_quote("We\u2019re READY, yes!") == fold_quote("we're ready yes")
