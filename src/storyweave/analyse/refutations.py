"""Refutations: a sentence of one source that denies or rejects what another source reports
took place, both sides cited ("Russian officials have denied direct contact with Washington" /
"Obama said he had spoken directly with Medvedev"). No rule is written per kind of disagreement:
the refuting verbs are the stance model's refuting cue words (models/stance/refute.txt, the
same list `storyweave check` reads), the two parties come from the story's entities and the
states they act for, and the stance model of `check` vetoes a pair it reads as agreeing.

Cost: refuting clauses are few; each is read against the closest sentence of each other report
that names the same two parties, so a story of 50 articles adds a fraction of a second.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyweave.analyse.claims import TITLE_PREDICATE, StoryClaims, StoryUnit
from storyweave.analyse.contradictions import Conflict
from storyweave.model import AnnotatedArticle
from storyweave.nlp.embeddings import Embedder
from storyweave.nlp.lexicon import lemma
from storyweave.nlp.polities import demonym_state, government_of
from storyweave.nlp.stance_features import (
    PreparedArticle,
    cue_words,
    pair_features,
    prepare_article,
    prepare_claim,
    tokens,
)
from storyweave.nlp.stance_model import LABELS, StanceModel

_AGREE, _DISAGREE = LABELS.index("agree"), LABELS.index("disagree")


@dataclass(frozen=True)
class RefutationConfig:
    # The refuting sentence and the claim sentence it answers (the closest of each other
    # report between the same parties) must be at least this close (cosine of static
    # vectors): a floor only; "Danish officials denied any contact with Oslo" and "Lund said
    # she had spoken with Holm by phone on Sunday evening" are 0.29 apart. On the seeds and the
    # AllSides development stories no other pair passes the other conditions at any floor.
    min_sentence_similarity: float = 0.2
    # The stance model, reading the claim's sentence as the headline and the refuting sentence
    # with `window` sentences on each side as the body, vetoes a pair it reads as agreeing
    # with at least this probability. It is not asked for a confident "disagree": trained on
    # whole FNC-1 articles, it gives 0.01 to "Danish officials denied any contact with Oslo"
    # against "Lund said she had spoken with Holm" (few shared words), so the parties, the
    # refuting verb and the tense decide, and the model only keeps out pairs it reads as one.
    max_agree: float = 0.5
    window: int = 1


def find_refutations(
    claims: StoryClaims,
    members: Sequence[AnnotatedArticle],
    embedder: Embedder | None,
    model: StanceModel | None,
    config: RefutationConfig = RefutationConfig(),
) -> list[Conflict]:
    """Pairs of claim units of different independent reports where one report's clause
    rejects what the other's states: "Russian officials have denied direct contact with
    Washington" against "Obama said he had spoken directly with Medvedev".

    A refuting clause is one whose verb calls something untrue or rejects it (the refuting cue
    words of the stance model, models/stance/refute.txt: deny, refute, reject, dismiss,
    contradict, retract ...), affirmed; the claim it is read against must be stated, not
    itself refuted or negated, name a party the refuting clause names (people count for the
    state they act for), and be close to what is rejected. The stance model then has the last
    word. Known failure cases: a rejection of a proposal ("rejected the offer") read against
    a report of the proposal; a refutation worded without a refuting verb ("the meeting never
    happened") is left to the negation rule or missed.
    """
    if embedder is None or model is None or len(claims.units) < 2:
        return []
    refuting_words = frozenset(lemma(w) for w in cue_words()["refute"])
    units = claims.units
    refuting = [u for u in units if _refutes(u, refuting_words)]
    if not refuting:
        return []
    stated = [
        u
        for u in units
        if u.unit.predicates != TITLE_PREDICATE
        and not u.unit.negated
        and not u.unit.conditional
        and not _refutes(u, refuting_words)
        and _reports_event(u)
        and not _negates(u.citation, refuting_words)
    ]
    relations = {u.index: _relation(u, claims) for u in refuting + stated}
    by_article = {m.id: m for m in members}
    vectors: dict[tuple[str, int], np.ndarray] = {}

    def sentence_vector(unit: StoryUnit) -> np.ndarray:
        key = (unit.article, unit.unit.sentence_start)
        if key not in vectors:
            vectors[key] = np.asarray(embedder.encode([unit.citation])[0], dtype=np.float32)
        return vectors[key]

    rows, pairs = [], []
    for r in refuting:
        between = relations[r.index]
        if len(between) < 2:
            continue
        # In each other report, the closest sentence reporting something that took place
        # between the same two parties is what the refutation answers.
        best: dict[str, tuple[float, StoryUnit]] = {}
        for c in stated:
            if c.report == r.report or relations[c.index] != between:
                continue
            closeness = float(sentence_vector(r) @ sentence_vector(c))
            if closeness < config.min_sentence_similarity:
                continue
            if c.report not in best or closeness > best[c.report][0]:
                best[c.report] = (closeness, c)
        if not best:
            continue
        body = _window(by_article[r.article], r, embedder, config.window)
        for closeness, c in best.values():
            row, _ = pair_features(prepare_claim(c.citation, sentence_vector(c)), body)
            rows.append(row)
            pairs.append((c, r, closeness))
    if not rows:
        return []
    probabilities = model.probabilities(np.array(rows, dtype=np.float32))
    found: dict[tuple[int, int], Conflict] = {}
    for (c, r, _closeness), p in zip(pairs, probabilities, strict=True):
        agree, disagree = float(p[_AGREE]), float(p[_DISAGREE])
        if agree >= config.max_agree and agree > disagree:
            continue  # the model reads the two as saying the same thing
        key = (min(c.index, r.index), max(c.index, r.index))
        if key in found:
            continue
        verb = _past(r.unit.cue if r.unit.cue in refuting_words else r.unit.predicates[0])
        who = " and ".join(sorted(relations[r.index]))
        stated_first = (
            f"refuted: one report says it took place ({who}), the other that it was {verb}"
        )
        refuted_first = (
            f"refuted: one report says it was {verb} ({who}), the other that it took place"
        )
        if c.index < r.index:
            found[key] = Conflict(c.index, r.index, stated_first, refuted_first)
        else:
            found[key] = Conflict(r.index, c.index, refuted_first, stated_first)
    return [found[k] for k in sorted(found)]


def _negates(sentence: str, refuting_words: frozenset[str]) -> bool:
    """Whether a sentence denies or negates anything: it does not then report, in the same
    breath, that something took place ("Earnest said the US had not requested a meeting")."""
    negation = cue_words()["negation"]
    return any(
        w in negation or w.endswith("n't") or lemma(w) in refuting_words for w in tokens(sentence)
    )


def _refutes(unit: StoryUnit, refuting_words: frozenset[str]) -> bool:
    """An affirmed clause whose verb, or the verb reporting it ("officials denied sending
    frigates"), calls something untrue or rejects it."""
    claim = unit.unit
    if claim.negated or claim.conditional or claim.predicates == TITLE_PREDICATE:
        return False
    return bool(claim.predicates and claim.predicates[0] in refuting_words) or (
        claim.cue in refuting_words
    )


def _parties(unit: StoryUnit, claims: StoryClaims) -> frozenset[str]:
    """The entities a unit names and the states they act for ("Medvedev" -> Russia,
    "Washington" -> United States)."""
    found = set(unit.entities) | set(unit.sides)
    for entity in unit.entities:
        side = claims.sides.get(entity) or government_of(entity) or demonym_state(entity)
        if side:
            found.add(side)
    return frozenset(found)


def _relation(unit: StoryUnit, claims: StoryClaims) -> frozenset[str]:
    """The two parties a clause is about: the state its subject (else its speaker) acts for,
    and the state of another party it names ("Russian officials denied contact with
    Washington": Russia and the United States; "Obama said he had spoken with Medvedev": the
    United States and Russia). Empty unless both are known and differ ("denied wrongdoing")."""
    own = set(unit.sides)
    if not own:
        own = {_side(e, claims) for e in unit.subjects} - {""}
    named = {_side(e, claims) for e in unit.entities - unit.subjects - unit.speakers} - {""}
    named -= own
    if len(own) != 1 or len(named) != 1:
        return frozenset()
    return frozenset(own | named)


def _side(entity: str, claims: StoryClaims) -> str:
    """The state an entity acts for, else the entity itself (a company, a senator without a
    state's title)."""
    return claims.sides.get(entity) or government_of(entity) or demonym_state(entity) or entity


_MODAL = re.compile(
    r"\b(?:will|would|could|may|might|can|shall|should|must|plans?|planned|planning|wants?|"
    r"seeks?|hopes?|intends?|expects?|going to|if|whether)\b",
    re.IGNORECASE,
)


_PRESENT_PASSIVE = re.compile(r"\b(?:is|are|am|being)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.I)


def _reports_event(unit: StoryUnit) -> bool:
    """Whether a unit states something that took place ("had spoken", "met", "sent"), the
    only kind of statement a denial that it took place contradicts; plans, wishes and
    present descriptions ("the summit carries high stakes") are not."""
    text = unit.content
    if _MODAL.search(text) or _PRESENT_PASSIVE.search(text):
        return False
    verb = unit.unit.predicate
    for word in re.findall(r"[A-Za-z]+", text):
        lower = word.lower()
        if lemma(lower) != verb or lower == verb:
            continue
        if lower.endswith("ed") or not lower.endswith(("s", "ing")):
            return True
    return False


def _past(verb: str) -> str:
    forms = {"deny": "denied", "refut": "refuted", "reject": "rejected", "dismiss": "dismissed"}
    return forms.get(verb, f"{verb}ed" if not verb.endswith("e") else f"{verb}d")


def _window(
    member: AnnotatedArticle, unit: StoryUnit, embedder: Embedder, width: int
) -> PreparedArticle:
    """The refuting sentence with `width` sentences on each side (only itself when the
    article's sentence spans are not known)."""
    text = member.article.text
    start = unit.unit.sentence_start
    index = next((n for n, s in enumerate(member.sentences) if s.start == start), None)
    if index is None:
        spans = [(start, unit.unit.sentence_end)]
    else:
        spans = [
            (s.start, s.end) for s in member.sentences[max(0, index - width) : index + width + 1]
        ]
    vectors = np.asarray(embedder.encode([text[s:e] for s, e in spans]), dtype=np.float32)
    return prepare_article(text, spans, vectors)
