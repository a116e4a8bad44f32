"""Disputes found by the stance model: a claim sentence of one source that another source's
sentence refutes, both sides cited. The same model `storyweave check` uses, read at the scale of
a sentence and its neighbours instead of a whole article, so that the brief and `check` agree on
what "refutes" means and no rule is written per kind of disagreement.

Cost: only pairs of sentences from different independent reports that are close in meaning and
name the same entity are scored, at most a few partners per sentence, so a story of 50 articles
adds well under a second (the features are a few set look-ups per sentence).
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
)
from storyweave.nlp.stance_model import LABELS, StanceModel

_DISAGREE = LABELS.index("disagree")


@dataclass(frozen=True)
class RefutationConfig:
    # The refuting sentence and the sentence of the claim it answers (the closest of each
    # other report) must be this close (cosine of static vectors) ...
    min_sentence_similarity: float = 0.45
    # ... and the stance model, reading the claim's sentence as the headline and the refuting
    # sentence with `window` sentences on each side as the body, must give "disagree" at least
    # this probability.
    min_disagree: float = 0.45
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
    Washington" against "Trump said he had spoken directly with Putin".

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
    refuting_words = {lemma(w) for w in cue_words()["refute"]}
    units = claims.units
    refuting = [
        u
        for u in units
        if u.unit.predicates
        and u.unit.predicates[0] in refuting_words
        and not u.unit.negated
        and not u.unit.conditional
        and u.unit.object
    ]
    if not refuting:
        return []
    stated = [
        u
        for u in units
        if u.unit.predicates != TITLE_PREDICATE
        and not u.unit.negated
        and not u.unit.conditional
        and not (u.unit.predicates and u.unit.predicates[0] in refuting_words)
    ]
    parties = {u.index: _parties(u, claims) for u in refuting + stated}
    by_article = {m.id: m for m in members}
    vectors: dict[tuple[str, int], np.ndarray] = {}

    def sentence_vector(unit: StoryUnit) -> np.ndarray:
        key = (unit.article, unit.unit.sentence_start)
        if key not in vectors:
            vectors[key] = np.asarray(embedder.encode([unit.citation])[0], dtype=np.float32)
        return vectors[key]

    rows, pairs = [], []
    for r in refuting:
        between = _relation(r, claims)
        if not between:
            continue
        body: PreparedArticle | None = None
        seen: set[tuple[str, int]] = set()
        for c in stated:
            key = (c.article, c.unit.sentence_start)
            if c.report == r.report or key in seen or not between <= parties[c.index]:
                continue
            if not _reports_event(c):
                continue
            closeness = float(sentence_vector(r) @ sentence_vector(c))
            if closeness < config.min_sentence_similarity:
                continue
            seen.add(key)
            if body is None:
                body = _window(
                    by_article[r.article], r.unit.sentence_start, embedder, config.window
                )
            row, _ = pair_features(prepare_claim(c.citation, sentence_vector(c)), body)
            rows.append(row)
            pairs.append((c, r, closeness))
    if not rows:
        return []
    probabilities = model.probabilities(np.array(rows, dtype=np.float32))
    found: dict[tuple[int, int], Conflict] = {}
    for (c, r, closeness), p in zip(pairs, probabilities, strict=True):
        disagree = float(p[_DISAGREE])
        if disagree < config.min_disagree:
            continue
        key = (min(c.index, r.index), max(c.index, r.index))
        if key in found:
            continue
        verb = r.unit.predicates[0]
        stated_first = f"refuted: one report states it, the other says it was {_past(verb)}"
        refuted_first = f"refuted: one report says it was {_past(verb)}, the other states it"
        stated_first += f" (stance {disagree:.2f}, closeness {closeness:.2f})"
        refuted_first += f" (stance {disagree:.2f}, closeness {closeness:.2f})"
        if c.index < r.index:
            found[key] = Conflict(c.index, r.index, stated_first, refuted_first)
        else:
            found[key] = Conflict(r.index, c.index, refuted_first, stated_first)
    return [found[k] for k in sorted(found)]


def _parties(unit: StoryUnit, claims: StoryClaims) -> frozenset[str]:
    """The entities a unit names and the states they act for ("Putin" -> Russia,
    "Washington" -> United States)."""
    found = set(unit.entities) | set(unit.sides)
    for entity in unit.entities:
        side = claims.sides.get(entity) or government_of(entity) or demonym_state(entity)
        if side:
            found.add(side)
    return frozenset(found)


def _relation(unit: StoryUnit, claims: StoryClaims) -> frozenset[str]:
    """The two parties a refutation is about: the side of who refutes and a party named in
    what is refuted ("Russian officials denied contact with Washington": Russia and the
    United States); empty when the refuted thing names no other party ("denied wrongdoing")."""
    own = set(unit.sides) or {demonym_state(e) or government_of(e) or e for e in unit.subjects}
    named = set()
    for entity in unit.entities - unit.subjects:
        if entity.lower() in unit.unit.object.lower() or any(
            alias in unit.unit.object for alias in (entity,)
        ):
            named.add(
                claims.sides.get(entity) or government_of(entity) or demonym_state(entity) or entity
            )
    own.discard("")
    named -= own
    if not own or not named:
        return frozenset()
    return frozenset({sorted(own)[0], sorted(named)[0]})


_MODAL = re.compile(
    r"\b(?:will|would|could|may|might|can|shall|should|must|plans?|planned|planning|wants?|"
    r"seeks?|hopes?|intends?|expects?|going to|if|whether)\b",
    re.IGNORECASE,
)


def _reports_event(unit: StoryUnit) -> bool:
    """Whether a unit states something that took place ("had spoken", "met", "sent"), the
    only kind of statement a denial that it took place contradicts; plans, wishes and
    present descriptions ("the summit carries high stakes") are not."""
    text = unit.content
    if _MODAL.search(text):
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
    member: AnnotatedArticle, start: int, embedder: Embedder, width: int
) -> PreparedArticle:
    text = member.article.text
    index = next((n for n, s in enumerate(member.sentences) if s.start == start), None)
    if index is None:
        spans = [(start, start + 1)]
    else:
        spans = [
            (s.start, s.end) for s in member.sentences[max(0, index - width) : index + width + 1]
        ]
    vectors = np.asarray(embedder.encode([text[s:e] for s, e in spans]), dtype=np.float32)
    return prepare_article(text, spans, vectors)
