"""Plain-text and Markdown articles: front matter for metadata, markup stripped so that
character offsets point into the words a reader sees, not into `**` and `#`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FRONT_MATTER_KEYS = {"title", "source", "url", "published", "date"}
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s?(.*)$")


@dataclass(frozen=True)
class TextDocument:
    """A text file split into its metadata (front matter, lower-case keys) and its body."""

    body: str
    meta: dict[str, str] = field(default_factory=dict)


def split_front_matter(text: str) -> TextDocument:
    """Separate a leading `---` block of `key: value` lines from the body.

    Only the keys title, source, url, published and date are kept (the rest of a Jekyll/Hugo
    header — tags, layout — says nothing about the article). Values may be quoted. Without a
    closing `---`, or when a line in the block is not `key: value`, the text has no front
    matter and is returned whole, so a story that opens with a horizontal rule loses nothing.

    Known failure cases: YAML lists, multi-line strings and `+++` TOML headers are not read.
    """
    stripped = text.lstrip("\ufeff")
    lines = stripped.split("\n")
    if not lines or lines[0].strip() != "---":
        return TextDocument(text)
    meta: dict[str, str] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return TextDocument("\n".join(lines[index + 1 :]), meta)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            if line.startswith((" ", "\t", "-")):
                continue  # continuation of a YAML list or block value we do not read
            return TextDocument(text)
        key = match.group(1).lower()
        if key in _FRONT_MATTER_KEYS:
            meta[key] = _unquote(match.group(2).strip())
    return TextDocument(text)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT_RULE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)[*+-]\s+")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_REFERENCE_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# Single `_` only between non-word characters, so snake_case and file_names survive.
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`\n]+)`")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def strip_markdown(text: str, take_headline: bool = True) -> tuple[str, str | None]:
    """Markdown to plain text, keeping every word; returns (text, headline).

    Removes heading marks, emphasis, strike-through, inline code ticks, link and image syntax
    (the link text and image alt text stay), blockquote marks, list bullets, rules, code fences
    and link definitions. The first heading is returned when it is the first line with text,
    since that is the article's headline and not part of its body; it is removed from the text.
    With `take_headline` false (the title is known from front matter) it stays in the text, and
    boilerplate trimming drops it if it only repeats the title.

    Known failure cases: nested emphasis like `***a** b*` keeps a stray `*`; tables keep their
    pipes; HTML blocks embedded in Markdown keep their tags.
    """
    text = _HTML_COMMENT.sub("", text)
    lines: list[str] = []
    headline: str | None = None
    seen_text = False
    for line in text.split("\n"):
        if _FENCE.match(line) or _LINK_DEFINITION.match(line):
            continue
        heading = _HEADING.match(line)
        if heading:
            words = _strip_inline(heading.group(1))
            if take_headline and not seen_text and headline is None:
                headline = words
                seen_text = True
                continue
            line = words
        elif _SETEXT_RULE.match(line) and lines and lines[-1].strip():
            first = not any(part.strip() for part in lines[:-1])
            if take_headline and first and headline is None:
                headline = lines.pop().strip()
            continue
        elif _THEMATIC_BREAK.match(line):
            continue
        else:
            line = _BLOCKQUOTE.sub("", line)
            line = _BULLET.sub(r"\1", line)
            line = _strip_inline(line)
        if line.strip():
            seen_text = True
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n"), headline


def _strip_inline(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    text = _EMPHASIS_STAR.sub(r"\1", text)
    return _EMPHASIS_UNDERSCORE.sub(r"\1", text)


def normalise_text(text: str) -> str:
    """Unix newlines, no trailing spaces, at most one blank line in a row, no outer blank lines.

    Offsets in briefs point into this text, so it is normalised once, here, and never again.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return "\n".join(out).strip("\n")
