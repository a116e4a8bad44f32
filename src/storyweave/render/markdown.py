"""Markdown for the terminal: briefs, story lists, extracted and annotated articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyweave.analyse.brief import original_reports
from storyweave.model import AnnotatedArticle, Article, Brief, Story, format_date

# The terminal view lists the main entities; the JSON keeps every one.
MAX_ENTITIES_SHOWN = 15


def render_briefs(briefs: Sequence[Brief]) -> str:
    if not briefs:
        return "No stories: nothing was ingested.\n"
    return "\n---\n\n".join(render_brief(b) for b in briefs)


def render_brief(brief: Brief) -> str:
    originals = original_reports(brief)
    sources = sorted({a.source for a in brief.articles if a.source})
    lines = [
        f"# {brief.story.title}",
        "",
        f"*Story {brief.story.id}: {len(brief.articles)} articles, {originals} original "
        f"report{'s' if originals != 1 else ''}, {len(sources)} source"
        f"{'s' if len(sources) != 1 else ''}.*",
        "",
        "## Articles",
        "",
    ]
    lines += [_article_line(a) for a in brief.articles]
    shown = [e for e in brief.entities if e.mentions >= 2][:MAX_ENTITIES_SHOWN]
    if shown:
        lines += ["", "## Entities", "", "| name | type | also called | articles | mentions |"]
        lines.append("|---|---|---|---|---|")
        for entity in shown:
            aliases = ", ".join(entity.aliases) or "-"
            lines.append(
                f"| {entity.name} | {entity.type} | {aliases} | {len(entity.articles)} "
                f"| {entity.mentions} |"
            )
        hidden = len(brief.entities) - len(shown)
        if hidden:
            lines += ["", f"*{hidden} more entities in --format json.*"]
    return "\n".join(lines) + "\n"


def _article_line(article: Article) -> str:
    date = format_date(article.published) or "undated"
    source = article.source or "unknown source"
    title = article.title or "(no title)"
    line = f"- **{source}**, {date}: {title} `{article.id}`"
    if article.duplicate_of:
        line += f" (copy of `{article.duplicate_of}`)"
    return line


def render_stories(stories: Sequence[Story], articles: Mapping[str, Article]) -> str:
    if not stories:
        return "No stories.\n"
    lines = []
    for story in stories:
        lines += [f"## {story.title}", f"*{story.id}, {len(story.article_ids)} articles*", ""]
        lines += [_article_line(articles[a]) for a in story.article_ids]
        lines.append("")
    return "\n".join(lines)


def render_articles(articles: Sequence[Article]) -> str:
    parts = []
    for article in articles:
        header = [f"## {article.title or article.id}", ""]
        header.append(
            f"*id `{article.id}` · {article.source or 'unknown source'} · "
            f"{format_date(article.published) or 'undated'}"
            + (f" · {article.url}" if article.url else "")
            + (f" · copy of `{article.duplicate_of}`" if article.duplicate_of else "")
            + "*"
        )
        parts.append("\n".join(header) + "\n\n" + article.text + "\n")
    return "\n".join(parts) if parts else "No articles.\n"


def render_annotations(annotated: Sequence[AnnotatedArticle]) -> str:
    parts = []
    for item in annotated:
        lines = [f"## {item.article.title or item.id}", f"*{len(item.sentences)} sentences*", ""]
        for entity in item.entities:
            lines.append(f"- {entity.text} ({entity.type}) [{entity.start}:{entity.end}]")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts) if parts else "No articles.\n"
