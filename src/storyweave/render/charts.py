"""Chart geometry for the HTML report, computed here so the template only draws (inline SVG, no
chart library, nothing fetched)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyweave.model import TimelineEntry

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def date_range(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a timeline date covers: "2026-03", "2026-W11", "2026-03-14/2026-03-15".
    None for what the calendar cannot place."""
    if "/" in value:
        first, _, last = value.partition("/")
        start, end = date_range(first), date_range(last)
        return (start[0], end[1]) if start and end else None
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _MONTH.match(value):
            first_day = dt.date(int(m[1]), int(m[2]), 1)
            next_month = (first_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return first_day, next_month - dt.timedelta(days=1)
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class TimelinePoint:
    x: float
    label_y: float  # where the event label sits (alternating rows above the axis)
    width: float  # 0 for a single day; > 0 draws a bar for a span
    radius: float
    date: str
    tick: str  # the date as the axis shows it (`short_date`)
    label: str  # the first event's words, cut short
    events: tuple[str, ...]  # every event on that date (the hover text)
    count: int


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    axis_y: float
    left: float
    right: float
    points: tuple[TimelinePoint, ...]
    ticks: tuple[tuple[float, str], ...]
    hidden: int  # dates left off the chart (more than fit); the list below has them


@dataclass(frozen=True)
class ChartConfig:
    width: int = 900
    max_dates: int = 14
    margin: int = 70
    label_chars: int = 38


def timeline_chart(
    entries: Sequence[TimelineEntry], config: ChartConfig = ChartConfig()
) -> TimelineChart | None:
    """One point per distinct date on an ordinal axis (equal spacing, calendar order): a year and
    a day of one story on a linear axis would squash every day into one pixel.

    Dates with the most entries win when there are more than fit; a span ("over the weekend")
    draws as a bar across its ordinal position. None when no entry has a placeable date.
    """
    grouped: dict[str, list[str]] = {}
    ranges: dict[str, tuple[dt.date, dt.date]] = {}
    for entry in entries:
        value = entry.date
        placed = date_range(value)
        if placed is None:
            continue
        ranges[value] = placed
        grouped.setdefault(value, []).append(entry.text)
    if not grouped:
        return None
    kept = sorted(grouped, key=lambda d: (-len(grouped[d]), ranges[d]))[: config.max_dates]
    ordered = sorted(kept, key=lambda d: (ranges[d][0], ranges[d][1]))
    left, right = float(config.margin), float(config.width - config.margin)
    step = (right - left) / max(len(ordered) - 1, 1)
    most = max(len(grouped[d]) for d in ordered)
    axis_y = 90.0
    # Event labels get the room between points (about 6.5 px a character at 12 px), on two
    # alternating rows above the axis; the hover text and the list below carry the full words.
    label_chars = min(config.label_chars, int(2 * step / 6.5) if len(ordered) > 1 else 80)
    points = []
    for i, value in enumerate(ordered):
        x = left + i * step if len(ordered) > 1 else (left + right) / 2
        events = tuple(grouped[value])
        span_days = (ranges[value][1] - ranges[value][0]).days
        points.append(
            TimelinePoint(
                x=round(x, 1),
                label_y=axis_y - (18 if i % 2 == 0 else 40),
                width=round(min(step * 0.6, 40.0), 1) if span_days > 0 else 0.0,
                radius=round(5 + 7 * (len(events) / most) ** 0.5, 1),
                date=value,
                tick=short_date(value),
                # Under ~20 characters a label is a stub ("The…"): leave it to the hover.
                label=_cut(events[0], label_chars) if label_chars >= 20 else "",
                events=events,
                count=len(events),
            )
        )
    ticks = tuple((p.x, p.tick) for p in points)
    return TimelineChart(
        width=config.width,
        height=170,
        axis_y=axis_y,
        left=left,
        right=right,
        points=tuple(points),
        ticks=ticks,
        hidden=len(grouped) - len(ordered),
    )


def short_date(value: str) -> str:
    """A span's end without what it shares with its start ("2026-03-14/2026-03-15" ->
    "2026-03-14–15"): rotated axis labels run into each other past ~12 characters."""
    start, sep, end = value.partition("/")
    if not sep or len(start) != len(end):
        return value
    parts_start, parts_end = start.split("-"), end.split("-")
    same = 0
    while same < len(parts_end) - 1 and parts_start[same] == parts_end[same]:
        same += 1
    return f"{start}\u2013{'-'.join(parts_end[same:])}"


def _cut(text: str, chars: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1].rsplit(" ", 1)[0] + "…"
