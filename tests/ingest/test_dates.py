"""Publication dates in the spellings inputs use; unreadable ones are None."""

import datetime as dt
import time

import pytest

from storyweave.ingest.dates import parse_published, read_published

D = dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-05",
        "2024-03-05T10:00:00Z",
        "2024-03-05T23:30:00-05:00",  # the outlet's own date, not the UTC day after
        "2024-03-05 10:00",
        "20240305",
        "Tue, 05 Mar 2024 23:30:00 -0500",
        "March 5, 2024",
        "Tuesday, March 5th, 2024 10:30 AM",
        "Mar. 5 2024",
        "5 March 2024",
        "5th of March, 2024",
        "2024/03/05",
        "05.03.2024",
        dt.datetime(2024, 3, 5, 12, 0),
        D,
        time.struct_time((2024, 3, 5, 0, 0, 0, 1, 65, 0)),
    ],
)
def test_readable_dates(value):
    assert parse_published(value) == D


def test_day_first_and_month_first_when_unambiguous():
    assert parse_published("25/03/2024") == dt.date(2024, 3, 25)
    assert parse_published("03/25/2024") == dt.date(2024, 3, 25)
    assert parse_published("04/04/2024") == dt.date(2024, 4, 4)


@pytest.mark.parametrize(
    "value", [None, "", "yesterday", "03/05/2024", "2024-02-30", "0001-01-01", "n/a", 17, True]
)
def test_unreadable_or_ambiguous_dates_are_none(value):
    assert parse_published(value) is None


NOV_18 = dt.date(2019, 11, 18)


@pytest.mark.parametrize(
    "value",
    [
        "18-Nov-2019",
        "18 novembre 2019",
        "18. November 2019",
        "18 de noviembre de 2019",
        "2019年11月18日",
        "Monday, 18 November 2019, 10:30",
        1574035200,  # Unix seconds (2019-11-18T00:00:00Z)
        "1574035200",
        1574035200.5,
        1574035200000,  # milliseconds
        "1574035200000",
    ],
)
def test_spellings_with_words_and_unix_times(value):
    assert parse_published(value) == NOV_18


@pytest.mark.parametrize(
    "value", ["Friday", "next Friday", "2 days ago", "today", "Nov 2019", "18 Nov", "2019", 2019]
)
def test_relative_and_partial_dates_are_never_publication_dates(value):
    reading = read_published(value)
    assert reading.date is None
    assert reading.problem.endswith("is not a date with a day, month and year")


def test_dateparser_does_not_guess_ambiguous_numbers():
    assert read_published("03/05/2024").problem == "'03/05/2024' is ambiguous (day or month first)"


def test_no_value_is_no_problem():
    assert read_published(None).problem is None
    assert read_published("").problem is None
