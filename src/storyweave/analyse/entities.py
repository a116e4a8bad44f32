"""A story's entities with aliases merged across its articles.

"President-elect Donald Trump", "Donald Trump" and "Trump" are one person; "Kiev" and "Kyiv"
one place; the small spaCy model's occasional ORG for a person is outvoted by the name's other
mentions.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from storyweave.model import AnnotatedArticle, StoryEntity
from storyweave.nlp.names import TITLE_BEFORE
from storyweave.nlp.names import name_key as name_key  # re-exported: other stages use it
from storyweave.nlp.names import strip_titles as strip_titles
from storyweave.nlp.roles import PersonRole, find_roles

_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT")
_PLACES = ("GPE", "LOC")
# Separators of a list of names: "Washington, Kiev, and Moscow".
_LIST_SEPARATOR = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$")


@dataclass(frozen=True)
class EntityMergeConfig:
    types: tuple[str, ...] = _TYPE_ORDER
    # An entity mentioned once in one article is rarely what a reader looks for.
    min_mentions: int = 1
    # A one-word PERSON tag with no full name or title in the story is the small model's
    # usual guess for any capitalised word (it tags Kiev PERSON); it counts this much.
    weak_person_vote: float = 0.25
    # Spelling variants (Kiev/Kyiv): least similarity of the transliteration-folded names.
    variant_similarity: float = 70.0
    max_roles: int = 6
    # Outlets are who reports, not who the story is about (see `merge_entities`).
    drop_sources: bool = True


def translit_key(name: str) -> str:
    """A spelling that transliteration variants share: accents dropped, y/j/i and w/v folded,
    kh/zh/ph/ck simplified, doubled letters and -iy/-yy endings collapsed ("Kyiv" ~ "Kiev"
    after the vowel skeleton, "Zelenskyy" -> "zelenski", "Odessa" -> "odesa")."""
    text = unicodedata.normalize("NFKD", name_key(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['\-.]", "", text)
    for old, new in (("kh", "h"), ("zh", "z"), ("ph", "f"), ("ck", "k"), ("ts", "c"), ("w", "v")):
        text = text.replace(old, new)
    text = re.sub(r"[yj]", "i", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return text


def _skeleton(key: str) -> str:
    """First letter plus consonants of each word: vowels are what transliterations disagree on."""
    return " ".join(w[0] + re.sub(r"[aeiou]", "", w[1:]) for w in key.split() if w)


def merge_entities(
    articles: Sequence[AnnotatedArticle], config: EntityMergeConfig = EntityMergeConfig()
) -> list[StoryEntity]:
    """Entities of a story, most mentioned first.

    Rules, in order: titles are stripped ("President Joe Biden" -> "Joe Biden"; the titled form
    stays as an alias); mentions with the same name (case-insensitive) are one entity; a
    one-word name joins the only longer person name ending (else starting) with it; spelling
    variants join when their transliteration-folded forms agree and they never appear in the
    same article (an outlet keeps to one spelling, so two similar names in one article are two
    things); the type is the weighted majority of the merged mentions, where a one-word PERSON
    tag without a full name counts little and a name listed among places ("Washington, Kiev,
    and Moscow") votes for a place. Entities equal to an article's `source` are dropped: an
    outlet naming itself is the report's byline, not the story's actor.
    Known failure cases: two people sharing a surname stay split from the surname alone;
    transliterations that differ in consonants (Chernihiv/Tschernigow) stay apart.
    """
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, set[str]] = defaultdict(set)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    titled: set[str] = set()
    where: dict[str, set[str]] = defaultdict(set)
    positions: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for annotated in articles:
        text = annotated.article.text
        mentions = sorted(annotated.entities, key=lambda m: m.start)
        for index, mention in enumerate(mentions):
            name = strip_titles(mention.text)
            if sum(ch.isalpha() for ch in name) < 2:  # "I." and other tagger debris
                continue
            key = name_key(name)
            forms[key][name] += 1
            surfaces[key].add(mention.text)
            votes[key][mention.type] += 1
            where[key].add(annotated.id)
            positions[key].append((annotated.id, mention.start, mention.end))
            if name != mention.text or TITLE_BEFORE.search(
                text[max(0, mention.start - 20) : mention.start]
            ):
                titled.add(key)
            for other in (
                mentions[index - 1] if index else None,
                mentions[index + 1] if index + 1 < len(mentions) else None,
            ):
                if other is None or other.type not in _PLACES:
                    continue
                gap = text[min(mention.end, other.end) : max(mention.start, other.start)]
                if _LIST_SEPARATOR.match(gap):
                    votes[key][other.type] += 1

    people = {k for k, c in votes.items() if " " in k and c.most_common(1)[0][0] == "PERSON"}
    parent = _surname_parents(votes, people)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in forms:
        groups[parent.get(key, key)].append(key)
    groups = _merge_variants(groups, where, config)

    sources = {name_key(a.article.source) for a in articles if a.article.source}
    sources |= {s[4:] for s in sources if s.startswith("the ")}
    entities = []
    for keys in groups.values():
        kind = _group_type(keys, votes, titled, people, config)
        counts: Counter[str] = Counter()
        for key in keys:
            counts.update(forms[key])
        total = sum(counts.values())
        if kind not in config.types or total < config.min_mentions:
            continue
        if config.drop_sources and any(k in sources for k in keys):
            continue
        name = _canonical_name(counts)
        aliases = {f for f in counts if f != name}
        aliases |= {s for k in keys for s in surfaces[k] if strip_titles(s) != s}
        roles: tuple[str, ...] = ()
        if kind == "PERSON":
            found = _roles(articles, keys, positions)
            aliases |= {f"{r.role} {n}" for r, n in found if r.before}
            roles = tuple(dict.fromkeys(r.role for r, _ in found))[: config.max_roles]
        seen = set().union(*(where[k] for k in keys))
        article_order = [a.id for a in articles if a.id in seen]
        entities.append(
            StoryEntity(name, kind, tuple(sorted(aliases)), tuple(article_order), total, roles)
        )
    entities.sort(key=lambda e: (-e.mentions, -len(e.articles), e.name))
    return entities


def _roles(
    articles: Sequence[AnnotatedArticle],
    keys: list[str],
    positions: dict[str, list[tuple[str, int, int]]],
) -> list[tuple[PersonRole, str]]:
    """Role phrases next to the group's mentions, with the mention's own text."""
    by_article: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for key in keys:
        for article_id, start, end in positions[key]:
            by_article[article_id].append((key, start, end))
    found = []
    for annotated in articles:
        text = annotated.article.text
        spans = [(text[s:e], s, e) for _, s, e in by_article.get(annotated.id, [])]
        found += [(r, r.name) for r in find_roles(text, spans)]
    return found


def _group_type(
    keys: list[str],
    votes: dict[str, Counter[str]],
    titled: set[str],
    people: set[str],
    config: EntityMergeConfig,
) -> str:
    if any(k in people for k in keys):
        return "PERSON"  # a full name tagged PERSON outweighs its surname's ORG tags
    full_name = any(k in titled for k in keys)
    total: dict[str, float] = defaultdict(float)
    for key in keys:
        for kind, count in votes[key].items():
            weak = kind == "PERSON" and not full_name and " " not in key
            total[kind] += count * (config.weak_person_vote if weak else 1.0)
    return max(total, key=lambda t: (total[t], -_TYPE_ORDER.index(t) if t in _TYPE_ORDER else -99))


def _surname_parents(votes: dict[str, Counter[str]], people: set[str]) -> dict[str, str]:
    """One-word keys -> the unique multi-word person key ending (else starting) with them."""
    parents = {}
    for key, counts in votes.items():
        if " " in key or not (counts["PERSON"] or counts["ORG"]):
            continue
        for position in (-1, 0):
            matches = [p for p in people if p.split()[position] == key]
            if len(matches) == 1:
                parents[key] = matches[0]
                break
            if matches:
                break  # two people share it: do not guess
    return parents


def _merge_variants(
    groups: dict[str, list[str]], where: dict[str, set[str]], config: EntityMergeConfig
) -> dict[str, list[str]]:
    """Join groups whose names are spelling variants of each other (see `merge_entities`)."""
    roots = sorted(groups, key=lambda r: -sum(len(where[k]) for k in groups[r]))
    articles = {r: set().union(*(where[k] for k in groups[r])) for r in roots}
    folded = {r: translit_key(r) for r in roots}
    merged: dict[str, list[str]] = {}
    for root in roots:
        target = None
        for other in merged:
            if len(folded[other].split()) != len(folded[root].split()) or len(root) < 4:
                continue
            if articles[other] & articles[root]:
                continue
            if _skeleton(folded[other]) != _skeleton(folded[root]):
                continue
            if fuzz.ratio(folded[other], folded[root]) >= config.variant_similarity:
                target = other
                break
        if target is None:
            merged[root] = list(groups[root])
        else:
            merged[target].extend(groups[root])
            articles[target] = articles[target] | articles[root]
    return merged


def _canonical_name(counts: Counter[str]) -> str:
    """The fullest common form: most words first, then most frequent, then alphabetical."""
    return max(counts, key=lambda f: (len(f.split()), counts[f], f))


def alias_index(entities: Sequence[StoryEntity]) -> dict[str, str]:
    """name_key of every name, alias and title-stripped alias -> the entity's canonical name."""
    index: dict[str, str] = {}
    for entity in entities:
        for form in (entity.name, *entity.aliases):
            index.setdefault(name_key(form), entity.name)
            index.setdefault(name_key(strip_titles(form)), entity.name)
    return index
