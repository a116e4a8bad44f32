"""A fluent summary written by an LLM from the brief's cited spans, kept only where the spans
back it: every generated sentence must cite sources whose words, numbers and names it uses, and
be close to them in meaning, or it is dropped.

The model sees numbered source sentences (the extractive summary's citations, then the spans of
corroborated and disputed claims) and must end each sentence with the numbers it rests on.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from storyweave.analyse.summary import Encode
from storyweave.analyse.support import SupportConfig, check_support
from storyweave.model import (
    CORROBORATED,
    DISPUTED,
    SINGLE_SOURCE,
    Brief,
    DroppedSentence,
    Span,
    SummaryItem,
    format_date,
)

Complete = Callable[[list[dict[str, str]]], str]
"""Messages -> the model's reply text (storyweave.llm.ChatClient.complete)."""

SYSTEM_PROMPT = (
    "You summarise news for careful readers. Use only facts stated in the numbered source "
    "sentences. Write {low} to {high} short sentences of plain prose, most important first. "
    "End every sentence with the numbers of the sources it rests on, in square brackets, like "
    "[2] or [1][4]. Do not add names, numbers, dates or claims that are not in the sources you "
    "cite. Where sources disagree, say so and cite each side. No headings, no lists."
)
_MARKERS = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# Markers after the full stop ("injured. [1]") move before it, so sentence splitting keeps them.
_TRAILING_MARKERS = re.compile(r"([.!?][\"”’]?)\s*((?:\[\d+(?:\s*[,;]\s*\d+)*\]\s*)+)")
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[A-Z\"“‘(])")


@dataclass(frozen=True)
class LLMSummaryConfig:
    min_sentences: int = 4
    max_sentences: int = 6
    max_sources: int = 24
    # Fewer supported sentences than this and the extractive summary stays.
    min_kept: int = 2
    support: SupportConfig = SupportConfig()


@dataclass(frozen=True)
class Source:
    number: int
    article: str
    start: int
    end: int
    text: str
    label: str  # "Associated Press, 2016-07-21"


def gather_sources(brief: Brief, config: LLMSummaryConfig = LLMSummaryConfig()) -> list[Source]:
    """The spans the model may use: the summary's citations first, then one span of each
    corroborated and disputed claim; each span once, numbered from 1."""
    articles = {a.id: a for a in brief.articles}
    spans: list[Span] = []
    for item in brief.summary:
        spans += list(item.citations)
    for status in (CORROBORATED, DISPUTED):
        for claim in brief.claims:
            if claim.status == status and claim.support:
                spans.append(claim.support[0].span)
    sources: list[Source] = []
    seen: set[Span] = set()
    for span in spans:
        article = articles.get(span.article)
        if span in seen or article is None:
            continue
        seen.add(span)
        start, end = span.start, span.end
        label = ", ".join(
            part for part in (article.source or article.id, format_date(article.published)) if part
        )
        sources.append(
            Source(len(sources) + 1, article.id, start, end, article.text[start:end], label)
        )
        if len(sources) >= config.max_sources:
            break
    return sources


def build_messages(
    brief: Brief, sources: Sequence[Source], config: LLMSummaryConfig = LLMSummaryConfig()
) -> list[dict[str, str]]:
    lines = [f"Story: {brief.story.title}", "", "Sources:"]
    lines += [f"[{s.number}] ({s.label}) {' '.join(s.text.split())}" for s in sources]
    system = SYSTEM_PROMPT.format(low=config.min_sentences, high=config.max_sentences)
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n".join(lines)}]


def split_reply(reply: str) -> list[tuple[str, list[int]]]:
    """The reply's sentences, each with the source numbers it cites (markers removed)."""
    text = " ".join(reply.replace("\r", "").split())
    text = _TRAILING_MARKERS.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", text).strip()
    found = []
    for sentence in _SENTENCE_BREAK.split(text):
        numbers = [int(n) for group in _MARKERS.findall(sentence) for n in re.split(r"[,;]", group)]
        clean = _MARKERS.sub("", sentence)
        clean = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(clean.split())).strip(" -*•")
        if len(clean.split()) >= 3:
            found.append((clean, list(dict.fromkeys(numbers))))
    return found


@dataclass(frozen=True)
class Checked:
    kept: tuple[SummaryItem, ...]
    dropped: tuple[DroppedSentence, ...]


def check_reply(
    reply: str,
    sources: Sequence[Source],
    encode: Encode,
    config: LLMSummaryConfig = LLMSummaryConfig(),
) -> Checked:
    """Each generated sentence kept with citations to the spans that back it, or dropped with
    the reason. A sentence citing nothing is checked against its two closest sources.

    Known failure cases: see `check_support` (a wrong relation between right words passes).
    """
    sentences = split_reply(reply)
    if not sentences or not sources:
        return Checked((), tuple(DroppedSentence(s, "no sources") for s, _ in sentences))
    by_number = {s.number: s for s in sources}
    row = {s.number: i for i, s in enumerate(sources)}
    sentence_vectors = encode([s for s, _ in sentences]).astype(np.float32)
    source_vectors = encode([s.text for s in sources]).astype(np.float32)
    kept, dropped = [], []
    for (text, numbers), vector in zip(sentences, sentence_vectors, strict=True):
        similarities = source_vectors @ vector
        cited = [by_number[n] for n in numbers if n in by_number]
        if not cited:
            closest = np.argsort(-similarities)[:2]
            cited = [sources[int(i)] for i in closest]
        similarity = max(float(similarities[row[s.number]]) for s in cited)
        verdict = check_support(text, [s.text for s in cited], similarity, config.support)
        if not verdict.supported:
            dropped.append(DroppedSentence(text, verdict.reason))
            continue
        articles = {s.article for s in cited}
        kept.append(
            SummaryItem(
                text=text,
                citations=tuple(Span(s.article, s.start, s.end) for s in cited),
                status=CORROBORATED if len(articles) > 1 else SINGLE_SOURCE,
                reports=len(articles),
                method="llm",
            )
        )
    return Checked(tuple(kept), tuple(dropped))


def rewrite_summary(
    brief: Brief, complete: Complete, encode: Encode, config: LLMSummaryConfig = LLMSummaryConfig()
) -> Brief:
    """The brief with its summary written by the model where the check keeps enough of it;
    `summary_method` and `summary_dropped` in the JSON say what happened. The model's errors
    (storyweave.llm.LLMError) propagate: the caller decides whether to go on without it."""
    sources = gather_sources(brief, config)
    if not sources:
        return brief
    reply = complete(build_messages(brief, sources, config))
    checked = check_reply(reply, sources, encode, config)
    if len(checked.kept) < config.min_kept:
        return dataclasses.replace(
            brief, summary_method="extractive", summary_dropped=checked.dropped
        )
    return dataclasses.replace(
        brief,
        summary=checked.kept[: config.max_sentences],
        summary_method="llm",
        summary_dropped=checked.dropped,
    )
