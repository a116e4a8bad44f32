"""Markdown sections of a brief for claims: corroborated, disputed (both sides cited),
single-source, the positions table and the outlet x claim coverage matrix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
        for dispute in merge_disputes(brief.claims):
            lines.append(f"- {dispute.reason}")
            for number, side in enumerate(dispute.sides):
                for position, (claim_id, support) in enumerate(side):
                    lead = "*against:* " if number and not position else ""
                    also = _also(side, by_id, labels) if position == len(side) - 1 else ""
                    lines.append(
                        f"  - {lead}{labels.get(support['article'], support['article'])}: "
                        f"\u201c{_short(support['text'])}\u201d ({claim_id}){also}"
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


@dataclass(frozen=True)
class Dispute:
    """One disagreement as a reader sees it: the reason once, and each side with every claim
    and sentence that takes it."""

    reason: str
    # Each side: (claim id, cited sentence) pairs, one per claim group on that side.
    sides: tuple[tuple[tuple[str, dict[str, Any]], ...], tuple[tuple[str, dict[str, Any]], ...]]


def merge_disputes(claims: Sequence[dict[str, Any]]) -> list[Dispute]:
    """The brief's contradictions, one entry per disagreement.

    Contradictions are found between claim groups, so "21 injured" against two groups that
    both say 14 (one sentence about the collapse, another about the strike) comes out as two
    pairs with the same reason. Pairs of the same kind (the reason before its colon) that share
    one side are shown as one dispute with both groups on the other side, unless those two
    groups contradict each other too (14 vs 21 vs 30 stays apart): precision before brevity.
    Each pair of groups is shown once, whichever side lists it.
    """
    pairs: list[tuple[str, str, str, dict[str, Any], dict[str, Any]]] = []
    seen: set[frozenset[str]] = set()
    ids = {c["id"] for c in claims}
    for claim in claims:
        for other in claim.get("contradicts") or ():
            key = frozenset((claim["id"], other["claim"]))
            if key in seen or other["claim"] not in ids:
                continue
            seen.add(key)
            pairs.append(
                (claim["id"], other["claim"], other["reason"], other["this"], other["other"])
            )
    merged: list[tuple[str, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]] = []
    for one, two, reason, this, that in pairs:
        for kind, left, right in merged:
            if kind != _kind(reason):
                continue
            for mine, theirs, _mine_cite, theirs_cite in (
                (one, two, this, that),
                (two, one, that, this),
            ):
                if mine in left and theirs not in right and not _against(theirs, right, seen):
                    right[theirs] = theirs_cite
                    break
                if mine in right and theirs not in left and not _against(theirs, left, seen):
                    left[theirs] = theirs_cite
                    break
            else:
                continue
            break
        else:
            merged.append((_kind(reason), {one: this}, {two: that}))
    reasons = {frozenset((p[0], p[1])): p[2] for p in pairs}
    result = []
    for _, left, right in merged:
        reason = reasons[frozenset((next(iter(left)), next(iter(right))))]
        if _stated_second(reason, left):
            left, right = right, left  # the side the reason names first is listed first
        result.append(Dispute(reason, (tuple(left.items()), tuple(right.items()))))
    return result


def _stated_second(reason: str, side: dict[str, dict[str, Any]]) -> bool:
    """Whether `side` holds the value a "...: 21 dockworkers vs 14 people" reason names second."""
    values = reason.split(":", 1)[-1].split(" vs ")
    if len(values) != 2:
        return False
    first, second = (v.strip(" '").split()[:1] for v in values)
    texts = " ".join(s.get("text", "") for s in side.values()).lower()
    return bool(second and first and second[0].lower() in texts and first[0].lower() not in texts)


def _kind(reason: str) -> str:
    return reason.split(":", 1)[0].strip()


def _against(claim_id: str, side: dict[str, Any], pairs: set[frozenset[str]]) -> bool:
    return any(frozenset((claim_id, other)) in pairs for other in side)


def _also(
    side: Sequence[tuple[str, dict[str, Any]]], by_id: dict[str, Any], labels: dict[str, str]
) -> str:
    """Other outlets whose articles carry a side's claims, beyond the sentences quoted."""
    quoted = {s["article"] for _, s in side}
    more = dict.fromkeys(
        labels.get(s["article"], s["article"])
        for claim_id, _ in side
        for s in by_id.get(claim_id, {}).get("support") or ()
        if s["article"] not in quoted
    )
    return f" *(also {', '.join(more)})*" if more else ""


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
