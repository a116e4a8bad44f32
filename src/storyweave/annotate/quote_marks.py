"""Pairing quotation marks in real news text, where marks are often unbalanced or stray.

A text-only step (no parse) so that its rules can be read and tested on their own: which
stretches of an article are enclosed in quotation marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

_OPENING = "\u201c\u00ab"  # “ «
_CLOSING = "\u201d\u00bb"  # ” »
_STRAIGHT = '"'
# Characters after which a straight mark opens a quotation rather than closing one.
_BEFORE_OPENING = " \t\n([{\u2014\u2013-/:"


@dataclass(frozen=True)
class MarkedSpan:
    """Text between quotation marks: `start`/`end` exclude the marks themselves.

    `closed` is False when no closing mark was found and the span was bounded by its sentence
    (or paragraph) instead; `paragraphs` > 1 for a quotation continued across paragraphs.
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    closed: bool = True
    paragraphs: int = 1


def _mark_kind(text: str, i: int) -> str | None:
    """'open', 'close' or None for the character at `i`."""
    ch = text[i]
    if ch in _OPENING:
        return "open"
    if ch in _CLOSING:
        return "close"
    if ch != _STRAIGHT:
        return None
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isdigit():  # 5'11" and 12" screens are measures, not quotations
        return None
    if before in _BEFORE_OPENING and not after.isspace():
        return "open"
    if not before.isspace():
        return "close"
    return None


def _double_apostrophes(text: str) -> str:
    """Two apostrophes as one straight double mark (''It's over,'' he said: archive text from
    the New York Times and news databases writes quotation marks so). Offsets are kept: the
    mark takes the apostrophe nearer the quoted words, the other becomes a space."""
    if "''" not in text:
        return text
    chars = list(text)
    i = 0
    while i < len(chars) - 1:
        if chars[i] == "'" and chars[i + 1] == "'" and not (i and chars[i - 1].isdigit()):
            before = chars[i - 1] if i else " "
            if before.isspace() or before in _BEFORE_OPENING:
                chars[i], chars[i + 1] = " ", _STRAIGHT  # opening: ''It -> " "It
            else:
                chars[i], chars[i + 1] = _STRAIGHT, " "  # closing: over,'' -> over,"
            i += 2
            continue
        i += 1
    return "".join(chars)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


def _opens_with_mark(text: str, start: int, end: int) -> bool:
    stripped = text[start:end].lstrip()
    return bool(stripped) and (stripped[0] in _OPENING or stripped[0] == _STRAIGHT)


def find_marked_spans(
    text: str, sentence_ends: Sequence[int] = (), max_chars: int = 3000
) -> list[MarkedSpan]:
    """Every stretch of `text` enclosed in quotation marks, in text order.

    Rules (news conventions): a quotation stays within its paragraph unless the paragraph ends
    inside it and the next paragraph opens with a quotation mark (the convention for a quote
    running over several paragraphs); an opening mark never closed is bounded by the end of
    its sentence (`sentence_ends`: character offsets where sentences end); a closing mark
    with no opening one is ignored. So a stray mark never swallows the rest of the article.
    Known failure cases: single quotation marks (‘…’) are not read, because the same character
    is the apostrophe; a stray opening mark in the middle of a real quotation cuts it short.
    """
    text = _double_apostrophes(text)
    paragraphs = _paragraphs(text)
    spans: list[MarkedSpan] = []
    open_at: int | None = None  # index of the pending opening mark
    first_paragraph = 0
    for index, (p_start, p_end) in enumerate(paragraphs):
        paragraph = text[p_start:p_end]
        # The mark that reopens a quotation continued from the last paragraph.
        reopening = (
            p_start + len(paragraph) - len(paragraph.lstrip()) if open_at is not None else -1
        )
        for i in range(p_start, p_end):
            kind = _mark_kind(text, i)
            if kind is None or i == reopening:
                continue
            if open_at is None:
                if kind == "open":
                    open_at, first_paragraph = i, index
                continue
            if kind == "close" or (kind == "open" and text[i] == _STRAIGHT and i > open_at + 1):
                spans.append(
                    MarkedSpan(open_at + 1, i, open_at, i, True, index - first_paragraph + 1)
                )
                open_at = None
            elif kind == "open":  # a second opening mark: the first one was never closed
                spans.append(_unclosed(text, open_at, i, sentence_ends))
                open_at = i
        if open_at is not None:
            nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if nxt and _opens_with_mark(text, *nxt) and text[open_at + 1 : p_end].strip():
                continue  # news convention: the quotation goes on in the next paragraph
            spans.append(_unclosed(text, open_at, p_end, sentence_ends))
            open_at = None
    return [s for s in (_limit(s, text, sentence_ends, max_chars) for s in spans) if s]


def _unclosed(text: str, open_at: int, limit: int, sentence_ends: Sequence[int]) -> MarkedSpan:
    """An opening mark never closed: the quotation ends with its sentence (or at `limit`)."""
    end = limit
    for boundary in sentence_ends:
        if open_at + 1 < boundary <= limit:
            end = boundary
            break
    return MarkedSpan(open_at + 1, end, open_at, None, False, 1)


def _limit(
    span: MarkedSpan, text: str, sentence_ends: Sequence[int], max_chars: int
) -> MarkedSpan | None:
    if span.end - span.start <= max_chars:
        return span
    return _unclosed(text, span.open_mark, span.open_mark + 1 + max_chars, sentence_ends)
