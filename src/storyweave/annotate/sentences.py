"""Sentence spans of an article, from the parse (line breaks always end a sentence)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyweave.model import Sentence

if TYPE_CHECKING:  # the parse comes from the runner; spaCy is imported there
    from spacy.tokens import Doc


def split_sentences(doc: Doc) -> tuple[Sentence, ...]:
    """Sentence character spans with surrounding whitespace left out; blank ones dropped."""
    spans = []
    for sent in doc.sents:
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.start_char + len(text.rstrip())
        if end > start:
            spans.append(Sentence(start, end))
    return tuple(spans)
