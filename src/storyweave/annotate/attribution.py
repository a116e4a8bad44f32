"""Who said or thought what in one article: direct, mixed and indirect attributions on one parse.

Quotations (text inside quotation marks) come from `quotes`; this module adds what news reports
without marks: reported speech ("Earnest said he had no details"), "according to X, ...", and
attributed beliefs and intentions ("Mook suggested that Ohio ...", "X wants to ..."). All
share one speaker resolution (`speakers`: the parse's subject, pronouns through the last
compatible person, roles through the article's people), and all are `Quote` values: `kind`
"direct", "mixed" or "indirect". The claims stage reads the same attributions
(`attribution_for`) instead of deriving its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from storyweave.annotate.quote_marks import find_marked_spans
from storyweave.annotate.quotes import QuotesConfig, is_title, quotes_with_context
from storyweave.annotate.speakers import (
    ArticleSpeakers,
    Attribution,
    Sentences,
    _according_to,
    _from_verb,
    describe,
    is_speech_verb,
    named_after,
    remember,
)
from storyweave.annotate.speech_words import SPEECH_VERBS, verb_forms
from storyweave.model import Article, Quote

if TYPE_CHECKING:  # the parse comes from the runner; spaCy is imported there
    from spacy.tokens import Doc, Token

_TRIM = " \t\n,;:.\u2014\u2013-\"'\u201c\u201d\u2018\u2019"
# Verbs whose infinitive complement is the attributed content ("wants to", "plans to").
_INTENTION = frozenset(
    [
        "want",
        "wish",
        "intend",
        "plan",
        "hope",
        "expect",
        "promise",
        "pledge",
        "vow",
        "threaten",
        "seek",
        "decide",
        "agree",
        "refuse",
        "urge",
        "demand",
        "ask",
        "call",
    ]
)
_IRREGULAR = {
    "think": "thought",
    "feel": "felt",
    "know": "knew known",
    "see": "saw seen",
    "hear": "heard",
    "read": "read",
    "find": "found",
    "understand": "understood",
    "learn": "learnt",
    "seek": "sought",
    "tell": "told",
    "say": "said",
    "write": "wrote written",
    "speak": "spoke spoken",
}


def _lemmas(name: str) -> tuple[str, ...]:
    text = resources.files("storyweave.nlp").joinpath("words", name).read_text("utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def _forms() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(every inflected cue form, the forms of intention verbs, of verbs whose object is the
    content); the pipeline has no lemmatizer."""
    cues: set[str] = set(SPEECH_VERBS)
    intention: set[str] = set()
    stance: set[str] = set()
    for lemma in _lemmas("reporting_verbs.txt") + _lemmas("belief_verbs.txt"):
        forms = verb_forms(lemma) | set(_IRREGULAR.get(lemma, "").split())
        cues |= forms
        if lemma in _INTENTION:
            intention |= forms
    for lemma in _lemmas("stance_verbs.txt"):
        forms = verb_forms(lemma) | set(_IRREGULAR.get(lemma, "").split())
        cues |= forms
        stance |= forms
    return frozenset(cues), frozenset(intention), frozenset(stance)


@dataclass(frozen=True)
class AttributionConfig:
    quotes: QuotesConfig = QuotesConfig()
    # Reported content shorter than this (in words) is a fragment, not a proposition.
    min_content_words: int = 2


def extract_attributions(
    doc: Doc, article: Article, config: AttributionConfig = AttributionConfig()
) -> tuple[Quote, ...]:
    """Direct and mixed quotations, then indirect attributions, of one parsed article.

    Indirect: a reporting or belief verb with a clausal complement (`ccomp`; an infinitive
    `xcomp` for intentions: "wants to", "plans to"), the content before a trailing reporting
    clause ("The plan failed, he said.") or around one set off by commas ("The museum, he
    said, celebrates ..."), the object of "about"-like prepositions after a cue ("spoke about
    her ties"), a headline line "Name: ...", and "according to X" over the rest of its
    sentence.
    A reported clause mostly inside quotation marks is left to the quotation. Speakers resolve
    as for quotations, so "he added" finds the last compatible person.
    Known failure cases: a content spanning several sentences ("X said: ... . ... .") keeps
    only the first; passive cues ("it was reported that") have no speaker; a cue inside a
    quotation (the speaker reporting someone else) is skipped.
    """
    quotes, ctx = quotes_with_context(doc, article, config.quotes)
    text = doc.text  # rebuilt from the tokens on every access: read it once
    if not quotes and not text.strip():
        return ()
    sents = ctx.sentences
    quotes = _speakers_after(doc, ctx, quotes, sents)
    found: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    cues, intention, stance = _forms()
    mask = _quoted_mask(len(text), ctx.quotes)
    for token in doc:
        lower = token.lower_
        if lower != "according" and lower not in cues and lower not in _TALK:
            continue
        if mask[token.idx]:
            continue
        if lower == "according" and any(c.lower_ == "to" for c in token.children):
            span = _according_content(token, sents)
            who = _according_to(ctx, token)
        elif (lower in cues or lower in _TALK) and (
            token.pos_ in ("VERB", "AUX") or token.tag_[:2] == "VB"
        ):
            span = _verb_content(token, intention, stance, sents)
            who = _from_verb(ctx, token, "verb") if span else Attribution()
        else:
            continue
        if span is None:
            continue
        start, end = _trim(text, *span)
        inside_own = start <= token.idx < end
        if inside_own and not (token.dep_ == "parataxis" and _parenthetical(token)):
            continue  # the cue inside its own content: a misparse
        if start >= end or (start, end) in seen or _mostly_quoted(text, start, end, mask):
            continue
        if len(text[start:end].split()) < config.min_content_words or not who.speaker_text:
            continue
        seen.add((start, end))
        found.append(
            Quote(
                text=text[start:end],
                start=start,
                end=end,
                speaker_text=who.speaker_text,
                speaker=who.speaker if who.speaker_type != "group" else None,
                speaker_start=who.start,
                speaker_end=who.end,
                kind="indirect",
                speaker_type=who.speaker_type,
            )
        )
        remember(ctx, who)
    for item in _headline_attributions(doc, ctx, mask):
        if (item.start, item.end) not in seen:
            seen.add((item.start, item.end))
            found.append(item)
    mixed = _fragments_in(doc, quotes, found, config)
    return tuple(sorted(quotes + mixed + tuple(found), key=lambda q: (q.start, q.end)))


def _headline_attributions(doc: Doc, ctx: ArticleSpeakers, mask: bytearray) -> list[Quote]:
    """ "Pat Caddell: Democrat Voters Worried About ...": a line that opens with a person's or
    organisation's name and a colon (the headline convention) reports what follows on the
    line. Known failure case: a section heading that happens to be a name ("Syria: ...")."""
    text = ctx.sentences.text
    items = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or text[ent.end_char : ent.end_char + 2] != ": ":
            continue
        if ent.start_char and text[ent.start_char - 1] != "\n":
            continue  # not at the start of its line
        line_end = text.find("\n", ent.end_char)
        start, end = _trim(text, ent.end_char + 1, len(text) if line_end < 0 else line_end)
        if len(text[start:end].split()) < 3 or _mostly_quoted(text, start, end, mask):
            continue
        who = describe(ctx, ent.root)
        if who.speaker_type not in ("person", "organisation"):
            continue
        items.append(
            Quote(
                text=text[start:end],
                start=start,
                end=end,
                speaker_text=who.speaker_text,
                speaker=who.speaker,
                speaker_start=who.start,
                speaker_end=who.end,
                kind="indirect",
                speaker_type=who.speaker_type,
            )
        )
    return items


def _fragments_in(
    doc: Doc, quotes: tuple[Quote, ...], indirect: list[Quote], config: AttributionConfig
) -> tuple[Quote, ...]:
    """Short quoted fragments the quotes stage left out (no reporting verb of their own) that
    lie inside someone's reported speech: "accused him of being a “con artist”" quotes the
    accuser. Only a person's reported speech: an outlet's report quotes others. Titles of
    works stay out."""
    if not indirect:
        return ()
    text = doc.text
    taken = [(q.start, q.end) for q in quotes]
    ends = [s.end_char for s in doc.sents]
    fragments: list[Quote] = []
    for span in find_marked_spans(text, ends, config.quotes.max_chars):
        start, end = _trim(text, span.start, span.end)
        if start >= end or any(a < end and start < b for a, b in taken):
            continue
        words = text[start:end]
        if is_title(words) or len(words.split()) < 2:
            continue
        owner = next((q for q in indirect if q.start <= start and end <= q.end), None)
        if owner is None or owner.speaker_type != "person":
            # An outlet or body "reports that ... “...”" mostly quotes someone else.
            continue
        fragments.append(replace(owner, text=words, start=start, end=end, kind="mixed"))
    return tuple(fragments)


def _speakers_after(
    doc: Doc, ctx: ArticleSpeakers, quotes: tuple[Quote, ...], sents: Sentences
) -> tuple[Quote, ...]:
    """Quotations the parse left without a speaker, credited to the one named right after
    them: a short next sentence that reports it ("“... ?” Vitter demanded." split after the
    question mark) or a dash line ("“...” ― Ana Ruiz"); later unattributed quotations of the
    same paragraph go on with that speaker."""
    result: list[Quote] = []
    carried: tuple[Quote, Attribution] | None = None
    for quote in quotes:
        if quote.speaker_text is not None:
            result.append(quote)
            carried = None
            continue
        found = named_after(ctx, quote.end)
        if found is None and carried and "\n" not in sents.text[carried[0].end : quote.start]:
            found = carried[1]
        if found is None or not found.speaker_text:
            result.append(quote)
            continue
        carried = (quote, found)
        result.append(
            replace(
                quote,
                speaker_text=found.speaker_text,
                speaker=found.speaker if found.speaker_type != "group" else None,
                speaker_start=found.start,
                speaker_end=found.end,
                speaker_type=found.speaker_type,
            )
        )
    return tuple(result)


def attribution_for(attributions: tuple[Quote, ...], start: int, end: int) -> Quote | None:
    """The attribution whose content holds most of [start, end) (at least half), if any: how
    the claims stage learns who a proposition is attributed to."""
    best: tuple[int, Quote] | None = None
    for item in attributions:
        shared = min(end, item.end) - max(start, item.start)
        if shared > 0 and shared >= 0.5 * (end - start) and (best is None or shared > best[0]):
            best = (shared, item)
    return best[1] if best else None


# Verbs of talking that report only what they are about ("talked about jobs", "brags about
# his ratings"): with a clause they mostly are not reports ("who was talking to whom").
_TALK = frozenset(verb_forms("talk") | verb_forms("brag") | {"bragged", "bragging"})


def _verb_content(
    verb: Token, intention: frozenset[str], stance: frozenset[str], sents: Sentences
) -> tuple[int, int] | None:
    if verb.lower_ in _TALK:
        return _about_object(verb)
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i:
            return _extent(child, sents)
    # "Ukraine must withdraw, he said." often parses with the content as the verb's ccomp
    # before it; only a clause ending at a comma or dash right before the reporting clause.
    for child in verb.children:
        if child.dep_ in ("ccomp", "parataxis") and child.i < verb.i and _has_subject(child):
            left, right = _extent(child, sents)
            between = sents.text[right : verb.left_edge.idx]
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and between.strip(
                " \u201d\"'\u2019"
            ) in (",", "\u2014", "--", ""):
                return left, right
    if verb.lower_ in intention:
        for child in verb.children:
            if child.dep_ == "xcomp" and child.i > verb.i:
                return _extent(child, sents)
    about = _about_object(verb)
    if about is not None:
        return about
    if verb.lower_ in stance and any(c.dep_ == "nsubj" for c in verb.children):
        # "urged his supporters to vote", "accused her of lying": the object and what follows.
        rights = [c for c in verb.rights if not c.is_punct and c.dep_ not in ("cc", "conj")]
        if rights and rights[0].dep_ in ("dobj", "xcomp", "prep", "oprd"):
            left = rights[0].left_edge.idx
            last = rights[-1]
            if last.dep_ in ("advcl",) and len(rights) > 1:
                last = rights[-2]
            _, right = _extent(last, sents)
            return left, right
    # "The plan failed, he said.": the reporting clause hangs from the content it follows.
    if (
        verb.dep_ in ("parataxis", "ccomp")
        and verb.head.i < verb.i
        and not (verb.dep_ == "ccomp" and is_speech_verb(verb.head))  # "X said she recalled"
    ):
        head = verb.head
        sent = sents.of(verb)
        left = head.left_edge.idx if head.left_edge.i >= sent.start else sent.start_char
        right = verb.left_edge.idx
        if _has_subject(verb) and _has_subject(head):
            if _parenthetical(verb):  # "Lenox was a juggernaut, he said, until it failed."
                return left, _extent(head, sents)[1]
            return left, right
    # "The museum, Mr. Bush said, celebrated his heroes": a reporting clause set off by
    # commas inside the content it reports.
    if (
        verb.dep_ == "parataxis"
        and verb.head.i > verb.i
        and _parenthetical(verb)
        and _has_subject(verb)
    ):
        return _extent(verb.head, sents)
    return None


def _parenthetical(verb: Token) -> bool:
    """The reporting clause stands between commas ("..., he said, ...")."""
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i  # the commas may hang from the verb
    before = left if doc[left].is_punct else left - 1
    after = right if doc[right].is_punct and right > verb.i else right + 1
    if before < 0 or after >= len(doc):
        return False
    return doc[before].text in (",", "\u2014", "--") and doc[after].text == ","


# Prepositions whose object is what a cue is about ("talked about the economy", "spoke of
# the legacy of racism", "warned against hackers", "called for his dismissal").
_ABOUT = frozenset(["about", "of", "on", "against", "for", "over"])


def _about_object(verb: Token) -> tuple[int, int] | None:
    """ "She spoke about her ties to black churches": the object of an "about" preposition
    right after a cue with a subject (an adverb or particle may come between: "spoke out
    Tuesday about"). Known failure case: "worried for hours about" credits "hours"."""
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    for child in verb.rights:
        if child.dep_ in ("advmod", "prt", "npadvmod"):
            continue
        if child.dep_ == "prep":
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if any(o.ent_type_ in ("DATE", "TIME") for o in objects):
                continue  # "spoke on Monday about ..."
            if objects and child.lower_ in _ABOUT:
                last = objects[-1]
                return objects[0].left_edge.idx, last.right_edge.idx + len(last.right_edge.text)
        return None
    return None


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


def _according_content(according: Token, sents: Sentences) -> tuple[int, int] | None:
    """The sentence outside the "according to X" phrase: the larger side of it."""
    sent = sents.of(according)
    phrase = sorted(t.i for t in according.subtree)
    before = (sent.start_char, according.doc[phrase[0]].idx)
    last = according.doc[phrase[-1]]
    after = (last.idx + len(last.text), sent.end_char)
    return max(before, after, key=lambda s: s[1] - s[0])


def _extent(token: Token, sents: Sentences) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    sent = sents.of(token)
    if right.i >= sent.end:
        right = token.doc[sent.end - 1]
    return left.idx, right.idx + len(right.text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _quoted_mask(length: int, quoted) -> bytearray:
    mask = bytearray(length + 1)
    for start, end in quoted:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _mostly_quoted(text: str, start: int, end: int, mask: bytearray) -> bool:
    letters = [i for i in range(start, end) if text[i].isalpha()]
    if not letters:
        return True
    inside = sum(mask[i] for i in letters)
    return inside > 0.5 * len(letters)


__all__ = ["ArticleSpeakers", "AttributionConfig", "attribution_for", "extract_attributions"]
