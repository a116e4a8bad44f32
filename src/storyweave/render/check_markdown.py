"""Markdown for `check`: per claim, the articles grouped by stance with their evidence quoted."""

from __future__ import annotations

from storyweave.model.check import DISCUSSES, REFUTES, SUPPORTS, UNRELATED, CheckResult, ClaimCheck
from storyweave.render.safety import (
    escape_markdown_html,
    markdown_code_span,
    one_line,
    strip_terminal_controls,
)

HEADINGS = {
    SUPPORTS: "Supports",
    REFUTES: "Refutes",
    DISCUSSES: "Discusses (reports it without taking a side)",
    UNRELATED: "Unrelated",
}


def _text(value: str) -> str:
    return escape_markdown_html(one_line(strip_terminal_controls(value)))


def render_check(check: ClaimCheck) -> str:
    lines = [f"## Claim {markdown_code_span(check.claim)}: {_text(check.text)}", ""]
    if not check.articles:
        return "\n".join([*lines, "No article to check it against.", ""])
    counts = ", ".join(f"{len(check.by_stance(s))} {s}" for s in HEADINGS if check.by_stance(s))
    lines += [f"{len(check.articles)} articles: {counts}.", ""]
    for stance, heading in HEADINGS.items():
        found = check.by_stance(stance)
        if not found:
            continue
        lines += [f"### {heading}", ""]
        if stance == UNRELATED:
            names = ", ".join(
                f"{markdown_code_span(a.id)}" + (f" ({_text(a.source)})" if a.source else "")
                for a in found
            )
            lines += [names, ""]
            continue
        for article in found:
            source = f" — {_text(article.source)}" if article.source else ""
            lines.append(
                f"- {markdown_code_span(article.id)}{source} (confidence {article.confidence:.2f})"
            )
            for evidence in article.evidence:
                lines.append(f"  > {_text(evidence.text)} [{evidence.start}–{evidence.end}]")
        lines.append("")
    return "\n".join(lines)


def render_checks(result: CheckResult) -> str:
    if not result.checks:
        return "No claim to check.\n"
    return "\n".join(render_check(c) for c in result.checks)
