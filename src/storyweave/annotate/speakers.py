"""Who said a quotation: the reporting verb's subject, resolved to a name within the article.

Rules over spaCy's dependency parse, because no coreference model is installable here
(DESIGN.md): reporting verbs and their `nsubj`, "according to", names resolved through the
article's own full names, role descriptions through the roles the article gave its people, and
pronouns through the nearest compatible subject before them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from storyweave.annotate.speech_words import (
    ANAPHORIC,
    BELIEF_VERBS,
    COLLECTIVE,
    FEMALE_TITLES,
    INTRANSITIVE_ONLY,
    MALE_TITLES,
    NAME_PARTICLES,
    ORGANISATION_WORDS,
    PUT,
    SPEECH_VERBS,
)
from storyweave.nlp.names import strip_titles
from storyweave.nlp.roles import (
    PersonRole,
    find_roles,
    is_person_noun,
    is_role_noun,
    role_word,
    role_words,
)

if TYPE_CHECKING:  # the parse comes from the runner; spaCy is imported there
    from spacy.tokens import Doc, Span, Token

_PERSONAL = ("PERSON",)
_INITIAL = re.compile(r"[a-z]\.?")
_ORGANISATION = ("ORG", "GPE", "FAC")


@dataclass(frozen=True)
class Attribution:
    """The speaker found for one quotation. `via` says which rule found it."""

    speaker_text: str | None = None
    speaker: str | None = None
    start: int | None = None
    end: int | None = None
    speaker_type: str | None = None
    # "verb" | "sentence" | "according_to" | "subject" | "label" | "dash" | "previous" |
    # "none"
    via: str = "none"


@dataclass
class _Mention:
    name: str  # full name within the article
    start: int
    subject: bool
    kind: str  # "person" | "organisation"


class Sentences:
    """The parse's sentences, looked up by token in O(log n): `Token.sent` walks the whole
    document on every call (it was most of the attribution stage's time)."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    def of(self, token: Token) -> Span:
        return self.spans[bisect_right(self.starts, token.i) - 1]


@dataclass
class ArticleSpeakers:
    """What attribution needs to know about one article; built once per parse.

    Mutable only while one article is processed (pronoun resolutions teach genders);
    never shared between articles.
    """

    doc: Doc
    quotes: Sequence[tuple[int, int]]
    names: dict[str, str] = field(default_factory=dict)  # any form -> full name
    people: set[str] = field(default_factory=set)
    mentions: list[_Mention] = field(default_factory=list)
    roles: list[PersonRole] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)
    paragraph_starts: list[int] = field(default_factory=list)
    token_starts: list[int] = field(default_factory=list)  # `Token.idx` of each token, once
    sentences: Sentences = field(init=False)

    def tokens_in(self, start: int, end: int) -> Span:
        """The tokens that begin in [start, end), found by bisection (a scan of the whole
        document per quotation was most of this stage's cost)."""
        return self.doc[bisect_left(self.token_starts, start) : bisect_left(self.token_starts, end)]

    def inside_quote(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.quotes)


def build_context(doc: Doc, quotes: Sequence[tuple[int, int]]) -> ArticleSpeakers:
    """Names, subjects, roles and known genders of the article's people (outside quotations)."""
    ctx = ArticleSpeakers(doc=doc, quotes=quotes)
    ctx.sentences = Sentences(doc)
    text = ctx.sentences.text
    ctx.paragraph_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    ctx.token_starts = [t.idx for t in doc]
    ents = [
        e
        for e in doc.ents
        if e.label_ in _PERSONAL + _ORGANISATION and not ctx.inside_quote(e.start_char)
    ]
    # Multi-word names of people (and of things the small model may have mistyped as ORG).
    full_names: dict[str, str] = {}
    for ent in ents:
        name = _clean_name(strip_titles(_clean_name(ent.text)))
        if len(name.split()) > 1 and (ent.label_ in ("PERSON", "ORG") or _looks_personal(name)):
            full_names.setdefault(name.lower(), name)
    untagged = _untagged_subject_names(doc)  # "Joyce Meyer, a crane driver, ..." missed by NER
    for name in untagged:
        full_names.setdefault(name.lower(), name)
    # "Loretta E. Lynch" is the "Loretta Lynch" of the headline: middle initials fold.
    folded: dict[str, str] = {}
    for full in full_names.values():
        key = " ".join(w for w in full.lower().split() if not _INITIAL.fullmatch(w))
        ctx.names[full.lower()] = folded.setdefault(key, full)
    personal = [f for f in folded.values() if _looks_personal(f)]
    for position in (-1, 0):  # surname, then first name, when only one person has it
        for full in personal:
            part = full.split()[position]
            owners = {f for f in personal if f.split()[position] == part}
            if len(owners) == 1:
                ctx.names.setdefault(part.lower(), full)
    # A name is a person's when most of its mentions (surname alone included) are PERSON.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for ent in ents:
        votes[resolve_name(ctx, ent.text)][ent.label_] += 1
    for name in untagged:
        votes[name]["PERSON"] += 1
    # A name given a role ("Joyce Meyer, a crane driver") names a person.
    candidates = [(e.text, e.start_char, e.end_char) for e in ents]
    for role in find_roles(text, candidates):
        if any(is_person_noun(w) for w in role.role.split()):
            votes[resolve_name(ctx, role.name)]["PERSON"] += 2
    # A full name tagged PERSON is strong evidence; the small model often tags a lone surname
    # ORG. Names ending in an organisation word ("... Terminals", "... Ministry") are not people.
    full_person = {
        resolve_name(ctx, e.text) for e in ents if e.label_ == "PERSON" and " " in e.text.strip()
    }
    # A surname two of the article's people share ("Bobby Scott", "Tim Scott") stays unresolved
    # but is still a person's, however the tagger labels it alone.
    surnames = Counter(n.split()[-1] for n in full_person)
    shared = {n for n, count in surnames.items() if count > 1}
    ctx.people = {
        n
        for n, c in votes.items()
        if (n in full_person or n in shared or c["PERSON"] * 2 >= sum(c.values()))
        and n.split()[-1].lower() not in ORGANISATION_WORDS
    }
    # A known person's name the tagger gave another label ("Lindsay Lohan" as PRODUCT).
    mislabelled = [
        e
        for e in doc.ents
        if e.label_ not in _PERSONAL + _ORGANISATION
        and e.text[:1].isupper()
        and resolve_name(ctx, e.text) in ctx.people
        and not ctx.inside_quote(e.start_char)
    ]
    people = []
    subjects: list[tuple[str, int, int]] = []
    for ent in sorted(ents + mislabelled, key=lambda e: e.start_char):
        name = resolve_name(ctx, ent.text)
        person = name in ctx.people
        kind = "person" if person else "organisation"
        # A person reported on yields to the reporter; "it" still finds a reported body.
        subject = _is_subject(ent.root) and not (person and _reported(ent.root))
        ctx.mentions.append(_Mention(name, ent.start_char, subject, kind))
        if person:
            people.append((name, ent.start_char, ent.end_char))
            if _is_subject(ent.root):
                subjects.append((name, ent.start_char, ent.end_char))
            _learn_gender(ctx, name, text[max(0, ent.start_char - 30) : ent.start_char])
    for token in doc:  # subjects the tagger missed as entities ("Obama did not elaborate")
        if token.dep_ == "nsubj" and token.text[:1].isupper() and token.ent_type_ == "":
            # The whole name when it has one ("Lindsay Lohan, ..., noted"): a shared surname
            # alone would not say which of the family speaks.
            first = min([token, *(t for t in token.lefts if t.dep_ == "compound")]).i
            span = doc[first : token.i + 1]
            name = resolve_name(ctx, span.text)
            if name not in ctx.people:
                span, name = doc[token.i : token.i + 1], resolve_name(ctx, token.text)
            if name in ctx.people and not ctx.inside_quote(token.idx):
                ctx.mentions.append(_Mention(name, span.start_char, True, "person"))
                people.append((name, span.start_char, span.end_char))
    ctx.mentions.sort(key=lambda m: m.start)
    ctx.roles = find_roles(text, people)
    for role in ctx.roles:
        _learn_gender(ctx, role.name, role.role)
    _learn_genders_from_pronouns(ctx, subjects)
    _add_role_subjects(ctx)
    return ctx


def _add_role_subjects(ctx: ArticleSpeakers) -> None:
    """ "The Republican nominee said ...": a role phrase as a subject, resolved to the person
    the article gave that role, is a mention the next "he" can refer back to."""
    added = False
    for token in ctx.doc:
        if token.dep_ != "nsubj" or not is_role_noun(token.text) or ctx.inside_quote(token.idx):
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            continue
        phrase = _phrase(token)
        base = Attribution(phrase.text, None, phrase.start_char, phrase.end_char)
        found = _role(ctx, base, token)
        if found.speaker and found.speaker_type == "person":
            ctx.mentions.append(_Mention(found.speaker, token.idx, True, "person"))
            added = True
    if added:
        ctx.mentions.sort(key=lambda m: m.start)


_MALE_PRONOUNS = frozenset(["he", "him", "his", "himself"])
_FEMALE_PRONOUNS = frozenset(["she", "her", "hers", "herself"])
_GENDERED = _MALE_PRONOUNS | _FEMALE_PRONOUNS


def _learn_genders_from_pronouns(
    ctx: ArticleSpeakers, subjects: list[tuple[str, int, int]]
) -> None:
    """ "Clinton said her plan ...": in a sentence that names one person only, as a subject,
    the gendered pronouns after the name (outside quotations) are most often that person's.
    Each such sentence is a vote; a name takes the gender most of its votes give, where no
    title already told it. Known failure case: "Clinton met the man who said his ..." (a person
    the tagger did not name)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    by_start = sorted(subjects, key=lambda p: p[1])
    index = 0
    for sent in ctx.sentences.spans:
        named: list[tuple[str, int]] = []
        while index < len(by_start) and by_start[index][1] < sent.end_char:
            if by_start[index][1] >= sent.start_char:
                named.append((by_start[index][0], by_start[index][2]))
            index += 1
        if len({name for name, _ in named}) != 1:
            continue
        name, after = named[0]
        genders = set()
        parts = set(name.split())
        for token in sent:
            gendered = token.lower_ in _GENDERED
            if not (gendered or token.pos_ == "PROPN") or ctx.inside_quote(token.idx):
                continue
            if token.pos_ == "PROPN" and token.ent_type_ in ("", "PERSON"):
                title = token.text.endswith(".") or is_role_noun(token.text)  # "Sen.", "CEO"
                if not title and token.text not in parts and resolve_name(ctx, token.text) != name:
                    break  # someone the tagger did not name ("Warren told Stumpf, after he")
            if token.idx >= after and gendered:
                genders.add("m" if token.lower_ in _MALE_PRONOUNS else "f")
        else:
            if len(genders) == 1:
                votes[name][genders.pop()] += 1
    for name, counts in votes.items():
        gender, count = counts.most_common(1)[0]
        if count * 2 > sum(counts.values()):
            ctx.gender.setdefault(name, gender)


def _looks_personal(name: str) -> bool:
    words = name.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() or w in NAME_PARTICLES for w in words)
        and words[0][:1].isupper()
        and words[-1][:1].isupper()
        and words[-1].lower() not in ORGANISATION_WORDS
    )


def _untagged_subject_names(doc: Doc) -> list[str]:
    """Capitalised two- or three-word subjects outside any entity: usually people."""
    names = []
    for token in doc:
        if token.dep_ != "nsubj" or token.pos_ != "PROPN" or token.ent_type_:
            continue
        words = [
            t
            for t in token.lefts
            if t.dep_ in ("compound", "nmod") and (t.pos_ == "PROPN" or t.lower_ in NAME_PARTICLES)
        ]
        if 1 <= len(words) <= 3 and all(not t.ent_type_ for t in words):
            name = " ".join(t.text for t in [*words, token])
            if _looks_personal(name) and not any(is_role_noun(t.text) for t in [*words, token]):
                names.append(name)
    return names


def _clean_name(text: str) -> str:
    text = text.strip()
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    return " ".join(text.split())


def resolve_name(ctx: ArticleSpeakers, text: str) -> str:
    """The article's full name for a name form ("Mr. Obama", "Obama" -> "Barack Obama")."""
    name = _clean_name(strip_titles(_clean_name(text)))
    return ctx.names.get(name.lower(), name)


def _learn_gender(ctx: ArticleSpeakers, name: str, context: str) -> None:
    words = context.split()
    last = words[-1].strip(",").lower() if words else ""
    if last in MALE_TITLES:
        ctx.gender.setdefault(name, "m")
    elif last in FEMALE_TITLES:
        ctx.gender.setdefault(name, "f")


def _is_subject(token: Token) -> bool:
    """Subject of its clause, directly or as a name/apposition inside the subject phrase."""
    for _ in range(3):
        if token.dep_ in ("nsubj", "nsubjpass"):
            return True
        if (
            token.dep_ == "compound"
            and token.head.pos_ == "NOUN"
            and not is_role_noun(token.head.text)
        ):
            return False  # "the Clinton campaign said": the campaign speaks, not Clinton
        if token.dep_ == "pobj" and token.head.dep_ == "agent":
            return True
        if token.dep_ not in ("appos", "compound", "conj", "flat") or token.head is token:
            return False
        token = token.head
    return False


def _reported(token: Token) -> bool:
    """The subject of a clause someone else reports ("Fowler said Clinton should rest"):
    less likely than the reporter to be the "he" of the next sentence."""
    head = token.head
    while head.dep_ in ("appos", "compound", "conj", "flat") and head.head is not head:
        head = head.head
    verb = head.head if head.dep_ in ("nsubj", "nsubjpass") else head
    # "he does believe McConnell is correct": a belief reports its clause as speech does.
    return verb.dep_ == "ccomp" and (is_speech_verb(verb.head) or _is_belief_verb(verb.head))


def _is_belief_verb(token: Token) -> bool:
    return token.lower_ in BELIEF_VERBS and token.tag_.startswith("VB")


def is_speech_verb(token: Token) -> bool:
    return token.lower_ in SPEECH_VERBS and (
        token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")
    )


def attribute(ctx: ArticleSpeakers, start: int, end: int, direct: bool = True) -> Attribution:
    """The speaker of the quotation at [start, end), by the first rule that applies:

    1. a reporting verb that governs the quoted words (`said that "..."`, `"...," he said`);
    2. "according to" nearest the quotation in its sentences, or for a direct quotation (not
       part of the sentence's syntax) the nearest reporting verb there ("Then, he said, ...");
    3. for a long mixed quotation, the subject of the clause it belongs to.
    Returns `via="none"` when nothing applies; the caller may then carry over the previous
    quotation's speaker (a quote that continues after "he said.").
    """
    inside = list(ctx.tokens_in(start, end))
    if not inside:
        return Attribution()
    # Punctuation inside the marks often hangs from the sentence root; it says nothing.
    roots = [
        t
        for t in inside
        if (not (start <= t.head.idx < end) or t.head is t) and not (t.is_punct or t.is_space)
    ]
    for root in roots:
        verb = _governing_verb(ctx, root, start, end)
        if verb is not None:
            reporter = _reporter_above(ctx, verb, start, end, speaker_token(verb))
            return _from_verb(ctx, reporter or verb, "verb")
    verb = _nearest_in_sentences(ctx, inside, start, end, direct)
    if verb is not None:
        if verb.lower_ == "according":
            return _according_to(ctx, verb)
        return _from_verb(ctx, verb, "sentence")
    for root in roots:
        subject = _clause_subject(root, start, end)
        if subject is not None:
            reporter = _reporter_above(ctx, root, start, end, subject)
            found = _from_verb(ctx, reporter, "subject") if reporter else describe(ctx, subject)
            if found.speaker_text:
                return Attribution(
                    found.speaker_text,
                    found.speaker,
                    found.start,
                    found.end,
                    found.speaker_type,
                    "subject",
                )
    return Attribution()


def _is_thing(token: Token) -> bool:
    """A subject that names no one: "it" or a singular common noun that is not a person's
    ("the advertisement suggests", "the day of action sends a message")."""
    if token.lower_ == "it":
        return True
    return (
        token.tag_ == "NN"
        and token.ent_type_ == ""
        and token.lower_ not in COLLECTIVE
        and not is_person_noun(token.text)
    )


def _reporter_above(
    ctx: ArticleSpeakers, token: Token, start: int, end: int, subject: Token | None
) -> Token | None:
    """ "Holm said in the letter that the advertisement “unmistakably” suggests ...": when the
    clause holding a quotation has a thing for its subject, the quoted words are those of the
    person whose reporting verb the clause sits under. Known failure case: a document quoted
    inside someone's report ("he said the study found “...”") goes to the reporter."""
    if subject is None or not _is_thing(subject):
        return None
    for head in _heads_outside_quote(ctx, token, start, end, 6):
        if is_speech_verb(head) and _reports(head, start, end):
            speaker = speaker_token(head)
            if speaker is not None and not _is_thing(speaker):
                return head
            return None
    return None


def _heads_outside_quote(
    ctx: ArticleSpeakers, token: Token, start: int, end: int, steps: int
) -> Iterator[Token]:
    """The token's heads up the parse, at most `steps` up, skipping those inside the quotation
    (start, end) or another quotation: where a reporting verb may stand."""
    for _ in range(steps):
        if token.head is token:
            return
        token = token.head
        if not (start <= token.idx < end or ctx.inside_quote(token.idx)):
            yield token


# "PENCE: Well, look, ..." -- an interview transcript names each speaker in capitals before
# a colon. Capitals only: "Note: ..." and "Update: ..." are not speakers.
_LABEL = re.compile(r"([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}):\s")


def labelled(ctx: ArticleSpeakers, text: str, start: int) -> Attribution | None:
    """The speaker a transcript line names at the start of a quotation ("WALLACE: ..."),
    resolved through the article's names ("Chris Wallace")."""
    match = _LABEL.match(text, start)
    if match is None or len(match.group(1)) < 3:
        return None
    label = match.group(1)
    name = resolve_name(ctx, " ".join(w.capitalize() for w in label.split()))
    return Attribution(label, name, start, start + len(label), "person", "label")


def _governing_verb(ctx: ArticleSpeakers, root: Token, start: int, end: int) -> Token | None:
    """The reporting verb the quoted words hang from, at most two clauses above them ("told
    analysts that the delay was "..."" counts; climbing further would credit a quote to
    whoever "reported" a whole paragraph)."""
    clauses = 0
    for token in _heads_outside_quote(ctx, root, start, end, 8):
        if _reports(token, start, end):
            return token
        if token.pos_ in ("VERB", "AUX"):
            clauses += 1
            if clauses == 2:
                return None
    return None


def _reports(token: Token, start: int, end: int) -> bool:
    if not is_speech_verb(token):
        return False
    if any(c.dep_ == "prt" for c in token.children):
        return False  # "called off", "added up": a phrasal verb, not a reporting one
    objects = [c for c in token.children if c.dep_ == "dobj" and not (start <= c.idx < end)]
    if token.lower_ in PUT:  # "as she put it", "put it plainly" -- not "put troops"
        return any(o.lower_ == "it" for o in objects)
    if token.lower_ in INTRANSITIVE_ONLY:
        return not objects
    return True


def _nearest_in_sentences(
    ctx: ArticleSpeakers, inside: list[Token], start: int, end: int, direct: bool
) -> Token | None:
    first, last = inside[0].sent, inside[-1].sent
    best: tuple[int, Token] | None = None
    for token in ctx.doc[first.start : last.end]:
        if start <= token.idx < end or ctx.inside_quote(token.idx):
            continue
        according = token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)
        speech = direct and _reports(token, start, end) and token.pos_ in ("VERB", "AUX")
        if not (according or speech):
            continue
        distance = start - token.idx if token.idx < start else token.idx - end
        if best is None or distance < best[0]:
            best = (distance, token)
    return best[1] if best else None


def _clause_subject(root: Token, start: int, end: int) -> Token | None:
    token = root
    for _ in range(4):
        for child in token.children:
            if child.dep_ == "nsubj" and not (start <= child.idx < end):
                if child.lower_ in ("it", "there"):
                    break  # "perhaps it would be a good idea": says nothing of a speaker
                return child
        if token.head is token:
            return None
        token = token.head
    return None


def _from_verb(ctx: ArticleSpeakers, verb: Token, via: str) -> Attribution:
    subject = speaker_token(verb)
    if (subject is None or _is_thing(subject)) and verb.tag_ == "VBG" and verb.i > 0:
        # "The ad uses footage of Hillary Clinton asking, “...”": the person named right
        # before a reporting gerund is who speaks, not the subject it climbs to.
        before = verb.doc[verb.i - 1]
        if before.ent_type_ == "PERSON" or resolve_name(ctx, before.text) in ctx.people:
            subject = before
    if subject is not None and ctx.inside_quote(subject.idx):
        # "“If it fails, it will ...,” said James Acton": the parse hung the verb from the
        # quotation and its subject is a quoted word; the speaker follows the verb.
        subject = next(
            (
                c
                for c in verb.rights
                if (c.pos_ == "PROPN" or is_person_noun(c.text))
                and c.ent_type_ not in ("DATE", "TIME")
                and not ctx.inside_quote(c.idx)
            ),
            None,
        ) or _named_between_quote_and(ctx, verb)
    if subject is None:
        return Attribution(via=via)
    found = describe(ctx, subject)
    return Attribution(
        found.speaker_text, found.speaker, found.start, found.end, found.speaker_type, via
    )


def _named_between_quote_and(ctx: ArticleSpeakers, verb: Token) -> Token | None:
    """ "“...,” Flynn, a top Obama surrogate, said": the parse hung the name from the quoted
    words; the first name between the closing mark and the verb is the speaker."""
    doc = ctx.doc
    i = verb.i - 1
    while i >= 0 and verb.i - i <= 12 and not ctx.inside_quote(doc[i].idx):
        i -= 1
    for token in doc[i + 1 : verb.i]:
        if token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and token.ent_type_ == ""):
            while token.dep_ in ("compound", "flat", "poss") and token.head.i < verb.i:
                token = token.head  # "Obama's former strategist": the strategist speaks
            return token
    return None


def speaker_token(verb: Token) -> Token | None:
    """The token naming who speaks: the active subject, the passive agent ("stated by X"),
    or, for a verb without one ("..., adding that"), the subject of the verb it hangs from,
    through a preposition too ("began by saying", "after saying", "despite admitting"), for a
    reporting verb only ("without knowing how" says nothing of who)."""
    reporting = is_speech_verb(verb)
    for _ in range(4):
        if reporting and verb.dep_ == "prep" and verb.pos_ == "ADP" and verb.head is not verb:
            verb = verb.head
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        for child in verb.children:
            if child.dep_ == "nsubj":
                if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                    return verb.head  # "Earnest, who said ..."
                return child
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return None  # "it was said that ..." names no speaker
        if verb.dep_ in ("acl", "relcl") and _names_someone(verb.head):
            return verb.head  # "with spokesman Josh Earnest stating that ..."
        if verb.dep_ == "acl" and verb.head.head is not verb.head:
            verb = verb.head.head  # "emphasized his intent ..., stating": the intent's owner
            continue
        if verb.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "ccomp") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _names_someone(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ != "" or is_role_noun(token.text)


_CLOSING = "\u201d\"\u2019' "
_DASHES = "\u2015\u2014\u2013-"


def named_after(ctx: ArticleSpeakers, end: int) -> Attribution | None:
    """The speaker named right after a quotation the parse left without one: a short next
    sentence that reports it ("“... ?” Vitter demanded." split after the question mark) or
    a dash line ("“...” ― Ana Ruiz")."""
    doc, sents = ctx.doc, ctx.sentences
    text = sents.text
    after = end
    while after < len(text) and (text[after] in _CLOSING or text[after] == "\xa0"):
        after += 1
    rest = text[after : after + 80]
    stripped = rest.lstrip(" \t\xa0")
    if stripped[:1] in _DASHES:
        offset = after + len(rest) - len(stripped) + 1
        for ent in doc.ents:
            if ent.label_ == "PERSON" and offset <= ent.start_char <= offset + 3:
                return replace(describe(ctx, ent.root), via="dash")
            if ent.label_ in ("PERSON", "ORG") and ent.start_char < offset < ent.end_char:
                # The tagger took the dash into the name ("― Jacklyn Ashley"), often as ORG
                # then: the words after it are the name, a person's if they read as one.
                words = [t for t in ctx.tokens_in(offset, ent.end_char) if not t.is_space]
                if words:
                    name = doc[words[0].i : words[-1].i + 1]
                    label = "PERSON" if _looks_personal(name.text) else ent.label_
                    base = Attribution(name.text, None, name.start_char, name.end_char)
                    return replace(_named(ctx, base, name.text, label), via="dash")
        return None
    if "\n" in rest[: len(rest) - len(rest.lstrip())]:
        return None  # a new paragraph names someone else
    first = next((t for t in ctx.tokens_in(after, len(text)) if not t.is_space), None)
    if first is None:
        return None
    sent = sents.of(first)
    if len(sent) > 12:
        return None
    for token in sent:
        if is_speech_verb(token) and token.idx >= after:
            found = _from_verb(ctx, token, "sentence")
            return found if found.speaker_text else None
    return None


def named_before(ctx: ArticleSpeakers, open_mark: int) -> Attribution | None:
    """ "..., Schiff said. “The other factor ...”": a quotation opening right after a
    sentence that ends with its reporting clause (or a colon), in the same paragraph, is the
    same speaker's. Only a person or organisation the article names: "they said." is not
    carried over. Known failure case: a quotation answering the previous speaker."""
    text = ctx.sentences.text
    line_start = text.rfind("\n", 0, open_mark) + 1
    before = text[line_start:open_mark].rstrip()
    if not before:
        # "The Times reports:" ending the paragraph before: the quotation opening the next
        # one is what it introduces.
        previous = text[:line_start].rstrip()
        line_start = previous.rfind("\n") + 1
        before = previous[line_start:]
        if not before.endswith(":"):
            return None
    if not before.endswith((".", ":")):
        return None
    tokens = ctx.tokens_in(line_start, open_mark)
    if not len(tokens):
        return None
    sent = ctx.sentences.of(tokens[-1])
    for token in reversed(list(sent)):
        if token.idx >= open_mark or ctx.inside_quote(token.idx):
            continue
        if is_speech_verb(token) and (token.i >= sent.end - 5 or before.endswith(":")):
            found = _from_verb(ctx, token, "previous")
            if found.speaker and found.speaker_type in ("person", "organisation"):
                return found
            return None
    return None


def remember(ctx: ArticleSpeakers, found: Attribution) -> None:
    """A resolved speaker is in focus for the pronouns that follow ("He added, ...")."""
    if (
        found.speaker
        and found.start is not None
        and found.speaker_type in ("person", "organisation")
    ):
        ctx.mentions.append(_Mention(found.speaker, found.start, True, found.speaker_type))
        ctx.mentions.sort(key=lambda m: m.start)


def _according_to(ctx: ArticleSpeakers, according: Token) -> Attribution:
    to = next(c for c in according.children if c.lower_ == "to")
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return Attribution(via="according_to")
    target = objects[0]
    if target.pos_ == "NOUN" and target.tag_ in ("NNS", "NN") and not is_role_noun(target.text):
        # "according to statements attributed to Kremlin officials": the source is inside.
        for token in target.subtree:
            if token.dep_ == "pobj" and token is not target and token.pos_ in ("NOUN", "PROPN"):
                target = token
                break
    found = describe(ctx, target)
    return Attribution(
        found.speaker_text,
        found.speaker,
        found.start,
        found.end,
        found.speaker_type,
        "according_to",
    )


def _phrase(token: Token) -> Span:
    """The noun phrase a speaker token heads, without relative clauses and trailing clauses."""
    doc = token.doc
    left = token.i
    for child in token.lefts:
        left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ in ("appos", "compound", "flat", "nummod", "amod", "prep", "case"):
            right = max(right, child.right_edge.i)
        elif (
            child.dep_ == "punct"
            and child.i == right + 1
            and any(c.dep_ == "appos" and c.i > child.i for c in token.rights)
        ):
            continue
        else:
            break
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left : right + 1]


def describe(ctx: ArticleSpeakers, token: Token) -> Attribution:
    """Speaker text and resolved name for the token naming a speaker."""
    if token.pos_ == "PRON" or token.lower_ in ("he", "she", "they", "it"):
        return _pronoun(ctx, token)
    phrase = _phrase(token)
    text = phrase.text
    base = Attribution(text, None, phrase.start_char, phrase.end_char)
    ents = [e for e in ctx.doc.ents if e.start < phrase.end and e.end > phrase.start]
    containing = [e for e in ents if e.start <= token.i < e.end]
    appositions = {t.i for c in token.rights if c.dep_ == "appos" for t in c.subtree}
    possessive = {t.i for c in token.children if c.dep_ == "poss" for t in c.subtree}
    # "the Houston spokesman" may be tagged as one ORG; a role head is not a name.
    role_head = is_role_noun(token.text)
    choices = [e for e in containing if e.label_ in _PERSONAL + _ORGANISATION and not role_head]
    choices += [e for e in ents if e.label_ == "PERSON" and e.root.i in appositions]
    choices += [
        e
        for e in ents
        if e.label_ == "PERSON"
        and e.root.i not in possessive
        and e not in choices
        and not role_head  # "the Houston spokesman": a modifier, not the speaker
    ]
    if choices:
        return _named(ctx, base, choices[0].text, choices[0].label_)
    if resolve_name(ctx, token.text) in ctx.people:
        return _named(ctx, base, token.text, "PERSON")
    words = [t.text for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    chain = token.doc[
        min([token.i, *(t.i for t in token.lefts if t.dep_ == "compound")]) : token.i + 1
    ]
    if token.pos_ == "PROPN" and not _is_role_phrase(chain.text):
        label = "PERSON" if token.ent_type_ == "PERSON" else "PROPN"
        return _named(ctx, base, " ".join([*words, token.text]), label)
    if (
        token.tag_ in ("NNS", "NNPS")
        or token.lower_ in COLLECTIVE
        or any(e.label_ == "NORP" and e.root.i == token.i for e in containing)
    ):
        return Attribution(text, None, base.start, base.end, "group")
    return _role(ctx, base, token)


def _is_role_phrase(text: str) -> bool:
    """ "the President-elect", "Deputy Minister": only role words, no name."""
    words = [w for w in text.replace("-", " - ").split() if w.lower() not in ("the", "a", "-")]
    joined = text.lower().split()[-1] if text.split() else ""
    return bool(words) and (is_role_noun(joined) or all(is_role_noun(w) for w in words))


def _named(ctx: ArticleSpeakers, base: Attribution, name_text: str, label: str) -> Attribution:
    name = resolve_name(ctx, name_text)
    kind: str | None
    if name in ctx.people or (label == "PERSON" and name not in ctx.names):
        kind = "person"
    elif label == "PROPN":
        kind = "person" if name.lower() in ctx.names else None
    else:
        kind = "organisation"
    return Attribution(base.speaker_text, name, base.start, base.end, kind)


def _pronoun(ctx: ArticleSpeakers, token: Token) -> Attribution:
    """Pronoun rule: "he"/"she" is the nearest person before it, in its paragraph or the two
    before, who is the subject of a clause (else any person) and whose known gender agrees;
    "it" the nearest such organisation; "they" a group; "I"/"we" outside quotes stay unknown.
    Genders are known from Mr/Mrs/Ms, gendered role words and earlier resolutions.
    Known failure cases: a subject introduced only inside a quotation; cataphora ("Before he
    left, Smith said").
    """
    base = Attribution(token.text, None, token.idx, token.idx + len(token.text))
    word = token.lower_
    if word == "they":
        return Attribution(base.speaker_text, None, base.start, base.end, "group")
    if word not in ("he", "she", "it"):
        return base
    paragraph = max(i for i, p in enumerate(ctx.paragraph_starts) if p <= token.idx)
    window_start = ctx.paragraph_starts[max(0, paragraph - 2)]
    kind = "organisation" if word == "it" else "person"
    wanted = {"he": "m", "she": "f"}.get(word)
    candidates = [
        m
        for m in ctx.mentions
        if window_start <= m.start < token.idx
        and m.kind == kind
        and (wanted is None or ctx.gender.get(m.name, wanted) == wanted)
    ]
    subjects = [m for m in candidates if m.subject]
    pool = subjects
    if not pool and wanted:
        # No subject in reach: a person further back whose gender the article told, as
        # subject ("Lynch ... She occupies ... [four paragraphs of quotation] ... she said"),
        # before a mere mention nearby ("... disagreed with Obama's policies").
        wider = ctx.paragraph_starts[max(0, paragraph - 6)]
        pool = [
            m
            for m in ctx.mentions
            if wider <= m.start < window_start
            and m.kind == "person"
            and m.subject
            and ctx.gender.get(m.name) == wanted
        ]
    pool = pool or candidates
    chosen = pool[-1] if pool else None
    if chosen is None:
        return base
    if wanted:
        ctx.gender.setdefault(chosen.name, wanted)
    return Attribution(base.speaker_text, chosen.name, base.start, base.end, kind)


def _role(ctx: ArticleSpeakers, base: Attribution, token: Token) -> Attribution:
    """ "the Kremlin spokesman" -> the person the article introduced with that role; a generic
    "the official" -> the nearest subject person, as for a pronoun; otherwise unknown."""
    words = role_words(base.speaker_text or "")
    ordered = [role_word(w) for w in (base.speaker_text or "").split()]
    head = next((w for w in reversed(ordered) if is_role_noun(w)), None)
    if head is None:
        return base
    matches = [r for r in ctx.roles if head in r.words]
    offset = base.start or 0
    if matches:
        best = max(
            matches,
            key=lambda r: (len(words & r.words), r.start < offset, -abs(r.start - offset)),
        )
        name = resolve_name(ctx, best.name)
        return Attribution(base.speaker_text, name, base.start, base.end, "person")
    # "the port authority's chief executive" is someone new; "the Russian official" (a
    # nationality or place as modifier) is still the person in focus.
    modified = any(
        c.dep_ in ("poss", "prep")
        or (c.dep_ == "compound" and c.ent_type_ not in ("GPE", "NORP", "LOC"))
        for c in token.children
    )
    if not matches and head in ANAPHORIC:
        # "the union leader" for the person introduced as "secretary of the drivers' union"
        others = words - {head, "the", "a", "an"}
        matches = [r for r in ctx.roles if others and others <= r.words]
        if matches:
            best = max(matches, key=lambda r: (r.start < offset, -abs(r.start - offset)))
            name = resolve_name(ctx, best.name)
            return Attribution(base.speaker_text, name, base.start, base.end, "person")
    if head in ANAPHORIC and not modified:
        pronoun = _pronoun_like(ctx, base)
        if pronoun is not None:
            return Attribution(base.speaker_text, pronoun, base.start, base.end, "person")
    return base


def _pronoun_like(ctx: ArticleSpeakers, base: Attribution) -> str | None:
    offset = base.start or 0
    paragraph = max(i for i, p in enumerate(ctx.paragraph_starts) if p <= offset)
    window_start = ctx.paragraph_starts[max(0, paragraph - 2)]
    candidates = [
        m for m in ctx.mentions if window_start <= m.start < offset and m.kind == "person"
    ]
    subjects = [m for m in candidates if m.subject]
    pool = subjects or candidates
    chosen = pool[-1] if pool else None
    return chosen.name if chosen else None
