"""The standalone HTML report: one file, CSS, JS and SVG inline, nothing fetched, opens offline.

This module turns briefs into plain view values (resolved citations, chart geometry, the
coverage matrix); the Jinja2 template in render/templates/ only lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from storyweave.model import (
    CORROBORATED,
    DISPUTED,
    Brief,
    Changes,
    DisputeSide,
    EventBrief,
    TimelineEntry,
    format_date,
)
from storyweave.render.charts import TimelineChart, timeline_chart
from storyweave.render.citations import (
    Cited,
    outlet,
    outlets_of,
    resolve,
    resolve_all,
    shorten,
    unknown_phrases,
)
from storyweave.render.safety import link_target

# The matrix shows the claims a reader compares outlets on; the JSON keeps every one.
MAX_MATRIX_CLAIMS = 16
MAX_ENTITIES_SHOWN = 20


@dataclass(frozen=True)
class HtmlConfig:
    title: str = "storyweave brief"
    max_matrix_claims: int = MAX_MATRIX_CLAIMS


@dataclass(frozen=True)
class SummarySentence:
    text: str
    status: str | None
    citations: tuple[Cited, ...]


@dataclass(frozen=True)
class MatrixColumn:
    label: str  # "C1"
    claim: str  # the claim's words
    status: str


@dataclass(frozen=True)
class MatrixRow:
    outlet: str
    articles: int
    cells: tuple[str, ...]  # "covered" | "missing" per column


@dataclass(frozen=True)
class Matrix:
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]
    hidden: int  # claims left out of the matrix


@dataclass(frozen=True)
class Side:
    claim: str
    status: str
    cited: tuple[Cited, ...]


@dataclass(frozen=True)
class Contradiction:
    left: Side
    right: Side
    reason: str


@dataclass(frozen=True)
class SpeakerQuotes:
    speaker: str
    quotes: tuple[tuple[str, tuple[str, ...]], ...]  # (words, outlets carrying them)


@dataclass(frozen=True)
class Position:
    actor: str
    stance: str
    outlets: tuple[str, ...]
    cited: tuple[Cited, ...]


@dataclass(frozen=True)
class EventView:
    title: str
    dates: str
    articles: int
    summary: tuple[SummarySentence, ...]


@dataclass(frozen=True)
class StoryView:
    id: str
    title: str
    facts: str
    summary: tuple[SummarySentence, ...]
    unknown: tuple[str, ...]
    unknown_note: str
    changes: Changes | None
    events: tuple[EventView, ...]
    failures: tuple[str, ...]
    timeline: TimelineChart | None
    timeline_entries: tuple[TimelineEntry, ...]
    matrix: Matrix | None
    speakers: tuple[SpeakerQuotes, ...]
    positions: tuple[Position, ...]
    contradictions: tuple[Contradiction, ...]
    entities: tuple[Any, ...]
    articles: tuple[Mapping[str, Any], ...]
    claims_count: int
    notes: dict[str, str] = field(default_factory=dict)


def render_html(briefs: Sequence[Brief], config: HtmlConfig = HtmlConfig()) -> str:
    """One self-contained HTML page for all the briefs, multi-source stories first as given."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=config.title if len(briefs) != 1 else briefs[0].story.title,
        stories=[story_view(b, config) for b in briefs],
        css=_asset("report.css"),
        js=_asset("report.js"),
    )


def story_view(brief: Brief, config: HtmlConfig = HtmlConfig()) -> StoryView:
    """Everything the template shows for one story, resolved and laid out."""
    originals = brief.original_reports()
    sources = sorted({a.source for a in brief.articles if a.source})
    events = len(brief.events)
    facts = (
        f"{len(brief.articles)} articles · {originals} original report"
        f"{'s' if originals != 1 else ''} · {len(sources)} outlet{'s' if len(sources) != 1 else ''}"
        + (f" · {events} events" if events > 1 else "")
    )
    return StoryView(
        id=brief.story.id,
        title=brief.story.title,
        facts=facts,
        summary=_sentences(brief, brief.summary),
        unknown=tuple(unknown_phrases(brief)),
        unknown_note=_unknown_note(brief),
        changes=brief.changes,
        events=tuple(_event_view(brief, e) for e in brief.events) if events > 1 else (),
        failures=tuple(str(f) for f in brief.failures),
        timeline=timeline_chart(
            brief.timeline, [(e.title, e.start, e.end) for e in brief.story.events]
        ),
        timeline_entries=tuple(brief.timeline),
        matrix=coverage_matrix(brief, config.max_matrix_claims),
        speakers=_speakers(brief),
        positions=_positions(brief),
        contradictions=_contradictions(brief),
        entities=tuple(e for e in brief.entities if e.mentions >= 2)[:MAX_ENTITIES_SHOWN],
        articles=tuple(
            {
                "id": a.id,
                "outlet": outlet(a),
                "title": a.title or "(no title)",
                # Only http(s) becomes a link: a javascript: URL from a feed stays inert text.
                "url": link_target(a.url),
                "date": format_date(a.published) or "undated",
                "copy_of": a.duplicate_of,
            }
            for a in brief.articles
        ),
        claims_count=len(brief.claims),
    )


def _sentences(brief: Brief, items: Sequence[Any]) -> tuple[SummarySentence, ...]:
    return tuple(
        SummarySentence(item.text, item.status, tuple(resolve_all(brief, item.citations)))
        for item in items
    )


def _event_view(brief: Brief, item: EventBrief) -> EventView:
    start, end = format_date(item.event.start), format_date(item.event.end)
    dates = "undated" if not start else start if start == end else f"{start} – {end}"
    return EventView(
        item.event.title, dates, len(item.event.article_ids), _sentences(brief, item.summary)
    )


def _unknown_note(brief: Brief) -> str:
    if not brief.claims:
        return "Not assessed: claims were not compared across outlets for this story."
    if brief.original_reports() < 2:
        return "Everything here rests on a single original report."
    return "No disputed or single-source points stood out."


def coverage_matrix(brief: Brief, max_claims: int = MAX_MATRIX_CLAIMS) -> Matrix | None:
    """Outlets x claims: which outlet carries which claim, and which it leaves out.

    Uses the brief's `coverage` section; when only claims are present, coverage is read from
    each claim's supporting articles (the same fact, not a guess). Corroborated and disputed
    claims come first, then by independent sources.
    """
    if not brief.claims:
        return None
    rank = {DISPUTED: 0, CORROBORATED: 1}
    ordered = sorted(brief.claims, key=lambda c: (rank.get(c.status, 2), -c.independent_sources))
    shown = ordered[:max_claims]
    covered: dict[str, set[str]] = {a.id: set() for a in brief.articles}
    if brief.coverage:
        for row in brief.coverage:
            covered.setdefault(row.article, set()).update(row.claims)
    else:
        for claim in brief.claims:
            for span in claim.support:
                covered.setdefault(span.article, set()).add(claim.id)
    by_outlet: dict[str, list[str]] = {}
    for article in brief.articles:
        by_outlet.setdefault(outlet(article), []).append(article.id)
    rows = []
    for name, ids in by_outlet.items():
        carried = set().union(*(covered.get(i, set()) for i in ids))
        cells = tuple("covered" if c.id in carried else "missing" for c in shown)
        rows.append(MatrixRow(outlet=name, articles=len(ids), cells=cells))
    rows.sort(key=lambda r: (-sum(cell == "covered" for cell in r.cells), r.outlet))
    columns = tuple(
        MatrixColumn(label=f"C{i + 1}", claim=c.text, status=c.status) for i, c in enumerate(shown)
    )
    return Matrix(columns=columns, rows=tuple(rows), hidden=len(brief.claims) - len(shown))


def _contradictions(brief: Brief) -> tuple[Contradiction, ...]:
    """The brief's disputes (one per disagreement, analyse/disputes.py), side by side."""
    return tuple(
        Contradiction(
            left=_side(brief, dispute.sides[0]),
            right=_side(brief, dispute.sides[1]),
            reason=dispute.reason,
        )
        for dispute in brief.disputes
    )


def _side(brief: Brief, side: Sequence[DisputeSide]) -> Side:
    """A side: its first claim's words, the sentences taking it first, then the claims'
    other support."""
    claims = [c for c in (brief.claim(s.claim) for s in side) if c is not None]
    spans = [s.support for s in side] + [sp for c in claims for sp in c.support]
    unique = list(dict.fromkeys((s.article, s.start, s.end) for s in spans))
    by_key = {(s.article, s.start, s.end): s for s in spans}
    return Side(
        claim=claims[0].text if claims else side[0].support.text,
        status=claims[0].status if claims else DISPUTED,
        cited=tuple(resolve_all(brief, [by_key[k] for k in unique])),
    )


def _speakers(brief: Brief) -> tuple[SpeakerQuotes, ...]:
    """Quotes grouped by speaker, most-quoted first; unattributed quotes last. A paraphrase
    (an indirect attribution) is marked as such."""
    groups: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for quote in brief.quotes:
        speaker = quote.speaker or "Unattributed"
        cited = resolve(brief, quote)
        ids = [quote.article, *quote.also_in]
        names = tuple(
            dict.fromkeys(outlet(a) for i in ids for a in brief.articles if a.id == i)
        ) or ((cited.outlet,) if cited else ())
        words = f"{quote.text} (paraphrase)" if quote.kind == "indirect" else quote.text
        groups.setdefault(speaker, []).append((words, names))
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "Unattributed", -len(kv[1]), kv[0]))
    return tuple(SpeakerQuotes(speaker, tuple(quotes)) for speaker, quotes in ordered)


def _positions(brief: Brief) -> tuple[Position, ...]:
    found = []
    for position in brief.positions:
        cited = tuple(resolve_all(brief, position.support))
        found.append(
            Position(
                actor=position.actor or "?",
                stance=position.stance,
                outlets=tuple(outlets_of(cited)),
                cited=cited,
            )
        )
    return tuple(found)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("storyweave", "render/templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["shorten"] = shorten
    return environment


def _asset(name: str) -> str:
    environment = _environment()
    assert environment.loader is not None
    source, _, _ = environment.loader.get_source(environment, name)
    return source
