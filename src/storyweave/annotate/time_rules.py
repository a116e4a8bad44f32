"""The rule grammar that finds date expressions in text and says what each one means.

A match carries a `Reading`: either an explicit value ("20 January 2025" -> 2025-01-20) or a
resolver that needs the article's anchor date and the tense of the governing verb ("on Friday",
"in November", "three years ago"). This module only reads text; `annotate.times` brings the
parse (tense, spaCy's DATE entities) and the anchor, `annotate.time_resolve` the calendar maths.

Known failure cases: anaphoric expressions ("the same day", "two days later") take the date
mentioned last before them, which is wrong when they point further back; day-first vs
month-first numeric dates ("7/8/07") are read month-first unless the first number exceeds 12;
fiscal years, holidays other than Christmas, New Year, Easter and US Thanksgiving, and clock
times are not read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from storyweave.annotate import time_resolve as cal
from storyweave.annotate.regex_prefilter import compile_prefiltered

# (anchor, direction) -> value. direction: -1 past, +1 future, 0 unknown (see time_resolve).
Resolver = Callable[[dt.date, int], "str | None"]


@dataclass(frozen=True)
class Reading:
    """What an expression means before it meets an anchor.

    `kind` is "date" (a point or period on the calendar), "duration" ("for three years"),
    "set" ("every year") or "reference" ("recently", "today's world"): only dates get values.
    `value` is set for explicit expressions; `resolve` for ones relative to the anchor.
    `weak` matches ("2009" alone, "May" alone, "fall") need support from the parse to count.
    """

    kind: str = "date"
    value: str | None = None
    resolve: Resolver | None = None
    weak: bool = False
    # Anaphoric expressions ("the same day", "two days later") resolve against the last date
    # the article mentioned before them, at the precision `needs` ("day", "month", "year",
    # "any"), not against the publication date.
    refer: Callable[[str], str | None] | None = None
    needs: str = "day"


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    reading: Reading


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100,
    "a couple of": 2, "a few": 3, "several": 3, "a dozen": 12,
}  # fmt: skip
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4}  # fmt: skip

_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_ABBR_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH})"
_WEEKDAY_FULL = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY = rf"(?:{_WEEKDAY_FULL}|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_NUM = (
    r"(?:\d+|a couple of|a few|a dozen|a hundred|several|a|an|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)"
)
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
_EDGE = (
    r"(?:(?P<mod>early|mid|late|earlier|later|the end of|the beginning of|the start of|"
    r"the middle of|the turn of|the rest of|the first half of|the second half of)[\s-]*)?"
)
_WS = r"[ \t\u00a0]+"  # never across a line break: a heading is not part of the next line

# Named days that are not the weekday of any week near the article ("Black Monday").
_NAMED_DAY = re.compile(
    r"(?:Black|Cyber|Super|Good|Ash|Holy|Palm|Easter|Bloody|Maundy|Shrove|Giving|Blue)\s$"
)


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _number(text: str) -> int | None:
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBERS.get(text)


def _explicit(value: str | None) -> Reading | None:
    return Reading(value=value) if value else None


def _relative(resolve: Resolver, weak: bool = False) -> Reading:
    return Reading(resolve=resolve, weak=weak)


# --- builders: one per pattern, each (match) -> Reading | None ------------------------------


def _full_date(m: re.Match[str]) -> Reading | None:
    day = cal.safe_date(int(m["year"]), _month(m["mon"]), _day(m["day"]))
    return _explicit(cal.day_value(day) if day else None)


def _iso_date(m: re.Match[str]) -> Reading | None:
    day = cal.safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    return _explicit(cal.day_value(day) if day else None)


def _numeric_date(m: re.Match[str]) -> Reading | None:
    first, second, year = int(m["a"]), int(m["b"]), int(m["year"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    month, day = (second, first) if first > 12 else (first, second)
    found = cal.safe_date(year, month, day)
    return Reading(value=cal.day_value(found), weak=True) if found else None


def _month_day(m: re.Match[str]) -> Reading | None:
    month, day = _month(m["mon"]), _day(m["day"])
    if cal.safe_date(2000, month, day) is None:  # 2000 is a leap year: Feb 29 stays possible
        return None

    def resolve(anchor: dt.date, direction: int) -> str | None:
        found = cal.nearest_month_day(anchor, month, day, direction)
        return cal.day_value(found) if found else None

    return _relative(resolve)


def _day_range(m: re.Match[str]) -> Reading | None:
    month, first, last = _month(m["mon"]), _day(m["d1"]), _day(m["d2"])
    if not first < last or cal.safe_date(2000, month, last) is None:
        return None
    if m["year"]:
        a, b = (
            cal.safe_date(int(m["year"]), month, first),
            cal.safe_date(int(m["year"]), month, last),
        )
        return _explicit(cal.interval(cal.day_value(a), cal.day_value(b)) if a and b else None)

    def resolve(anchor: dt.date, direction: int) -> str | None:
        a = cal.nearest_month_day(anchor, month, first, direction)
        if a is None:
            return None
        b = cal.safe_date(a.year, month, last)
        return cal.interval(cal.day_value(a), cal.day_value(b)) if b else None

    return _relative(resolve)


def _month_year(m: re.Match[str]) -> Reading | None:
    return _explicit(cal.month_value(int(m["year"]), _month(m["mon"])))


def _month_relative_year(m: re.Match[str]) -> Reading | None:
    month, shift = _month(m["mon"]), {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return _relative(lambda anchor, _: cal.month_value(anchor.year + shift, month))


def _month_alone(m: re.Match[str]) -> Reading | None:
    month = _month(m["mon"])
    mod = (m["mod"] or "").lower()
    forced = -1 if mod in ("last", "past", "this past") else 1 if mod in ("next", "coming") else 0

    def resolve(anchor: dt.date, direction: int) -> str | None:
        if mod == "this":
            return cal.month_value(anchor.year, month)
        use = forced or direction
        year, _ = cal.nearest_month(anchor, month, use)
        # "last November" written in November means the year before, not this month.
        if forced == -1 and year == anchor.year and month == anchor.month:
            year -= 1
        if forced == 1 and year == anchor.year and month == anchor.month:
            year += 1
        return cal.month_value(year, month)

    # "May" alone is far more often the modal verb; "March" the verb or a proper name.
    weak = not mod and m["mon"].lower() in ("may", "march")
    return _relative(resolve, weak=weak)


def _year(m: re.Match[str]) -> Reading | None:
    return Reading(value=cal.year_value(int(m["year"])), weak=not m["mod"])


def _year_range(m: re.Match[str]) -> Reading | None:
    first, second = int(m["y1"]), m["y2"]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if not first < last <= first + 50:
        return None
    return Reading(value=cal.interval(cal.year_value(first), cal.year_value(last)), weak=True)


def _short_year(m: re.Match[str]) -> Reading | None:
    """ "'82": a year written with two digits, read within a century back from 2030."""
    two = int(m["yy"])
    return Reading(value=cal.year_value((2000 if two < 30 else 1900) + two), weak=True)


def _decade(m: re.Match[str]) -> Reading | None:
    digits = m["dec"]
    if len(digits) == 2:
        first = (1900 if int(digits) >= 30 else 2000) + int(digits)
    elif len(digits) == 4:
        first = int(digits)
    else:
        return None
    return Reading(value=cal.decade_interval(first), weak=not m["the"] and not m["apos"])


def _season(m: re.Match[str]) -> Reading | None:
    season = m["season"].lower()
    season = "autumn" if season == "fall" else season
    if m["year"]:
        return _explicit(cal.season_interval(int(m["year"]), season))
    mod = (m["mod"] or "").lower()
    forced = -1 if mod in ("last", "past", "this past") else 1 if mod in ("next", "coming") else 0
    if m["season"].lower() == "fall" and not mod:
        return None  # "the fall of Kabul", "a fall in prices"

    def resolve(anchor: dt.date, direction: int) -> str | None:
        if mod == "this":  # the season under way, else the one the tense points to
            year = cal.season_year(anchor, season, direction)
        else:
            year = cal.season_year(anchor, season, forced or direction)
            if forced:
                current = cal.season_year(anchor, season, -1)
                if year == current and cal.season_year(anchor, season, 1) == current:
                    year += forced  # "last winter" said in January: the one before
        return cal.season_interval(year, season)

    return _relative(resolve, weak=not mod)


def _quarter(m: re.Match[str]) -> Reading | None:
    word = m["ord"].lower()
    quarter = _ORDINALS.get(word) or (4 if word == "final" else 0)
    if m["q"]:
        quarter = int(m["q"])
    if m["year"]:
        return _explicit(cal.quarter_interval(int(m["year"]), quarter))
    rel = (m["rel"] or "").lower()
    if word == "last" and not rel:

        def previous(anchor: dt.date, _: int) -> str | None:
            year, month = cal.shift_month(anchor.year, anchor.month, -3)
            return cal.quarter_interval(year, (month - 1) // 3 + 1)

        return _relative(previous)
    if not quarter:
        return None
    if rel:
        shift = {"last": -1, "next": 1}.get(rel, 0)
        return _relative(lambda a, _: cal.quarter_interval(a.year + shift, quarter))
    return _relative(lambda a, d: cal.quarter_interval(cal.nearest_quarter(a, quarter, d), quarter))


def _quarter_code(m: re.Match[str]) -> Reading | None:
    return _explicit(cal.quarter_interval(int(m["year"]), int(m["q"])))


def _half(m: re.Match[str]) -> Reading | None:
    half = _ORDINALS[m["ord"].lower()]
    if m["year"]:
        return _explicit(cal.half_interval(int(m["year"]), half))
    shift = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return _relative(lambda a, _: cal.half_interval(a.year + shift, half))


def _day_word(m: re.Match[str]) -> Reading | None:
    word = (m["word"] or "").lower()
    if m["before"]:
        offset = -2
    elif m["after"]:
        offset = 2
    else:
        offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(word, 0)
    return _relative(lambda a, _: cal.day_value(a + dt.timedelta(days=offset)))


def _weekday(m: re.Match[str], text: str) -> Reading | None:
    if _NAMED_DAY.search(text[max(0, m.start() - 8) : m.start()]):
        return Reading(kind="reference")
    weekday = _WEEKDAYS[m["wd"].lower().rstrip(".")]
    mod = (m["mod"] or "").lower()

    def resolve(anchor: dt.date, direction: int) -> str | None:
        if mod in ("last", "past", "this past"):
            day = cal.nearest_weekday(anchor - dt.timedelta(days=1), weekday, -1)
        elif mod in ("next", "coming"):
            day = cal.nearest_weekday(anchor + dt.timedelta(days=1), weekday, 1)
        elif mod == "this":
            # "this Friday": the one in the current week, ahead unless the verb is past.
            day = cal.nearest_weekday(anchor, weekday, direction if direction else 1)
        else:
            day = cal.nearest_weekday(anchor, weekday, direction)
        return cal.day_value(day)

    return _relative(resolve)


def _weekend(m: re.Match[str]) -> Reading | None:
    det = m["det"].lower()
    if det == "that":
        return Reading()  # anaphoric: "that weekend" refers to a date given earlier
    forced = -1 if det in ("last", "past", "this past") else 1 if det in ("next", "coming") else 0

    def resolve(anchor: dt.date, direction: int) -> str | None:
        if det == "this":
            return cal.weekend(anchor, direction if direction else 1)
        return cal.weekend(anchor, forced or direction)

    return _relative(resolve)


_UNIT_SHIFT = {
    "this": 0, "current": 0, "the current": 0, "last": -1, "past": -1, "previous": -1,
    "the previous": -1, "next": 1, "coming": 1, "the following": 1, "the coming": 1,
}  # fmt: skip


def _unit_value(anchor: dt.date, unit: str, shift: int) -> str | None:
    if unit == "week":
        return cal.week_value(anchor + dt.timedelta(weeks=shift))
    if unit == "month":
        return cal.month_value(*cal.shift_month(anchor.year, anchor.month, shift))
    if unit == "year":
        return cal.year_value(anchor.year + shift)
    if unit == "quarter":
        year, month = cal.shift_month(anchor.year, anchor.month, 3 * shift)
        return cal.quarter_interval(year, (month - 1) // 3 + 1)
    if unit == "decade":
        return cal.decade_interval(anchor.year // 10 * 10 + 10 * shift)
    return None


def _unit_relative(m: re.Match[str]) -> Reading | None:
    mod = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower()
    if mod in ("the past", "the last", "the next"):
        return Reading(kind="duration")  # "over the past week": a span, not a calendar unit
    if mod in ("the previous", "the following") and unit in ("week", "month", "year"):
        return _shifted(unit, -1 if mod == "the previous" else 1)
    shift = _UNIT_SHIFT[mod]
    return _relative(lambda a, _: _unit_value(a, unit, shift))


def _unit_edge(m: re.Match[str]) -> Reading | None:
    rel = m["rel"].lower()
    shift = {"this": 0, "the": 0, "last": -1, "next": 1}[rel]
    unit = m["unit"].lower()
    return _relative(lambda a, _: _unit_value(a, unit, shift))


_UNIT_DAYS = {"day": 1, "week": 7}


def _ago(m: re.Match[str]) -> Reading | None:
    count = _number(m["num"])
    unit = m["unit"].lower().rstrip("s")
    rel = m["rel"].lower()
    if count is None:
        return None
    if rel in ("before", "after"):
        return Reading()  # "two days before": relative to an event named elsewhere
    if rel in ("earlier", "later"):
        return _shifted(unit, count if rel == "later" else -count)
    sign = 1 if rel in ("from now", "hence") else -1

    def resolve(anchor: dt.date, _: int) -> str | None:
        if unit in _UNIT_DAYS:
            return cal.day_value(anchor + dt.timedelta(days=sign * count * _UNIT_DAYS[unit]))
        if unit == "month":
            return cal.month_value(*cal.shift_month(anchor.year, anchor.month, sign * count))
        if unit == "year":
            return cal.year_value(anchor.year + sign * count)
        if unit == "decade":
            return cal.year_value(anchor.year + sign * 10 * count)
        return None

    return _relative(resolve)


def _shifted(unit: str, count: int) -> Reading | None:
    """An anaphoric reading: the referenced date moved by `count` units."""
    if unit in _UNIT_DAYS:
        days = count * _UNIT_DAYS[unit]
        return Reading(
            refer=lambda v: cal.day_value(dt.date.fromisoformat(v) + dt.timedelta(days=days)),
            needs="day",
        )
    if unit == "month":
        return Reading(
            refer=lambda v: cal.month_value(*cal.shift_month(int(v[:4]), int(v[5:7]), count)),
            needs="month",
        )
    if unit in ("year", "decade"):
        years = count * (10 if unit == "decade" else 1)
        return Reading(refer=lambda v: cal.year_value(int(v[:4]) + years), needs="year")
    return None


def _same_unit(m: re.Match[str]) -> Reading | None:
    """ "the same day", "that week", "the entire year", "the day before", "the following day"."""
    unit = m["unit"].lower()
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    rel = (m["rel"] or "").lower()
    if rel:
        return _shifted(unit, -1 if rel in ("before", "previous", "earlier", "prior") else 1)
    if det == "the" and unit in ("month", "year"):
        return None  # "the year" alone is too often generic ("player of the year")
    if unit == "week":
        return Reading(refer=lambda v: cal.week_value(dt.date.fromisoformat(v)), needs="day")
    return Reading(refer=lambda v: v, needs=unit)


def _same_period_year_before(m: re.Match[str]) -> Reading | None:
    """ "the same period last year", "the same month a year ago": the date the article just
    mentioned, a year back."""
    return Reading(
        refer=lambda v: re.sub(r"\b(\d{4})", lambda y: f"{int(y[1]) - 1:04d}", v), needs="any"
    )


def _span_of_units(m: re.Match[str]) -> Reading | None:
    """ "within 100 days", "the next two weeks", "the past three months", "in two weeks"."""
    count = _number(m["num"])
    unit = m["unit"].lower().rstrip("s")
    lead = re.sub(r"\s+", " ", m["lead"].lower())
    if count is None or unit not in ("day", "week", "month", "year"):
        return None
    if m["of"]:
        return Reading(kind="duration")  # "within 100 days of taking office": not our anchor
    if lead in ("for", "over", "during", "about", "nearly", "almost", "more than", "at least"):
        return Reading(kind="duration")
    sign = -1 if lead.split()[-1] in ("past", "last") else 1

    def end(anchor: dt.date) -> tuple[str, str]:
        if unit in _UNIT_DAYS:
            day = anchor + dt.timedelta(days=sign * count * _UNIT_DAYS[unit])
            return cal.day_value(day), cal.day_value(anchor)
        year, month = cal.shift_month(
            anchor.year, anchor.month, sign * count * (12 if unit == "year" else 1)
        )
        return cal.month_value(year, month), cal.month_value(anchor.year, anchor.month)

    if lead == "in":

        def point(anchor: dt.date, direction: int) -> str | None:
            # "in two weeks" is a date ahead only when the verb is future; else a duration.
            return end(anchor)[0] if direction > 0 else None

        return _relative(point)

    def span(anchor: dt.date, _: int) -> str | None:
        far, here = end(anchor)
        return cal.interval(far, here) if sign < 0 else cal.interval(here, far)

    return _relative(span)


def _duration(m: re.Match[str]) -> Reading | None:
    return Reading(kind="duration")


def _reference(m: re.Match[str]) -> Reading | None:
    return Reading(kind="reference")


def _set(m: re.Match[str]) -> Reading | None:
    return Reading(kind="set")


def _holiday(m: re.Match[str]) -> Reading | None:
    name = re.sub(r"['’]", "'", m["name"].lower())
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31)}  # fmt: skip

    def on(year: int) -> dt.date:
        if name in fixed:
            return dt.date(year, *fixed[name])
        return cal.easter(year) if name.startswith("easter") else cal.thanksgiving(year)

    if m["year"]:
        return _explicit(cal.day_value(on(int(m["year"]))))

    def resolve(anchor: dt.date, direction: int) -> str | None:
        day = on(anchor.year)
        after = day if day >= anchor else on(anchor.year + 1)
        before = day if day <= anchor else on(anchor.year - 1)
        if direction == 0:
            return cal.day_value(after if after - anchor < anchor - before else before)
        return cal.day_value(after if direction > 0 else before)

    return _relative(resolve)


# --- the grammar --------------------------------------------------------------------------

_Builder = Callable[[re.Match[str]], "Reading | None"]
_WD_PREFIX = rf"(?:(?P<wd>{_WEEKDAY}),?{_WS})?"

_RULES: list[tuple[str, _Builder | None]] = [
    (rf"{_WD_PREFIX}(?P<mon>{_MONTH}){_WS}(?P<day>{_DAY}),?{_WS}(?P<year>{_YEAR})\b", _full_date),
    (
        rf"{_WD_PREFIX}(?:the{_WS})?(?P<day>{_DAY})(?:{_WS}of)?{_WS}(?P<mon>{_MONTH}),?{_WS}"
        rf"(?P<year>{_YEAR})\b",
        _full_date,
    ),
    (r"\b(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)\b", _iso_date),
    (r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d{2})\b", _numeric_date),
    (
        rf"(?P<mon>{_MONTH}){_WS}(?P<d1>{_DAY})\s*(?:-|–|to|through)\s*(?P<d2>{_DAY})\b"
        rf"(?:,?{_WS}(?P<year>{_YEAR})\b)?",
        _day_range,
    ),
    (
        rf"\b(?P<d1>{_DAY})\s*(?:-|–|to)\s*(?P<d2>{_DAY}){_WS}(?P<mon>{_MONTH})\b"
        rf"(?:,?{_WS}(?P<year>{_YEAR})\b)?",
        _day_range,
    ),
    (rf"{_WD_PREFIX}(?P<mon>{_MONTH}){_WS}(?P<day>{_DAY})\b(?![,.]?\d)", _month_day),
    (
        rf"{_WD_PREFIX}(?:the{_WS})?\b(?P<day>{_DAY})(?:{_WS}of)?{_WS}(?P<mon>{_MONTH})\b",
        _month_day,
    ),
    (rf"{_EDGE}(?P<mon>{_MONTH}),?{_WS}(?:of{_WS})?(?P<year>{_YEAR})\b", _month_year),
    (
        rf"{_EDGE}(?P<mon>{_FULL_MONTH}){_WS}(?:of{_WS})?(?P<rel>last|this|next){_WS}year\b",
        _month_relative_year,
    ),
    (
        r"(?:(?P<mod>this past|last|next|this|past|coming|early|mid|late|the end of|"
        rf"the beginning of|the start of|the middle of)[\s-]*)?\b(?P<mon>{_FULL_MONTH})\b",
        _month_alone,
    ),
    (
        rf"(?:between{_WS}|from{_WS})?\b(?P<y1>{_YEAR})\s*(?:-|–|to|and|through|until){_WS}?(?P<y2>{_YEAR}|\d\d)\b(?![-–/.,]\d)",
        _year_range,
    ),
    (
        rf"{_EDGE}(?:(?:the{_WS})?(?:fiscal{_WS})?year{_WS})?\b(?P<year>{_YEAR})\b(?![-–/.,]?\d|{_WS}?%)",
        _year,
    ),
    (
        r"(?P<the>the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<apos>['’])?\b(?P<dec>(?:1[6-9]|20)?\d0)s\b",
        _decade,
    ),
    (r"(?<![\w'’])['’](?P<yy>\d\d)\b(?!['’]|\s*%)", _short_year),
    (
        r"(?:(?P<mod>this past|last|next|this|past|coming|early|late|mid|the)[\s-]+)?"
        rf"\b(?P<season>spring|summer|autumn|fall|winter)\b(?:{_WS}(?:of{_WS})?(?P<year>{_YEAR})\b)?",
        _season,
    ),
    (
        r"(?:the\s+)?\b(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+quarter\b"
        rf"(?:{_WS}of{_WS}(?:(?P<year>{_YEAR})\b|(?P<rel>this|last|next|the)(?:{_WS}fiscal)?{_WS}year))?"
        r"(?P<q>)",
        _quarter,
    ),
    (
        rf"\bQ(?P<q>[1-4]){_WS}(?P<year>{_YEAR})\b|\b(?P<year2>{_YEAR}){_WS}Q(?P<q2>[1-4])\b",
        lambda m: _quarter_code_any(m),
    ),
    (
        r"(?:the\s+)?\b(?P<ord>first|second)\s+half\s+of\s+"
        rf"(?:(?P<year>{_YEAR})\b|(?P<rel>this|last|next)\s+year)",
        _half,
    ),
    (
        r"\b(?:(?:earlier|later)\s+)?(?:(?P<word>today|yesterday|tomorrow|tonight)\b"
        + _PART
        + r"|(?P<word2>this)\s+(?:morning|afternoon|evening)\b|(?P<word3>last)\s+night\b"
        r"|the\s+day\s+(?:(?P<before>before\s+yesterday)|(?P<after>after\s+tomorrow)))",
        lambda m: _day_word_any(m),
    ),
    (
        rf"(?:(?P<mod>this past|last|next|this|past|coming){_WS})?\b(?P<wd>{_WEEKDAY_FULL})\b"
        + _PART.replace(r"\s+", _WS),
        None,  # needs the text: see _weekday
    ),
    (r"\b(?P<det>the|this|last|next|past|coming|this past|that)\s+weekend\b", _weekend),
    (
        r"\b(?:(?:earlier|later)\s+)?(?P<rel>this|last|next|past|coming|previous|current|"
        r"the\s+previous|the\s+following|the\s+past|the\s+last|the\s+next|the\s+coming|"
        r"the\s+current)\s+(?P<unit>week|month|year|quarter|decade)\b",
        _unit_relative,
    ),
    (
        r"\b(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|turn)\s+of\s+"
        r"(?P<rel>this|last|next|the)\s+(?P<unit>week|month|year|decade)\b",
        _unit_edge,
    ),
    (
        rf"\b(?P<num>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+"
        r"(?P<rel>ago|earlier|later|before|after|from\s+now|hence)\b(?!\s+than\b)",
        _ago,
    ),
    (
        r"\b(?:(?:the\s+)?(?:start|end|beginning|close|middle|rest)\s+of\s+)?"
        r"(?P<det>the\s+same|that\s+same|that|the\s+entire|the\s+whole|the\s+full|the)\s+"
        r"(?P<unit>day|week|month|year)\b(?:\s+(?P<rel>before|previous|earlier|after|later)\b"
        r"(?![ \t]+[a-z]))?",
        _same_unit,
    ),
    (
        r"\bthe\s+(?P<rel>previous|following|next|prior)\s+(?P<unit>day)\b(?P<det>)",
        _same_unit,
    ),
    (
        r"\bthe\s+same\s+(?:period|month|quarter|week|day|time)\s+(?:of\s+)?(?:last\s+year|"
        r"a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|prior)\s+year|the\s+year\s+before)\b",
        _same_period_year_before,
    ),
    (
        r"\b(?P<lead>within|in|for|over|during|about|nearly|almost|more\s+than|at\s+least|"
        r"(?:in|over|during|for)\s+the\s+(?:next|coming|past|last)|the\s+(?:next|coming|past|last))"
        rf"\s+(?P<num>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?)\b(?P<of>\s+(?:of|after|from)\b)?",
        _span_of_units,
    ),
    (
        rf"\b(?P<num>{_NUM})[\s-]+(?P<unit>(?:day|week|month|year|decade|hour|minute|century)s?)\b"
        r"(?![\s-]+old\b)",
        _duration,
    ),
    (
        r"\b(?:currently|recently|nowadays|these\s+days|in\s+recent\s+(?:days|weeks|months|years)"
        r"|the\s+(?:near\s+|distant\s+)?future|the\s+time\s+being|the\s+long\s+term"
        r"|today['’]s\s+(?:world|society|economy|generation|age))\b",
        _reference,
    ),
    (r"\b(?:every|each)\s+(?:day|week|month|year|quarter|" + _WEEKDAY_FULL + r")\b", _set),
    (
        r"\b(?P<name>Christmas(?:\s+Day|\s+Eve)?|New\s+Year['’]s\s+(?:Day|Eve)|Easter(?:\s+Sunday)?"
        rf"|Thanksgiving(?:\s+Day)?)\b(?:,?{_WS}(?P<year>{_YEAR})\b)?",
        _holiday,
    ),
]


def _quarter_code_any(m: re.Match[str]) -> Reading | None:
    year, quarter = (m["year"], m["q"]) if m["q"] else (m["year2"], m["q2"])
    return _explicit(cal.quarter_interval(int(year), int(quarter)))


def _day_word_any(m: re.Match[str]) -> Reading | None:
    if m["word2"]:
        return _relative(lambda a, _: cal.day_value(a))
    if m["word3"]:
        return _relative(lambda a, _: cal.day_value(a - dt.timedelta(days=1)))
    return _day_word(m)


# Prefiltered: most rules can start almost anywhere, and the engine would try every alternative
# at every position (see regex_prefilter; the matches are the same).
_COMPILED = [(compile_prefiltered(pattern, re.IGNORECASE), build) for pattern, build in _RULES]


def _candidates(text: str) -> Iterator[Match]:
    for pattern, build in _COMPILED:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            if not _names_capitalised(m):
                continue
            reading = _weekday(m, text) if build is None else build(m)
            if reading is not None:
                yield Match(m.start(), m.end(), reading)


def _names_capitalised(m: re.Match[str]) -> bool:
    """Month and weekday names count only when capitalised, as news spells them: "may",
    "march" and "sun" in lower case are words, not dates."""
    for group in ("mon", "wd"):
        try:
            value = m[group]
        except IndexError:
            continue
        if value and not value[0].isupper():
            return False
    return True


def find_expressions(text: str) -> list[Match]:
    """Every date, duration, set and time reference the grammar recognises, longest first
    where matches overlap, in text order."""
    chosen: list[Match] = []
    taken: list[tuple[int, int]] = []
    for match in sorted(_candidates(text), key=lambda c: (-(c.end - c.start), c.start)):
        if any(match.start < end and start < match.end for start, end in taken):
            continue
        chosen.append(match)
        taken.append((match.start, match.end))
    return sorted(chosen, key=lambda c: c.start)
