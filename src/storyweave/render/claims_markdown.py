"""Markdown sections of a brief for claims: corroborated, disputed (both sides cited),
single-source, the positions table and the outlet x claim coverage matrix."""

from __future__ import annotations

from typing import Any

from storyweave.model import Brief

MAX_SINGLE_SOURCE_SHOWN = 10
MAX_MATRIX_CLAIMS = 12
MAX_UNIQUE_SHOWN = 3
MAX_TEXT = 200


def claim_lines(brief: Brief) -> list[str]:
    """All claim sections, empty when the brief has no claims."""
    if not brief.claims and not brief.positions:
        return []
    labels = _outlet_labels(brief)
    by_id = {c["id"]: c for c in brief.claims}
    lines: list[str] = []
    corroborated = [c for c in brief.claims if c["status"] == "corroborated"]
    disputed = [c for c in brief.claims if c["status"] == "disputed"]
    single = [c for c in brief.claims if c["status"] == "single_source"]
    if corroborated:
        lines += ["", "## Corroborated", ""]
        for claim in corroborated:
            lines.append(
                f"- **{claim['id']}** {_short(claim['text'])} "
                f"*({claim['independent_sources']} independent sources: "
                f"{_cited(claim, labels)})*"
            )
    if disputed:
        lines += ["", "## Disputed", ""]
        shown: set[frozenset[str]] = set()
        for claim in disputed:
            for other in claim["contradicts"]:
                pair = frozenset((claim["id"], other["claim"]))
                if pair in shown or other["claim"] not in by_id:
                    continue
                shown.add(pair)
                lines.append(f"- {other['reason']}")
                sides = ((claim["id"], other["this"]), (other["claim"], other["other"]))
                for claim_id, support in sides:
                    lines.append(
                        f"  - {labels.get(support['article'], support['article'])}: "
                        f"\u201c{_short(support['text'])}\u201d ({claim_id})"
                    )
    if single:
        lines += ["", "## Single-source claims", ""]
        for claim in single[:MAX_SINGLE_SOURCE_SHOWN]:
            lines.append(f"- **{claim['id']}** {_short(claim['text'])} *({_cited(claim, labels)})*")
        if len(single) > MAX_SINGLE_SOURCE_SHOWN:
            lines += ["", f"*{len(single) - MAX_SINGLE_SOURCE_SHOWN} more in --format json.*"]
    lines += _position_lines(brief, labels)
    lines += _coverage_lines(brief, labels, by_id)
    return lines


def _position_lines(brief: Brief, labels: dict[str, str]) -> list[str]:
    if not brief.positions:
        return []
    lines = ["", "## Positions", "", "| actor | stance | reported by |", "|---|---|---|"]
    for position in brief.positions:
        kind = position.get("kind", "")
        stance = _short(position["stance"]).replace("|", "/")
        outlets = ", ".join(
            dict.fromkeys(labels.get(s["article"], s["article"]) for s in position["support"])
        )
        lines.append(f"| {position['actor']} | {kind}: {stance} | {outlets} |")
    return lines


def _coverage_lines(brief: Brief, labels: dict[str, str], by_id: dict[str, Any]) -> list[str]:
    wide = [c for c in brief.claims if c["independent_sources"] >= 2][:MAX_MATRIX_CLAIMS]
    if not brief.coverage or not wide:
        return []
    ids = [c["id"] for c in wide]
    lines = ["", "## Coverage", "", "| outlet | " + " | ".join(ids) + " |"]
    lines.append("|---|" + "---|" * len(ids))
    for row in brief.coverage:
        carried = set(row["claims"])
        cells = " | ".join("\u25cf" if i in carried else "\u00b7" for i in ids)
        lines.append(f"| {labels.get(row['article'], row['article'])} | {cells} |")
    lines += ["", "Claims only one outlet carries:", ""]
    for row in brief.coverage:
        unique = [by_id[i] for i in row["claims"] if by_id[i]["independent_sources"] == 1][
            :MAX_UNIQUE_SHOWN
        ]
        if unique:
            texts = "; ".join(f"{c['id']} {_short(c['text'], 90)}" for c in unique)
            lines.append(f"- {labels.get(row['article'], row['article'])}: {texts}")
    return lines


def _outlet_labels(brief: Brief) -> dict[str, str]:
    return {a.id: f"{a.source} `{a.id}`" if a.source else f"`{a.id}`" for a in brief.articles}


def _cited(claim: dict[str, Any], labels: dict[str, str]) -> str:
    return ", ".join(
        dict.fromkeys(labels.get(s["article"], s["article"]) for s in claim["support"])
    )


def _short(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
