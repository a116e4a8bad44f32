"""RSS and Atom feeds to entries, after a safety check: a feed is untrusted XML, and an entity
declaration in it can expand to gigabytes (billion laughs) or read /etc/passwd (XXE).

Policy on malformed feeds: a feed that is not well-formed XML is still handed to feedparser's
lenient parser, and the entries it recovers are kept with a note, because real feeds are often
slightly broken (an unescaped `&`, a stray byte) and dropping all their entries would lose more
than it protects. A feed from which nothing can be recovered is refused. Entity declarations are
refused whether the XML is well-formed or not.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Any

import defusedxml.ElementTree as SafeElementTree
import feedparser
import lxml.etree
import lxml.html
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from storyweave.ingest.dates import read_published
from storyweave.ingest.source_names import registrable_domain


@dataclass(frozen=True)
class FeedEntry:
    """One entry's fields. `body` is the full content when the feed carries it, else the
    summary; `body_is_html` says it holds markup to convert."""

    index: int  # 1-based position in the feed
    id: str | None  # filesystem-safe form of the entry id/guid
    title: str | None
    url: str | None
    published: dt.date | None
    source: str | None
    body: str
    body_is_html: bool
    date_problem: str | None = None  # why a date the entry gives could not be read


@dataclass(frozen=True)
class EntryProblem:
    """An entry that cannot become an article; `label` names it ("entry 3 (tag:x.com,1)")."""

    index: int
    label: str
    reason: str


@dataclass(frozen=True)
class ParsedFeed:
    """Entries in feed order plus a note for the user when the feed was broken but entries
    could be recovered."""

    entries: tuple[FeedEntry | EntryProblem, ...]
    note: str | None = None


class FeedRefused(ValueError):
    """The feed cannot be read at all; the message is the user-facing reason."""


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
# "[^<>]": a "<" never occurs inside a tag, and stopping at one keeps the scan linear on text
# full of unclosed "<" (with "[^>]" each of them would scan to the end).
_MARKUP = re.compile(r"<[A-Za-z/!][^<>]*>")
# A feed is a channel of items of a few fields; even XHTML content stays far below this. The
# parse is iterative, so the bound is about refusing junk early, not about the stack.
MAX_XML_DEPTH = 1_000


def check_xml_safety(data: bytes, max_depth: int = MAX_XML_DEPTH) -> str | None:
    """Refuse XML that declares entities or refers to external ones, or that nests deeper than
    `max_depth`; return the parse error when the XML is merely not well-formed, None when it
    is clean.

    Raises FeedRefused for unsafe XML. Nothing is expanded or fetched: defusedxml stops at the
    declaration, and a raw scan catches declarations in XML too broken to parse that far.
    (defusedxml forbids entity declarations outright, so no expansion limit is needed; expat
    never fetches external DTDs on its own.)
    """
    depth = 0
    try:
        events = SafeElementTree.iterparse(io.BytesIO(data), events=("start", "end"))
        for event, element in events:
            if event == "start":
                depth += 1
                if depth > max_depth:
                    raise FeedRefused(
                        f"the feed nests XML elements more than {max_depth:,} levels deep; "
                        "refused as not a feed"
                    )
                continue
            depth -= 1
            element.clear()  # only well-formedness matters here; keep memory flat
    except EntitiesForbidden as error:
        if error.sysid or error.pubid:
            raise FeedRefused(
                f"the feed refers to an external entity ({error.sysid or error.pubid}); "
                "refused, since storyweave never fetches or reads what a feed points to"
            ) from None
        raise FeedRefused(
            f"the feed declares an XML entity ({error.name!r}), which can expand without limit "
            "(a 'billion laughs' bomb); refused for safety"
        ) from None
    except (ExternalReferenceForbidden, DTDForbidden) as error:
        raise FeedRefused(
            f"the feed refers to an external resource ({error}); refused, since storyweave "
            "never fetches or reads what a feed points to"
        ) from None
    except ElementTree.ParseError as error:
        if _ENTITY_DECLARATION.search(data) or _ENTITY_DECLARATION.search(_as_utf8(data)):
            raise FeedRefused(
                "the feed declares XML entities and is not well-formed; refused for safety"
            ) from None
        return str(error)
    return None


def _as_utf8(data: bytes) -> bytes:
    # UTF-16 feeds hide "<!ENTITY" from a byte scan; a lenient decode exposes it.
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    return b""


def parse_feed(data: bytes, max_depth: int = MAX_XML_DEPTH) -> ParsedFeed:
    """The entries of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order.

    Raises FeedRefused when the feed is unsafe, is not a feed, or yields no entries. Call only
    with bytes already in memory: feedparser is given a stream, never a string it could take
    for a URL.

    Known failure cases: entries whose content is only an enclosure (podcasts, image galleries)
    have no text and are reported; `published` falls back to `updated`, which for some outlets
    is the last edit, not the first publication.
    """
    malformed = check_xml_safety(data, max_depth)
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    except Exception as error:  # noqa: BLE001 - feedparser's lenient parser can crash on junk
        raise FeedRefused(f"the feed parser failed ({type(error).__name__}: {error})") from None
    entries = parsed.get("entries") or []
    if not entries:
        if malformed:
            raise FeedRefused(f"not a well-formed RSS or Atom feed ({malformed})")
        if not parsed.get("version"):
            raise FeedRefused("XML that is not an RSS or Atom feed")
        raise FeedRefused("the feed has no entries")
    feed_title = _clean(parsed.get("feed", {}).get("title"))
    items = tuple(_entry(index, entry, feed_title) for index, entry in enumerate(entries, 1))
    note = None
    if malformed:
        note = (
            f"the feed is not well-formed XML ({malformed}); {len(entries)} entries were "
            "recovered by a lenient parser, check them"
        )
    return ParsedFeed(items, note)


def _entry(index: int, entry: Any, feed_title: str | None) -> FeedEntry | EntryProblem:
    body = ""
    content = entry.get("content") or []
    if content and (content[0].get("value") or "").strip():
        body = content[0]["value"]
    elif (entry.get("summary") or "").strip():
        body = entry["summary"]
    raw_id = entry.get("id") or entry.get("guid")
    label = f"entry {index}" + (f" ({raw_id})" if raw_id else "")
    if not body.strip():
        return EntryProblem(index, label, "no text (neither content nor summary)")
    url = _clean(entry.get("link"))
    # Aggregators (Google News ...) name each item's outlet in <source>; that beats everything.
    # Without it, the link's domain: an aggregator's feed title would make its sixty outlets
    # one source and break independent-source counts. The feed title is the last resort.
    source = (
        _clean((entry.get("source") or {}).get("title")) or registrable_domain(url) or feed_title
    )
    published, date_problem = None, None
    for key in ("published", "updated", "created"):
        # dict.get: feedparser's own get() maps a missing "published" to "updated" with a
        # DeprecationWarning; this loop tries "updated" next anyway.
        reading = read_published(dict.get(entry, key))
        published = reading.date or read_published(dict.get(entry, key + "_parsed")).date
        if published:
            date_problem = None
            break
        date_problem = date_problem or reading.problem
    return FeedEntry(
        index=index,
        id=safe_id(raw_id) if raw_id else None,
        title=_clean(entry.get("title")),
        url=url,
        published=published,
        source=source,
        body=body,
        body_is_html=bool(_MARKUP.search(body)),
        date_problem=date_problem,
    )


def _clean(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_id(raw: str, max_chars: int = 120) -> str:
    """An entry id usable as a file name: scheme and "www." dropped, every run of other
    characters turned into "-" ("https://www.x.com/a?b=1" -> "x.com-a-b-1")."""
    text = re.sub(r"^[a-z][a-z0-9+.-]*://(www\.)?", "", raw.strip(), flags=re.IGNORECASE)
    text = _UNSAFE.sub("-", text).strip("-.")
    return text[:max_chars].rstrip("-.") or "entry"


_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
    "table", "section", "article", "figure", "figcaption", "pre", "hr",
})  # fmt: skip
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})
# lxml's parser with XML_PARSE_HUGE nests up to this depth and drops what lies deeper.
_PARSER_MAX_DEPTH = 2_000
_FRAGMENT_PARSER = lxml.html.HTMLParser(
    huge_tree=True, remove_comments=True, remove_pis=True, collect_ids=False
)
_ANY_TAG = re.compile(r"<[^<>]*>")
_SKIPPED_ELEMENT = re.compile(
    r"<(script|style|template|noscript)\b[^<>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one line per block element.

    Used when the page extractor finds no article in a fragment: entry content is already the
    article, so there is no boilerplate to find, only tags to drop. Parsed by libxml2 (linear
    time; Python's html.parser is quadratic on runs of unclosed "<!--" or "<a"). A fragment
    nested deeper than the parser keeps is read by dropping its tags instead, so no text is
    lost to the depth limit.
    """
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=_FRAGMENT_PARSER)
    except (lxml.etree.ParserError, ValueError):
        root = None
    if root is None or _deeper_than(root, _PARSER_MAX_DEPTH):
        return _lines(_ANY_TAG.sub("\n", html.unescape(_SKIPPED_ELEMENT.sub("", fragment))))
    parts: list[str] = []
    skipping: lxml.etree._Element | None = None
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if skipping is None and tag in _SKIPPED_TAGS:
                skipping = element
            elif skipping is None:
                if tag in _BLOCK_TAGS:
                    parts.append("\n")
                parts.append(element.text or "")
            continue
        if element is skipping:
            skipping = None
        elif skipping is None and tag in _BLOCK_TAGS:
            parts.append("\n")
        if skipping is None and element is not root:
            parts.append(element.tail or "")
    return _lines("".join(parts))


def _deeper_than(root: lxml.etree._Element, limit: int) -> bool:
    depth = 0
    for event, _element in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth >= limit:
            return True
    return False


def _lines(text: str) -> str:
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
