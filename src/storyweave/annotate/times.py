"""Temporal expressions of one article, each resolved against that article's own date.

News is written relative to its publication date ("yesterday", "on Friday", "in November"):
a timeline built from several articles is only right if each expression is resolved against
*its* article. The grammar lives in `time_rules`, the calendar maths in `time_resolve`; this
stage adds what only the parse knows (tense of the governing verb, spaCy's DATE entities as a
recall aid, the clause a date belongs to) and picks the anchor.

Anchors, in order: the article's `published` date ("published"); else a dateline (a line near
the top that is only a full date) or a window read from the text ("inferred", see
`infer_window`); else nothing, and relative expressions keep `value` None. The clock and file
times are never used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyweave.annotate.time_resolve import value_bounds
from storyweave.annotate.time_rules import Match, Reading, find_expressions
from storyweave.model import Article, TimeMention

if TYPE_CHECKING:  # the parse comes from the runner; spaCy is imported there
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class TimesConfig:
    # spaCy DATE entities the grammar does not read are kept, unresolved, for recall.
    keep_unread_entities: bool = True
    # A dateline is looked for this far into the text.
    dateline_chars: int = 300
    # An inferred window wider than this resolves nothing: it would only guess.
    max_window_days: int = 400


# Words before a weak match ("2009", "May", "spring") that make it a date.
_TEMPORAL_PREPS = frozenset(
    [
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "before",
        "after",
        "of",
        "during",
        "through",
        "throughout",
        "early",
        "late",
        "mid",
        "between",
        "and",
        "to",
        "around",
        "circa",
        "on",
        "at",
        "as",
        "year",
        "summer",
        "spring",
        "autumn",
        "winter",
        "fall",
        "the",
        "last",
        "next",
        "this",
    ]
)
# Heads of an infinitive whose event lies ahead ("expected to", "plans to", "set to").
_FUTURE_HEADS = frozenset(
    [
        "expect",
        "expects",
        "expected",
        "expecting",
        "plan",
        "plans",
        "planned",
        "planning",
        "set",
        "scheduled",
        "due",
        "slated",
        "poised",
        "aim",
        "aims",
        "aimed",
        "intend",
        "intends",
        "intended",
        "hope",
        "hopes",
        "hoped",
        "going",
        "prepare",
        "prepares",
        "preparing",
        "prepared",
        "seek",
        "seeks",
        "sought",
        "vow",
        "vows",
        "vowed",
        "promise",
        "promises",
        "promised",
        "pledge",
        "pledges",
        "pledged",
        "agree",
        "agrees",
        "agreed",
        "decide",
        "decides",
        "decided",
        "propose",
        "proposes",
        "proposed",
        "want",
        "wants",
        "wanted",
        "threaten",
        "threatens",
        "threatened",
        "likely",
        "ready",
        "about",
    ]
)
_FUTURE_AUX = frozenset({"will", "'ll", "ll", "shall", "wo", "would", "'d", "may", "might",
                         "could", "should", "must", "can", "ca"})  # fmt: skip
# A clause shorter than this ("when questioned on Monday") says too little: use the sentence.
_MIN_CLAUSE = 8
_SCHEDULED = frozenset({"scheduled", "slated", "due", "rescheduled"})
_UNTIL = frozenset({"until", "till", "til"})
_HAVE = frozenset({"has", "have", "had", "'s", "'ve", "'d"})
_BE_PRESENT = frozenset({"is", "are", "am", "'s", "'re", "'m"})
_TEMPORAL_WORD = re.compile(
    r"\b(?:day|days|week|weeks|month|months|year|years|decade|decades|century|quarter|season|"
    r"morning|afternoon|evening|night|weekend|era|period|time)\b",
    re.IGNORECASE,
)
_DATELINE_NOISE = re.compile(
    r"^(?:published|updated|posted|last updated|first published)\s*:?\s*|[|,]?\s*"
    r"\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?.*$",
    re.IGNORECASE,
)


def extract_times(
    doc: Doc, article: Article, config: TimesConfig = TimesConfig()
) -> tuple[TimeMention, ...]:
    """Every temporal expression of the article with its value and anchor.

    Known failure cases: anaphoric expressions ("the same day", "three days later") stay
    unresolved; a weekday in a present-tense headline is read as past; "would" in reported
    speech is read as future even when the event has happened by publication; the small
    parser sometimes attaches a date to the wrong verb, so tense can come from a neighbour.
    """
    text = doc.text
    found = [m for m in find_expressions(text) if _supported(m, doc)]
    if config.keep_unread_entities:
        found += _unread_entities(doc, found)
    found.sort(key=lambda m: m.start)
    contexts = [_context(doc, m) for m in found]

    anchor: dt.date | None = article.published
    label = "published"
    window: tuple[dt.date, dt.date] | None = None
    if anchor is None:
        label = "inferred"
        anchor = find_dateline(text, config.dateline_chars)
        if anchor is None:
            window = infer_window(found, [c[0] for c in contexts], config.max_window_days)

    mentions = []
    history: list[str] = []  # values resolved so far, for anaphoric expressions
    for match, (direction, clause) in zip(found, contexts, strict=True):
        if match.reading.refer is not None:
            value, used = _refer(match.reading, history, anchor)
        else:
            value, used = _resolve(match.reading, direction, anchor, window)
        if value is not None:
            history.append(value)
        mentions.append(
            TimeMention(
                expression=text[match.start : match.end],
                start=match.start,
                end=match.end,
                value=value,
                anchor=used if used != "anchor" else label,
                kind=match.reading.kind,
                clause_start=clause[0],
                clause_end=clause[1],
            )
        )
    return tuple(mentions)


def _resolve(
    reading: Reading,
    direction: int,
    anchor: dt.date | None,
    window: tuple[dt.date, dt.date] | None,
) -> tuple[str | None, str | None]:
    """(value, "explicit" | "anchor" | "inferred" | None)."""
    if reading.kind != "date":
        return None, None
    if reading.value is not None:
        return reading.value, "explicit"
    if reading.resolve is None:
        return None, None
    if anchor is not None:
        value = reading.resolve(anchor, direction)
        return value, ("anchor" if value else None)
    if window is not None:
        # Resolvers are monotone in the anchor, so equal ends mean one value for the window.
        low, high = reading.resolve(window[0], direction), reading.resolve(window[1], direction)
        if low is not None and low == high:
            return low, "inferred"
    return None, None


def _refer(
    reading: Reading, history: list[str], anchor: dt.date | None
) -> tuple[str | None, str | None]:
    """An anaphoric expression resolved against the latest earlier value precise enough for it;
    with none, against the anchor date itself ("the day" in a market report is that day)."""
    assert reading.refer is not None
    for value in reversed(history):
        reference = _at_precision(value, reading.needs)
        if reference is not None:
            return reading.refer(reference), "inferred"
    if anchor is None:
        return None, None
    reference = _at_precision(anchor.isoformat(), reading.needs)
    return (reading.refer(reference), "anchor") if reference else (None, None)


def _at_precision(value: str, needs: str) -> str | None:
    """`value` cut to a day ("YYYY-MM-DD"), month or year, or None when it is coarser than
    that or not a point (weeks, intervals); "any" takes every value as it is."""
    if needs == "any":
        return value
    if "/" in value or "W" in value:
        return value[:4] if needs == "year" else None
    size = {"day": 10, "month": 7, "year": 4}[needs]
    return value[:size] if len(value) >= size else None


def find_dateline(text: str, within_chars: int = 300) -> dt.date | None:
    """The date of a line near the top that holds nothing but a full date ("March 01, 2008",
    "Published: 9 December 2024 14:05"): the outlet's own dateline."""
    head = text[:within_chars]
    offset = 0
    for line in head.splitlines(keepends=True):
        stripped = _DATELINE_NOISE.sub("", line.strip()).strip(" .|-")
        if stripped:
            matches = find_expressions(stripped)
            if (
                len(matches) == 1
                and matches[0].reading.value
                and len(matches[0].reading.value) == 10
                and matches[0].end - matches[0].start >= len(stripped) - 1
            ):
                return dt.date.fromisoformat(matches[0].reading.value)
        offset += len(line)
    return None


def infer_window(
    found: list[Match], directions: list[int], max_days: int = 400
) -> tuple[dt.date, dt.date] | None:
    """Bounds on an undated article's publication date, from its explicit dates.

    An explicit date of a past-tense event ("the invasion in February 2022") means the article
    was written after it began; one of a future-tense event ("as he prepares to assume office
    on 20 January 2025") means before it. Only when both bounds exist, in order and close
    enough, is there a window; a relative expression is then resolved only if every anchor in
    the window gives it the same value.
    """
    low: dt.date | None = None
    high: dt.date | None = None
    for match, direction in zip(found, directions, strict=True):
        value = match.reading.value
        if match.reading.kind != "date" or value is None or direction == 0:
            continue
        bounds = value_bounds(value)
        if bounds is None:
            continue
        if direction < 0:
            low = bounds[0] if low is None else max(low, bounds[0])
        else:
            high = bounds[0] if high is None else min(high, bounds[0])
    if low is None or high is None or low > high or (high - low).days > max_days:
        return None
    return low, high


def _supported(match: Match, doc: Doc) -> bool:
    """A weak match counts when spaCy also calls it a date or a temporal word precedes it."""
    if not match.reading.weak:
        return True
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    if any(t.ent_type_ in ("DATE", "TIME") for t in span):
        return True
    if span[0].tag_ == "MD":  # "May" the modal verb
        return False
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    # A range's own "from"/"between" counts too: "from 1999-2001".
    return before in _TEMPORAL_PREPS or (len(span) > 1 and span[0].lower_ in _TEMPORAL_PREPS)


def _unread_entities(doc: Doc, found: list[Match]) -> list[Match]:
    """spaCy DATE entities with a temporal word that no rule read: found, not resolved."""
    extra = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or "\n" in ent.text or not _TEMPORAL_WORD.search(ent.text):
            continue
        if re.search(r"\bold\b|-old\b", ent.text, re.IGNORECASE):
            continue  # ages: "63-year-old"
        if any(m.start < ent.end_char and ent.start_char < m.end for m in found):
            continue
        extra.append(Match(ent.start_char, ent.end_char, Reading()))
    return extra


def _context(doc: Doc, match: Match) -> tuple[int, tuple[int, int]]:
    """(tense direction, clause span) for a match, from its governing verb."""
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0, (match.start, match.end)
    verb = governing_verb(span)
    sentence = span[0].sent
    direction = verb_direction(verb) if verb is not None else 0
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in _UNTIL and not (verb is not None and verb.tag_ == "VBD"):
        direction = 1  # "closed until Friday": the end of a state still running
    elif before == "since":
        direction = -1  # "since November": whatever the verb, the date is behind
    return direction, _clause(verb, sentence, match)


def governing_verb(span: Span) -> Token | None:
    """The nearest verb above the expression in the parse, or None (a headline)."""
    token = span.root
    for _ in range(50):  # parse trees are shallow; the bound guards against cycles
        if token.pos_ in ("VERB", "AUX") and token not in span:
            return token
        if token.head.i == token.i:
            return token if token.pos_ in ("VERB", "AUX") else None
        token = token.head
    return None


def verb_direction(verb: Token, depth: int = 0) -> int:
    """-1 past, +1 future, 0 neither, from the verb's tag and its auxiliaries.

    Future: will/shall/modals, "going to", infinitives under "expected/plans/set ...",
    present progressive ("is meeting on Monday") and present-tense "scheduled/due".
    Past: simple past, perfect, past auxiliaries.
    """
    if verb.lower_ in _SCHEDULED:
        return 1  # "has been scheduled for June 3": arranged for later, whatever the tense
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = [a.lower_ for a in auxes]
    if any(w in _FUTURE_AUX for w in words):
        if "have" in words and verb.tag_ == "VBN":
            return -1  # "would have met"
        return 1
    if "to" in words or verb.tag_ == "VB" and verb.dep_ == "xcomp":
        head = verb.head
        if head.lower_ in _FUTURE_HEADS or head.head.lower_ in _FUTURE_HEADS:
            return 1
        if head.i != verb.i and head.pos_ in ("VERB", "AUX") and depth < 5:
            return verb_direction(head, depth + 1) if head.lower_ != "going" else 1
        return 0
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return -1
    if verb.tag_ == "VBN":
        if any(w in _HAVE for w in words):
            return -1
        if verb.lower_ in ("set", "expected", "planned"):
            return 1
        if any(w in _BE_PRESENT for w in words):
            return 0
        # A bare participle ("the talks held on Friday") reports something done.
        return -1
    if verb.tag_ == "VBG" and any(w in _BE_PRESENT for w in words):
        return 1
    temporal_gerund = verb.dep_ == "pcomp" or verb.lower_ in ("following", "preceding")
    if verb.tag_ == "VBG" and not auxes and temporal_gerund and depth < 5:
        # A gerund after a preposition ("after winning the election in November") or a
        # participle used as one ("following the invasion in February") takes its time from
        # the verb it hangs on; other participle clauses ("resulting in cuts during the
        # fourth quarter") keep their own, unknown, time.
        head = verb.head
        while head.i != head.head.i and head.pos_ not in ("VERB", "AUX"):
            head = head.head
        if head.i != verb.i and head.pos_ in ("VERB", "AUX"):
            return verb_direction(head, depth + 1)
    return 0


def _clause(verb: Token | None, sentence: Span, match: Match) -> tuple[int, int]:
    """The clause of the governing verb when it is a subordinate one, else the sentence."""
    start, end = _strip(sentence)
    if verb is not None and verb.dep_ != "ROOT":
        left = verb.left_edge.idx
        right = verb.right_edge.idx + len(verb.right_edge.text)
        words = len(verb.doc.char_span(left, right, alignment_mode="expand") or ())
        if start <= left <= match.start and match.end <= right <= end and words >= _MIN_CLAUSE:
            return left, right
    return start, end


def _strip(sentence: Span) -> tuple[int, int]:
    text = sentence.text
    start = sentence.start_char + len(text) - len(text.lstrip())
    return start, sentence.start_char + len(text.rstrip())
