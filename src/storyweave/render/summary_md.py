"""The top of a Markdown brief: the cited summary, what we don't know, and what changed."""

from __future__ import annotations

from typing import Any

from storyweave.model import Brief
from storyweave.render.citations import outlets_of, resolve_all, shorten, unknown_phrases

MAX_CHANGE_ITEMS = 8


def summary_lines(brief: Brief) -> list[str]:
    """ "## Summary": one bullet per sentence with the outlets it cites, then the unknowns."""
    lines = ["", "## Summary", ""]
    if not brief.summary:
        lines.append("*No summary: no article has complete sentences to choose from.*")
        return lines
    for item in brief.summary:
        cited = resolve_all(brief, item.get("citations") or ())
        names = outlets_of(cited)
        source = names[0] if names else "uncited"
        also = f"; also {', '.join(names[1:])}" if len(names) > 1 else ""
        mark = " **(disputed)**" if item.get("status") == "disputed" else ""
        lines.append(f"- {item['text']}{mark} *({source}{also})*")
    lines += ["", "**What we don't know:** " + _unknown_line(brief)]
    return lines


def _unknown_line(brief: Brief) -> str:
    phrases = unknown_phrases(brief)
    if phrases:
        return "; ".join(phrases) + "."
    if not brief.claims:
        return "not assessed: claims were not compared across outlets for this story."
    originals = sum(1 for a in brief.articles if a.duplicate_of is None)
    if originals < 2:
        return "everything here rests on a single original report."
    return "no disputed or single-source points stood out."


def changes_lines(brief: Brief) -> list[str]:
    """ "## What changed since ...", when the brief was compared with a saved one."""
    changes: dict[str, Any] | None = brief.extra.get("changes")
    if changes is None:
        return []
    since = changes.get("since")
    heading = f"## What changed since {since}" if since else "## What changed (first brief)"
    lines = ["", heading, ""]
    if not since:
        lines.append("*No earlier brief of this story was saved; everything below is new.*")
    articles = changes.get("new_articles") or []
    if articles:
        sources = changes.get("new_sources") or []
        extra = f" (new outlets: {', '.join(sources)})" if sources else ""
        lines.append(
            f"- **{len(articles)} new article{'s' if len(articles) != 1 else ''}**{extra}:"
        )
        for article in articles[:MAX_CHANGE_ITEMS]:
            lines.append(
                f"  - {article.get('source') or 'unknown source'}: "
                f"{article.get('title') or '(no title)'} `{article['id']}`"
            )
    for label, key in (("New claims", "new_claims"), ("New quotes", "new_quotes")):
        items = changes.get(key) or []
        if items:
            lines.append(f"- **{label}** ({len(items)}):")
            for item in items[:MAX_CHANGE_ITEMS]:
                speaker = (
                    f"{item.get('speaker')}: "
                    if key == "new_quotes" and item.get("speaker")
                    else ""
                )
                lines.append(f"  - {speaker}“{shorten(str(item.get('text', '')), 20)}”")
            if len(items) > MAX_CHANGE_ITEMS:
                lines.append(f"  - *{len(items) - MAX_CHANGE_ITEMS} more in --format json*")
    changed = changes.get("status_changes") or []
    if changed:
        lines.append(f"- **Status changed** ({len(changed)}):")
        for item in changed[:MAX_CHANGE_ITEMS]:
            lines.append(
                f"  - “{shorten(str(item.get('text', '')), 20)}”: "
                f"{item.get('old_status')} → {item.get('status')}"
            )
    timeline = changes.get("new_timeline") or []
    if timeline:
        lines.append(f"- **New timeline entries**: {len(timeline)}")
    if len(lines) == 3 and since:
        lines.append("*Nothing new since then.*")
    return lines
