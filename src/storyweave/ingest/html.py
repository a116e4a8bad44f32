"""Main text and metadata from one HTML page, so menus, ads and footers never reach analysis."""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import Document
from trafilatura.utils import decode_file, load_html, repair_faulty_html

from storyweave.errors import IngestError

LOGGER = logging.getLogger(__name__)

# trafilatura's own fallback for a site name: the host name without "www."
_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")
# libxml2 stops building the tree at this depth (counting <html>) and drops everything below
# and after it, silently; a tree that reaches it is parsed again with XML_PARSE_HUGE.
_DEFAULT_PARSER_DEPTH = 256
# ... which raises the limit to this; HtmlConfig.max_depth must stay below it.
_HUGE_PARSER_DEPTH = 2_048
# trafilatura's parser settings, plus huge_tree.
_DEEP_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
    remove_pis=True, huge_tree=True,
)  # fmt: skip


@dataclass(frozen=True)
class HtmlConfig:
    """Extraction switches. The defaults score best on eval/extraction.py (see eval/README.md):
    favor_precision loses more recall than it gains precision, favor_recall the reverse, and
    dropping tables loses recall."""

    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = True
    # htmldate's extensive search reads dates out of the page's free text. It finds a few more
    # dates but guesses many more wrong ones: a footer's "© 2024" becomes 2024-01-01, and a
    # wrong date misplaces every "yesterday" in the article. Measured in eval/README.md.
    extensive_date_search: bool = False
    # Dates after this are rejected as typos or clock errors. None: today's date, htmldate's own
    # bound; it only ever rejects dates, it is never returned as a publication date.
    latest_date: datetime.date | None = None
    # trafilatura falls back to all of a page's text when it finds no article, so a menu or a
    # login form comes back as "Home\nNews" or "Email\nPassword". An article has at least one
    # paragraph this long; every page of the benchmark does (the shortest longest line is 47).
    min_paragraph_chars: int = 30
    # Deeper pages are refused, never read in part. Real pages nest 10-60 levels; extraction
    # time grows with depth times size (1.1 s at 900 levels for one paragraph). At most 2,000.
    max_depth: int = 1_000
    # Pages with more elements are refused. The extractor's XPath queries over paragraphs
    # (".//p//text()") take time quadratic in their number inside libxml2: 3.5 s for 40,000
    # paragraphs, hours for a million. A long news article has a few thousand elements.
    max_elements: int = 100_000


@dataclass(frozen=True)
class ExtractedPage:
    """What one HTML page says about itself; `source` is the site name, e.g. "The Guardian"."""

    text: str
    title: str | None
    published: datetime.date | None
    source: str | None
    url: str | None


def extract_html(
    html: str | bytes, origin: str, config: HtmlConfig = HtmlConfig()
) -> ExtractedPage:
    """The article text (one paragraph a line) and the page's title, date, site name and URL.

    Pass bytes when the encoding is unknown: the page's own charset declaration is then used.
    `origin` names the input in error messages. Raises IngestError when the page holds no
    article (a login form, a list of links). A page without a date gets `published=None`.

    Known failure cases: a page that is only a list of long link titles passes as an article;
    tables and lists of short items are sometimes dropped; the date is the one the page
    states in its markup, which for a reprint is the reprint's.
    """
    no_text = IngestError(f"cannot read {origin}: no article text found in the HTML")
    tree = load_html(html)  # None for input that is not HTML at all
    if tree is None:
        raise no_text
    depth, elements = _tree_shape(tree, config.max_elements)
    if depth >= _DEFAULT_PARSER_DEPTH:
        deep = _load_deep_html(html)
        tree = deep if deep is not None else tree
        depth, elements = _tree_shape(tree, config.max_elements)
    if depth > min(config.max_depth, _HUGE_PARSER_DEPTH - 1):
        raise IngestError(
            f"cannot read {origin}: the HTML nests elements more than "
            f"{min(config.max_depth, _HUGE_PARSER_DEPTH - 1):,} levels deep (html.max_depth); "
            "refused rather than read in part"
        )
    if elements > config.max_elements:
        raise IngestError(
            f"cannot read {origin}: the HTML has more than {config.max_elements:,} elements "
            "(html.max_elements), far more than any article page; refused, since extracting "
            "it would take hours"
        )
    # One parse serves both: bare_extraction prunes a copy of the tree, the metadata reads it.
    title, published, source, url = _read_metadata(tree, config)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,  # readers' comments are not the article
        include_tables=config.include_tables,
        favor_precision=config.favor_precision,
        favor_recall=config.favor_recall,
    )
    text = (doc.text or "") if isinstance(doc, Document) else ""
    if not any(len(line.strip()) >= config.min_paragraph_chars for line in text.splitlines()):
        raise no_text
    # NFC, as trafilatura.extract gives it: a decomposed "é" (e + accent) in one outlet's HTML
    # would otherwise never match the same word from another outlet, nor a search.
    text = unicodedata.normalize("NFC", text)
    return ExtractedPage(text=text, title=title, published=published, source=source, url=url)


def _tree_shape(tree: HtmlElement, max_elements: int) -> tuple[int, int]:
    """The deepest nesting in the tree (the root counts 1) and its number of elements, counted
    up to one over `max_elements`."""
    depth = deepest = elements = 0
    for event, _element in lxml.etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        elements += 1
        deepest = max(deepest, depth)
        if elements > max_elements:
            break
    return deepest, elements


def _load_deep_html(html: str | bytes) -> HtmlElement | None:
    """The page parsed like trafilatura's load_html does, but with libxml2's depth limit
    raised, so a page nested deeper than 255 levels keeps its deep text and what follows."""
    text = decode_file(html)
    text = repair_faulty_html(text, text[:50].lower())
    try:
        return lxml.html.fromstring(text, parser=_DEEP_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        return lxml.html.fromstring(text.encode("utf-8", "surrogatepass"), parser=_DEEP_PARSER)
    except lxml.etree.ParserError:
        return None


def _read_metadata(
    tree: HtmlElement, config: HtmlConfig
) -> tuple[str | None, datetime.date | None, str | None, str | None]:
    """Title, date, site name and URL, as trafilatura's extract_metadata finds them.

    Calls its steps one by one and skips author, categories, tags and licence: they cost a
    third of the extraction time and storyweave uses none of them.
    """
    meta = trafilatura_metadata.examine_meta(tree)
    try:
        meta = trafilatura_metadata.extract_meta_json(tree, meta)
    except Exception as err:  # malformed JSON-LD trips trafilatura's parser; meta tags remain
        LOGGER.debug("JSON-LD metadata unreadable: %s", err)
    meta.title = meta.title or trafilatura_metadata.extract_title(tree)
    meta.url = meta.url or trafilatura_metadata.extract_url(tree)
    meta.sitename = meta.sitename or trafilatura_metadata.extract_sitename(tree)
    meta.clean_and_trim()  # unescape entities, collapse whitespace, as trafilatura does

    latest = config.latest_date or datetime.date.today()
    found = find_date(
        tree,
        url=meta.url,
        extensive_search=config.extensive_date_search,
        original_date=True,  # the first publication, not the last update
        max_date=latest.isoformat(),
    )
    published = datetime.date.fromisoformat(found) if found else None

    source = meta.sitename.lstrip("@") if meta.sitename else None
    if source and "." not in source and not source[0].isupper():
        source = source.title()  # "guardian" -> "Guardian", but "bbc.co.uk" stays
    if not source and meta.url and (host := _HOST.match(meta.url)):
        source = host[1]
    return meta.title or None, published, source or None, meta.url or None
