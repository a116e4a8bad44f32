"""Publication dates from the many spellings inputs use, because every relative date in an
article ("yesterday", "on Friday") is resolved against this one value.

A date that cannot be read is None: never today's date and never a file time, since a wrong
anchor silently misplaces every event in the timeline.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

_ISO = re.compile(r"^\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d])")
_ISO_COMPACT = re.compile(r"^\s*(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:T|\s*$)")
_YMD_SLASH = re.compile(r"\b(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})\b")
_NUMERIC_DMY = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)

# Dates outside this window are typos or placeholders (0001-01-01, 9999-12-31), not news.
_MIN_YEAR, _MAX_YEAR = 1800, 2200


def parse_published(value: object) -> dt.date | None:
    """The calendar date in `value`, or None when there is none that can be trusted.

    Accepts date/datetime objects, `time.struct_time`, ISO 8601 dates and timestamps
    ("2024-03-05", "2024-03-05T10:00:00+01:00"), RFC 2822 ("Tue, 05 Mar 2024 10:00:00 GMT",
    as in RSS), "March 5, 2024", "5 March 2024", "2024/03/05" and day/month/year numbers.

    A timestamp keeps its own local date: "2024-03-05T23:30:00-05:00" is March 5, not the UTC
    day after, because that is the date the outlet printed.

    Known failure cases: "03/05/2024" is ambiguous (US month first, elsewhere day first) and
    gives None unless one number is above 12 (dotted "05.03.2024" is read day first);
    two-digit years are not read.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return _checked(value.date())
    if isinstance(value, dt.date):
        return _checked(value)
    if isinstance(value, time.struct_time):
        return _make(value.tm_year, value.tm_mon, value.tm_mday)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    for parse in (_parse_iso, _parse_rfc2822, _parse_words, _parse_numeric):
        found = parse(text)
        if found is not None:
            return found
    return None


def _checked(date: dt.date) -> dt.date | None:
    return date if _MIN_YEAR <= date.year <= _MAX_YEAR else None


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return _checked(dt.date(year, month, day))
    except ValueError:
        return None


def _parse_iso(text: str) -> dt.date | None:
    match = _ISO.match(text) or _ISO_COMPACT.match(text)
    if not match:
        return None
    return _make(int(match["year"]), int(match["month"]), int(match["day"]))


def _parse_rfc2822(text: str) -> dt.date | None:
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _checked(parsed.date()) if parsed else None


def _parse_words(text: str) -> dt.date | None:
    match = _MONTH_DAY_YEAR.search(text) or _DAY_MONTH_YEAR.search(text)
    if not match:
        return None
    month = _MONTHS[match["month"].lower()]
    return _make(int(match["year"]), month, int(match["day"]))


def _parse_numeric(text: str) -> dt.date | None:
    match = _YMD_SLASH.search(text)
    if match:
        return _make(int(match["year"]), int(match["month"]), int(match["day"]))
    match = _NUMERIC_DMY.search(text)
    if not match:
        return None
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    if a == b or match["sep"] == ".":
        # "05.03.2024" is written day first wherever dots are used.
        return _make(year, b, a)
    if a > 12 >= b:
        return _make(year, b, a)
    if b > 12 >= a:
        return _make(year, a, b)
    # Both readings are possible; guessing would silently shift the timeline by months.
    return None
