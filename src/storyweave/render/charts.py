"""Chart geometry for the HTML report, computed here so the template only draws (inline SVG, no
chart library, nothing fetched)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
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
    outside: bool = False  # before or after the story's own period (drawn beyond the breaks)


@dataclass(frozen=True)
class EventBand:
    """One event of the story as a band on the time axis, from its first to its last day."""

    x: float
    width: float
    title: str
    dates: str


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    axis_y: float
    left: float
    right: float
    points: tuple[TimelinePoint, ...]
    ticks: tuple[tuple[float, str], ...]  # calendar ticks on the time axis
    hidden: int  # dates left off the chart (more than fit); the list below has them
    bands: tuple[EventBand, ...] = ()
    breaks: tuple[float, ...] = ()  # x of the axis breaks before/after the story's period


@dataclass(frozen=True)
class ChartConfig:
    width: int = 900
    max_dates: int = 14
    margin: int = 70
    label_chars: int = 38
    # Dates outside the story's period (background: "the 2022 invasion") sit beyond an axis
    # break, this wide, in date order, so the period itself keeps a true scale.
    outside_width: int = 110
    max_outside: int = 4
    max_ticks: int = 8


# Tick steps in days, smallest first; the first that gives at most `max_ticks` ticks is used.
_TICK_STEPS = (1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826)


def timeline_chart(
    entries: Sequence[TimelineEntry],
    events: Sequence[tuple[str, dt.date | None, dt.date | None]] = (),
    config: ChartConfig = ChartConfig(),
) -> TimelineChart | None:
    """Dated events on a real time axis, so the gaps between them show.

    The axis covers the story's own period: its events' first to last day (`events`: title,
    start, end), else the dates its entries resolve to against the articles' publication dates,
    else all of them. Dates before or after that period (background a report recalls) sit
    beyond an axis break on either side, in order but not to scale: a year and a day of one
    story on one linear axis would squash every day into a pixel. Dates with the most entries
    win when there are more than fit; a span ("over the weekend") draws as a bar. None when no
    entry has a placeable date.
    """
    grouped: dict[str, list[str]] = {}
    ranges: dict[str, tuple[dt.date, dt.date]] = {}
    anchored: list[tuple[dt.date, dt.date]] = []
    for entry in entries:
        placed = date_range(entry.date)
        if placed is None:
            continue
        ranges[entry.date] = placed
        grouped.setdefault(entry.date, []).append(entry.text)
        if entry.anchor == "published":
            anchored.append(placed)
    if not grouped:
        return None
    kept = sorted(grouped, key=lambda d: (-len(grouped[d]), ranges[d]))[: config.max_dates]
    ordered = sorted(kept, key=lambda d: (ranges[d][0], ranges[d][1]))
    first, last = _period(events, anchored, [ranges[d] for d in ordered])
    slack = dt.timedelta(days=3)
    inside = [d for d in ordered if ranges[d][0] >= first - slack and ranges[d][1] <= last + slack]
    # Context that does not fit the period ("in 2014", "2025", "within 100 days") goes beyond
    # the breaks: before when it starts earlier, else after.
    before = [d for d in ordered if d not in inside and ranges[d][0] < first]
    after = [d for d in ordered if d not in inside and d not in before]
    # Beyond a break there is room for a few dates: the most mentioned stay.
    for side in (before, after):
        dropped = sorted(side, key=lambda d: (-len(grouped[d]), ranges[d]))[config.max_outside :]
        for value in dropped:
            side.remove(value)
            ordered.remove(value)
    first = min([first] + [ranges[d][0] for d in inside])
    last = max([last] + [ranges[d][1] for d in inside])
    left, right = float(config.margin), float(config.width - config.margin)
    inner_left = left + (config.outside_width if before else 0)
    inner_right = right - (config.outside_width if after else 0)
    span_days = max((last - first).days + 1, 1)

    def x_of(day: dt.date) -> float:
        return inner_left + (inner_right - inner_left) * (day - first).days / span_days

    positions: dict[str, float] = {}
    for side, lo, hi in ((before, left, inner_left - 24), (after, inner_right + 24, right)):
        for i, value in enumerate(side):
            positions[value] = lo + (hi - lo) * (i + 0.5) / len(side)
    for value in ordered:
        if value not in positions:
            start, end = ranges[value]
            positions[value] = (x_of(start) + x_of(end + dt.timedelta(days=1))) / 2
    most = max(len(grouped[d]) for d in ordered)
    axis_y = 90.0
    # A label gets the room to the next labels on its row (two rows alternate above the axis:
    # about 6.5 px a character at 12 px); dates beyond the breaks are read on hover.
    in_order = sorted((d for d in ordered if d in inside), key=lambda d: positions[d])
    room: dict[str, float] = {}
    for i, value in enumerate(in_order):
        near = [positions[in_order[j]] for j in (i - 2, i + 2) if 0 <= j < len(in_order)]
        room[value] = min((abs(positions[value] - x) for x in near), default=right - left)
    row = {value: i % 2 for i, value in enumerate(in_order)}
    points = []
    for i, value in enumerate(ordered):
        start, end = ranges[value]
        events_text = tuple(grouped[value])
        outside = value in before or value in after
        width = 0.0
        if (end - start).days > 0 and not outside:
            width = max(x_of(end + dt.timedelta(days=1)) - x_of(start), 8.0)
        elif (end - start).days > 0:
            width = 16.0
        points.append(
            TimelinePoint(
                x=round(positions[value], 1),
                label_y=axis_y - (18 if row.get(value, i % 2) == 0 else 40),
                width=round(width, 1),
                radius=round(5 + 7 * (len(events_text) / most) ** 0.5, 1),
                date=value,
                tick=short_date(value),
                # Under ~20 characters a label is a stub ("The…"): leave it to the hover.
                label=_label(events_text[0], room.get(value, 0.0), config.label_chars),
                events=events_text,
                count=len(events_text),
                outside=outside,
            )
        )
    bands = tuple(
        EventBand(
            x=round(x_of(start), 1),
            width=round(max(x_of(end + dt.timedelta(days=1)) - x_of(start), 4.0), 1),
            title=title,
            dates=start.isoformat() if start == end else f"{start.isoformat()} – {end}",
        )
        for title, start, end in _dated(events)
    )
    breaks = tuple(
        round(x, 1) for x, side in ((inner_left - 12, before), (inner_right + 12, after)) if side
    )
    return TimelineChart(
        width=config.width,
        height=170,
        axis_y=axis_y,
        left=left,
        right=right,
        points=tuple(points),
        ticks=_ticks(first, last, x_of, config.max_ticks),
        hidden=len(grouped) - len(ordered),
        bands=bands,
        breaks=breaks,
    )


def _dated(
    events: Sequence[tuple[str, dt.date | None, dt.date | None]],
) -> list[tuple[str, dt.date, dt.date]]:
    return [(t, s, e or s) for t, s, e in events if s is not None]


def _period(
    events: Sequence[tuple[str, dt.date | None, dt.date | None]],
    anchored: Sequence[tuple[dt.date, dt.date]],
    placed: Sequence[tuple[dt.date, dt.date]],
) -> tuple[dt.date, dt.date]:
    """The story's own period: its events' days, else the dates resolved against publication
    dates (widened to take them in), else every placed date."""
    dated = _dated(events)
    if dated:
        first, last = min(s for _, s, _ in dated), max(e for _, _, e in dated)
    elif anchored:
        first, last = min(s for s, _ in anchored), max(e for _, e in anchored)
    else:
        first, last = min(s for s, _ in placed), max(e for _, e in placed)
    # Days resolved against the articles' dates ("on Friday") belong in the period too; a
    # long span ("within 100 days") is context, not the story's own time.
    for start, end in anchored:
        near = (first - end).days < 31 and (start - last).days < 31
        if near and (end - start).days <= 14:
            first, last = min(first, start), max(last, end)
    return first, last


def _ticks(
    first: dt.date, last: dt.date, x_of: Callable[[dt.date], float], max_ticks: int
) -> tuple[tuple[float, str], ...]:
    days = (last - first).days + 1
    step = next((s for s in _TICK_STEPS if days / s <= max_ticks), _TICK_STEPS[-1])
    ticks = []
    day = first
    while day <= last + dt.timedelta(days=1):
        label = day.isoformat()[: 7 if step >= 30 else 10]
        ticks.append((round(x_of(day), 1), label))
        day += dt.timedelta(days=step)
    return tuple(ticks)


def _label(text: str, room_px: float, most_chars: int) -> str:
    """The words that fit; under ~20 characters a label is a stub ("The…"): left to the
    hover."""
    chars = min(most_chars, int(room_px / 6.5))
    return _cut(text, chars) if chars >= 20 else ""


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
