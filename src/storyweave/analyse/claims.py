"""Claim alignment: claim units from different outlets that state the same proposition form one
claim group, and each group is tied to the independent reports that carry it.

Story-level, pure: takes a story's annotated articles and the embedder the runner loaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from functools import lru_cache

import numpy as np
from scipy.sparse import csr_matrix

from storyweave.analyse.entities import merge_entities, name_key, strip_titles
from storyweave.annotate.attribution import attribution_for
from storyweave.ingest.source_names import source_key
from storyweave.model import AnnotatedArticle, ClaimUnit, StoryEntity, Support
from storyweave.nlp.embeddings import Embedder
from storyweave.nlp.lexicon import OFFICES, REPORTING_VERBS, STANCE_VERBS, lemma
from storyweave.nlp.polities import demonym_state, government_of, state_of
from storyweave.nlp.stop_words import ENGLISH_STOP_WORDS

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]+")
_POSSESSIVE_PRONOUN = re.compile(r"^(?:his|her|its|their)\b", re.IGNORECASE)
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "his",
        "its",
        "their",
        "this",
        "that",
        "we",
        "i",
        "you",
    ]
)
_IMPERSONAL = frozenset(["it", "they", "its", "their"])
# Subjects that stand for people named elsewhere ("some welcomed it and others dismissed it").
_QUANTIFIER_SUBJECTS = frozenset(["others", "some", "many", "most", "both", "all", "few"])
_FIRST_PERSON = frozenset(["i", "we", "me", "us", "my", "our"])
_ACTOR_TYPES = ("ORG", "GPE", "NORP")
# Words that say who someone is, not what happened: shared by claims about different events.
_ROLE_WORDS = OFFICES | frozenset(
    ["spokesman", "spokeswoman", "spokesperson", "official", "officials", "adviser", "envoy"]
)
_POSSESSOR = re.compile(r"^(?P<owner>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)['\u2019]s?\s+\w")
_PREPOSITION = re.compile(
    r"\s(?:with|of|between|for|to|from|about|against|on|in|over|by)\s", re.IGNORECASE
)
_DETS = frozenset(["the", "a", "an", "this", "that", "these", "those", "such", "any", "some"])
_INDICATIVE = re.compile(
    r"\b(?:had|has|have|was|were|is|are|did|does|do|would|will)\b|\w{3,}ed\b", re.IGNORECASE
)
_SENTINEL = 10.0  # distance that keeps two units apart whatever else links them
# "He's", "we're", "I'll": a contraction does not make a pronoun a name.
_CONTRACTION = re.compile(r"['\u2019](?:s|re|ve|ll|d|m)$", re.IGNORECASE)


@dataclass(frozen=True)
class AlignConfig:
    # Two units state the same proposition when a mix of the cosine of their vectors (static
    # MiniLM, subject + clause) and their share of common words and entities reaches
    # `min_similarity`; measured on eval/gold/claims (python eval/claims.py). Static vectors
    # alone put unrelated clauses about the same people at 0.8, hence the word share.
    min_similarity: float = 0.62
    term_weight: float = 0.4
    min_cosine: float = 0.5
    # Units must also share this many content words or entities: vectors of two short clauses
    # about different things can be close on function words alone.
    min_shared_terms: int = 2
    # ... and this many words that are neither names nor titles nor reporting verbs: two claims
    # about the same people that share only their names ("Obama is setting up a meeting with
    # Medvedev" / "Obama had spoken with Medvedev") are about different events.
    min_shared_key_terms: int = 1
    # Paraphrases rarely share their wording: two claims about the same subject that share this
    # many key terms ("willing to meet without conditions" / "willing to meet, no conditions
    # required") get `paraphrase_bonus` added to their score.
    paraphrase_min_key_terms: int = 2
    paraphrase_bonus: float = 0.1
    # ... and may have vectors this far apart (a long sentence around a short paraphrase).
    min_cosine_paraphrase: float = 0.3
    # A named subject against a common-noun one ("Obama ..." / "the planned meeting ...") needs
    # this many shared key terms: the names alone do not make it the same proposition.
    min_shared_key_terms_mixed_subjects: int = 2


@dataclass(frozen=True)
class StoryUnit:
    """A claim unit with what story-level analysis needs about it."""

    index: int
    article: str
    report: str  # the independent report it belongs to: copies share their original's
    unit: ClaimUnit
    content: str  # subject + clause: what is asserted, without who asserted it
    citation: str  # the sentence cited as support
    entities: frozenset[str]
    subjects: frozenset[str]
    terms: frozenset[str]
    speakers: frozenset[str] = frozenset()
    entities_named: frozenset[str] = frozenset()  # subjects that are named entities
    key_terms: frozenset[str] = frozenset()  # terms without names, titles and reporting verbs
    # The states the subject (else the speaker) acts for: "Moscow", "the Kremlin" and "Medvedev"
    # (a Russian president) all act for Russia.
    sides: frozenset[str] = frozenset()
    # Who holds the position when the unit states one (a stance verb, or a clause reported by
    # one: "Denmark wants ...", "the Danish government insists that ..."), as sides or names.
    holders: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StoryClaims:
    """All claim units of a story with their vectors (rows of `vectors` follow `units`)."""

    units: tuple[StoryUnit, ...]
    vectors: np.ndarray
    object_vectors: np.ndarray
    names: Mapping[str, str]  # alias key -> canonical entity name
    # canonical entity name -> the state it acts for (see `entity_sides`)
    sides: Mapping[str, str] = dataclass_field(default_factory=dict)
    types: Mapping[str, str] = dataclass_field(default_factory=dict)  # canonical name -> type


def support_spans(units: Sequence[StoryUnit]) -> tuple[Support, ...]:
    """The sentences that support a claim or position: each cited sentence once, in unit
    order."""
    support: list[Support] = []
    seen: set[tuple[str, int]] = set()
    for unit in units:
        key = (unit.article, unit.unit.sentence_start)
        if key in seen:
            continue
        seen.add(key)
        support.append(
            Support(unit.article, unit.unit.sentence_start, unit.unit.sentence_end, unit.citation)
        )
    return tuple(support)


def collect_units(
    members: Sequence[AnnotatedArticle],
    embedder: Embedder | None,
    entities: Sequence[StoryEntity] | None = None,
    max_units: int | None = None,
) -> StoryClaims:
    """Every claim unit of a story's articles, with canonical entities, report and vectors.

    Without an embedder, vectors are bag-of-terms (lexical overlap only). Units that carry no
    proposition of their own are left out: fragments of a quotation in the first person or with
    an unresolved pronoun and almost no content ("That's a bloody mess.", "we have to get that
    war over with"); the quotes section shows those with their speaker.
    `entities` are the story's merged entities when the caller has them already.
    """
    if entities is None:
        entities = merge_entities(members)
    names = _alias_names(entities)
    sides = entity_sides(entities)
    types = {e.name: e.type for e in entities}
    reports = independent_reports(members)
    units: list[StoryUnit] = []
    kept = _units_kept(members, max_units)
    for member in members:
        text = member.article.text
        for claim in _with_title_claims(member.claims[: kept[member.id]]):
            claim = _resolve_impersonal(member, claim)
            claim = _with_shared_speaker(member, claim)
            content = text[claim.start : claim.end]
            if claim.predicates == TITLE_PREDICATE:
                content = claim.text
            if claim.subject and claim.subject_start < claim.start:
                content = f"{claim.subject} {content}"
            inside = _entities_between(member, names, claim.start, claim.end)
            subjects = _entities_between(
                member, names, claim.subject_start, claim.subject_start + _head_length(claim)
            )
            if claim.subject_ref:
                subjects |= {names.get(_key(claim.subject_ref), strip_titles(claim.subject_ref))}
            named = set(subjects)
            if not subjects and claim.subject:
                subjects = _noun_phrase_key(claim.subject[: _head_length(claim)])
            speakers: set[str] = set()
            if claim.speaker:
                sentence = _entities_between(
                    member, names, claim.sentence_start, claim.sentence_end
                )
                speakers = {
                    n for n in sentence if name_key(n.split()[-1]) in name_key(claim.speaker)
                } or _noun_phrase_key(claim.speaker)
            owner = _reported_owner(claim, names)
            if owner:
                # "The Kremlin confirmed Medvedev's openness to talks" asserts, on the Kremlin's
                # word, that Medvedev is open to talks: the proposition is about Medvedev.
                speakers, subjects, named = set(named) or speakers, {owner}, {owner}
            terms = _terms(content)
            if claim.predicates != TITLE_PREDICATE and _is_fragment(member, claim, terms, inside):
                continue
            units.append(
                StoryUnit(
                    index=len(units),
                    article=member.id,
                    report=reports[member.id],
                    unit=claim,
                    content=content,
                    citation=text[claim.sentence_start : claim.sentence_end],
                    entities=frozenset(inside | subjects),
                    subjects=frozenset(subjects),
                    terms=frozenset(terms),
                    speakers=frozenset(speakers),
                    entities_named=frozenset(named),
                    key_terms=frozenset(_key_terms(content, terms, inside | named)),
                    sides=frozenset(_sides_of(subjects, claim, sides, speakers)),
                    holders=frozenset(_holders(claim, subjects, speakers, sides)),
                )
            )
    vectors = _encode([u.content for u in units], embedder)
    object_vectors = _encode([u.unit.object or u.content for u in units], embedder)
    return StoryClaims(tuple(units), vectors, object_vectors, names, sides, types)


def _units_kept(members: Sequence[AnnotatedArticle], max_units: int | None) -> dict[str, int]:
    """How many claim units of each article the story analysis takes: all of them, unless the
    story has more than `max_units`; then each article keeps its first ones in proportion to its
    share (the pairwise matrices of alignment grow with the square: 10,000 units of one long
    report would need gigabytes)."""
    total = sum(len(m.claims) for m in members)
    if max_units is None or total <= max_units:
        return {m.id: len(m.claims) for m in members}
    return {m.id: max(1, len(m.claims) * max_units // total) for m in members}


def _head_length(claim: ClaimUnit) -> int:
    """Length of the subject up to a prepositional modifier of a common noun: "The planned
    meeting with Medvedev" is about a meeting, not about Medvedev; "President-elect of the United
    States, Barack Obama" keeps its names."""
    match = _PREPOSITION.search(claim.subject)
    if not match:
        return len(claim.subject)
    words = claim.subject[: match.start()].split()
    named = [
        w for i, w in enumerate(words) if w[:1].isupper() and not (i == 0 and w.lower() in _DETS)
    ]
    return len(claim.subject) if named else match.start()


def _alias_names(entities: Sequence[StoryEntity]) -> dict[str, str]:
    names: dict[str, str] = {}
    for entity in entities:
        for alias in (entity.name, *entity.aliases):
            names[_key(alias)] = entity.name
    return names


def entity_sides(entities: Sequence[StoryEntity]) -> dict[str, str]:
    """Canonical name -> the state the entity acts for.

    A place or organisation that names a state or its government ("Moscow", "the Kremlin",
    "Kyiv") acts for that state; a person acts for the state a title of theirs names right
    before an office ("Russian President Dmitry Medvedev", "White House spokesman Josh Earnest",
    "former U.S. President Barack Obama"). Titles owned by someone else ("Clinton's Ohio
    adviser") say nothing. Known failure cases: a person titled only by office ("the
    president") gets no side; a dual national gets the first state named.
    """
    sides: dict[str, str] = {}
    for entity in entities:
        for alias in (entity.name, *entity.aliases):
            state = _alias_side(alias, entity.type)
            if state:
                sides[entity.name] = state
                break
    return sides


def _alias_side(alias: str, kind: str) -> str | None:
    if kind != "PERSON":
        return government_of(alias) or demonym_state(alias)
    words = re.findall(r"[\w.'\u2019-]+", alias)
    for i, word in enumerate(words[:-1]):
        possessive = re.sub(r"['\u2019]s$", "", word)
        state = state_of(possessive) or demonym_state(possessive)
        if possessive != word and not state:
            return None  # "Clinton's campaign manager": someone else's title
        nxt = words[i + 1].lower().strip(",")
        if state and (nxt in _ROLE_WORDS or nxt in ("deputy", "foreign", "defence", "defense")):
            return state
    return None


def _sides_of(
    subjects: set[str], claim: ClaimUnit, sides: Mapping[str, str], speakers: set[str]
) -> set[str]:
    found = {sides.get(s) or government_of(s) or demonym_state(s) for s in subjects}
    if claim.speaker and not (found - {None}):
        found |= {sides.get(s) or government_of(s) or demonym_state(s) for s in speakers}
        found.add(government_of(claim.speaker))
    return {s for s in found if s}


def _demanded(claim: ClaimUnit, content: str) -> bool:
    """Whether the clause is what a speaker wants rather than what they report: "X demands that
    Y withdraw", "X insists that Y withdraw" (subjunctive), but not "X insisted that the dam had
    been inspected" (a report in the indicative)."""
    kind = STANCE_VERBS.get(claim.cue)
    if kind is None:
        return False
    return kind != "insists" or not _INDICATIVE.search(content)


def _holders(
    claim: ClaimUnit, subjects: set[str], speakers: set[str], sides: Mapping[str, str]
) -> set[str]:
    if _demanded(claim, claim.text):
        holders = speakers
    elif claim.predicates and claim.predicates[0] in STANCE_VERBS:
        holders = subjects
    else:
        return set()
    named = {sides.get(h) or government_of(h) or demonym_state(h) or h for h in holders}
    if _demanded(claim, claim.text) and claim.speaker:
        named.add(government_of(claim.speaker) or claim.speaker.lower())
    return named or {"?"}


def _resolve_impersonal(member: AnnotatedArticle, claim: ClaimUnit) -> ClaimUnit:
    """ "From Moscow's perspective, it does not plan to ...": an "it"/"they" subject stands for
    the last organisation or place named before it in the same sentence.

    Known failure cases: "it" standing for a thing ("the plan") named after an organisation in
    the same sentence is read as the organisation.
    """
    first = claim.subject.lower().split()[0] if claim.subject else ""
    if claim.subject_ref or first not in _IMPERSONAL:
        return claim
    before = [
        m
        for m in member.entities
        if m.type in _ACTOR_TYPES
        and claim.sentence_start <= m.start
        and m.end <= claim.subject_start
    ]
    if not before:
        return claim
    return replace(claim, subject_ref=before[-1].text)


def _reported_owner(claim: ClaimUnit, names: Mapping[str, str]) -> str:
    """The entity whose stance a report verb's object names ("confirmed Medvedev's openness")."""
    if claim.speaker or not claim.predicates or claim.predicates[0] not in REPORTING_VERBS:
        return ""
    match = _POSSESSOR.match(claim.object)
    if not match:
        return ""
    return names.get(_key(match.group("owner")), "")


def _with_shared_speaker(member: AnnotatedArticle, claim: ClaimUnit) -> ClaimUnit:
    """The speaker the article's attributions (the quotes stage) resolved for this clause,
    where the claim unit names none or only a pronoun: one resolution of who said what for
    quotes and claims ("he added" -> the person the attribution stage found)."""
    if claim.speaker and claim.speaker.lower() not in _PRONOUNS:
        return claim
    shared = attribution_for(member.quotes, claim.start, claim.end)
    if shared is None or not shared.speaker:
        return claim
    if not claim.speaker and shared.kind != "indirect":
        return claim  # a bare quoted clause stays the speaker's, shown in the quotes section
    return replace(claim, speaker=shared.speaker)


def _is_fragment(
    member: AnnotatedArticle, claim: ClaimUnit, terms: set[str], entities: set[str]
) -> bool:
    """Whether a unit carries no proposition the outlet can be said to assert.

    - A clause inside a direct quotation that the parse did not tie to its speaker ("It took us
      nearly two hours to reach the last of them."): the words are the speaker's, not the
      outlet's, and without the speaker they assert nothing; the quotes section shows them with
      their speaker.
    - A first-person clause inside a quotation ("we have to get that war over with").
    - A bare unresolved pronoun subject with almost no content ("It has never and").
    Known failure cases: a quotation whose closing mark is missing reads as the outlet's voice.
    """
    words = claim.subject.lower().split()
    first = _CONTRACTION.sub("", words[0]) if words else ""
    # Quote offsets leave the marks out: allow a mark (and a space) on either side.
    quoted = [
        q
        for q in member.quotes
        if q.kind == "direct" and q.start - 2 <= claim.start and claim.end <= q.end + 2
    ]
    if quoted and not claim.speaker:
        return True
    in_quote = any(
        q.kind != "indirect" and q.start <= claim.start and claim.end <= q.end + 1
        for q in member.quotes
    )
    if in_quote and first in _FIRST_PERSON:
        return True
    unresolved = (
        first in _PRONOUNS | _QUANTIFIER_SUBJECTS and not claim.subject_ref and len(words) == 1
    )
    return unresolved and not entities and len(terms) < 3


TITLE_PREDICATE = ("hold title",)


def _with_title_claims(claims: Sequence[ClaimUnit]) -> list[ClaimUnit]:
    """Each title a sentence gives a person ("former U.S. President Barack Obama") becomes a
    claim of its own, so that a title dispute does not mark the sentence's main claim (the
    planned meeting) as disputed."""
    result = []
    for claim in claims:
        result.append(replace(claim, roles=()))
        for name, role in claim.roles:
            result.append(
                replace(
                    claim,
                    text=f"{name}: {role}",
                    subject=name,
                    subject_ref=name,
                    predicates=TITLE_PREDICATE,
                    object=role,
                    negated=False,
                    speaker=None,
                    cue="",
                    numbers=(),
                    roles=((name, role),),
                )
            )
    return result


def independent_reports(members: Sequence[AnnotatedArticle]) -> dict[str, str]:
    """Article id -> its independent report: a copy counts as its original, and articles of the
    same outlet count as one source."""
    by_id = {m.id: m.article for m in members}
    reports = {}
    for member in members:
        original = member.article.duplicate_of or member.id
        source = by_id[original].source if original in by_id else member.article.source
        reports[member.id] = f"source:{source_key(source)}" if source else f"article:{original}"
    return reports


def align_claims(
    claims: StoryClaims,
    cannot_link: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
    config: AlignConfig = AlignConfig(),
    exclude: frozenset[int] = frozenset(),
) -> list[tuple[int, ...]]:
    """Groups of unit indexes that state the same proposition (singletons included).

    Average-linkage clustering on cosine distance, with pairs that cannot be the same claim
    pushed apart: a different subject entity, too few shared terms, or a known contradiction.
    Known failure cases: paraphrases that share fewer than `min_shared_terms` words stay apart
    ("Kremlin confirmed Medvedev's openness" vs "Moscow said Medvedev is willing"); two claims about
    the same actor with heavily overlapping wording but different verbs can join.
    """
    units = claims.units
    n = len(units)
    if n == 0:
        return []
    if n == 1:
        return [] if 0 in exclude else [(0,)]
    similarity = claims.vectors @ claims.vectors.T
    score = (1 - config.term_weight) * similarity + config.term_weight * _overlap_matrix(units)
    paraphrase = _paraphrase_matrix(units, config)
    score += config.paraphrase_bonus * paraphrase
    floor = np.where(paraphrase > 0, config.min_cosine_paraphrase, config.min_cosine)
    distance = np.where(similarity >= floor, 1.0 - score, _SENTINEL)
    distance = np.clip(distance, 0.0, _SENTINEL).astype(np.float64)
    # Constraints are checked only where they can change the outcome: pairs close enough to join.
    for i, j in np.argwhere(np.triu(distance <= 1.0 - config.min_similarity, k=1)):
        pair = (int(i), int(j))
        if (
            pair in cannot_link
            or pair[::-1] in cannot_link
            or not _compatible(units[i], units[j], config)
        ):
            distance[i, j] = distance[j, i] = _SENTINEL
    np.fill_diagonal(distance, 0.0)
    # Imported here: scipy.cluster costs half a second to load, and a cached brief needs none.
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - config.min_similarity, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    kept = (tuple(i for i in g if i not in exclude) for g in groups.values())
    return sorted((g for g in kept if g), key=lambda g: g[0])


def _governments(names: frozenset[str]) -> frozenset[str]:
    """The states that metonyms among `names` stand for ("Oslo" -> Norway); people excluded."""
    return frozenset(g for g in (government_of(n) for n in names) if g)


def _same_government(a: frozenset[str], b: frozenset[str]) -> bool:
    """ "Oslo" and "Norway", "the Kremlin" and "Russia": each subject names the same state."""
    states_a = {government_of(n) for n in a}
    states_b = {government_of(n) for n in b}
    return None not in states_a | states_b and states_a == states_b


def _incidence(sets: Sequence[frozenset[str]]) -> csr_matrix:
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for row, items in enumerate(sets):
        for item in items:
            rows.append(row)
            cols.append(vocabulary.setdefault(item, len(vocabulary)))
    return csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(sets), max(len(vocabulary), 1)),
    )


def _paraphrase_matrix(units: Sequence[StoryUnit], config: AlignConfig) -> np.ndarray:
    """1 where two units share a subject and enough key terms, else 0."""
    keys = _incidence([u.key_terms for u in units])
    subjects = _incidence([u.subjects | _governments(u.subjects) for u in units])
    shared_keys = (keys @ keys.T).toarray()
    shared_subjects = (subjects @ subjects.T).toarray()
    return ((shared_keys >= config.paraphrase_min_key_terms) & (shared_subjects > 0)).astype(
        np.float32
    )


def _overlap_matrix(units: Sequence[StoryUnit]) -> np.ndarray:
    """Share of common words and entities for every pair: |A & B| / min(|A|, |B|)."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for unit in units:
        for term in unit.terms | unit.entities:
            rows.append(unit.index)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
    matrix = csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(units), max(len(vocabulary), 1)),
    )
    matrix.data[:] = 1.0  # a term counted twice in one unit is still one term
    shared = (matrix @ matrix.T).toarray()
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    smaller = np.minimum.outer(sizes, sizes)
    return np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)


def same_subject(a: frozenset[str], b: frozenset[str]) -> bool:
    """Subjects are the same actor when they share an entity or a content word ("Oroville" and
    "a section of the Oroville dam"); "Barack Obama" and "Dmitry Medvedev" share neither."""
    if a & b:
        return True
    words_a = {w for s in a for w in _WORD.findall(s.lower()) if w not in ENGLISH_STOP_WORDS}
    words_b = {w for s in b for w in _WORD.findall(s.lower()) if w not in ENGLISH_STOP_WORDS}
    return bool(words_a & words_b)


def compatible(a: StoryUnit, b: StoryUnit, config: AlignConfig = AlignConfig()) -> bool:
    """Whether two units may state the same proposition at all, whatever their similarity:
    the same kind (title or not), subject actor, polarity and holder of a position, and
    enough shared key terms."""
    return _compatible(a, b, config)


def _compatible(a: StoryUnit, b: StoryUnit, config: AlignConfig) -> bool:
    if (a.unit.predicates == TITLE_PREDICATE) != (b.unit.predicates == TITLE_PREDICATE):
        return False
    if a.unit.predicates == TITLE_PREDICATE:
        return a.unit.roles == b.unit.roles
    if not a.subjects and a.unit.subject or not b.subjects and b.unit.subject:
        return False  # "This was stated by ...": an unresolved pronoun says nothing by itself
    named_a, named_b = a.subjects & a.entities_named, b.subjects & b.entities_named
    if (
        named_a
        and named_b
        and not same_subject(named_a, named_b)
        and not _same_government(named_a, named_b)
    ):
        return False  # a claim about another actor; "a meeting" vs "Obama" may still agree
    if a.unit.negated != b.unit.negated:
        return False
    reported_a, reported_b = _demanded(a.unit, a.content), _demanded(b.unit, b.content)
    if (reported_a and not b.holders) or (reported_b and not a.holders):
        return False  # "Orvania insists that Talsk withdraw" does not say that Talsk withdraws
    if a.holders and b.holders and not a.holders & b.holders and "?" not in a.holders | b.holders:
        return False  # "Orvania demands a withdrawal" / "Talsk rejects a withdrawal"
    shared = len(a.terms & b.terms) + len(a.entities & b.entities)
    needed = config.min_shared_key_terms
    if bool(named_a) != bool(named_b):
        needed = config.min_shared_key_terms_mixed_subjects
    if len(a.key_terms & b.key_terms) < needed:
        return False
    return shared >= config.min_shared_terms


def _entities_between(
    member: AnnotatedArticle, names: Mapping[str, str], start: int, end: int
) -> set[str]:
    found = set()
    for mention in member.entities:
        if start <= mention.start < end:
            canonical = mention.canonical or names.get(_key(mention.text))
            found.add(canonical or strip_titles(mention.text))
    return found


def _noun_phrase_key(subject: str) -> set[str]:
    """A subject without a named entity ("the incoming administration") keys on its words."""
    words = [w.lower() for w in _WORD.findall(subject)]
    if not words or all(w in _PRONOUNS for w in words) or _POSSESSIVE_PRONOUN.match(subject):
        return set()
    return {" ".join(w for w in words if w not in ENGLISH_STOP_WORDS) or subject.lower()}


_POSSESSIVE_END = re.compile(r"['\u2019]s?$")


def _terms(text: str) -> set[str]:
    """Content words as base forms ("conditions" and "condition" are one term)."""
    terms = {_term(word) for word in _WORD.findall(text)}
    terms.discard("")
    return terms


@lru_cache(maxsize=65536)
def _term(word: str) -> str:
    """`_terms` for one word, "" for a stop word; cached, as a story repeats its words."""
    lower = _POSSESSIVE_END.sub("", word).lower()
    if lower in ENGLISH_STOP_WORDS or len(lower) <= 2:
        return ""
    return lemma(lower)


def _key_terms(content: str, terms: set[str], entities: set[str]) -> set[str]:
    """Terms without names, titles before names ("President Dmitry Medvedev") and reporting
    verbs; a role stated in lower case ("as envoy") is part of the proposition."""
    name_words = {lemma(w.lower()) for e in entities for w in _WORD.findall(e)}
    name_words |= {w.lower() for e in entities for w in _WORD.findall(e)}
    titles = {w.lower() for w in _WORD.findall(content) if w[0].isupper()} & _ROLE_WORDS
    # Six-letter stems: "inspected" and "inspection" are one key term.
    return {t[:6] for t in terms if t not in name_words | titles and t not in REPORTING_VERBS}


def _key(name: str) -> str:
    return name_key(strip_titles(name))


def _encode(texts: list[str], embedder: Embedder | None) -> np.ndarray:
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    if embedder is not None:
        return np.asarray(embedder.encode(texts), dtype=np.float32)
    vocabulary: dict[str, int] = {}
    rows = [_terms(t) for t in texts]
    for row in rows:
        for term in row:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(texts), max(len(vocabulary), 1)), dtype=np.float32)
    for i, row in enumerate(rows):
        for term in row:
            matrix[i, vocabulary[term]] = 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix
