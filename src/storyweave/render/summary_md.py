"""The top of a Markdown brief: the cited summary, what we don't know, the events, and what
changed."""

from __future__ import annotations

from storyweave.model import DISPUTED, Brief, SummaryItem, format_date
from storyweave.render.citations import outlets_of, resolve_all, shorten, unknown_phrases
from storyweave.render.safety import markdown_code_span, markdown_inline

MAX_CHANGE_ITEMS = 8


def summary_lines(brief: Brief) -> list[str]:
    """ "## Summary": one bullet per sentence with the outlets it cites, then the unknowns."""
    lines = ["", "## Summary", ""]
    if not brief.summary:
        if any(f.stage == "summary" for f in brief.failures):
            lines.append("*No summary: the summary stage failed for this story (see stderr).*")
        else:
            lines.append("*No summary: no article has complete sentences to choose from.*")
        return lines
    lines += [_summary_line(brief, item) for item in brief.summary]
    lines += ["", "**What we don't know:** " + _unknown_line(brief)]
    return lines


def _summary_line(brief: Brief, item: SummaryItem) -> str:
    names = [markdown_inline(n) for n in outlets_of(resolve_all(brief, item.citations))]
    source = names[0] if names else "uncited"
    also = f"; also {', '.join(names[1:])}" if len(names) > 1 else ""
    mark = " **(disputed)**" if item.status == DISPUTED else ""
    return f"- {markdown_inline(item.text)}{mark} *({source}{also})*"


def _unknown_line(brief: Brief) -> str:
    phrases = unknown_phrases(brief)
    if phrases:
        return markdown_inline("; ".join(phrases)) + "."
    if not brief.claims:
        return "not assessed: claims were not compared across outlets for this story."
    if brief.original_reports() < 2:
        return "everything here rests on a single original report."
    return "no disputed or single-source points stood out."


def event_lines(brief: Brief) -> list[str]:
    """ "## Events": a story that developed, event by event, each with its dates, articles and
    what it added. Left out for a story of one event (the summary says it all)."""
    if len(brief.events) < 2:
        return []
    lines = ["", "## Events", ""]
    for number, item in enumerate(brief.events, start=1):
        event = item.event
        start, end = format_date(event.start), format_date(event.end)
        when = "undated" if not start else start if start == end else f"{start} to {end}"
        count = len(event.article_ids)
        title = markdown_inline(event.title)
        plural = "s" if count != 1 else ""
        lines.append(f"{number}. **{title}** ({when}; {count} article{plural})")
        lines += [f"   {_summary_line(brief, s)}" for s in item.summary]
    return lines


def changes_lines(brief: Brief) -> list[str]:
    """ "## What changed since ...", when the brief was compared with a saved one."""
    changes = brief.changes
    if changes is None:
        return []
    since = changes.since
    heading = f"## What changed since {since}" if since else "## What changed (first brief)"
    lines = ["", heading, ""]
    if not since:
        lines.append("*No earlier brief of this story was saved; everything below is new.*")
    if changes.new_events and since:
        lines.append(f"- **New events** ({len(changes.new_events)}):")
        for event in changes.new_events[:MAX_CHANGE_ITEMS]:
            title = markdown_inline(event.title)
            lines.append(f"  - {title} ({format_date(event.start) or 'undated'})")
    if changes.new_articles:
        count = len(changes.new_articles)
        sources = changes.new_sources
        extra = f" (new outlets: {markdown_inline(', '.join(sources))})" if sources else ""
        lines.append(f"- **{count} new article{'s' if count != 1 else ''}**{extra}:")
        for article in changes.new_articles[:MAX_CHANGE_ITEMS]:
            lines.append(
                f"  - {markdown_inline(article.source or 'unknown source')}: "
                f"{markdown_inline(article.title or '(no title)')} {markdown_code_span(article.id)}"
            )
    if changes.new_claims:
        lines.append(f"- **New claims** ({len(changes.new_claims)}):")
        lines += [
            f"  - “{markdown_inline(shorten(c.text, 20))}”"
            for c in changes.new_claims[:MAX_CHANGE_ITEMS]
        ]
        lines += _more(len(changes.new_claims))
    if changes.new_quotes:
        lines.append(f"- **New quotes** ({len(changes.new_quotes)}):")
        for quote in changes.new_quotes[:MAX_CHANGE_ITEMS]:
            speaker = f"{markdown_inline(quote.speaker)}: " if quote.speaker else ""
            lines.append(f"  - {speaker}“{markdown_inline(shorten(quote.text, 20))}”")
        lines += _more(len(changes.new_quotes))
    if changes.status_changes:
        lines.append(f"- **Status changed** ({len(changes.status_changes)}):")
        for claim in changes.status_changes[:MAX_CHANGE_ITEMS]:
            text = markdown_inline(shorten(claim.text, 20))
            lines.append(f"  - “{text}”: {claim.old_status} → {claim.status}")
    if changes.new_timeline:
        lines.append(f"- **New timeline entries**: {len(changes.new_timeline)}")
    if len(lines) == 3 and since:
        lines.append("*Nothing new since then.*")
    return lines


def _more(count: int) -> list[str]:
    if count <= MAX_CHANGE_ITEMS:
        return []
    return [f"  - *{count - MAX_CHANGE_ITEMS} more in --format json*"]
