"""Publication dates from the many spellings inputs use, because every relative date in an
article ("yesterday", "on Friday") is resolved against this one value.

A date that cannot be read is None: never today's date and never a file time, since a wrong
anchor silently misplaces every event in the timeline. `read_published` also says why a value
was not read, so the reader can tell the user instead of dropping the value without a word.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
# No date spelling is longer; a longer value is a text put in the wrong field, and the
# fallback parser's cost grows with the length of what it is given.
_MAX_DATE_CHARS = 100
# Unix time: 9 or 10 digits are seconds (1973-2286), 12 or 13 are milliseconds, optionally with
# a fraction. Eight digits are a compact ISO date (20191118) and are read as that.
_EPOCH = re.compile(r"^\s*(?P<digits>\d{9,10}|\d{12,13})(?:\.\d+)?\s*$")
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class DateReading:
    """A `published` value as read: the date, or None and the reason (for a note to the user;
    None when there was no value at all)."""

    date: dt.date | None
    problem: str | None = None


def read_published(value: object) -> DateReading:
    """`parse_published`, plus why a value that was given could not be used.

    The problem is a phrase for a note: "'Friday' is not a date with a day, month and year".
    """
    if value is None or value == "":
        return DateReading(None)
    shown = _shown(value)
    if isinstance(value, bool) or not isinstance(
        value, str | int | float | dt.date | time.struct_time
    ):
        return DateReading(None, f"{shown} is {_kind(value)}, not a date")
    if isinstance(value, str) and len(value) > _MAX_DATE_CHARS:
        return DateReading(None, f"{shown} is {len(value):,} characters long, not a date")
    date = parse_published(value)
    if date is not None:
        return DateReading(date)
    raw = _date_from(value)
    if raw is not None:  # read, but outside the plausible window
        return DateReading(None, f"{shown} is outside the years {_MIN_YEAR}-{_MAX_YEAR}")
    if isinstance(value, str) and _ambiguous(value.strip()):
        return DateReading(None, f"{shown} is ambiguous (day or month first)")
    return DateReading(None, f"{shown} is not a date with a day, month and year")


def parse_published(value: object) -> dt.date | None:
    """The calendar date in `value`, or None when there is none that can be trusted.

    Accepts date/datetime objects, `time.struct_time`, ISO 8601 dates and timestamps
    ("2024-03-05", "2024-03-05T10:00:00+01:00"), RFC 2822 ("Tue, 05 Mar 2024 10:00:00 GMT",
    as in RSS), "March 5, 2024", "5 March 2024", "2024/03/05" and day/month/year numbers.

    A timestamp keeps its own local date: "2024-03-05T23:30:00-05:00" is March 5, not the UTC
    day after, because that is the date the outlet printed.

    Known failure cases: "03/05/2024" is ambiguous (US month first, elsewhere day first) and
    gives None unless one number is above 12 (dotted "05.03.2024" is read day first);
    two-digit years are not read in all-numeric dates.

    Unix times (seconds or milliseconds since 1970, as a number or a string of 9-10 or 12-13
    digits) are read as UTC dates. Any other spelling with a month or weekday name, in any
    language dateparser knows ("18-Nov-2019", "18 novembre 2019"), goes to dateparser, told
    to read absolute dates only: "yesterday", "2 days ago" and a bare "Friday" depend on the
    day they are read, so they are never a publication date.
    """
    found = _date_from(value)
    return found if found is not None and _MIN_YEAR <= found.year <= _MAX_YEAR else None


def _date_from(value: object) -> dt.date | None:
    """The calendar date in `value`, in or out of the plausible window; None if there is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):
        return _make(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, int | float):
        return _parse_epoch(repr(value)) if value == value else None  # NaN is no time
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > _MAX_DATE_CHARS:
        return None
    for parse in (_parse_epoch, _parse_iso, _parse_rfc2822, _parse_words, _parse_numeric):
        found = parse(text)
        if found is not None:
            return found
    if _HAS_LETTER.search(text):
        # Only spellings with words go to dateparser: all-numeric ones are decided above, where
        # an ambiguous "03/05/2024" stays unread instead of being guessed month first.
        return _parse_with_dateparser(text)
    return None


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_epoch(text: str) -> dt.date | None:
    match = _EPOCH.match(text)
    if not match:
        return None
    digits = match["digits"]
    seconds = int(digits) / (1000 if len(digits) > 10 else 1)
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()


def _ambiguous(text: str) -> bool:
    match = _NUMERIC_DMY.fullmatch(text)
    return bool(match and match["sep"] == "/" and int(match["a"]) <= 12 and int(match["b"]) <= 12)


# Fixed settings: absolute dates only, all of day, month and year required, a fixed base so
# no default is ever taken from the clock, and times kept in their own zone (the outlet's
# date, as for ISO timestamps above).
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PARSERS": ["absolute-time"],
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RELATIVE_BASE": dt.datetime(2000, 1, 1),
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "DMY",
}


@lru_cache(maxsize=4096)  # a dump repeats one spelling on every row; dateparser is slow
def _parse_with_dateparser(text: str) -> dt.date | None:
    import dateparser  # imported on first use: it loads its language data, about a second

    try:
        found = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    except Exception:  # noqa: BLE001 - a lenient third-party parser fed untrusted text
        return None  # it raises on some impossible dates instead of returning None
    return found.date() if found else None


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = repr(text[:40] + ("..." if len(text) > 40 else ""))
    return text


def _kind(value: object) -> str:
    return {bool: "a boolean", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _parse_iso(text: str) -> dt.date | None:
    match = _ISO.match(text) or _ISO_COMPACT.match(text)
    if not match:
        return None
    return _make(int(match["year"]), int(match["month"]), int(match["day"]))


def _parse_rfc2822(text: str) -> dt.date | None:
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed.date() if parsed else None


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
