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


_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")
_SETEXT_RULE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")
_BULLET = re.compile(r"^(\s*)[*+-]\s+")
# Every inline pattern below stops at the next opening delimiter instead of scanning on: with
# ".+?" or "[^\]]+" a line of a thousand unclosed "**" or "[" took time quadratic in its
# length (minutes for one hostile line). Cost: a link whose text holds brackets ("[a [b] c]
# (url)"), or whose URL nests parentheses twice, keeps its syntax.
_LINK_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]" + _LINK_TARGET)
_LINK = re.compile(r"\[([^\[\]\n]+)\]" + _LINK_TARGET)
_REFERENCE_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$")
_STRONG = re.compile(
    r"\*\*(?=\S)((?:[^*\n]|\*(?!\*))+?)(?<=\S)\*\*|__(?=\S)((?:[^_\n]|_(?!_))+?)(?<=\S)__"
)
# Single `_` only between non-word characters, so snake_case and file_names survive.
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)((?:[^~\n]|~(?!~))+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`\n]+)`")


def _heading_text(line: str) -> str | None:
    """The text of an ATX heading line ("## Title ##" -> "Title"), None for other lines.
    String operations, not one regex: "(.*?)(?:\\s+#+)?\\s*$" backtracks quadratically on a
    heading padded with spaces."""
    mark = _HEADING_MARK.match(line)
    if not mark:
        return None
    text = line[mark.end() :].rstrip()
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1].isspace()):
        text = closing.rstrip()
    return text


def _remove_html_comments(text: str) -> str:
    """Text without <!-- ... --> comments; an unclosed one is kept. str.find keeps this linear
    where "<!--.*?-->" rescans to the end from every unclosed opening."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


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
    text = _remove_html_comments(text)
    lines: list[str] = []
    headline: str | None = None
    seen_text = False
    for line in text.split("\n"):
        if _FENCE.match(line) or _LINK_DEFINITION.match(line):
            continue
        heading = _heading_text(line)
        if heading is not None:
            words = _strip_inline(heading)
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
    text = _STRONG.sub(lambda match: match.group(1) or match.group(2), text)
    text = _STRIKE.sub(r"\1", text)
    text = _EMPHASIS_STAR.sub(r"\1", text)
    return _EMPHASIS_UNDERSCORE.sub(r"\1", text)


# C0 controls but tab, newline and carriage return, and DEL: never content in any format read
# here (a NUL is what a binary or UTF-16 file read wrongly leaves; ESC starts terminal commands),
# and PostgreSQL refuses NUL in text. Vertical tab and form feed are line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAK_CONTROL = re.compile(r"[\x0b\x0c]")
# Unpaired UTF-16 surrogates: a JSON "\\ud800" escape gives one; no encoder can write it, so
# the store would fail on the whole batch.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class CleanText:
    text: str
    controls: int = 0  # control characters removed
    surrogates: int = 0  # unpaired surrogates replaced with U+FFFD


def clean_characters(text: str) -> CleanText:
    """`text` without control characters (tab and line breaks aside) and with unpaired
    surrogates replaced by U+FFFD, and how many of each there were, for a note."""
    text = _LINE_BREAK_CONTROL.sub("\n", text)
    text, controls = _CONTROL.subn("", text)
    text, surrogates = _SURROGATE.subn("\ufffd", text)
    return CleanText(text, controls, surrogates)


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
