"""Citations resolved for a reader: which outlet, which day, which words a span points at.
Shared by the Markdown and HTML renders so both name sources the same way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from storyweave.model import Article, Brief, format_date


@dataclass(frozen=True)
class Cited:
    article: str
    outlet: str
    date: str | None
    title: str | None
    url: str | None
    text: str  # the cited words, from the article's cleaned text
    start: int
    end: int


def outlet(article: Article) -> str:
    """The outlet's name, else the article id (never a made-up name)."""
    return article.source or article.id


def resolve(brief: Brief, span: Mapping[str, Any]) -> Cited | None:
    """The span's words and source; None when the span names an article not in the brief."""
    article = next((a for a in brief.articles if a.id == span.get("article")), None)
    if article is None:
        return None
    start, end = int(span.get("start") or 0), int(span.get("end") or 0)
    return Cited(
        article=article.id,
        outlet=outlet(article),
        date=format_date(article.published),
        title=article.title,
        url=article.url,
        text=article.text[start:end],
        start=start,
        end=end,
    )


def resolve_all(brief: Brief, spans: Iterable[Mapping[str, Any]]) -> list[Cited]:
    return [c for c in (resolve(brief, s) for s in spans) if c is not None]


def outlets_of(cited: Iterable[Cited]) -> list[str]:
    """Outlet names in first-cited order, each once."""
    return list(dict.fromkeys(c.outlet for c in cited))


def shorten(text: str, words: int = 16) -> str:
    """The first `words` words of a text, with an ellipsis when cut."""
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def unknown_phrases(brief: Brief) -> list[str]:
    """The "what we don't know" items as short phrases naming their outlets."""
    claims = {c.get("id"): c for c in brief.claims}
    phrases = []
    for item in brief.extra.get("unknown") or ():
        if item.get("kind") == "disputed":
            sides = []
            # Quote the sentences in conflict where the item names them (a claim's own
            # wording may not show the disputed figure), and every outlet of each side.
            conflicting = resolve_all(brief, item.get("citations") or ())
            for position, claim_id in enumerate(item.get("claims") or ()):
                claim = claims.get(claim_id) or {}
                names = outlets_of(resolve_all(brief, claim.get("support") or ()))
                words = conflicting[position].text if position < len(conflicting) else ""
                text = shorten(words or str(claim.get("text", "")), 12)
                sides.append(f"“{text}” ({', '.join(names) or 'unknown outlet'})")
            if sides:
                # The reason names what is in dispute ("different figures for the same count
                # (injured): 14 people vs 21 dockworkers"); a claim's wording may not show it.
                reason = item.get("reason")
                label = f"disputed, {reason}: " if reason else "disputed: "
                phrases.append(label + " vs ".join(sides))
        elif item.get("kind") == "single_source":
            names = outlets_of(resolve_all(brief, item.get("citations") or ()))
            who = names[0] if names else "one report"
            phrases.append(f"only {who} reports “{shorten(str(item.get('text', '')), 14)}”")
    return phrases
