"""Claim units: the propositions each reporting sentence of an article asserts, from its parse.

A claim unit is the smallest thing outlets can agree or disagree on: one clause with its subject,
verb chain, polarity, numbers and who it is attributed to. Story-level analysis
(`storyweave.analyse.claims`) lines units up across outlets; this stage only reads one article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyweave.model import ClaimUnit
from storyweave.nlp.entity_context import context_type
from storyweave.nlp.lexicon import (
    APPROXIMATORS,
    BOILERPLATE,
    HEDGE_PHRASES,
    HEDGE_WORDS,
    NEGATION_WORDS,
    NUMBER_WORDS,
    OFFICES,
    REPORTING_VERBS,
    ROLE_TIME_WORDS,
    SCALE_WORDS,
    SPECULATIVE_MODALS,
    STANCE_NOUNS,
    lemma,
    number_value,
)

if TYPE_CHECKING:  # the parse comes from the runner; spaCy is imported there
    from spacy.tokens import Doc, Span, Token

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CLAUSE_DEPS = ("ccomp", "xcomp")
_FIRST_PERSON = frozenset(["i", "we", "us", "me"])
_QUOTE_MARKS = '"\u201c\u201d'
_END_PUNCT = (".", "!", '"', "\u201d", "'", "\u2019", ")")
_PRONOUNS = frozenset(["he", "she", "him", "her", "his", "hers"])
_ADVERBIAL_MARKS = frozenset(["as", "while", "because", "since", "after", "although", "though"])
_ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC")
_SPEAKER_PRONOUNS = frozenset(["he", "she", "it", "they", "his", "her", "its", "their"])
_ROLE_GLUE = frozenset(
    ["-", "elect", "vice", "deputy", "foreign", "defence", "defense", "state", "of", "the"]
)


@dataclass(frozen=True)
class _Parsed:
    """The parse plus what spaCy rebuilds on every access, read once per article: `Doc.text`
    joins every token and `Doc.ents` (behind `Span.ents` too) makes every entity span again,
    which per clause made this stage several times slower than it needs to be."""

    doc: Doc
    text: str
    ents: tuple[Span, ...]

    def ents_in(self, sent: Span) -> list[Span]:
        """`sent.ents`: the entities wholly inside the sentence, in order."""
        return [e for e in self.ents if e.start >= sent.start and e.end <= sent.end]


@dataclass(frozen=True)
class ClaimsConfig:
    min_tokens: int = 5
    max_sentence_chars: int = 600
    # Headings and subheads: short lines with no closing punctuation.
    max_heading_tokens: int = 16
    # How far back (in characters) a "he"/"his" looks for the person it stands for.
    pronoun_window_chars: int = 600


def extract_claims(doc: Doc, config: ClaimsConfig = ClaimsConfig()) -> tuple[ClaimUnit, ...]:
    """Claim units of one parsed article, in text order.

    Skipped: questions, headings, page furniture and author bios, sentences in the first person
    outside quotation marks, and speculation in the outlet's own voice ("could", "might").
    Coordinated clauses with their own verb become separate units ("Ukraine must abandon X and
    withdraw Y" -> two). Known failure cases: the small parser sometimes attaches a coordinated
    verb to the wrong head, so a split can cut a clause short; quotations spanning several
    sentences are split into their sentences, each attributed only when it names the speaker.
    """
    units: list[ClaimUnit] = []
    parsed = _Parsed(doc, doc.text, tuple(doc.ents))
    for sent in doc.sents:
        if _is_reporting_sentence(sent, config):
            units.extend(_sentence_units(parsed, sent, config))
    return tuple(units)


def _is_reporting_sentence(sent: Span, config: ClaimsConfig) -> bool:
    text = sent.text.strip()
    if not text or len(text) > config.max_sentence_chars or len(sent) < config.min_tokens:
        return False
    if text.rstrip(_QUOTE_MARKS + "\u2019' ").endswith("?"):
        return False
    if not text.endswith(_END_PUNCT) and len(sent) <= config.max_heading_tokens:
        return False
    if BOILERPLATE.search(text):
        return False
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return False
    has_quote = any(ch in text for ch in _QUOTE_MARKS)
    root_subjects = [c for c in sent.root.children if c.dep_ in _SUBJECT_DEPS]
    return has_quote or not any(s.lower_ in _FIRST_PERSON for s in root_subjects)


def _sentence_units(parsed: _Parsed, sent: Span, config: ClaimsConfig) -> list[ClaimUnit]:
    hedged = any(t.lower_ in HEDGE_WORDS for t in sent) or bool(HEDGE_PHRASES.search(sent.text))
    units: list[ClaimUnit] = []
    for head in _frame_heads(sent.root):
        speaker, cue, content = _attribution(parsed.text, head, sent)
        # "X said he ...": the pronoun is the speaker far more often than the last name before it.
        speaker_name = _person_in(parsed, speaker, sent) if speaker else ""
        if speaker and not speaker_name and speaker.lower() not in _SPEAKER_PRONOUNS:
            speaker_name = speaker  # "The water utility said it would ..." (no entity tagged)
        passive_report = cue != "" and speaker is None
        for clause_head, subject in _clauses(content):
            unit = _unit(parsed, sent, clause_head, subject, config)
            if unit is None:
                continue
            if speaker is None and cue == "" and _speculative(clause_head):
                continue
            if any(u.start == unit.start and u.end == unit.end for u in units):
                continue
            pronoun = unit.subject.lower().split()[0] if unit.subject else ""
            if speaker_name and (unit.subject_ref or pronoun in _SPEAKER_PRONOUNS):
                unit = _replace(unit, subject_ref=speaker_name)
            units.append(_replace(unit, speaker=speaker, cue=cue, hedged=hedged or passive_report))
    _attach_roles(parsed, sent, units)
    if len(units) == 1:
        only = units[0]
        units[0] = _replace(only, text=_span_text(parsed.text, sent.start_char, sent.end_char))
    return units


def _person_in(parsed: _Parsed, speaker: str, sent: Span) -> str:
    start = sent.text.find(speaker) + sent.start_char if speaker in sent.text else -1
    # The speaker's noun phrase may continue in an apposition the parse left out of it
    # ("The water utility Brenmoor Hydro said"): look a few characters past it too.
    end = start + len(speaker) + 40
    inside = [
        e
        for e in parsed.ents_in(sent)
        if e.label_ in _ACTOR_LABELS
        and (
            e.text in speaker or (start >= 0 and start <= e.start_char < end and e.end_char <= end)
        )
    ]
    people = [e.text for e in inside if e.label_ == "PERSON"]
    return people[0] if people else (inside[0].text if inside else "")


def _frame_heads(root: Token) -> list[Token]:
    """The root and the verbs coordinated with it that have their own subject."""
    heads = [root]
    for child in root.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and _subject(child) is not None:
            heads.append(child)
    return heads


def _attribution(text: str, head: Token, sent: Span) -> tuple[str | None, str, Token]:
    """(speaker, reporting verb, head of what is reported) for one frame."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end:
            to = token.nbor(1)
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if objects and (token.head == head or token.head.head == head or token.head == token):
                return _subtree_text(text, objects[0]), "according to", head
    if lemma(head.text) in REPORTING_VERBS or _makes_clear(head):
        complements = [c for c in head.children if c.dep_ in _CLAUSE_DEPS]
        if _makes_clear(head):
            complements = _made_clear(head)
        if complements:
            subject = _subject(head)
            speaker = None
            if subject is not None and subject.dep_ != "nsubjpass":
                speaker = _speaker_text(text, subject)
            return speaker, lemma(head.text), complements[0]
    for child in head.children:
        # "Kaine reinforced Clinton's demands: Congress must ..." reports the owner's demands.
        if child.dep_ in ("ccomp", "parataxis") and child.i < head.i:
            owned = [c for c in child.children if c.dep_ == "dobj" and c.lower_ in STANCE_NOUNS]
            if owned:
                owner = [c for c in owned[0].children if c.dep_ == "poss"]
                who = owner[0] if owner else _subject(child)
                if who is not None:
                    return _speaker_text(text, who), lemma(owned[0].text), head
    for child in head.children:
        # "X, Earnest said." parses with the content as root and the frame as parataxis.
        if child.dep_ in ("parataxis", "ccomp") and lemma(child.text) in REPORTING_VERBS:
            before = child.left_edge.nbor(-1) if child.left_edge.i > sent.start else None
            if child.dep_ == "ccomp" and (before is None or before.text not in ',\u201d"'):
                continue
            subject = _subject(child)
            if subject is not None and child.i > head.i:
                return _speaker_text(text, subject), lemma(child.text), head
    return None, "", head


def _makes_clear(head: Token) -> bool:
    """ "Russia has made it clear that ...", "made it known that ...": "make" + "it" + an
    adjective over a clause reports like "said" (the construction, not a word list)."""
    return lemma(head.text) == "make" and bool(_made_clear(head)) and _has_it(head)


def _has_it(head: Token) -> bool:
    return any(t.lower_ == "it" for t in head.subtree if t.i > head.i)


def _made_clear(head: Token) -> list[Token]:
    """What was made clear or known: the clause under the adjective ("made it clear that
    talks must wait" parses the adjective as the complement, with "it" as its subject and
    "wait" below it)."""
    for adjective in (t for t in head.subtree if t.i > head.i and _describes(t)):
        below = [
            c
            for c in adjective.children
            if c.dep_ in ("ccomp", "advcl") and c.i > adjective.i and _finite_clause(c)
        ]
        if below:
            return below
    return []


def _describes(token: Token) -> bool:
    """An adjective or a past participle ("clear", "known")."""
    return token.pos_ == "ADJ" or token.tag_ == "VBN"


def _finite_clause(head: Token) -> bool:
    """A clause with its own subject or a "that": "made it clear that talks must wait", not
    "made it impossible to reach the village"."""
    own = any(c.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for c in head.children)
    return own and not any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)


def _clauses(head: Token) -> list[tuple[Token, Token | None]]:
    """(clause head, its subject) for a reported clause and the verbs coordinated with it."""
    subject = _subject(head)
    clauses = [(head, subject)]
    if any(c.dep_ == "preconj" for c in head.children):
        return clauses  # "neither confirmed nor denied" is one (negated) proposition
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            clauses.append((child, _subject(child) or subject))
        elif _separate_adverbial(child):
            clauses.append((child, _subject(child)))
    return clauses


def _separate_adverbial(token: Token) -> bool:
    """ "..., as he seeks to reduce support": an adverbial clause with its own subject states a
    proposition of its own."""
    if token.dep_ != "advcl" or token.pos_ not in ("VERB", "AUX"):
        return False
    subject = next((c for c in token.children if c.dep_ in _SUBJECT_DEPS), None)
    marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
    return subject is not None and bool(marks & _ADVERBIAL_MARKS)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    if verb.dep_ == "xcomp":
        return _subject(verb.head)
    return None


def _unit(
    parsed: _Parsed, sent: Span, head: Token, subject: Token | None, config: ClaimsConfig
) -> ClaimUnit | None:
    doc = parsed.doc
    split = {
        c.i
        for c in head.children
        if (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")) or _separate_adverbial(c)
    }
    if any(c.dep_ == "preconj" for c in head.children):
        split = set()  # "neither confirmed nor denied that X" stays whole
    tokens = [t for t in _subtree_without(head, split) if not t.is_punct or t.i == head.i]
    tokens = [t for t in tokens if t.dep_ not in ("cc", "mark") or t.i > head.i]
    if len(tokens) < 3:
        return None
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    chain = _verb_chain(head)
    subject_text, subject_start, subject_end, subject_ref = "", 0, 0, ""
    before: list[Token] = []
    if subject is not None:
        # Only the part before the verb: "a meeting is arranged between him and Medvedev" attaches
        # the prepositional phrase to the subject, but it is no part of who acts.
        verb_i = subject.head.i if subject.head.i > subject.i else len(doc)
        before = [t for t in subject.subtree if t.i < verb_i]
        while before and before[-1].is_punct:
            before.pop()
    if subject is not None and before:
        left, right = before[0], before[-1]
        subject_start, subject_end = left.idx, right.idx + len(right.text)
        subject_text = parsed.text[subject_start:subject_end]
        subject_ref = _resolve_pronoun(parsed, subject, config)
    else:
        # The parser tagged a lone quotation mark or dash as the subject ("“ is not ..."
        # in a page whose opening mark was split off): no subject words, so none is claimed.
        subject = None
    clause = parsed.text[start:end]
    text = clause if subject is None or subject_start >= start else f"{subject_text} {clause}"
    return ClaimUnit(
        start=start,
        end=end,
        text=text,
        sentence_start=sent.start_char + (len(sent.text) - len(sent.text.lstrip())),
        sentence_end=sent.start_char + len(sent.text.rstrip()),
        subject=subject_text,
        subject_start=subject_start,
        subject_end=subject_end,
        subject_ref=subject_ref,
        predicates=tuple(_predicate(t) for t in chain),
        object=_object_text(parsed.text, chain[-1]),
        negated=_negated(chain, subject),
        conditional=_conditional(head),
        numbers=tuple(_numbers(tokens)),
    )


def _subtree_without(head: Token, cut: set[int]) -> Iterable[Token]:
    stack = [head]
    seen = []
    while stack:
        token = stack.pop()
        seen.append(token)
        stack.extend(c for c in token.children if c.i not in cut)
    return sorted(seen, key=lambda t: t.i)


def _verb_chain(head: Token) -> list[Token]:
    """ "seeks to reduce" -> [seeks, reduce]; "is open" -> [open]."""
    chain = [head]
    current = head
    while True:
        nxt = [c for c in current.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        if not nxt:
            break
        current = nxt[0]
        chain.append(current)
    last = chain[-1]
    if lemma(last.text) == "be":
        complements = [c for c in last.children if c.dep_ in ("acomp", "attr")]
        if complements:
            chain[-1] = complements[0]
    return chain


def _predicate(token: Token) -> str:
    particle = [c.lower_ for c in token.children if c.dep_ == "prt"]
    base = lemma(token.text)
    return f"{base} {particle[0]}" if particle and base in ("scale", "rule", "back") else base


def _object_text(text: str, verb: Token) -> str:
    for deps in (("dobj", "attr", "oprd"), ("prep",), ("acomp", "ccomp", "xcomp")):
        for child in verb.children:
            if child.dep_ in deps:
                return _subtree_text(text, child)
    # "neither confirmed nor denied that X": the clause hangs on the second verb.
    for child in verb.children:
        if child.dep_ == "conj" and any(c.dep_ == "preconj" for c in verb.children):
            return _object_text(text, child)
    return ""


def _negated(chain: list[Token], subject: Token | None) -> bool:
    for verb in chain:
        for child in verb.children:
            if child.dep_ in ("neg", "preconj") and child.lower_ in NEGATION_WORDS:
                return True
            if child.dep_ in ("dobj", "nsubjpass") and any(
                d.dep_ == "det" and d.lower_ == "no" for d in child.children
            ):
                return True
    if subject is not None and any(d.lower_ in ("no", "none") for d in subject.children):
        return True
    return subject is not None and subject.lower_ in ("nobody", "nothing", "none")


def _conditional(head: Token) -> bool:
    token: Token = head
    while True:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children):
            return True
        if token.head == token:
            return False
        token = token.head


def _speculative(head: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS for c in head.children)


def _numbers(tokens: list[Token]) -> Iterable[tuple[float, str, str, bool]]:
    for token in tokens:
        if token.ent_type_ in ("DATE", "TIME", "ORDINAL", "PERCENT"):
            continue
        if not (token.like_num or token.lower_ in NUMBER_WORDS):
            continue
        if token.dep_ not in ("nummod", "nsubj", "nsubjpass", "dobj", "pobj"):
            continue
        value = _number_phrase_value(token)
        if value is None:
            continue
        noun = token.head if token.dep_ == "nummod" else token
        anchor = noun.head if noun.head != noun else noun
        approximate = any(
            t.lower_ in APPROXIMATORS
            for t in (*token.children, *token.doc[max(token.i - 2, 0) : token.i])
        )
        yield value, lemma(noun.text) if noun != token else "", lemma(anchor.text), approximate


def _number_phrase_value(token: Token) -> float | None:
    parts = [c for c in token.children if c.dep_ == "compound" and c.like_num] + [token]
    text = " ".join(t.text for t in sorted(parts, key=lambda t: t.i))
    if token.head.lower_ in SCALE_WORDS:
        return None  # counted once, at the scale word ("2.4" of "2.4 million")
    return number_value(text)


def _resolve_pronoun(parsed: _Parsed, subject: Token, config: ClaimsConfig) -> str:
    """The person a "he"/"his" subject stands for: the nearest person named before it.

    A name counts as a person when the tagger says so or its context does ("union boss X",
    "X, the general secretary"): the small model tags some people ORG, and skipping them
    would hand their pronouns to whoever was named before.
    """
    pronoun = subject if subject.lower_ in _PRONOUNS else None
    if pronoun is None:
        pronoun = next(
            (c for c in subject.children if c.dep_ == "poss" and c.lower_ in _PRONOUNS), None
        )
    if pronoun is None:
        return ""
    people = {ent.text.split()[-1] for ent in parsed.ents if ent.label_ == "PERSON"}
    best = ""
    for ent in parsed.ents:
        if ent.end_char > pronoun.idx:
            break
        if pronoun.idx - ent.end_char > config.pronoun_window_chars:
            continue
        if _is_person(parsed, ent, people):
            best = ent.text
    return best


def _is_person(parsed: _Parsed, ent: Span, people: set[str]) -> bool:
    if ent.label_ == "PERSON":
        return True
    if ent.label_ == "ORG" and ent.text.split()[-1] in people:
        return True
    return context_type(parsed.text, ent.start_char, ent.end_char, ent.label_) == "PERSON"


def _attach_roles(parsed: _Parsed, sent: Span, units: list[ClaimUnit]) -> None:
    """Give each unit the titles its sentence uses for people ("former president")."""
    if not units:
        return
    for ent in parsed.ents_in(sent):
        if ent.label_ != "PERSON":
            continue
        role = _role(parsed.doc, ent)
        if not role:
            continue
        index = next((i for i, u in enumerate(units) if u.start <= ent.start_char < u.end), 0)
        unit = units[index]
        units[index] = _replace(unit, roles=(*unit.roles, (ent.text, role)))


def _role(doc: Doc, ent: Span) -> str:
    """ "former U.S. President Barack Obama" -> "former president"; "" when no office is named."""
    words: list[str] = []
    i = ent.start - 1
    while i >= 0:
        token = doc[i]
        lower = token.lower_
        if lower in OFFICES or lower in ROLE_TIME_WORDS or lower in _ROLE_GLUE:
            words.insert(0, lower)
        elif token.ent_type_ in ("GPE", "NORP") or lower in ("u.s.", "us", "uk", "u.k."):
            pass
        else:
            break
        i -= 1
    # "Barack Obama, the US president-elect," and "President-elect of the United States, Barack
    # Obama": the title is an apposition.
    for other in (*ent.root.children, ent.root.head):
        related = other.dep_ == "appos" or ent.root.dep_ == "appos"
        if related and other != ent.root and other.lower_ in OFFICES:
            words += [t.lower_ for t in other.subtree if not t.ent_type_]
    offices = [w for w in words if w in OFFICES]
    if not offices:
        return ""
    times = [ROLE_TIME_WORDS[w] for w in words if w in ROLE_TIME_WORDS]
    time = times[0] if times else "current"
    office = offices[-1]
    return {"former": f"former {office}", "elect": f"{office}-elect"}.get(time, office)


def _speaker_text(text: str, subject: Token) -> str:
    """The speaker's noun phrase without relative clauses ("Obama, who has claimed ...,")."""
    cut = {c.i for c in subject.children if c.dep_ in ("relcl", "acl")}
    tokens = list(_subtree_without(subject, cut))
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "case"):
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    if not tokens:
        return subject.text
    return text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)].rstrip(" ,")


def _subtree_text(text: str, token: Token) -> str:
    left, right = token.left_edge, token.right_edge
    return text[left.idx : right.idx + len(right.text)]


def _span_text(text: str, start: int, end: int) -> str:
    return text[start:end].strip()


def _replace(unit: ClaimUnit, **changes: object) -> ClaimUnit:
    return replace(unit, **changes)  # type: ignore[arg-type]
