"""Main text and metadata from one HTML page, so navigation, ads and footers never reach analysis."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import trafilatura

from storyweave.errors import IngestError


@dataclass(frozen=True)
class HtmlConfig:
    """Extraction switches; the defaults are the best F-score on eval/extraction.py."""

    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = True
    # Pattern search in the page's free text finds more dates but also guesses: a footer's
    # "© 2024" becomes 2024-01-01. A wrong date misplaces every "yesterday" in the article.
    extensive_date_search: bool = False


@dataclass(frozen=True)
class ExtractedPage:
    text: str
    title: str | None
    published: datetime.date | None
    source: str | None
    url: str | None


def extract_html(html: str | bytes, origin: str, config: HtmlConfig = HtmlConfig()) -> ExtractedPage:
    """The article text (paragraphs separated by newlines) and its title, date, site and URL.

    `origin` names the input in error messages. Raises IngestError when the page holds no article.
    """
    date_params = {"extensive_search": config.extensive_date_search, "original_date": True}
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=config.include_tables,
        favor_precision=config.favor_precision,
        favor_recall=config.favor_recall,
        date_extraction_params=date_params,
    )
    if doc is None or not (doc.text or "").strip():
        raise IngestError(f"cannot read {origin}: no article text found in the HTML")
    published = datetime.date.fromisoformat(doc.date) if doc.date else None
    return ExtractedPage(
        text=doc.text, title=doc.title, published=published, source=doc.sitename, url=doc.url
    )
