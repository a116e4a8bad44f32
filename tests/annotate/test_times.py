"""Date expressions resolved against their own article's publication date."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from storyweave.annotate.times import extract_times
from storyweave.cli import cli
from storyweave.model import Article, TimeMention
from storyweave.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def times_of(nlp, text: str, published: dt.date | None) -> list[TimeMention]:
    return list(extract_times(nlp(text), Article(id="a", text=text, published=published)))


def value_of(mentions: list[TimeMention], text: str, phrase: str) -> str | None:
    """The value of the mention overlapping `phrase` (which must be found)."""
    start = text.index(phrase)
    end = start + len(phrase)
    hits = [m for m in mentions if m.start < end and start < m.end and m.kind == "date"]
    assert hits, f"no date found in {phrase!r}: {mentions}"
    return hits[0].value


def last_weekday(day: dt.date, weekday: int) -> dt.date:
    """Reference: the weekday on or before `day` (0 = Monday)."""
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


# Modelled on the seed articles' wording (past-tense reporting of the past few days).
REPORT = (
    "On Friday, the president-elect was asked about a possible summit.\n"
    "Yesterday, he said that his team was already negotiating with Moscow.\n"
    "Over the weekend, he suggested that he had spoken to the Russian leader.\n"
    "When questioned on Monday, the spokesman neither confirmed nor denied it.\n"
    "The former president told reporters on Sunday that he had had enough.\n"
    "Since winning the election in November, he has picked several hawks.\n"
)

# Several publication dates, among them each weekday the text names (Friday, Sunday, Monday),
# a Saturday, a date inside November and one early in a year.
PUBLISHED = [
    dt.date(2024, 12, 16),  # Monday
    dt.date(2024, 12, 13),  # Friday
    dt.date(2024, 12, 15),  # Sunday
    dt.date(2024, 12, 14),  # Saturday
    dt.date(2025, 6, 11),  # Wednesday
    dt.date(2024, 11, 20),  # in November itself
    dt.date(2025, 1, 2),
]


@pytest.mark.parametrize("published", PUBLISHED, ids=str)
def test_seed_relative_expressions_resolve_for_any_publication_date(nlp, published):
    mentions = times_of(nlp, REPORT, published)
    saturday = last_weekday(published, 5)
    november_year = published.year if published.month >= 11 else published.year - 1
    expected = {
        "On Friday": last_weekday(published, 4).isoformat(),
        "Yesterday": (published - dt.timedelta(days=1)).isoformat(),
        "Over the weekend": f"{saturday}/{saturday + dt.timedelta(days=1)}",
        "on Monday": last_weekday(published, 0).isoformat(),
        "on Sunday": last_weekday(published, 6).isoformat(),
        "in November": f"{november_year}-11",
    }
    for phrase, value in expected.items():
        assert value_of(mentions, REPORT, phrase) == value, phrase
    assert all(m.anchor == "published" for m in mentions if m.value)


def test_same_weekday_as_publication_is_that_day_in_past_and_future(nlp):
    monday = dt.date(2024, 12, 16)
    past = "The spokesman declined to comment on Monday."
    future = "The two leaders will meet on Monday."
    assert value_of(times_of(nlp, past, monday), past, "Monday") == "2024-12-16"
    assert value_of(times_of(nlp, future, monday), future, "Monday") == "2024-12-16"


@pytest.mark.parametrize(
    ("sentence", "phrase", "value"),
    [
        ("The two leaders will meet on Monday.", "Monday", "2024-12-23"),
        ("The two leaders met on Monday.", "Monday", "2024-12-16"),
        ("Talks are expected to resume in March.", "March", "2025-03"),
        ("Exports fell sharply in March.", "March", "2024-03"),
        ("The vote will take place on January 5.", "January 5", "2025-01-05"),
        ("The border was closed on December 10.", "December 10", "2024-12-10"),
        ("Markets will stay closed until Monday.", "Monday", "2024-12-23"),
    ],
)
def test_tense_of_the_governing_verb_picks_the_direction(nlp, sentence, phrase, value):
    friday = dt.date(2024, 12, 20)
    assert value_of(times_of(nlp, sentence, friday), sentence, phrase) == value


@pytest.mark.parametrize(
    ("sentence", "phrase", "value"),
    [
        ("Russia launched its invasion three years ago.", "three years ago", "2021"),
        ("Earlier this month he named a special envoy.", "Earlier this month", "2024-12"),
        ("The envoy travelled to Kyiv last week.", "last week", "2024-W50"),
        ("The envoy will travel to Kyiv next month.", "next month", "2025-01"),
        (
            "Profits rose in the first quarter of 2009.",
            "the first quarter of 2009",
            "2009-01/2009-03",
        ),
        ("The plan was drafted in the spring of 2023.", "spring of 2023", "2023-03/2023-05"),
        ("Deliveries run between 2014 and 2016.", "2014 and 2016", "2014/2016"),
        ("The summit ran on December 3-5 in Geneva.", "December 3-5", "2024-12-03/2024-12-05"),
        ("He vowed to end the war within 100 days.", "within 100 days", "2024-12-16/2025-03-26"),
        ("The invasion began in February 2022.", "February 2022", "2022-02"),
        ("He takes office on 20 January 2025.", "20 January 2025", "2025-01-20"),
        ("The treaty was signed on Monday, December 9, 2024.", "December 9, 2024", "2024-12-09"),
        ("He spoke to the press this morning.", "this morning", "2024-12-16"),
        ("Prices fell sharply last year.", "last year", "2023"),
        ("He was born in the 1950s.", "the 1950s", "1950/1959"),
    ],
)
def test_expressions_resolve_at_their_own_precision(nlp, sentence, phrase, value):
    monday = dt.date(2024, 12, 16)
    assert value_of(times_of(nlp, sentence, monday), sentence, phrase) == value


def test_explicit_dates_keep_the_explicit_anchor(nlp):
    text = "The invasion began in February 2022."
    (mention,) = times_of(nlp, text, dt.date(2024, 12, 16))
    assert (mention.value, mention.anchor) == ("2022-02", "explicit")


def test_durations_references_and_modal_may_get_no_value(nlp):
    text = "He served for three years. In today's world it may rain, and he may win."
    mentions = times_of(nlp, text, dt.date(2024, 12, 16))
    assert not [m for m in mentions if m.value]
    assert "may" not in [m.expression.lower() for m in mentions]
    kinds = {m.expression: m.kind for m in mentions}
    assert kinds["for three years"] == "duration"
    assert kinds["today's world"] == "reference"


def test_anaphoric_day_takes_the_date_just_mentioned(nlp):
    text = "Stocks fell sharply on Tuesday. By the end of the day the index had lost 3%."
    mentions = times_of(nlp, text, dt.date(2008, 10, 9))  # a Thursday
    assert value_of(mentions, text, "the day") == "2008-10-07"


RELATIVE = "Yesterday the envoy met officials. On Friday he flew home. This year was hard."


def test_undated_article_never_gets_a_date_from_the_clock(nlp):
    mentions = times_of(nlp, RELATIVE, None)
    assert mentions, "the expressions are still found"
    assert all(m.value is None and m.anchor is None for m in mentions)
    today = dt.date.today()
    assert today.isoformat() not in json.dumps([m.to_json() for m in mentions])


def test_undated_article_uses_its_dateline_as_inferred_anchor(nlp):
    text = "March 01, 2008\nYesterday the company said it had won the contract."
    mentions = times_of(nlp, text, None)
    assert value_of(mentions, text, "Yesterday") == "2008-02-29"
    assert [m.anchor for m in mentions if m.expression == "Yesterday"] == ["inferred"]


def test_undated_article_resolves_only_what_its_date_window_fixes(nlp):
    text = (
        "The first round was held on 3 December 2024. "
        "The final count will end on 20 December 2024. "
        "Earlier this month, observers arrived. On Friday, the envoy left."
    )
    mentions = times_of(nlp, text, None)
    # Between December 3 and 20 "earlier this month" is December 2024 whatever the day ...
    assert value_of(mentions, text, "Earlier this month") == "2024-12"
    assert [m.anchor for m in mentions if m.expression == "Earlier this month"] == ["inferred"]
    # ... but which Friday depends on the day, so it stays unresolved.
    assert value_of(mentions, text, "Friday") is None


def test_annotate_command_reads_dates_from_jsonl(tmp_path):
    lines = [
        {"id": "mon", "published": "2024-12-16", "text": "On Friday, the envoy met officials."},
        {"id": "fri", "published": "2024-12-20", "text": "On Friday, the envoy met officials."},
        {"id": "none", "text": "On Friday, the envoy met officials in Geneva again."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    result = CliRunner().invoke(cli, ["annotate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    articles = {a["id"]: a for a in json.loads(result.stdout)["articles"]}
    values = {
        k: [(t["expression"], t["value"], t["anchor"]) for t in a["times"]]
        for k, a in articles.items()
    }
    assert values["mon"] == [("Friday", "2024-12-13", "published")]
    assert values["fri"] == [("Friday", "2024-12-20", "published")]
    assert values["none"] == [("Friday", None, None)]
