"""Markdown sections of a brief for claims: corroborated, disputed (both sides cited),
single-source, the positions table and the outlet x claim coverage matrix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyweave.model import CORROBORATED, DISPUTED, SINGLE_SOURCE, Brief, Claim, DisputeSide
from storyweave.render.safety import markdown_cell, markdown_code_span, markdown_inline

MAX_SINGLE_SOURCE_SHOWN = 10
MAX_MATRIX_CLAIMS = 12
MAX_UNIQUE_SHOWN = 3
MAX_TEXT = 200


def claim_lines(brief: Brief) -> list[str]:
    """All claim sections, empty when the brief has no claims."""
    if not brief.claims and not brief.positions:
        return []
    labels = _outlet_labels(brief)
    by_id = {c.id: c for c in brief.claims}
    lines: list[str] = []
    corroborated = [c for c in brief.claims if c.status == CORROBORATED]
    single = [c for c in brief.claims if c.status == SINGLE_SOURCE]
    if corroborated:
        lines += ["", "## Corroborated", ""]
        for claim in corroborated:
            lines.append(
                f"- **{claim.id}** {_short(claim.text)} "
                f"*({claim.independent_sources} independent sources: {_cited(claim, labels)})*"
            )
    if any(c.status == DISPUTED for c in brief.claims) and brief.disputes:
        lines += ["", "## Disputed", ""]
        for dispute in brief.disputes:
            lines.append(f"- {markdown_inline(dispute.reason)}")
            for number, side in enumerate(dispute.sides):
                for position, entry in enumerate(side):
                    lead = "*against:* " if number and not position else ""
                    also = _also(side, by_id, labels) if position == len(side) - 1 else ""
                    support = entry.support
                    lines.append(
                        f"  - {lead}{labels.get(support.article, support.article)}: "
                        f"\u201c{_short(support.text)}\u201d ({entry.claim}){also}"
                    )
    if single:
        lines += ["", "## Single-source claims", ""]
        for claim in single[:MAX_SINGLE_SOURCE_SHOWN]:
            lines.append(f"- **{claim.id}** {_short(claim.text)} *({_cited(claim, labels)})*")
        if len(single) > MAX_SINGLE_SOURCE_SHOWN:
            lines += ["", f"*{len(single) - MAX_SINGLE_SOURCE_SHOWN} more in --format json.*"]
    lines += _position_lines(brief, labels)
    lines += _coverage_lines(brief, labels, by_id)
    return lines


def _also(
    side: Sequence[DisputeSide], by_id: Mapping[str, Claim], labels: Mapping[str, str]
) -> str:
    """Other outlets whose articles carry a side's claims, beyond the sentences quoted."""
    quoted = {entry.support.article for entry in side}
    more = dict.fromkeys(
        labels.get(s.article, s.article)
        for entry in side
        for s in (by_id[entry.claim].support if entry.claim in by_id else ())
        if s.article not in quoted
    )
    return f" *(also {', '.join(more)})*" if more else ""


def _position_lines(brief: Brief, labels: Mapping[str, str]) -> list[str]:
    if not brief.positions:
        return []
    lines = ["", "## Positions", "", "| actor | stance | reported by |", "|---|---|---|"]
    for position in brief.positions:
        stance = markdown_cell(_short(position.stance))
        outlets = ", ".join(
            dict.fromkeys(labels.get(s.article, s.article) for s in position.support)
        )
        actor = markdown_cell(position.actor)
        lines.append(f"| {actor} | {position.kind}: {stance} | {outlets.replace('|', '/')} |")
    return lines


def _coverage_lines(
    brief: Brief, labels: Mapping[str, str], by_id: Mapping[str, Claim]
) -> list[str]:
    wide = [c for c in brief.claims if c.independent_sources >= 2][:MAX_MATRIX_CLAIMS]
    if not brief.coverage or not wide:
        return []
    ids = [c.id for c in wide]
    lines = ["", "## Coverage", "", "| outlet | " + " | ".join(ids) + " |"]
    lines.append("|---|" + "---|" * len(ids))
    for row in brief.coverage:
        carried = set(row.claims)
        cells = " | ".join("\u25cf" if i in carried else "\u00b7" for i in ids)
        lines.append(f"| {labels.get(row.article, row.article)} | {cells} |")
    lines += ["", "Claims only one outlet carries:", ""]
    for row in brief.coverage:
        unique = [by_id[i] for i in row.claims if by_id[i].independent_sources == 1]
        if unique:
            texts = "; ".join(f"{c.id} {_short(c.text, 90)}" for c in unique[:MAX_UNIQUE_SHOWN])
            lines.append(f"- {labels.get(row.article, row.article)}: {texts}")
    return lines


def _outlet_labels(brief: Brief) -> dict[str, str]:
    return {
        a.id: (f"{markdown_inline(a.source)} " if a.source else "") + markdown_code_span(a.id)
        for a in brief.articles
    }


def _cited(claim: Claim, labels: Mapping[str, str]) -> str:
    return ", ".join(dict.fromkeys(labels.get(s.article, s.article) for s in claim.support))


def _short(text: str, limit: int = MAX_TEXT) -> str:
    """`text` on one line, cut at `limit` characters, ready for Markdown (no raw HTML)."""
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
    return markdown_inline(text)
