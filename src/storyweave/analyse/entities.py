"""A story's entities with aliases merged across its articles.

"President-elect Donald Trump", "Donald Trump" and "Trump" are one person; the small spaCy
model's occasional ORG for a person is outvoted by the name's other mentions.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storyweave.model import AnnotatedArticle, StoryEntity

# Titles and honorifics that precede a name; general English usage, not one story's cast.
_TITLE_WORDS = (
    "president-elect|president|vice president|prime minister|chancellor|minister|secretary|"
    "senator|sen\\.|representative|rep\\.|governor|gov\\.|mayor|king|queen|prince|princess|"
    "pope|judge|justice|general|gen\\.|lt\\.|col\\.|capt\\.|sgt\\.|adm\\.|admiral|colonel|"
    "captain|lieutenant|sergeant|commander|chief|director|ambassador|spokesman|spokeswoman|"
    "spokesperson|mr\\.?|mrs\\.?|ms\\.?|dr\\.?|prof\\.?|professor|sir|dame|lord|lady|sheikh|"
    "former|retired|late|acting|deputy|interim"
)
_LEADING_TITLES = re.compile(rf"^(?:(?:{_TITLE_WORDS})\s+)+", re.IGNORECASE)
_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT")


@dataclass(frozen=True)
class EntityMergeConfig:
    types: tuple[str, ...] = _TYPE_ORDER
    # An entity mentioned once in one article is rarely what a reader looks for.
    min_mentions: int = 1


def name_key(name: str) -> str:
    """Case, apostrophe style and spacing do not make another entity."""
    return " ".join(name.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def strip_titles(name: str) -> str:
    stripped = _LEADING_TITLES.sub("", name).strip()
    return stripped or name


def merge_entities(
    articles: Sequence[AnnotatedArticle], config: EntityMergeConfig = EntityMergeConfig()
) -> list[StoryEntity]:
    """Entities of a story, most mentioned first.

    Rules, in order: titles are stripped ("President Joe Biden" -> "Joe Biden"); mentions with
    the same name (case-insensitive) are one entity whose type is the majority type; a
    one-word person name joins the only longer person name ending or starting with it.
    Known failure cases: two people sharing a surname stay split from the surname alone;
    spelling variants of places (Kiev/Kyiv) and role descriptions are not merged yet.
    """
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[str, set[str]] = defaultdict(set)
    for annotated in articles:
        for mention in annotated.entities:
            name = strip_titles(mention.text)
            if sum(ch.isalpha() for ch in name) < 2:  # "I." and other tagger debris
                continue
            key = name_key(name)
            forms[key][name] += 1
            types[key][mention.type] += 1
            where[key].add(annotated.id)

    majority = {key: counts.most_common(1)[0][0] for key, counts in types.items()}
    parent = _surname_parents(majority)

    merged_forms: dict[str, Counter[str]] = defaultdict(Counter)
    merged_where: dict[str, set[str]] = defaultdict(set)
    for key in forms:
        root = parent.get(key, key)
        merged_forms[root].update(forms[key])
        merged_where[root] |= where[key]

    entities = []
    for root, counts in merged_forms.items():
        kind = majority[root]
        mentions = sum(counts.values())
        if kind not in config.types or mentions < config.min_mentions:
            continue
        name = _canonical_name(counts)
        aliases = tuple(sorted(f for f in counts if f != name))
        article_order = [a.id for a in articles if a.id in merged_where[root]]
        entities.append(StoryEntity(name, kind, aliases, tuple(article_order), mentions))
    entities.sort(key=lambda e: (-e.mentions, -len(e.articles), e.name))
    return entities


def _surname_parents(majority: dict[str, str]) -> dict[str, str]:
    """One-word person keys -> the unique multi-word person key they abbreviate."""
    people = [k for k, t in majority.items() if t == "PERSON" and " " in k]
    parents = {}
    for key, kind in majority.items():
        if " " in key or kind not in ("PERSON", "ORG"):
            continue
        matches = [p for p in people if p.split()[-1] == key or p.split()[0] == key]
        if len(matches) == 1:
            parents[key] = matches[0]
    return parents


def _canonical_name(counts: Counter[str]) -> str:
    """The fullest common form: most words first, then most frequent, then alphabetical."""
    return max(counts, key=lambda f: (len(f.split()), counts[f], f))
