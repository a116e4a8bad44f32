import pytest

from storyweave.annotate.attribution import attribution_for, extract_attributions
from storyweave.model import Article
from storyweave.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def attributions(nlp, text):
    return extract_attributions(nlp(text), Article(id="a", text=text))


def indirect(found):
    return [q for q in found if q.kind == "indirect"]


def test_reported_speech_is_an_indirect_attribution_with_its_speaker(nlp):
    text = "Mayor Ilse Varga said on Monday that the bridge would reopen in May."
    (item,) = indirect(attributions(nlp, text))
    assert item.text == "that the bridge would reopen in May"
    assert item.speaker == "Ilse Varga"
    assert text[item.start : item.end] == item.text


def test_pronoun_speaker_resolves_to_the_last_named_person(nlp):
    text = (
        "Transport minister Tomas Brenner visited the site on Tuesday. "
        "He added that the repairs would cost far more than planned."
    )
    (item,) = indirect(attributions(nlp, text))
    assert item.speaker_text == "He"
    assert item.speaker == "Tomas Brenner"


def test_according_to_credits_the_rest_of_the_sentence(nlp):
    text = "According to Anna Kowal, the factory will close next year."
    (item,) = indirect(attributions(nlp, text))
    assert "factory will close next year" in item.text
    assert item.speaker == "Anna Kowal"


def test_a_quotation_is_not_also_reported_as_a_paraphrase(nlp):
    text = "\u201cThe bridge will reopen in May,\u201d Mayor Ilse Varga said."
    found = attributions(nlp, text)
    assert [q.kind for q in found] == ["direct"]
    assert found[0].speaker == "Ilse Varga"


def test_speaker_named_in_the_short_sentence_after_a_question(nlp):
    text = "\u201cWhy was nobody told?\u201d Senator Ruth Adler demanded."
    (quote,) = [q for q in attributions(nlp, text) if q.kind != "indirect"]
    assert quote.speaker == "Ruth Adler"


def test_claims_find_the_attribution_that_holds_their_clause(nlp):
    text = "Mayor Ilse Varga said on Monday that the bridge would reopen in May."
    found = attributions(nlp, text)
    start = text.index("the bridge")
    held = attribution_for(found, start, len(text) - 1)
    assert held is not None and held.speaker == "Ilse Varga"
    assert attribution_for(found, 0, 5) is None


def test_reporting_clause_between_commas_reports_the_whole_sentence(nlp):
    text = "The old bridge, Mayor Ilse Varga said, will reopen to traffic in May."
    (item,) = indirect(attributions(nlp, text))
    assert item.text.startswith("The old bridge") and item.text.endswith("in May")
    assert item.speaker == "Ilse Varga"


def test_what_someone_spoke_about_is_attributed_to_them(nlp):
    text = "Mayor Ilse Varga spoke on Monday about the cost of the new bridge."
    (item,) = indirect(attributions(nlp, text))
    assert item.text == "the cost of the new bridge"
    assert item.speaker == "Ilse Varga"


def test_headline_name_and_colon_attributes_the_line(nlp):
    text = (
        "Anna Kowal: The new bridge will cost twice what the council promised\n"
        "The mayor spoke to reporters at the town hall on Monday."
    )
    found = indirect(attributions(nlp, text))
    line = [q for q in found if q.text.startswith("The new bridge will cost twice what")]
    assert [q.speaker for q in line] == ["Anna Kowal"]


def test_reporting_clause_is_not_the_content_of_the_verb_it_reports(nlp):
    text = "Anna Kowal said she recalled thinking that the bridge would never open."
    found = indirect(attributions(nlp, text))
    assert found and all("Anna Kowal said" not in q.text for q in found)


def test_a_gerund_of_knowing_after_a_preposition_credits_nobody(nlp):
    text = "It is impossible to judge the plan without knowing how the tolls would work."
    found = attributions(nlp, text)
    assert not any(a.speaker_text and "tolls would work" in a.text for a in found)
