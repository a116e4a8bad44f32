"""Calendar arithmetic for resolving date expressions against an anchor date.

Values follow the brief's JSON contract: "YYYY", "YYYY-MM", "YYYY-MM-DD", an ISO week
"YYYY-Www", or an interval "start/end" whose ends use one of those forms.

News conventions (documented here because every resolver below follows them):
- `direction` is -1 when the governing verb is past, +1 when it is future and 0 when the parse
  says neither (present tense, no verb). A bare weekday, month, month-day, season or quarter
  resolves to the most recent one *on or before* the anchor for -1, and to the next one
  *on or after* the anchor for +1. "On Monday" in an article dated Monday is that Monday in
  both tenses (AP style uses the weekday name for the day of publication too).
- With 0, a bare weekday or weekend is still the past one (news mostly reports what happened;
  present-tense headlines are about past events), but a month, month-day, season or quarter is
  the *nearest* one, the past one on a tie: "a June 1 deadline" in late May is ahead,
  "sales in March" in early April behind.
- Weekends are Saturday and Sunday.
- Seasons are meteorological, northern hemisphere: spring March-May, summer June-August,
  autumn September-November, winter December-February (named by the year of its December).
"""

from __future__ import annotations

import datetime as dt

SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}


def day_value(day: dt.date) -> str:
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def year_value(year: int) -> str:
    return f"{year:04d}"


def week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def interval(start: str, end: str) -> str:
    return start if start == end else f"{start}/{end}"


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None for impossible ones (February 30) and years outside 1..9999."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nearest_weekday(anchor: dt.date, weekday: int, direction: int) -> dt.date:
    """The weekday (0 = Monday) on or before the anchor, or on or after it when direction > 0."""
    if direction > 0:
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def nearest_month(anchor: dt.date, month: int, direction: int) -> tuple[int, int]:
    """(year, month) of the named month: the latest one not after the anchor's month (-1), the
    first one not before it (+1), or the closer of those two (0)."""
    after = (anchor.year if month >= anchor.month else anchor.year + 1), month
    before = (anchor.year if month <= anchor.month else anchor.year - 1), month
    if direction == 0:
        ahead = (after[0] - anchor.year) * 12 + month - anchor.month
        behind = (anchor.year - before[0]) * 12 + anchor.month - month
        return after if ahead < behind else before
    return after if direction > 0 else before


def nearest_month_day(anchor: dt.date, month: int, day: int, direction: int) -> dt.date | None:
    """The month-day in the year that puts it on the right side of the anchor (the closer
    side for direction 0)."""
    if direction == 0:
        before = nearest_month_day(anchor, month, day, -1)
        after = nearest_month_day(anchor, month, day, 1)
        if before is None or after is None:
            return before or after
        return after if (after - anchor) < (anchor - before) else before
    this_year = safe_date(anchor.year, month, day)
    if this_year is None:
        # February 29 outside a leap year: try the neighbouring years the direction allows.
        for year in (
            range(anchor.year - 1, anchor.year - 4, -1)
            if direction <= 0
            else range(anchor.year + 1, anchor.year + 4)
        ):
            found = safe_date(year, month, day)
            if found:
                return found
        return None
    if direction > 0:
        return this_year if this_year >= anchor else safe_date(anchor.year + 1, month, day)
    return this_year if this_year <= anchor else safe_date(anchor.year - 1, month, day)


def weekend(anchor: dt.date, direction: int, offset: int = 0) -> str:
    """Saturday/Sunday interval: the latest weekend that has begun by the anchor (direction
    <= 0) or the first one not yet over (direction > 0); `offset` moves it by whole weeks."""
    if direction > 0:
        saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
        if anchor.weekday() == 6:  # on a Sunday the coming weekend is next week's
            saturday = anchor + dt.timedelta(days=6)
    else:
        saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    saturday += dt.timedelta(weeks=offset)
    return interval(day_value(saturday), day_value(saturday + dt.timedelta(days=1)))


def season_interval(year: int, season: str) -> str:
    first = SEASON_MONTHS[season]
    last_year, last_month = shift_month(year, first, 2)
    return interval(month_value(year, first), month_value(last_year, last_month))


def season_year(anchor: dt.date, season: str, direction: int, offset: int = 0) -> int:
    """Year of the season nearest the anchor on the side `direction` asks for."""
    first = SEASON_MONTHS[season]
    # The season containing the anchor (winter is named by its December's year).
    start_year = anchor.year - 1 if season == "winter" and anchor.month < 3 else anchor.year
    start = dt.date(start_year, first, 1)
    end_year, end_month = shift_month(start_year, first, 3)
    end = dt.date(end_year, end_month, 1)
    after = start_year if anchor < end else start_year + 1
    before = start_year if anchor >= start else start_year - 1
    if direction == 0:
        # The season under way, else whichever of the neighbours is closer.
        if before == after:
            year = before
        else:
            ahead = (dt.date(after, first, 1) - anchor).days
            next_year, next_month = shift_month(before, first, 3)
            behind = (anchor - dt.date(next_year, next_month, 1)).days
            year = after if ahead < behind else before
    else:
        year = after if direction > 0 else before
    return year + offset


def quarter_interval(year: int, quarter: int) -> str:
    first = 3 * (quarter - 1) + 1
    return interval(month_value(year, first), month_value(year, first + 2))


def nearest_quarter(anchor: dt.date, quarter: int, direction: int) -> int:
    """Year of the named quarter: the latest one begun by the anchor, or the first one not
    yet over when direction > 0."""
    current = (anchor.month - 1) // 3 + 1
    after = anchor.year if quarter >= current else anchor.year + 1
    before = anchor.year if quarter <= current else anchor.year - 1
    if direction == 0:
        ahead = (after - anchor.year) * 4 + quarter - current
        behind = (anchor.year - before) * 4 + current - quarter
        return after if ahead < behind else before
    return after if direction > 0 else before


def half_interval(year: int, half: int) -> str:
    return interval(month_value(year, 1 + 6 * (half - 1)), month_value(year, 6 + 6 * (half - 1)))


def decade_interval(first_year: int) -> str:
    return interval(year_value(first_year), year_value(first_year + 9))


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def thanksgiving(year: int) -> dt.date:
    """US Thanksgiving: the fourth Thursday of November."""
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def value_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a value covers; None for a value this module does not write."""
    if "/" in value:
        left, _, right = value.partition("/")
        a, b = value_bounds(left), value_bounds(right)
        return (a[0], b[1]) if a and b else None
    try:
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
        if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
            year, month = int(value[:4]), int(value[5:])
            next_year, next_month = shift_month(year, month, 1)
            return dt.date(year, month, 1), dt.date(next_year, next_month, 1) - dt.timedelta(1)
        if len(value) == 8 and value[5] == "W":
            monday = dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return monday, monday + dt.timedelta(days=6)
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return day, day
    except ValueError:
        return None
    return None
