"""The one entry point from inputs to articles: every file, pattern, directory or stdin stream
becomes Article values, and everything that cannot becomes an IngestProblem, never an exception,
so one bad file never costs the others."""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import BinaryIO

from storyweave.errors import IngestError
from storyweave.ingest.boilerplate import trim_boilerplate
from storyweave.ingest.budget import BudgetExceeded, cpu_budget
from storyweave.ingest.dates import read_published
from storyweave.ingest.decode import Decoded, bom_encoding, decode_bytes, decode_line
from storyweave.ingest.feeds import (
    MAX_XML_DEPTH,
    EntryProblem,
    FeedEntry,
    FeedRefused,
    ParsedFeed,
    html_fragment_text,
    parse_feed,
)
from storyweave.ingest.html import HtmlConfig, extract_html
from storyweave.ingest.ids import clean_id, id_note
from storyweave.ingest.jsonl import MAX_JSON_DEPTH, parse_jsonl_line
from storyweave.ingest.sniff import (
    HEAD_BYTES,
    Format,
    Unsupported,
    detect_binary,
    looks_like_utf16,
    sniff_format,
)
from storyweave.ingest.source_names import strip_site_suffix
from storyweave.ingest.sources import STDIN, InputFile, expand_inputs, os_reason
from storyweave.ingest.text import (
    clean_characters,
    normalise_text,
    split_front_matter,
    strip_markdown,
)
from storyweave.model import Article, IngestNote, IngestProblem


@dataclass(frozen=True)
class IngestConfig:
    """Limits on what one input may cost. Each is refused with a problem naming the input and
    the setting, never half stored, so that nothing a document holds can break a later stage."""

    # A text or HTML file larger than this is refused; JSON Lines are streamed, so for them
    # it bounds one line instead.
    max_bytes: int = 20_000_000
    # The one bound on an article's length, checked on every path (text, Markdown, HTML,
    # JSON Lines, feeds) before anything is stored. Nothing that long is one news article, and
    # spaCy's parser refuses longer texts by default (nlp.max_length = 1,000,000).
    max_article_chars: int = 1_000_000
    # A title, source name or URL longer than this is not one (a text pasted into the wrong
    # field); it is dropped with a note, and the article kept.
    max_field_chars: int = 2_000
    # JSON Lines rows nested deeper are refused before parsing (see jsonl.MAX_JSON_DEPTH).
    max_json_depth: int = MAX_JSON_DEPTH
    # Feeds nested deeper are refused (see feeds.MAX_XML_DEPTH).
    max_xml_depth: int = MAX_XML_DEPTH
    # CPU seconds one document (a file, a JSON Lines row, a feed, a feed entry) may take to be
    # read and extracted; past it the document is skipped and named. Normal pages take well
    # under a second, so results never depend on the machine's speed. None: no budget.
    max_extract_s: float | None = 60.0
    trim_boilerplate: bool = True
    # feedparser needs the whole feed in memory, so feeds get their own, larger bound.
    max_feed_bytes: int = 200_000_000
    html: HtmlConfig = HtmlConfig()


Item = Article | IngestProblem


def read_inputs(
    inputs: Sequence[str], config: IngestConfig = IngestConfig(), stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """Articles from files, directories, glob patterns and "-" (JSON Lines on standard input).

    Streams: articles are yielded as they are read, and JSON Lines are read a line at a time,
    so a dump of any size needs memory for one line only. Never raises for bad input; each
    skipped file, line or feed entry is one IngestProblem naming it and saying why.
    """
    for item in expand_inputs(inputs):
        if isinstance(item, IngestProblem):
            yield item
        elif item.path is None:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_jsonl(stream, STDIN, "stdin", config)
        else:
            yield from _read_file(item, config)


def _read_file(item: InputFile, config: IngestConfig) -> Iterator[Item]:
    assert item.path is not None
    try:
        with open(item.path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
            size = os.fstat(handle.fileno()).st_size
            yield from _read_open_file(handle, head, size, item.name, config)
    except OSError as error:
        yield IngestProblem(item.name, os_reason(error))
    except Exception as error:  # noqa: BLE001 - a reader bug must cost this file only
        yield IngestProblem(item.name, _failure(error))


def _read_open_file(
    handle: BinaryIO, head: bytes, size: int, name: str, config: IngestConfig
) -> Iterator[Item]:
    if not head:
        yield IngestProblem(name, "the file is empty")
        return
    binary = detect_binary(head, name)
    if binary:
        yield IngestProblem(name, binary.reason)
        return
    encoding = bom_encoding(head) or looks_like_utf16(head) or "utf-8"
    head_text = head.decode(encoding, errors="replace")
    truncated = size > len(head)
    if not truncated and not head_text.strip("\ufeff \t\r\n\f\v"):
        yield IngestProblem(name, "the file is empty (only whitespace)")
        return
    found = sniff_format(head_text, name, truncated)
    if isinstance(found, Unsupported):
        yield IngestProblem(name, found.reason)
        return
    stem = PurePath(name).stem
    if found is Format.JSONL and encoding in ("utf-8", "utf-8-sig"):
        handle.seek(0)
        yield from _read_jsonl(handle, name, stem, config)
        return
    limit = config.max_feed_bytes if found is Format.FEED else config.max_bytes
    if size > limit:
        setting = "max_feed_bytes" if found is Format.FEED else "max_bytes"
        yield IngestProblem(
            name, f"the file is {size:,} bytes, over the {limit:,}-byte limit ({setting})"
        )
        return
    data = head + handle.read()
    if found is Format.FEED:
        yield from _read_feed(data, name, stem, config)
        return
    yield from _guarded(
        name, lambda: _read_document(data, found, encoding, name, stem, config), config
    )


def _read_document(
    data: bytes, found: Format, encoding: str, name: str, stem: str, config: IngestConfig
) -> list[Item]:
    """A text, Markdown or HTML file (or UTF-16/32 JSON Lines, read whole) as items."""
    if found is Format.HTML and encoding == "utf-8":
        # trafilatura reads <meta charset> from the bytes itself: a Latin-1 page that says so
        # is read right there, where decoding it here as UTF-8 would replace its accents.
        return _html_article(data, name, stem, config)
    if encoding in ("utf-16-le", "utf-16-be"):  # no byte-order mark; known by its NUL pattern
        decoded = Decoded(data.decode(encoding, errors="replace"), encoding)
    else:
        decoded = decode_bytes(data)
    items: list[Item] = [IngestNote(name, decoded.note)] if decoded.note else []
    if found is Format.HTML:
        items += _html_article(decoded.text, name, stem, config)
    elif found is Format.JSONL:  # UTF-16/32 JSON Lines: rare, and read whole within max_bytes
        for number, line in enumerate(decoded.text.splitlines(), start=1):
            items += _jsonl_row(line, number, name, stem, config)
    else:
        items += _text_article(decoded.text, found is Format.MARKDOWN, name, stem, config)
    return items


def _text_article(
    text: str, markdown: bool, name: str, stem: str, config: IngestConfig
) -> list[Item]:
    text = normalise_text(text)
    if len(text) > config.max_article_chars:  # before Markdown is stripped: that only shrinks it
        return [_too_long(name, len(text), config)]
    document = split_front_matter(text)
    meta = document.meta
    body, title = document.body, meta.get("title") or None
    if markdown:
        body, heading = strip_markdown(body, take_headline=title is None)
        title = title or heading
    published = read_published(meta.get("published") or meta.get("date"))
    draft = Article(
        id=stem,
        text=body,
        source=meta.get("source") or None,
        title=title,
        url=meta.get("url") or None,
        published=published.date,
        origin=name,
    )
    return _finish(draft, name, config, published.problem)


def _html_article(
    html: str | bytes, name: str, article_id: str, config: IngestConfig
) -> list[Item]:
    page = _html_draft(html, name, article_id, config)
    if isinstance(page, IngestProblem):
        return [page]
    # Extractors leave credits, "Read also:" lines and, on pages with no article, menu words;
    # trimming removes them the same way as for text files.
    return _finish(page, name, config)


def _html_draft(
    html: str | bytes, name: str, article_id: str, config: IngestConfig
) -> Article | IngestProblem:
    """The page's text and metadata as extracted, before any cleaning."""
    try:
        page = extract_html(html, name, config.html)
    except IngestError as error:
        return IngestProblem(name, _reason(error, name))
    except Exception as error:  # noqa: BLE001 - lxml/trafilatura fail in many ways on odd pages
        # One page the extractor chokes on must not stop the run; the user sees which and why.
        return IngestProblem(name, f"the HTML extractor failed ({type(error).__name__}: {error})")
    return Article(
        id=article_id,
        text=page.text,
        source=page.source,
        title=page.title,
        url=page.url,
        published=page.published,
        origin=name,
    )


def _finish(
    draft: Article, name: str, config: IngestConfig, date_problem: str | None = None
) -> list[Item]:
    """Clean characters and fields, check size, trim boilerplate: the article, or the reason
    there is none, after the notes on what was changed."""
    notes: list[Item] = []
    article_id = clean_id(draft.id) or "untitled"
    if article_id != draft.id:
        notes.append(IngestNote(name, id_note(draft.id, article_id)))
    cleaned = clean_characters(draft.text)
    text = normalise_text(cleaned.text)
    if len(text) > config.max_article_chars:
        return [*notes, _too_long(name, len(text), config)]
    controls, surrogates = cleaned.controls, cleaned.surrogates
    fields: dict[str, str | None] = {}
    for field in ("title", "source", "url"):
        value = getattr(draft, field)
        if value is not None:
            clean = clean_characters(value)
            controls, surrogates = controls + clean.controls, surrogates + clean.surrogates
            value = " ".join(clean.text.split()) or None
        if value is not None and len(value) > config.max_field_chars:
            notes.append(
                IngestNote(
                    name,
                    f"the {field} is {len(value):,} characters, over the "
                    f"{config.max_field_chars:,}-character limit (max_field_chars); dropped",
                )
            )
            value = None
        fields[field] = value
    if controls or surrogates:
        notes.append(IngestNote(name, _characters_note(controls, surrogates)))
    if date_problem:
        outcome = "another date found" if draft.published else "the article has no date"
        notes.append(IngestNote(name, f"the published date {date_problem}; {outcome}"))
    title, source, url = fields["title"], fields["source"], fields["url"]
    if title:
        title = strip_site_suffix(title, source, url)
    if config.trim_boilerplate and text:
        trimmed = trim_boilerplate(text, title)
        text = normalise_text(trimmed.text)
        title = _completed_title(title, trimmed.removed) if title else trimmed.title
    if not text.strip():
        what = "after removing boilerplate" if config.trim_boilerplate else ""
        return [*notes, IngestProblem(name, f"no article text {what}".strip())]
    return [
        *notes,
        replace(draft, id=article_id, text=text, title=title, source=source, url=url),
    ]


def _too_long(name: str, chars: int, config: IngestConfig) -> IngestProblem:
    return IngestProblem(
        name,
        f"the article text is {chars:,} characters, over the "
        f"{config.max_article_chars:,}-character limit (max_article_chars)",
    )


def _characters_note(controls: int, surrogates: int) -> str:
    parts = []
    if controls:
        parts.append(f"{controls} control character(s) (NUL, ESC ...) removed")
    if surrogates:
        parts.append(f"{surrogates} unpaired surrogate(s) replaced with U+FFFD")
    return "; ".join(parts)


def _guarded(label: str, produce: Callable[[], list[Item]], config: IngestConfig) -> list[Item]:
    """The items one document gives, produced within its CPU budget; a problem naming it when
    the budget runs out or storyweave itself fails on it, so the run goes on."""
    try:
        with cpu_budget(config.max_extract_s):
            return produce()
    except BudgetExceeded:
        return [
            IngestProblem(
                label,
                f"reading it took more than {config.max_extract_s:g} CPU seconds "
                "(max_extract_s); skipped, the rest goes on (raise max_extract_s to read it)",
            )
        ]
    except RecursionError:
        return [IngestProblem(label, "nested too deeply to read (RecursionError); skipped")]
    except Exception as error:  # noqa: BLE001 - one document's failure must not stop the run
        return [IngestProblem(label, _failure(error))]


def _failure(error: Exception) -> str:
    return (
        f"storyweave failed on it ({type(error).__name__}: {str(error)[:200]}); skipped, "
        "the rest goes on (please report this input)"
    )


def _completed_title(title: str, removed: Sequence[str]) -> str:
    """A title cut short ("... union warns of wal...") gives way to the full headline when the
    text repeated it at the top (trimming removed that line as a copy of the title)."""
    stem = title.rstrip().removesuffix("...").removesuffix("\u2026").rstrip()
    if stem == title.rstrip() or not stem:
        return title
    for line in removed:
        line = line.strip()
        if len(line) > len(stem) and line.startswith(stem):
            return line
    return title


def _read_jsonl(stream: BinaryIO, name: str, stem: str, config: IngestConfig) -> Iterator[Item]:
    """Rows of a UTF-8 JSON Lines stream, holding one line in memory at a time."""
    number = 0
    while raw := stream.readline(config.max_bytes + 1):
        number += 1
        if len(raw) > config.max_bytes and not raw.endswith(b"\n"):
            while chunk := stream.readline(1 << 20):  # skip the rest without keeping it
                if chunk.endswith(b"\n"):
                    break
            yield IngestProblem(
                f"{name} line {number}",
                f"the line is over the {config.max_bytes:,}-byte limit (max_bytes)",
            )
            continue
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        line, replaced = decode_line(raw)
        if replaced:
            yield IngestNote(
                f"{name} line {number}",
                f"{replaced} invalid UTF-8 sequence(s) replaced with U+FFFD",
            )
        yield from _guarded(
            f"{name} line {number}",
            lambda: _jsonl_row(line, number, name, stem, config),  # noqa: B023 - called at once
            config,
        )


def _jsonl_row(line: str, number: int, name: str, stem: str, config: IngestConfig) -> list[Item]:
    if not line.strip():
        return []
    label = f"{name} line {number}"
    row = parse_jsonl_line(line, config.max_json_depth)
    if isinstance(row, str):
        return [IngestProblem(label, row)]
    origin = f"{name}:{number}"
    article_id = row.id or f"{stem}-{number}"
    if row.html is not None:
        page = _html_draft(row.html, origin, article_id, config)
        if isinstance(page, IngestProblem):
            return [IngestProblem(label, page.reason)]
        draft = replace(
            page,
            source=row.source or page.source,
            title=row.title or page.title,
            url=row.url or page.url,
            published=row.published or page.published,
        )
    else:
        draft = Article(
            id=article_id,
            text=row.text or "",
            source=row.source,
            title=row.title,
            url=row.url,
            published=row.published,
            origin=origin,
        )
    return _finish(draft, label, config, row.date_problem)


def _read_feed(data: bytes, name: str, stem: str, config: IngestConfig) -> Iterator[Item]:
    parsed: list[ParsedFeed] = []

    def parse() -> list[Item]:
        try:
            parsed.append(parse_feed(data, config.max_xml_depth))
        except FeedRefused as error:
            return [IngestProblem(name, str(error))]
        return [IngestNote(name, parsed[0].note)] if parsed[0].note else []

    yield from _guarded(name, parse, config)
    if not parsed:
        return  # the budget ran out or the parser failed: _guarded said so
    for entry in parsed[0].entries:
        if isinstance(entry, EntryProblem):
            yield IngestProblem(f"{name} {entry.label}", entry.reason)
            continue
        yield from _guarded(
            f"{name} entry {entry.index}",
            lambda: _feed_entry(entry, name, stem, config),  # noqa: B023 - called at once
            config,
        )


def _feed_entry(entry: FeedEntry, name: str, stem: str, config: IngestConfig) -> list[Item]:
    origin = f"{name}#{entry.index}"
    text = _entry_text(entry.body, origin, config) if entry.body_is_html else entry.body
    draft = Article(
        id=entry.id or f"{stem}-{entry.index}",
        text=text,
        source=entry.source,
        title=entry.title,
        url=entry.url,
        published=entry.published,
        origin=origin,
    )
    return _finish(draft, f"{name} entry {entry.index}", config, entry.date_problem)


def _entry_text(html: str, origin: str, config: IngestConfig) -> str:
    """Entry content as text. Feed content is already the article body, so a fragment only
    needs its tags dropped; the page extractor is used only when an entry carries a whole page.
    (On fragments trafilatura drops short paragraphs and, on tiny ones, splits inline elements
    like <b> onto lines of their own.)"""
    if _WHOLE_PAGE.search(html[:2000]):
        try:
            return extract_html(html, origin, config.html).text
        except IngestError:
            pass  # the tags-dropped text below is the entry's text as the feed gives it
    return html_fragment_text(html)


_WHOLE_PAGE = re.compile(r"<(?:!doctype\s+html|html|body)\b", re.IGNORECASE)


def _reason(error: IngestError, name: str) -> str:
    """The reason part of an IngestError ("cannot read X: reason" -> "reason")."""
    message = str(error)
    prefix = f"cannot read {name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def read_document(data: bytes, name: str, config: IngestConfig = IngestConfig()) -> Iterator[Item]:
    """Items from one document already in memory (a fetched page or feed), read exactly as a
    file called `name` with these bytes would be: format sniffed, limits applied, ids from the
    name's stem. Never raises for bad input."""
    yield from _read_open_file(io.BytesIO(data), data[:HEAD_BYTES], len(data), name, config)


def read_feed_entry(
    entry: FeedEntry, article_id: str, origin: str, config: IngestConfig
) -> list[Item]:
    """The article one feed entry carries (its content, else its summary) with its notes, as a
    feed file's entry is read, under the id and origin the caller chose (a watch needs ids
    that stay the same when the entry moves down the feed)."""

    def read() -> list[Item]:
        text = _entry_text(entry.body, origin, config) if entry.body_is_html else entry.body
        draft = Article(
            id=article_id,
            text=text,
            source=entry.source,
            title=entry.title,
            url=entry.url,
            published=entry.published,
            origin=origin,
        )
        return _finish(draft, origin, config, entry.date_problem)

    return _guarded(origin, read, config)
