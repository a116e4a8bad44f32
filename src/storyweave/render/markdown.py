"""Markdown for the terminal: briefs, story lists, extracted and annotated articles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from storyweave.ingest.source_names import source_key
from storyweave.model import AnnotatedArticle, Article, Brief, QuoteGroup, Story, format_date
from storyweave.render.claims_markdown import claim_lines
from storyweave.render.safety import markdown_block, markdown_cell, markdown_inline
from storyweave.render.safety import markdown_code_span as code
from storyweave.render.summary_md import changes_lines, event_lines, summary_lines

# The terminal view lists the main entities; the JSON keeps every one.
MAX_ENTITIES_SHOWN = 15


def render_briefs(briefs: Sequence[Brief]) -> str:
    if not briefs:
        return "No stories: nothing was ingested.\n"
    return "\n---\n\n".join(render_brief(b) for b in briefs)


def write_briefs(briefs: Iterable[Brief], out: TextIO) -> None:
    """`render_briefs` written brief by brief (memory follows one story)."""
    empty = True
    for number, brief in enumerate(briefs):
        out.write(("\n---\n\n" if number else "") + render_brief(brief))
        empty = False
    if empty:
        out.write("No stories: nothing was ingested.\n")


def render_brief(brief: Brief) -> str:
    originals = brief.original_reports()
    lines = [
        f"# {markdown_inline(brief.story.title)}",
        "",
        f"*Story {code(brief.story.id)}: {_plural(len(brief.articles), 'article')}, "
        f"{_plural(originals, 'original report')}, {_sources_phrase(brief.articles)}.*",
    ]
    lines += changes_lines(brief) + summary_lines(brief) + event_lines(brief)
    lines += _failure_lines(brief)
    lines += ["", "## Articles", ""]
    lines += [_article_line(a) for a in brief.articles]
    lines += claim_lines(brief)
    lines += _quote_lines(brief)
    shown = [e for e in brief.entities if e.mentions >= 2][:MAX_ENTITIES_SHOWN]
    if shown:
        lines += ["", "## Entities", "", "| name | type | also called | articles | mentions |"]
        lines.append("|---|---|---|---|---|")
        for entity in shown:
            aliases = ", ".join(entity.aliases) or "-"
            lines.append(
                f"| {markdown_cell(entity.name)} | {entity.type} | {markdown_cell(aliases)} "
                f"| {len(entity.articles)} "
                f"| {entity.mentions} |"
            )
        hidden = len(brief.entities) - len(shown)
        if hidden:
            lines += ["", f"*{hidden} more entities in --format json.*"]
    lines += _timeline_lines(brief)
    return "\n".join(lines) + "\n"


def _failure_lines(brief: Brief) -> list[str]:
    """Stages that failed on this story or its articles: an empty section then means "not
    computed", not "nothing found"."""
    if not brief.failures:
        return []
    lines = ["", "**Not complete:** some analysis failed and is missing from this brief:", ""]
    lines += [f"- {markdown_inline(str(failure))}" for failure in brief.failures]
    return lines


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _sources_phrase(articles: Sequence[Article]) -> str:
    """How many outlets, saying so when some articles do not name theirs."""
    sources = {source_key(a.source) for a in articles if a.source}
    unnamed = sum(1 for a in articles if not a.source)
    phrase = _plural(len(sources), "source")
    if unnamed:
        phrase += f" ({unnamed} article{'' if unnamed == 1 else 's'} without a source)"
    return phrase


# Untitled articles are listed by the start of their text, cut at a word.
UNTITLED_LABEL_CHARS = 80


def _article_label(article: Article) -> str:
    if article.title:
        return markdown_inline(article.title)
    first_line = markdown_inline(article.text.strip().split("\n", 1)[0])
    if len(first_line) <= UNTITLED_LABEL_CHARS:
        return f"*{first_line}*"
    return f"*{first_line[:UNTITLED_LABEL_CHARS].rsplit(' ', 1)[0]}…*"


def _article_line(article: Article) -> str:
    date = format_date(article.published) or "undated"
    source = markdown_inline(article.source or "unknown source")
    title = _article_label(article)
    line = f"- **{source}**, {date}: {title} {code(article.id)}"
    if article.duplicate_of:
        line += f" (copy of {code(article.duplicate_of)})"
    return line


def render_stories(stories: Sequence[Story], articles: Mapping[str, Article]) -> str:
    if not stories:
        return "No stories.\n"
    lines = []
    for story in stories:
        events = len(story.events)
        lines += [
            f"## {markdown_inline(story.title)}",
            f"*{code(story.id)}, {_plural(len(story.article_ids), 'article')}, "
            f"{_plural(events, 'event')}*",
            "",
        ]
        for event in story.events:
            if events > 1:
                dates = format_date(event.start) or "undated"
                lines += [f"### {markdown_inline(event.title)}", f"*{code(event.id)}, {dates}*", ""]
            lines += [_article_line(articles[a]) for a in event.article_ids if a in articles]
            lines.append("")
    return "\n".join(lines)


def render_articles(articles: Sequence[Article]) -> str:
    parts = []
    for article in articles:
        header = [f"## {markdown_inline(article.title or article.id)}", ""]
        header.append(
            f"*id {code(article.id)} · {markdown_inline(article.source or 'unknown source')} · "
            f"{format_date(article.published) or 'undated'}"
            + (f" · {markdown_inline(article.url)}" if article.url else "")
            + (f" · copy of {code(article.duplicate_of)}" if article.duplicate_of else "")
            + "*"
        )
        parts.append("\n".join(header) + "\n\n" + markdown_block(article.text) + "\n")
    return "\n".join(parts) if parts else "No articles.\n"


def render_annotations(annotated: Sequence[AnnotatedArticle]) -> str:
    parts = []
    for item in annotated:
        title = markdown_inline(item.article.title or item.id)
        lines = [f"## {title}", f"*{len(item.sentences)} sentences*", ""]
        for entity in item.entities:
            lines.append(
                f"- {markdown_inline(entity.text)} ({entity.type}) [{entity.start}:{entity.end}]"
            )
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts) if parts else "No articles.\n"


# How each timeline date was obtained, in the reader's words.
_ANCHOR_NOTE = {
    "explicit": "date given",
    "published": "from publication date",
    "inferred": "inferred from the text",
}
MAX_TIMELINE_TEXT = 220


def _timeline_lines(brief: Brief) -> list[str]:
    """The dated list: date, event clause, the expression and anchor, the articles cited."""
    if not brief.timeline:
        return []
    lines = ["", "## Timeline", ""]
    for entry in brief.timeline:
        text = entry.text
        if len(text) > MAX_TIMELINE_TEXT:
            text = text[:MAX_TIMELINE_TEXT].rsplit(" ", 1)[0] + " …"
        note = _ANCHOR_NOTE.get(entry.anchor or "", "unresolved")
        cited = ", ".join(code(a) for a in entry.articles)
        expression = markdown_inline(entry.expression)
        lines.append(
            f"- **{entry.date}** {markdown_inline(text)} (\u201c{expression}\u201d, {note}) {cited}"
        )
    return lines


def _quote_lines(brief: Brief) -> list[str]:
    """ "## Quotes", grouped by speaker (most quoted first); unknown speakers last."""
    if not brief.quotes:
        return []
    groups: dict[str, list[QuoteGroup]] = {}
    for quote in brief.quotes:
        if quote.speaker:
            who = f"**{markdown_inline(quote.speaker)}**"
        elif quote.speaker_type == "group" and quote.speaker_text:
            who = f"**{markdown_inline(quote.speaker_text)}** (group)"
        else:
            who = "**Speaker unknown**"
        groups.setdefault(who, []).append(quote)
    order = sorted(groups, key=lambda w: (w == "**Speaker unknown**", -len(groups[w])))
    lines = ["", "## Quotes"]
    for who in order:
        lines += ["", who]
        for quote in groups[who]:
            named = f" ({markdown_inline(quote.speaker_text)})" if quote.speaker_text else ""
            paraphrase = " *(paraphrase)*" if quote.kind == "indirect" else ""
            text = markdown_inline(quote.text)
            line = f"- \u201c{text}\u201d{paraphrase}{named} {code(quote.article)}"
            if quote.also_in:
                line += " also in " + ", ".join(code(a) for a in quote.also_in)
            if quote.misquoted:
                versions = "; ".join(
                    f"{code(v.article)}: \u201c{markdown_inline(v.text)}\u201d"
                    for v in quote.variants
                )
                line += f" **words differ between outlets:** {versions}"
            lines.append(line)
    return lines
