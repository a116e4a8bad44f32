"""A story's quotations: speakers named as the story's entities, one quote per quotation
however many outlets carry it, and quotations whose words differ between outlets flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from storyweave.analyse.entities import alias_index
from storyweave.model import AnnotatedArticle, Quote, QuoteGroup, StoryEntity, Support
from storyweave.nlp.names import name_key, strip_titles
from storyweave.nlp.roles import is_role_noun, role_word, role_words

_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\s?\.\s?\.)\s*")
_NOT_WORD = re.compile(r"[^\w\s|]+")


@dataclass(frozen=True)
class QuoteMergeConfig:
    # Two quotations whose folded words are at least this similar are one quotation; below
    # 100 (and not an exact excerpt) their words differ and the quote is flagged misquoted.
    same_quote: float = 80.0
    # A shorter quotation counts as an excerpt of a longer one only from this many words.
    min_excerpt_words: int = 3


@dataclass(frozen=True)
class _Item:
    article: str
    quote: Quote
    speaker: str | None
    words: str  # folded text; "|" marks an elision
    copy: bool = False  # the article is a copy of another (`duplicate_of`)


def fold_quote(text: str) -> str:
    """Lower case, no punctuation, curly and straight apostrophes alike; an ellipsis (an
    elision by the outlet) becomes "|" so that excerpts can be checked piece by piece."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    text = _ELLIPSIS.sub(" | ", text)
    text = _NOT_WORD.sub(" ", text.replace("'", ""))
    return " ".join(text.split())


def _excerpt_of(short: str, long: str) -> bool:
    """Every piece of `short` (split at elisions) appears, in order, in `long`."""
    position = 0
    flat = long.replace(" | ", " ")
    for piece in (p.strip() for p in short.split("|")):
        if not piece:
            continue
        found = f" {flat} ".find(f" {piece} ", position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def canonical_speaker(
    quote: Quote, index: dict[str, str], entities: Sequence[StoryEntity]
) -> str | None:
    """The story entity a quote's speaker is: by name or alias, else (for an unresolved role
    description such as "the Kremlin spokesman") the one person the story gives that role."""
    if quote.speaker_type == "group":
        return None
    if quote.speaker:
        for form in (quote.speaker, strip_titles(quote.speaker)):
            if name_key(form) in index:
                return index[name_key(form)]
        # A surname the article never expanded, expanded by another article of the story.
        key = name_key(strip_titles(quote.speaker))
        owners = {
            e.name for e in entities if e.type == "PERSON" and name_key(e.name).split()[-1] == key
        }
        return owners.pop() if len(owners) == 1 else quote.speaker
    if not quote.speaker_text:
        return None
    words = [role_word(w) for w in quote.speaker_text.split()]
    head = next((w for w in reversed(words) if is_role_noun(w)), None)
    if head is None:
        return None
    wanted = role_words(quote.speaker_text)
    scored = []
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for role in entity.roles:
            have = role_words(role)
            if head in have:
                scored.append((len(wanted & have), entity.name))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    names = {name for score, name in scored if score == best}
    return names.pop() if len(names) == 1 else None


def merge_quotes(
    articles: Sequence[AnnotatedArticle],
    entities: Sequence[StoryEntity],
    config: QuoteMergeConfig = QuoteMergeConfig(),
) -> list[QuoteGroup]:
    """The brief's quotes: one entry per quotation, in story order.

    The same quotation in several articles is one entry with the others in `also_in`: same
    when the folded words match, when one is an excerpt of the other (elisions allowed), or when
    they are at least `same_quote` similar; in that last case the words differ, and the entry is
    `misquoted` with every differing version in `variants`, so a reader can compare them.
    Known failure cases: two different remarks that share most words ("We want peace" /
    "We want peace now") merge and are flagged; a paraphrase is not matched to the quote.
    """
    index = alias_index(entities)
    items = [
        _Item(
            a.id,
            q,
            canonical_speaker(q, index, entities),
            fold_quote(q.text),
            a.article.duplicate_of is not None,
        )
        for a in articles
        for q in a.quotes
    ]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Complete linkage: a group joins another only if every pair across them is the same
    # quotation, so a short fragment ("wants to meet") cannot chain two remarks together.
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    for i, first in enumerate(items):
        for j in range(i + 1, len(items)):
            a, b = find(i), find(j)
            if a == b or first.article == items[j].article:
                continue
            if all(
                items[x].article != items[y].article
                and _relation(items[x].words, items[y].words, config)
                for x in members[a]
                for y in members[b]
            ):
                parent[b] = a
                members[a] += members.pop(b)
    groups = sorted(members.values(), key=min)
    return [_entry([items[k] for k in sorted(group)], config) for group in groups]


def _relation(a: str, b: str, config: QuoteMergeConfig) -> str | None:
    """ "same", "excerpt", "variant" or None (different quotations)."""
    if not a or not b:
        return None
    if a == b:
        return "same"
    short, long = sorted((a, b), key=len)
    if len(short.replace("|", " ").split()) >= config.min_excerpt_words and _excerpt_of(
        short, long
    ):
        return "excerpt"
    if fuzz.ratio(a, b) >= config.same_quote:
        return "variant"
    return None


def _entry(group: list[_Item], config: QuoteMergeConfig) -> QuoteGroup:
    # The fullest version stands for the quotation; the first article breaks ties.
    # An original report stands for the quotation over its wire copies.
    main = max(group, key=lambda it: (not it.copy, len(it.words), -group.index(it)))
    speaker = main.speaker or next((it.speaker for it in group if it.speaker), None)
    speaker_type = main.quote.speaker_type or next(
        (it.quote.speaker_type for it in group if it.quote.speaker_type), None
    )
    differing = [it for it in group if _relation(it.words, main.words, config) == "variant"]
    also_in = tuple(dict.fromkeys(it.article for it in group if it.article != main.article))
    variants = tuple(
        Support(it.article, it.quote.start, it.quote.end, it.quote.text)
        for it in ([main, *differing] if differing else [])
    )
    return QuoteGroup(
        text=main.quote.text,
        speaker=speaker,
        speaker_text=main.quote.speaker_text,
        article=main.article,
        start=main.quote.start,
        end=main.quote.end,
        also_in=also_in,
        kind=main.quote.kind,
        speaker_type=speaker_type,
        misquoted=bool(differing),
        variants=variants,
    )
