"""A story's entities with aliases merged across its articles.

"President-elect Barack Obama", "Barack Obama" and "Obama" are one person; "Kiev" and "Kyiv"
one place; the small spaCy model's occasional ORG for a person is outvoted by the name's other
mentions.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from storyweave.analyse import aliases as alias_rules
from storyweave.model import AnnotatedArticle, EntityMention, StoryEntity
from storyweave.nlp.entity_context import context_type
from storyweave.nlp.names import PROSE_LOWER, TITLE_BEFORE, alias_key, initials
from storyweave.nlp.names import name_key as name_key  # re-exported: other stages use it
from storyweave.nlp.names import strip_titles as strip_titles
from storyweave.nlp.polities import is_place_name
from storyweave.nlp.roles import PersonRole, find_roles

_TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT")
_PLACES = ("GPE", "LOC")
_GERUND = re.compile(r"[a-z]{2,}ing")
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
    # A mention whose context says its type ("X, the union's general secretary", "in X",
    # "X Authority") counts this many tagger votes.
    context_vote: float = 2.0
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
    stays as an alias); mentions with the same name (case-insensitive, company suffix, quote
    marks and a nickname inside dropped) are one entity; a common word the tagger glued to a
    person's name is dropped ("Interior Ken Salazar"); full names join with and without a
    middle name, with a short form of the given name ("Katie"/"Kathryn"), a slip in it or a
    long and short form sharing four letters ("Alexis"/"Alexandros", never both in one
    article), and a name with a nickname inside joins the nickname with the surname ("Luis
    (Jerry) Ortiz" ~ "Jerry Ortiz"); a one-word name joins the only longer person name
    ending (else starting) with it, and a surname or given name several people share joins
    the one the story names in full far more often (a given name: the one named in full in
    every article that uses it alone);
    spelling variants join when their transliteration-folded forms agree and they never
    appear in the same article (an outlet keeps to one spelling, so two similar names in one
    article are two things); initialisms join the one name they spell (also without its
    head word or a leading "The") and the organisation names they start; places join with and
    without a leading word or a feature's head word, organisations with and without a place,
    a care-facility head, their words reordered or one "and" remit more (aliases.py); the
    type is the weighted majority of the merged mentions, where a one-word PERSON tag without
    a full name counts little and a name listed among places ("Washington, Kiev, and
    Moscow") votes for a place. Entities equal to an article's `source` are dropped: an
    outlet naming itself is the report's byline, not the story's actor.
    Known failure cases: two people sharing a surname and named equally often stay split from
    the surname alone; transliterations that differ in consonants (Chernihiv/Tschernigow) stay
    apart; a city and its team ("Indianapolis"/"Indianapolis Colts") stay apart on purpose.
    """
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, set[str]] = defaultdict(set)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    evidence: dict[str, Counter[str]] = defaultdict(Counter)
    titled: set[str] = set()
    where: dict[str, set[str]] = defaultdict(set)
    positions: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for annotated in articles:
        text = annotated.article.text
        mentions = sorted(annotated.entities, key=lambda m: m.start)
        # A pronoun after a name refers to it unless another person is named in between.
        people_after = [
            next((o.start for o in mentions[i + 1 :] if o.type == "PERSON"), None)
            for i in range(len(mentions))
        ]
        said_of = [
            context_type(text, m.start, m.end, m.type, people_after[i])
            for i, m in enumerate(mentions)
        ]
        listed_place = _listed_with_place(text, mentions, said_of)
        for index, mention in enumerate(mentions):
            name = strip_titles(mention.text)
            if sum(ch.isalpha() for ch in name) < 2:  # "I." and other tagger debris
                continue
            key = alias_key(name)
            forms[key][name] += 1
            surfaces[key].add(mention.text)
            said = said_of[index]
            if said:
                evidence[key][said] += 1
            else:
                votes[key][mention.type] += 1
            where[key].add(annotated.id)
            positions[key].append((annotated.id, mention.start, mention.end))
            if name != mention.text or TITLE_BEFORE.search(
                text[max(0, mention.start - 20) : mention.start]
            ):
                titled.add(key)
            place = listed_place[index]
            if place:
                votes[key][place] += 1

    # Lower-case words of the story: a "first name" among them is tagger debris ("Having X").
    # (More often lower case than capitalised: a URL or a lower-cased headline may hold a name.)
    cased = Counter(w for a in articles for w in re.findall(r"\b[A-Za-z][a-z]+\b", a.article.text))
    common = {w for w, n in cased.items() if w.islower() and n > cased[w.capitalize()]}
    scores = {k: _scores(votes[k], evidence[k], config) for k in forms}
    persons = {k for k, c in scores.items() if c and _top(c) == "PERSON"}
    # Words the story writes in lower case in running prose (after a word, so not in the URL
    # slugs some pages carry: "regina - benjamin - surgeon").
    lowered = {w for a in articles for w in PROSE_LOWER.findall(a.article.text)}
    debris = alias_rules.leading_debris(set(forms), persons, lowered)
    tables = (forms, surfaces, votes, evidence, where, positions)
    for key, target in debris.items():
        _fold_key(tables, titled, key, target)
    scores = {k: _scores(votes[k], evidence[k], config) for k in forms}
    people = {k for k, c in scores.items() if " " in k and c and _top(c) == "PERSON"}
    people |= _named_by_surname(scores, evidence, people)
    # A comma, "and" or a slash inside is two names run together ("Tonys, Moor", "Locke and
    # Salazar"), not one person.
    # A sentence-opening gerund the tagger swallows ("Joining Moor said") is not a first name.
    people = {
        p
        for p in people
        if p.split()[0] not in common
        and not re.search(r",|/| and ", p)
        and not _GERUND.fullmatch(p.split()[0])
        and not alias_rules.care_head(p)  # "Morningside Recovery", tagged PERSON
    }
    # A place name ("Washington") is not the surname of a person it matches.
    # A word only ever tagged a place may still be a surname ("Vell", tagged GPE) unless the
    # gazetteer or the context ("in Vell") says place.
    named = {
        k
        for k, c in scores.items()
        if c.get("PERSON")
        or c.get("ORG")
        or not (is_place_name(k) or any(evidence[k][t] for t in _PLACES))
    }
    # A word the tagger and context call a place may still be a first name when the person it
    # starts is tagged PERSON throughout and it is not a known place, nor "in X" in a quarter
    # of its mentions ("Kathina", tagged GPE and twice "from Kathina's home", is "Kathina
    # Thomas"; "Jacksonville" is not "Jacksonville Jaguars", a team the tagger calls FAC).
    placed_first = {
        k
        for k in forms
        if k not in named
        and " " not in k
        and not is_place_name(k)
        and 4 * sum(evidence[k][t] for t in _PLACES) < sum(forms[k].values())
    }
    sure = {p for p in people if votes[p]["PERSON"] >= 2 and set(votes[p]) == {"PERSON"}}
    groups = _person_groups(forms, people, where, (named, placed_first, sure))
    groups = _merge_variants(groups, where, config, people)
    groups = _merge_initialisms(groups, forms, people)
    kinds = {r: _group_type(k, votes, evidence, titled, people, config) for r, k in groups.items()}
    groups = _merge_initialism_led(groups, forms, kinds)
    kinds = {r: _group_type(k, votes, evidence, titled, people, config) for r, k in groups.items()}
    places = {k for r, keys in groups.items() if kinds[r] in _PLACES for k in keys}
    groups = alias_rules.merge_place_prefixed(groups, kinds, places)
    groups = alias_rules.merge_place_names(groups, kinds, is_place_name)
    groups = alias_rules.merge_care_heads(groups, kinds, people)
    groups = alias_rules.merge_org_tails(groups, kinds, lowered)
    groups = alias_rules.merge_reordered_names(groups, kinds)
    groups = alias_rules.merge_coordinated_names(groups, kinds)

    sources = {alias_key(a.article.source) for a in articles if a.article.source}
    sources |= {s[4:] for s in sources if s.startswith("the ")}
    entities = []
    title_roles: dict[str, set[str]] = {}
    for keys in groups.values():
        kind = _group_type(keys, votes, evidence, titled, people, config)
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
        aliases |= {
            s for k in keys for s in surfaces[k] if strip_titles(s) != s or s not in counts
        } - {name}
        roles: tuple[str, ...] = ()
        if kind == "PERSON":
            found = _roles(articles, keys, positions)
            aliases |= {f"{r.role} {n}" for r, n in found if r.before}
            title_roles[name] = {r.role for r, _ in found if r.before}
            roles = tuple(dict.fromkeys(r.role for r, _ in found))[: config.max_roles]
        seen = set().union(*(where[k] for k in keys))
        article_order = [a.id for a in articles if a.id in seen]
        entities.append(
            StoryEntity(name, kind, tuple(sorted(aliases)), tuple(article_order), total, roles)
        )
    entities = _role_aliases(entities, title_roles)
    entities.sort(key=lambda e: (-e.mentions, -len(e.articles), e.name))
    return entities


_PLAIN_ROLE = re.compile(r"[A-Za-z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*){0,2}")


def _role_aliases(
    entities: list[StoryEntity], title_roles: dict[str, set[str]]
) -> list[StoryEntity]:
    """A title the story gives to only one person ("President-elect Lena Moor") names that
    person when it stands alone: "the president-elect" becomes an alias, so a speaker or a
    quote named only by the role finds the person. A title two people share ("President")
    names neither. Only plain titles of up to three words ("Kremlin spokesman"), not
    descriptions with a possessive ("Moor's adviser")."""
    holders: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for role in title_roles.get(entity.name, ()):
            if _PLAIN_ROLE.fullmatch(role):
                holders[alias_key(role)].add(entity.name)  # "U.S. President" = "US President"
    result = []
    for entity in entities:
        extra = {
            f"the {role}"
            for role in title_roles.get(entity.name, ())
            if holders.get(alias_key(role)) == {entity.name}
        }
        extra = {e for e in extra if name_key(e) not in {name_key(a) for a in entity.aliases}}
        if extra:
            entity = replace(entity, aliases=tuple(sorted({*entity.aliases, *extra})))
        result.append(entity)
    return result


def _listed_with_place(
    text: str, mentions: Sequence[EntityMention], said_of: Sequence[str | None]
) -> list[str | None]:
    """Per mention, the place type of another item of the list of names it stands in
    ("the Donetsk, Luhansk, Kherson, and Zaporizhzhia regions"), else None."""
    seen_as = [said or m.type for m, said in zip(mentions, said_of, strict=True)]
    chains: list[list[int]] = []
    for index in range(len(mentions)):
        gap = text[mentions[index - 1].end : mentions[index].start] if index else ""
        if index and _LIST_SEPARATOR.match(gap):
            chains[-1].append(index)
        else:
            chains.append([index])
    found: list[str | None] = [None] * len(mentions)
    for chain in chains:
        for index in chain:
            places = [seen_as[i] for i in chain if i != index and seen_as[i] in _PLACES]
            found[index] = places[0] if places else None
    return found


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


def _scores(
    votes: Counter[str], evidence: Counter[str], config: EntityMergeConfig
) -> dict[str, float]:
    """Tagger votes plus context evidence, which counts `context_vote` times."""
    total: dict[str, float] = defaultdict(float)
    for kind, count in votes.items():
        total[kind] += count
    for kind, count in evidence.items():
        total[kind] += count * config.context_vote
    return total


def _top(total: dict[str, float]) -> str:
    return max(total, key=lambda t: (total[t], -_TYPE_ORDER.index(t) if t in _TYPE_ORDER else -99))


def _group_type(
    keys: list[str],
    votes: dict[str, Counter[str]],
    evidence: dict[str, Counter[str]],
    titled: set[str],
    people: set[str],
    config: EntityMergeConfig,
) -> str:
    # A full name tagged PERSON outweighs its surname's ORG tags, unless the person's names
    # are a small part of a group of other full names ("Gordon Advisers", tagged PERSON
    # twice, in a group of twelve "Gordon Advisors" tagged ORG).
    def size(key: str) -> int:
        return sum(votes[key].values()) + sum(evidence[key].values())

    named_by = sum(size(k) for k in keys if k in people)
    if named_by and 3 * named_by >= sum(size(k) for k in keys if " " in k):
        return "PERSON"
    if any(is_place_name(k) for k in keys):
        return "GPE"  # a state or capital of the gazetteer (nlp/polities.py), not a guess
    full_name = any(k in titled for k in keys)
    total: dict[str, float] = defaultdict(float)
    for key in keys:
        for kind, count in votes[key].items():
            weak = kind == "PERSON" and not full_name and " " not in key
            total[kind] += count * (config.weak_person_vote if weak else 1.0)
        for kind, count in evidence[key].items():
            total[kind] += count * config.context_vote
    return _top(total)


def _named_by_surname(
    scores: dict[str, dict[str, float]], evidence: dict[str, Counter[str]], people: set[str]
) -> set[str]:
    """Full names ("Robby Mook", tagged ORG) whose last word the story uses alone for a
    person at least twice ("Mook said. He added"): first name + surname, reused. Known
    failure case: a company named after its founder ("Ford Motor") whose surname is used
    alone for the founder."""
    found = set()
    for key, total in scores.items():
        words = key.split()
        if key in people or not 2 <= len(words) <= 3 or not total:
            continue
        if _top(total) == "ORG" and evidence[key]["ORG"]:
            continue  # "Tennessee Valley Authority": its own last word says organisation
        surname = scores.get(words[-1])
        if surname and _top(surname) == "PERSON" and surname["PERSON"] >= 2:
            found.add(key)
    return found


def _merge_initialisms(
    groups: dict[str, list[str]], forms: dict[str, Counter[str]], people: set[str]
) -> dict[str, list[str]]:
    """Join an initialism ("US", "U.S.") to the only multi-word name of the story whose
    capitalised words it spells ("United States"); people are left out ("JFK" is a nickname
    the rule cannot check)."""
    spelled: dict[str, list[str]] = defaultdict(list)
    for root, keys in groups.items():
        for key in keys:
            if " " in key and key not in people:
                for form in forms[key]:
                    for letters in _initialism_forms(initials(form)):
                        if root not in spelled[letters]:
                            spelled[letters].append(root)
    merged = {root: list(keys) for root, keys in groups.items()}
    for root, keys in groups.items():
        if root not in merged or any(" " in k for k in keys):
            continue
        acronyms = {f.replace(".", "") for k in keys for f in forms[k] if _is_initialism(f)}
        targets = {t for a in acronyms for t in spelled.get(a, []) if t != root and t in merged}
        if len(acronyms) == 1 and len(targets) == 1:
            (target,) = targets
            merged[target].extend(merged.pop(root))
    return merged


# Last words of a body that is part of a larger one, not the larger one under another name:
# the "KTV Ethics Council" is not "KTV", but "KTV News" is the broadcaster "KTV".
_SUB_BODY = frozenset(
    {
        "council",
        "committee",
        "commission",
        "court",
        "agency",
        "programme",
        "program",
        "fund",
        "office",
        "department",
        "bureau",
        "board",
        "mission",
        "force",
        "assembly",
        "secretariat",
    }
)


def _merge_initialism_led(
    groups: dict[str, list[str]], forms: dict[str, Counter[str]], kinds: dict[str, str]
) -> dict[str, list[str]]:
    """An organisation written as an initialism ("KTV") and the organisation names that start
    with it ("KTV Television Network", "KTV Entertainment") are one: news names a broadcaster
    or company by its initials and by its brands. A name ending in a sub-body's head word
    (`_SUB_BODY`: "KTV Ethics Council") stays apart, as does a short form that is not an
    organisation ("US" beside "US Army" is the country)."""
    merged = {root: list(keys) for root, keys in groups.items()}
    roots_of = {k: r for r, keys in groups.items() for k in keys}
    for root, keys in groups.items():
        if kinds.get(root) != "ORG" or root not in merged:
            continue
        shorts = [k for k in keys if " " not in k and any(_is_initialism(f) for f in forms[k])]
        for short in shorts:
            led = {
                roots_of[k]
                for k in roots_of
                if k.startswith(short + " ")
                and k.split()[-1] not in _SUB_BODY
                and kinds.get(roots_of[k]) == "ORG"
            }
            for other in sorted(led - {root}):
                if other in merged and root in merged:
                    merged[root].extend(merged.pop(other))
    return merged


# Initials of the head word news drops from a body's name but its initialism keeps ("Harbour
# City Police" for the "HCPD", "Federal Aviation" for the "FAA"): Department, Service,
# Agency/Authority/Administration, Commission/Council, Board/Bureau, Office.
_DROPPED_HEADS = "DSACBO"


def _initialism_forms(letters: str | None) -> list[str]:
    """The initialisms a name's initials may be written as: themselves, with a leading "T"
    for the article the tagger leaves out ("Hollywood Reporter" -> "THR") and with a
    dropped head word's initial after them (`_DROPPED_HEADS`). `_merge_initialisms` still
    joins only an initialism that one name of the story spells."""
    if not letters:
        return []
    return [letters, "T" + letters, *(letters + head for head in _DROPPED_HEADS)]


def _is_initialism(form: str) -> bool:
    """ "US", "U.S.", "NATO": two to six capitals, dotted or not."""
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,6}|[A-Z]{2,6}", form))


def _person_groups(
    forms: dict[str, Counter[str]],
    people: set[str],
    where: dict[str, set[str]],
    allowed: tuple[set[str], set[str], set[str]],
) -> dict[str, list[str]]:
    """Keys grouped by person: full names with and without a middle name or initial, first
    names a slip apart or a short form ("Katie"/"Kathryn"), then a surname (or the last words
    of a name, "Boone Isaacs") or a first name alone joined to the one person it can mean; a
    surname several people share joins the one the story is about
    (`aliases.dominant_person`), a given name the one named wherever it stands alone
    (`aliases.named_wherever_used`). `allowed`: the keys that may join by surname or first name,
    those that may join by first name only a person tagged PERSON throughout, and those
    people."""
    named, placed_first, sure = allowed
    parent: dict[str, str] = {k: k for k in forms}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:  # the fuller name stays root
            keep, drop = sorted((ra, rb), key=lambda k: (-len(k.split()), -len(where[k]), k))
            parent[drop] = keep

    for a, b in alias_rules.merge_middle_names(people):
        union(a, b)
    together = lambda a, b: bool(where[a] & where[b])  # noqa: E731
    for a, b in alias_rules.misspelt_first_names(people, together):
        union(a, b)
    for a, b in alias_rules.nickname_surnames(forms):
        if a in people and b in people:
            union(a, b)
    for key in forms:
        if key not in named and key not in placed_first:
            continue
        words = key.split()
        for position in ("last", "first"):
            if position == "last":
                if key not in named:
                    continue
                holders = [
                    p
                    for p in people
                    if len(p.split()) > len(words) and p.split()[-len(words) :] == words
                ]
                if not holders and len(words) == 1:  # "Klistchko" for "Wladimir Klitschko"
                    holders = [p for p in people if alias_rules.transposed(key, p.split()[-1])]
            elif len(words) == 1:
                holders = [p for p in people if p.split()[0] == key and (key in named or p in sure)]
            else:
                break
            matches = {find(p) for p in holders}
            if len(matches) == 1:
                union(key, matches.pop())
                break
            if matches and len(words) == 1:
                seen: dict[str, set[str]] = defaultdict(set)
                for p in holders:
                    seen[find(p)] |= where[p]
                if position == "last":
                    chosen = alias_rules.dominant_person(seen, where[key])
                else:
                    chosen = alias_rules.named_wherever_used(seen, where[key])
                if chosen is not None:
                    union(key, chosen)
            if matches:
                break  # two people share it: do not guess
    groups: dict[str, list[str]] = defaultdict(list)
    for key in forms:
        groups[find(key)].append(key)
    return groups


def _merge_variants(
    groups: dict[str, list[str]],
    where: dict[str, set[str]],
    config: EntityMergeConfig,
    people: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict[str, list[str]]:
    """Join groups whose names are spelling variants of each other (see `merge_entities`).
    Every name of a group counts, not only its fullest ("Duncan Rait", a group under "Duncan
    Robert Rait", and "Duncan Raite"); a person group compares its full names only, never its
    surname alone ("Smith" and "Smyth" may be two people)."""
    roots = sorted(groups, key=lambda r: -sum(len(where[k]) for k in groups[r]))
    articles = {r: set().union(*(where[k] for k in groups[r])) for r in roots}
    folded = {k: translit_key(k) for r in roots for k in groups[r]}
    # Every rule below needs the same spelling without spaces, or the same number of words
    # with the same initials, or a known pair: a cheap key that skips most pairs.
    shape = {k: (len(f.split()), "".join(w[0] for w in f.split())) for k, f in folded.items()}
    spaced = {k: f.replace(" ", "") for k, f in folded.items()}

    def compared(keys: list[str], root: str) -> list[str]:
        person = any(k in people for k in keys)
        return [k for k in keys if k == root or (" " in k if person else len(k) >= 4)]

    def may_pair(a: str, b: str) -> bool:
        return (
            shape[a] == shape[b]
            or spaced[a] == spaced[b]
            or alias_rules.known_transliteration(a, b)
        )

    merged: dict[str, list[str]] = {}
    candidates: dict[str, list[str]] = {}  # merged root -> its names compared
    for root in roots:
        target = None
        if len(root) >= 4:
            own = compared(groups[root], root)
            for other in merged:
                pairs = [(a, b) for a in own for b in candidates[other] if may_pair(a, b)]
                if not pairs:
                    continue
                person = any(k in people for k in (*groups[root], *merged[other]))
                if any(
                    _variant_pair(
                        folded[a], folded[b], a, b, bool(where[a] & where[b]), person, config
                    )
                    for a, b in pairs
                ):
                    target = other
                    break
        if target is None:
            merged[root] = list(groups[root])
        else:
            merged[target].extend(groups[root])
            articles[target] = articles[target] | articles[root]
        kept = target or root
        candidates[kept] = compared(merged[kept], kept)
    return merged


def _variant_pair(
    a: str, b: str, key_a: str, key_b: str, shared: bool, person: bool, config: EntityMergeConfig
) -> bool:
    """Whether two transliteration-folded names are one name spelt two ways; `shared`: some
    article uses both names (an outlet keeps to one spelling, so two alike names there are
    two things, unless they are long organisation names)."""
    if len(key_a) < 4 or len(key_b) < 4:
        return False
    # "Trail Blazers" / "Trailblazers": one name, spaced two ways.
    if a.replace(" ", "") == b.replace(" ", "") and not shared:
        return True
    if len(a.split()) != len(b.split()):
        return False
    long_variant = alias_rules.similar_long_names(a, b)
    # One article naming two organisations this alike is one organisation spelt two
    # ways ("Central Election(s) Commission"); two such people may be two people.
    if long_variant and not person:
        return True
    if shared:
        return False
    if alias_rules.known_transliteration(key_a, key_b) or long_variant:
        return True
    if _skeleton(a) != _skeleton(b):
        return False
    return fuzz.ratio(a, b) >= config.variant_similarity


def _canonical_name(counts: Counter[str]) -> str:
    """The fullest common form: a form without stray brackets or quote marks ("Kimani ( Kiki)"
    is a cut-off name, "Simon Vaughtry ‘" keeps a quote mark), then most words, then most
    frequent, then alphabetical."""
    return max(counts, key=lambda f: (not _STRAY_MARK.search(f), len(f.split()), counts[f], f))


# Brackets, double quotes, and a single quote standing apart from a word ("O'Neill" is clean).
_STRAY_MARK = re.compile(r"[()\"`\u201c\u201d]|(?:^|\s)['\u2018\u2019]|['\u2018\u2019](?:\s|$)")


def _fold_key(tables: tuple, titled: set[str], key: str, target: str) -> None:
    """Move everything recorded under `key` to `target`, dropping the form's leading words
    that `target` lacks ("Interior Ken Salazar" -> "Ken Salazar"); the mention texts stay as
    surfaces, so a lookup of the text still finds the entity."""
    forms, surfaces, votes, evidence, where, positions = tables
    drop = len(key.split()) - len(target.split())
    for form, count in forms.pop(key).items():
        words = form.split()
        shorter = " ".join(words[drop:]) if len(words) > drop else form
        forms[target][shorter] += count
        surfaces[target].add(form)
    surfaces[target] |= surfaces.pop(key, set())
    votes[target].update(votes.pop(key, Counter()))
    evidence[target].update(evidence.pop(key, Counter()))
    where[target] |= where.pop(key, set())
    positions[target] += positions.pop(key, [])
    if key in titled:
        titled.add(target)


def alias_index(entities: Sequence[StoryEntity]) -> dict[str, str]:
    """name_key of every name, alias and title-stripped alias -> the entity's canonical name."""
    index: dict[str, str] = {}
    for entity in entities:
        for form in (entity.name, *entity.aliases):
            index.setdefault(name_key(form), entity.name)
            index.setdefault(name_key(strip_titles(form)), entity.name)
    return index


def resolve_mentions(
    annotated: AnnotatedArticle, config: EntityMergeConfig = EntityMergeConfig()
) -> tuple[EntityMention, ...]:
    """The article's mentions with `canonical` filled and `type` corrected by merging the
    article on its own (`merge_entities` over one article: "Obama" -> "Barack Obama").

    Story-independent on purpose: the annotate layer describes one article. Mentions whose
    entity is left out of a brief (groups such as NORP, the outlet itself) keep their tag and
    no canonical name.
    """
    entities = merge_entities([annotated], config)
    index = alias_index(entities)
    kinds = {e.name: e.type for e in entities}
    resolved = []
    for mention in annotated.entities:
        name = index.get(name_key(strip_titles(mention.text))) or index.get(name_key(mention.text))
        if name is None:
            resolved.append(mention)
        else:
            resolved.append(
                EntityMention(mention.text, kinds[name], mention.start, mention.end, name)
            )
    return tuple(resolved)
