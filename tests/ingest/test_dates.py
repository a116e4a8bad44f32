"""Publication dates in the spellings inputs use; unreadable ones are None."""

import datetime as dt
import time

import pytest

from storyweave.ingest.dates import parse_published

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
