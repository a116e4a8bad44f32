"""Quotations of one article with their speakers: the article-level half of "who said what".

Quotation marks are paired on the text (`quote_marks`), speakers found on the parse
(`speakers`); this module decides which marked stretches are quotations of someone at all
(not titles, names of works or scare quotes) and what kind they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyweave.annotate.quote_marks import MarkedSpan, find_marked_spans
from storyweave.annotate.speakers import (
    ArticleSpeakers,
    Attribution,
    attribute,
    build_context,
    labelled,
    named_after,
    named_before,
    remember,
)
from storyweave.model import Article, Quote

if TYPE_CHECKING:  # the parse comes from the runner; spaCy is imported there
    from spacy.tokens import Doc, Span

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# Words left lower case in a title ("TQM in Practice", "The Art of the Deal").
_TITLE_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "vs",
        "via",
        "into",
        "over",
    ]
)
_TRIM = " \t\n,;:\u2014\u2013-"
_SENTENCE_END = (".", "?", "!", "\u2026")


@dataclass(frozen=True)
class QuotesConfig:
    # A quoted stretch this short is a term or scare quote unless a reporting verb governs it.
    min_words: int = 3
    # Longer unattributed stretches count only if they read as speech (contain a verb).
    max_chars: int = 3000


def extract_quotes(
    doc: Doc, article: Article, config: QuotesConfig = QuotesConfig()
) -> tuple[Quote, ...]:
    """Direct, mixed and "according to" quotations of one parsed article, with speakers.

    A quotation with no speaker of its own continues the previous one's (`"...," he said.
    "..."`) when it is in the same paragraph or opens the next. Titles (every content word
    capitalised, no final stop), one- or two-word terms and verbless fragments that no
    reporting verb governs are not quotations of anyone and are left out.
    Known failure cases: quotations in single marks; a speaker named only in a headline; a
    verbless fragment quoted from someone without a reporting verb ("the "special operation"").
    """
    return quotes_with_context(doc, article, config)[0]


def quotes_with_context(
    doc: Doc, article: Article, config: QuotesConfig = QuotesConfig()
) -> tuple[tuple[Quote, ...], ArticleSpeakers]:
    """`extract_quotes` and the speaker context it built, for the attribution stage to go on
    with (pronouns then resolve through the quotations' speakers too)."""
    text = doc.text
    if not text.strip():
        return (), build_context(doc, [])
    sentence_ends = [s.end_char for s in doc.sents]
    spans = [
        s
        for s in (
            _trimmed(text, m) for m in find_marked_spans(text, sentence_ends, config.max_chars)
        )
        if s
    ]
    ctx = build_context(doc, [(s.start, s.end) for s in spans])
    quotes: list[Quote] = []
    previous: tuple[MarkedSpan, Attribution] | None = None
    for span in spans:
        quoted = text[span.start : span.end]
        kind = _kind(text, span)
        found = labelled(ctx, text, span.start) or attribute(
            ctx, span.start, span.end, direct=kind == "direct"
        )
        if found.via == "none":
            found = named_after(ctx, span.end) or found
        # A signature line ("” ― Ana Ruiz") closes its quotation: the next one is someone else's.
        continues = (
            found.via == "none"
            and previous
            and previous[1].via != "dash"
            and _continues(text, previous[0], span)
        )
        if found.via == "none" and not continues:
            found = named_before(ctx, span.open_mark) or found
        # A short full sentence right after a quote ("...," he said. "Nobody came.") goes on
        # with it; other short unattributed stretches are terms, not speech.
        sentence = quoted[:1].isupper() and quoted.endswith(_SENTENCE_END)
        if not (continues and sentence) and not _is_quotation(
            ctx.tokens_in(span.start, span.end), quoted, found, config
        ):
            continue
        if continues and previous:
            found = previous[1]
        quotes.append(
            Quote(
                text=quoted,
                start=span.start,
                end=span.end,
                speaker_text=found.speaker_text,
                speaker=found.speaker if found.speaker_type != "group" else None,
                speaker_start=found.start,
                speaker_end=found.end,
                kind=kind,
                speaker_type=found.speaker_type,
            )
        )
        remember(ctx, found)
        previous = (span, found)
    return tuple(quotes), ctx


def _trimmed(text: str, span: MarkedSpan) -> MarkedSpan | None:
    """Leading/trailing spaces and commas are the sentence's, not the speaker's."""
    start, end = span.start, span.end
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if not any(ch.isalpha() for ch in text[start:end]):
        return None
    return MarkedSpan(start, end, span.open_mark, span.close_mark, span.closed, span.paragraphs)


def is_title(quoted: str) -> bool:
    """Every content word capitalised and no sentence-final stop: a name, title or slogan."""
    words = _WORD.findall(quoted)
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    if not content or len(words) > 10 or quoted.rstrip().endswith(_SENTENCE_END):
        return False
    if len(words) == 1 and words[0].isupper() is False and words[0][0].isupper():
        return True  # a single capitalised word: a name ("Oreshnik"), not speech
    return len(content) >= 1 and all(w[0].isupper() or w[0].isdigit() for w in content)


def _is_quotation(tokens: Span, quoted: str, found: Attribution, config: QuotesConfig) -> bool:
    if is_title(quoted):
        return False
    words = _WORD.findall(quoted)
    if found.via in ("verb", "label", "dash"):
        return True
    if len(words) < config.min_words:
        return False
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in tokens)
    if found.via in ("sentence", "according_to"):
        return True
    if found.via == "subject":
        return has_verb
    return has_verb and (len(words) >= 4 or quoted.endswith(_SENTENCE_END))


def _continues(text: str, previous: MarkedSpan, span: MarkedSpan) -> bool:
    """Same paragraph, or this quotation opens the paragraph right after the previous one's."""
    between = text[previous.end : span.open_mark]
    lines = between.split("\n")
    if len(lines) == 1:
        return True
    # Blank lines between paragraphs (how many sources set them) are still one break.
    one_break = all(not line.strip() for line in lines[1:-1])
    line_start = text.rfind("\n", 0, span.open_mark) + 1
    opens_paragraph = not text[line_start : span.open_mark].strip()
    return one_break and opens_paragraph


def _kind(text: str, span: MarkedSpan) -> str:
    """ "mixed" when the quoted words are part of the reporting sentence's own syntax."""
    before = text[: span.open_mark].rstrip(" \t")  # a line break ends the sentence before
    if before and (before[-1].isalnum()):
        return "mixed"
    quoted = text[span.start : span.end]
    after_mark = span.close_mark + 1 if span.close_mark is not None else span.end
    after = text[after_mark : after_mark + 20].lstrip(" \t\n'")
    first = next((ch for ch in quoted if ch.isalpha()), "")
    if first.islower() and not quoted.endswith(_SENTENCE_END) and after[:1].isalpha():
        return "mixed"
    return "direct"
