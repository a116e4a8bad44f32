"""Claim units from the parse: attribution, splitting, polarity, numbers, titles, skipped text."""

import pytest

from storyweave.annotate.claims import extract_claims
from storyweave.model import ClaimUnit
from storyweave.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def units(nlp, text):
    return extract_claims(nlp(text))


def test_attributed_claim_keeps_its_speaker_and_is_not_the_outlets_own(nlp):
    (unit,) = units(nlp, "Mayor Ilse Brandt said the bridge will reopen on Monday.")
    assert unit.speaker == "Mayor Ilse Brandt"
    assert unit.cue == "say"
    assert "the bridge will reopen on Monday" in unit.text


def test_unattributed_claim_has_no_speaker(nlp):
    (unit,) = units(nlp, "The bridge reopened on Monday after three weeks of repairs.")
    assert unit.speaker is None


def test_coordinated_clauses_with_their_own_subjects_are_split(nlp):
    found = units(
        nlp, "The council approved the budget on Tuesday, and the mayor signed it a day later."
    )
    assert len(found) == 2
    assert {u.predicate for u in found} == {"approve", "sign"}


def test_negation_and_neither_nor_are_polarity(nlp):
    (denied,) = units(
        nlp, "The ministry neither confirmed nor denied that the talks would go ahead."
    )
    assert denied.negated and denied.predicate == "confirm"
    (plain,) = units(nlp, "The company did not resume production at the plant this week.")
    assert plain.negated


def test_counts_are_numbers_with_what_they_count(nlp):
    (unit,) = units(nlp, "Fourteen people were injured when the roof of the station collapsed.")
    assert (14.0, "people", "injure", False) in unit.numbers
    (bound,) = units(nlp, "At least 30 people were evacuated from the flooded streets yesterday.")
    assert all(approx for *_, approx in bound.numbers)


def test_titles_of_people_are_recorded(nlp):
    found = units(nlp, "Former Prime Minister Ada Venn said she would attend the summit.")
    assert ("Ada Venn", "former minister") in [r for u in found for r in u.roles]


def test_questions_headings_and_bios_are_skipped(nlp):
    text = (
        "Will the strike end soon?\n"
        "Talks Resume at City Hall\n"
        "Jana Holt is the opinion editor of the Daily Ledger.\n"
        "The strike entered its third day on Sunday.\n"
    )
    found = units(nlp, text)
    assert [u.predicate for u in found] == ["enter"]


def test_offsets_point_into_the_text_and_units_round_trip(nlp):
    text = "Intro line here.\nThe port authority said the cranes would be inspected within 30 days."
    for unit in units(nlp, text):
        assert text[unit.sentence_start : unit.sentence_end].startswith("The port authority")
        assert text[unit.start : unit.end] in unit.text or unit.text in text
        assert ClaimUnit.from_json(unit.to_json()) == unit


def test_empty_text_has_no_claims(nlp):
    assert units(nlp, "") == ()


def test_she_goes_to_the_person_named_just_before_even_when_the_tagger_says_org(nlp):
    # The small model tags "Vesna Holt" ORG here; "union boss" before it says person.
    text = (
        "Labour Minister Carla Ostend had promised an inquiry on Friday. That was not enough "
        "for union boss Vesna Holt. She is demanding that engineers chosen by the union "
        "inspect every crane."
    )
    assert [e.label_ for e in nlp(text).ents if e.text == "Vesna Holt"] == ["ORG"]
    demanding = next(u for u in units(nlp, text) if "demand" in u.predicates)
    assert demanding.subject_ref == "Vesna Holt"


def test_a_bracket_parsed_as_the_subject_does_not_lose_the_article(nlp):
    # From a real celebrity-news page: the parser makes "]" the subject of "comes"; this
    # raised IndexError and the whole article was skipped from every brief.
    found = units(
        nlp,
        "The singer answered her critics on Friday. "
        "\u201cI like to move, and [weight loss] comes with it.\u201d\n",
    )
    assert any("answered her critics" in u.text for u in found)
    assert all(u.subject.strip("[]\u201c\u201d ") or not u.subject for u in found)
