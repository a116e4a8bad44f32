"""Named-entity mentions of one article: people, organisations, places and groups."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from storyweave.model import EntityMention

# Leading words that belong to the sentence, not the name ("the Kremlin" -> "Kremlin").
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")


@dataclass(frozen=True)
class EntitiesConfig:
    types: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")
    max_chars: int = 80


def extract_entities(
    doc: Doc, config: EntitiesConfig = EntitiesConfig()
) -> tuple[EntityMention, ...]:
    """Entity mentions with offsets into the article text.

    Trims a leading article and a trailing possessive so that "the Kremlin's" and "Kremlin"
    are the same name. Known failure cases: the small model tags some people as ORG and
    splits names across line breaks; story-level merging corrects types by majority.
    """
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in config.types:
            continue
        mention = _clean(ent)
        if mention and len(mention.text) <= config.max_chars:
            mentions.append(mention)
    return tuple(mentions)


def _clean(ent: Span) -> EntityMention | None:
    text = ent.text
    start = ent.start_char
    leading = _LEADING.match(text)
    if leading:
        start += leading.end()
        text = text[leading.end() :]
    trailing = _POSSESSIVE.search(text)
    if trailing:
        text = text[: trailing.start()]
    text = text.strip()
    if "\n" in text or not any(ch.isalpha() for ch in text):
        return None
    return EntityMention(text=text, type=ent.label_, start=start, end=start + len(text))
