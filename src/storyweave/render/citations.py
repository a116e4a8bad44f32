"""Citations resolved for a reader: which outlet, which day, which words a span points at.
Shared by the Markdown and HTML renders so both name sources the same way."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from storyweave.model import DISPUTED, SINGLE_SOURCE, Article, Brief, format_date


class Located(Protocol):
    """Anything that points at characters of one article (Span, Support, QuoteGroup ...)."""

    @property
    def article(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


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


def resolve(brief: Brief, span: Located, words: str | None = None) -> Cited | None:
    """The span's words and source; None when the span names an article not in the brief.
    `words` stands in when the brief's articles carry no text (a brief read back from JSON)."""
    article = brief.article(span.article)
    if article is None:
        return None
    text = article.text[span.start : span.end] if article.text else (words or "")
    return Cited(
        article=article.id,
        outlet=outlet(article),
        date=format_date(article.published),
        title=article.title,
        url=article.url,
        text=text,
        start=span.start,
        end=span.end,
    )


def resolve_all(brief: Brief, spans: Iterable[Located]) -> list[Cited]:
    return [
        c for c in (resolve(brief, s, getattr(s, "text", None)) for s in spans) if c is not None
    ]


def outlets_of(cited: Iterable[Cited]) -> list[str]:
    """Outlet names in first-cited order, each once."""
    return list(dict.fromkeys(c.outlet for c in cited))


def shorten(text: str, words: int = 16) -> str:
    """The first `words` words of a text, with an ellipsis when cut."""
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def unknown_phrases(brief: Brief) -> list[str]:
    """The "what we don't know" items as short phrases naming their outlets."""
    phrases = []
    for item in brief.unknown:
        if item.kind == DISPUTED:
            sides = []
            # Quote the sentences in conflict (a claim's own wording may not show the
            # disputed figure), and every outlet of each side.
            conflicting = resolve_all(brief, item.citations)
            for position, claim_id in enumerate(item.claims):
                claim = brief.claim(claim_id)
                names = outlets_of(resolve_all(brief, claim.support if claim else ()))
                words = conflicting[position].text if position < len(conflicting) else ""
                text = shorten(words or (claim.text if claim else ""), 12)
                sides.append(f"“{text}” ({', '.join(names) or 'unknown outlet'})")
            if sides:
                # The reason names what is in dispute ("different figures for the same count
                # (injured): 14 people vs 21 dockworkers"); a claim's wording may not show it.
                label = f"disputed, {item.reason}: " if item.reason else "disputed: "
                phrases.append(label + " vs ".join(sides))
        elif item.kind == SINGLE_SOURCE:
            names = outlets_of(resolve_all(brief, item.citations))
            who = names[0] if names else "one report"
            phrases.append(f"only {who} reports “{shorten(item.text, 14)}”")
    return phrases
