"""A story's timeline: its dated events, merged across outlets and put in calendar order.

Each entry is the clause (or sentence) a resolved date expression belongs to, cited by offsets
into its article's cleaned text, with the anchor its date rests on. Two outlets reporting the
same event on the same date become one entry that cites both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyweave.annotate.time_resolve import value_bounds
from storyweave.model import AnnotatedArticle, TimelineEntry, TimelineMention, TimeMention

_WORD = re.compile(r"[^\W\d_]{3,}")
# Function words and the calendar's own words: two clauses do not report the same event
# because both say "on Friday".
_STOP_WORDS = """
the and for that with from this was were has have had are his her its their they them not
but who which what when where will would said says also been being into over about after
before than then there more most some such only other while since until during monday
tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december today yesterday tomorrow week weekend
month year years days day last next earlier later ago
"""
_STOP = frozenset(_STOP_WORDS.split())
# An anchor the reader can trust more is shown first when entries merge.
_ANCHOR_RANK = {"explicit": 0, "published": 1, "inferred": 2}


@dataclass(frozen=True)
class TimelineConfig:
    # Share of the shorter clause's content words the other must hold to be the same event.
    min_overlap: float = 0.4
    # Clauses longer than this are cut at a word boundary (the offsets keep the full span).
    max_text_chars: int = 400


@dataclass(frozen=True)
class _Entry:
    article: str
    mention: TimeMention
    text: str
    words: frozenset[str]
    bounds: tuple[dt.date, dt.date]
    order: int


def build_timeline(
    members: Sequence[AnnotatedArticle], config: TimelineConfig = TimelineConfig()
) -> list[TimelineEntry]:
    """Dated events of a story in calendar order, one entry per event.

    Kept: date expressions with a resolved value. Left out: durations ("for three years"),
    sets, references ("recently", "today's world"), unresolved dates, and lines that are only
    a date (datelines). Entries of different articles with the same date merge when their
    clauses share enough content words (`min_overlap`, overlap coefficient on word stems).

    Known failure cases: a sentence with two dates gives two entries with the same text when
    the parse cannot separate their clauses; the same event dated at different precisions
    ("in November" and "on November 5") stays two entries.
    """
    entries = _entries(members, config)
    groups: list[list[_Entry]] = []
    for entry in sorted(entries, key=_preference):
        for group in groups:
            head = group[0]
            if head.mention.value == entry.mention.value and _same_event(head, entry, config):
                if all(e.article != entry.article for e in group):
                    group.append(entry)
                break
        else:
            groups.append([entry])
    groups.sort(key=lambda g: (g[0].bounds[0], g[0].bounds[1], g[0].order))
    return [_render(group) for group in groups]


def _entries(members: Sequence[AnnotatedArticle], config: TimelineConfig) -> list[_Entry]:
    entries = []
    seen: set[tuple[str, int, int, str]] = set()
    order = 0
    for member in members:
        text = member.article.text
        for mention in member.times:
            if mention.kind != "date" or not mention.value:
                continue
            bounds = value_bounds(mention.value)
            start, end = mention.clause_start, mention.clause_end
            if bounds is None or end <= start:
                continue
            clause = text[start:end]
            if len(_WORD.findall(clause)) <= len(_WORD.findall(mention.expression)) + 1:
                continue  # a dateline or a heading that is only a date
            key = (member.id, start, end, mention.value)
            if key in seen:
                continue
            seen.add(key)
            entries.append(
                _Entry(
                    member.id,
                    mention,
                    _shorten(clause, config.max_text_chars),
                    _stems(clause),
                    bounds,
                    order,
                )  # fmt: skip
            )
            order += 1
    return entries


def _preference(entry: _Entry) -> tuple[int, int]:
    return _ANCHOR_RANK.get(entry.mention.anchor or "", 3), entry.order


def _same_event(a: _Entry, b: _Entry, config: TimelineConfig) -> bool:
    if a.article == b.article:
        return a.mention.clause_start == b.mention.clause_start
    smaller = min(len(a.words), len(b.words))
    return smaller > 0 and len(a.words & b.words) / smaller >= config.min_overlap


def _stems(text: str) -> frozenset[str]:
    """Content words cut to five letters: a crude stem that lets "meeting" meet "meet"."""
    words = (w.lower() for w in _WORD.findall(text))
    return frozenset(w[:5] for w in words if w not in _STOP)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _render(group: list[_Entry]) -> TimelineEntry:
    head = group[0]
    mention = head.mention
    assert mention.value is not None  # entries are made of resolved dates only
    return TimelineEntry(
        date=mention.value,
        text=head.text,
        expression=mention.expression,
        anchor=mention.anchor,
        article=head.article,
        start=mention.clause_start,
        end=mention.clause_end,
        expression_start=mention.start,
        expression_end=mention.end,
        also_in=tuple(
            TimelineMention(
                article=e.article,
                start=e.mention.clause_start,
                end=e.mention.clause_end,
                text=e.text,
                expression=e.mention.expression,
                anchor=e.mention.anchor,
            )
            for e in group[1:]
        ),
    )
