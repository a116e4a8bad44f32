"""Format detection from content, because file names lie: a feed saved as .txt, a page saved
without extension, a PDF renamed to .txt. The extension is only a tie-breaker."""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass
from pathlib import PurePath

SUPPORTED = "txt, md, html, jsonl, rss, atom"
HEAD_BYTES = 65_536
"""How much of a file the sniffers look at."""


class Format(enum.Enum):
    JSONL = "jsonl"
    HTML = "html"
    FEED = "feed"
    MARKDOWN = "markdown"
    TEXT = "text"


@dataclass(frozen=True)
class Unsupported:
    """Content storyweave does not read; `reason` is the user-facing sentence."""

    reason: str


def _unsupported(kind: str) -> Unsupported:
    return Unsupported(f"{kind} is not a supported format ({SUPPORTED})")


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office (OLE) document"),
    (b"{\\rtf", "RTF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive (decompress it first)"),
    (b"\xfd7zXZ\x00", "an xz archive (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an MP3 audio file"),
)
# ZIP is the container of several office formats; naming the one the user has is clearer.
_ZIP_KINDS = {
    ".docx": "a Word document (DOCX)",
    ".xlsx": "an Excel workbook (XLSX)",
    ".pptx": "a PowerPoint file (PPTX)",
    ".odt": "an OpenDocument text (ODT)",
    ".epub": "an EPUB book",
}


def detect_binary(head: bytes, name: str) -> Unsupported | None:
    """Why the file is not a text format storyweave reads, or None when it may be one.

    Looks at magic numbers first, then at the share of control bytes in `head` (NUL
    included; UTF-16/32, whose byte-order mark or ASCII pattern is recognised first, aside).

    A stray NUL does not make a file binary, wherever it is: binary formats are full of control
    bytes, while a text with one NUL (a truncated copy, a bad paste) is still text. So a file
    with a NUL in its first 64 KB and one with a NUL further on are read alike: as text, each
    NUL removed with a note (see reader). Only the share of control bytes is judged on the
    first 64 KB, as a sample.
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return _unsupported(kind)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _unsupported(_ZIP_KINDS.get(PurePath(name).suffix.lower(), "a ZIP archive"))
    if head[4:8] == b"ftyp":
        return _unsupported("an audio or video file")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _unsupported("a WebP image")
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or looks_like_utf16(head):
        return None
    if _control_ratio(head) > 0.05:
        return _unsupported("binary data (not text)")
    return None


def looks_like_utf16(head: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for mostly-ASCII UTF-16 written without a byte-order mark."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _control_ratio(head: bytes) -> float:
    if not head:
        return 0.0
    # Tab, newline, form feed and carriage return are text; ESC appears in coloured logs.
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls / len(head)


_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
_PROLOG = re.compile(
    r"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype\s[^\[>]*(?:\[.*?\])?\s*>)", re.IGNORECASE | re.DOTALL
)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w:.-]*)")
# "[^<>]", "[^\[\]]", "[^()]": each scan stops at the next opening, so a head full of unclosed
# "<a" or "[" is read in linear time (with "[^>]*" each "<a" scanned to the end: seconds).
_HTML_TAG = re.compile(
    r"<(?:p|div|span|a|br|h[1-6]|article|section|body|head|html|table|ul|ol|li|img|meta|"
    r"script|title|link|nav|header|footer|main)\b[^<>]*>",
    re.IGNORECASE,
)
_MARKDOWN_HINT = re.compile(
    r"^#{1,6}\s+\S|\[[^\[\]\n]+\]\([^()\n]+\)|^\s*(?:\*\*|__)\S", re.MULTILINE
)


def sniff_format(head: str, name: str, truncated: bool = False) -> Format | Unsupported:
    """The format of a text document from its first characters (`head`, already decoded).

    `truncated` says the head is only the start of the file, so an unfinished first line is no
    evidence against JSON Lines.

    Known failure cases: plain text that happens to start with "{" and parse as JSON is read as
    JSON Lines; an HTML fragment with fewer than two common tags is read as text.
    """
    text = head.lstrip("\ufeff \t\r\n")
    suffix = PurePath(name).suffix.lower()
    if text.startswith(("{", "[")):
        return _sniff_json(text, suffix, truncated)
    if text.startswith("<"):
        found = _sniff_markup(text)
        if found is not None:
            return found
    if len(_HTML_TAG.findall(text)) >= 10 and suffix not in _MARKDOWN_SUFFIXES:
        return Format.HTML
    if suffix in _MARKDOWN_SUFFIXES or _MARKDOWN_HINT.search(text):
        return Format.MARKDOWN
    return Format.TEXT


def _sniff_json(text: str, suffix: str, truncated: bool) -> Format | Unsupported:
    first, newline, _ = text.partition("\n")
    if suffix in _JSONL_SUFFIXES or (truncated and not newline and text.startswith("{")):
        return Format.JSONL
    try:
        value = json.loads(first)
    except ValueError:
        value = None
    if isinstance(value, dict):
        return Format.JSONL
    return Unsupported(
        "JSON is read only as JSON Lines (one article object per line, fields id, url, source, "
        "title, published, text or html); convert it, e.g. with `jq -c '.[]'`"
    )


def _sniff_markup(text: str) -> Format | Unsupported | None:
    position = 0
    while match := _PROLOG.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    root = _ROOT.match(text, position)
    is_xml = text.startswith("<?xml")
    if root:
        tag = root.group(1).lower()
        if tag in ("rss", "feed", "rdf:rdf"):
            return Format.FEED
        if tag in ("html", "head", "body"):
            return Format.HTML
    if re.match(r"<!doctype\s+html", text, re.IGNORECASE):
        return Format.HTML
    if is_xml:
        return _unsupported("XML that is not an RSS or Atom feed")
    if len(_HTML_TAG.findall(text)) >= 2:
        return Format.HTML
    return None
