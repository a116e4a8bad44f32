"""Word lists that claim extraction, contradiction and position finding share.

No NLI model can be installed here, so the meaning these stages need (which verbs report speech,
which predicates are opposites, which words hedge) is written down once, as general English usage:
nothing in this module names one story's people, places or events.
"""

from __future__ import annotations

import re

# Verbs that attribute what follows to a speaker: "Earnest said X" asserts that Earnest said X.
REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "state",
        "add",
        "report",
        "announce",
        "claim",
        "note",
        "explain",
        "indicate",
        "suggest",
        "reveal",
        "write",
        "stress",
        "emphasise",
        "emphasize",
        "reiterate",
        "clarify",
        "confirm",
        "deny",
        "acknowledge",
        "admit",
        "argue",
        "assert",
        "declare",
        "insist",
        "warn",
        "predict",
        "highlight",
        "underscore",
        "describe",
        "mention",
        "disclose",
        "comment",
        "reply",
        "respond",
        "repeat",
        "maintain",
        "allege",
        "believe",
        "think",
        "signal",
        "hint",
        "recall",
        "tweet",
        "post",
        "testify",
        "concede",
        "disclose",
        "stress",
        "observe",
        "remark",
    ]
)

# Stance verbs and the kind of position they express (demand / reject / propose / insist).
STANCE_VERBS: dict[str, str] = {
    **dict.fromkeys(["demand", "require", "urge", "press", "call"], "demands"),
    **dict.fromkeys(["insist"], "insists"),
    **dict.fromkeys(
        ["reject", "refuse", "oppose", "dismiss", "rule", "veto", "resist", "condemn", "block"],
        "rejects",
    ),
    **dict.fromkeys(
        [
            "propose",
            "offer",
            "float",
            "favour",
            "favor",
            "back",
            "support",
            "endorse",
            "advocate",
            "seek",
            "want",
            "push",
            "plan",
            "pledge",
            "promise",
            "vow",
            "accept",
            "agree",
            "welcome",
            "prefer",
            "recommend",
        ],
        "proposes",
    ),
}
# Nouns that carry a position when an actor owns them: "Medvedev's demands: ...".
STANCE_NOUNS: dict[str, str] = {
    **dict.fromkeys(["demand", "demands", "condition", "conditions", "ultimatum"], "demands"),
    **dict.fromkeys(["proposal", "proposals", "plan", "offer", "call"], "proposes"),
    **dict.fromkeys(["refusal", "rejection", "opposition"], "rejects"),
    **dict.fromkeys(["insistence"], "insists"),
}
# Deontic modals: "the U.S. must acknowledge these conditions", said by an actor, is a demand.
DEONTIC = frozenset(["must", "should"])

# Opposite predicates: a claim with a verb from one side contradicts a claim with a verb from the
# other side about the same subject and object. Families, not synonyms: "continue" is opposed to
# "reduce" and "end" but not to "increase".
ANTONYM_FAMILIES: tuple[tuple[frozenset[str], frozenset[str], str], ...] = (
    (
        frozenset(["continue", "keep", "maintain", "sustain", "resume", "extend", "prolong"]),
        frozenset(
            [
                "end",
                "stop",
                "halt",
                "cease",
                "suspend",
                "terminate",
                "reduce",
                "cut",
                "curb",
                "scale",
                "abandon",
                "drop",
                "withdraw",
                "freeze",
                "pause",
            ]
        ),
        "continue vs stop or reduce",
    ),
    (
        frozenset(
            ["increase", "raise", "boost", "expand", "grow", "rise", "double", "triple", "escalate"]
        ),
        frozenset(
            ["decrease", "reduce", "cut", "lower", "shrink", "fall", "decline", "halve", "slash"]
        ),
        "increase vs decrease",
    ),
    (
        frozenset(["accept", "approve", "endorse", "back", "welcome", "ratify"]),
        frozenset(["reject", "refuse", "oppose", "veto", "dismiss"]),
        "accept vs reject",
    ),
    (
        frozenset(["confirm", "acknowledge", "admit"]),
        frozenset(["deny", "dispute"]),
        "confirm vs deny",
    ),
    (
        frozenset(["allow", "permit", "authorise", "authorize"]),
        frozenset(["ban", "forbid", "prohibit", "block", "bar"]),
        "allow vs forbid",
    ),
    (frozenset(["win"]), frozenset(["lose"]), "win vs lose"),
    (frozenset(["pass"]), frozenset(["fail"]), "pass vs fail"),
)

NEGATION_WORDS = frozenset(
    ["not", "n't", "never", "no", "neither", "nor", "none", "nobody", "nothing"]
)

# Hedges keep a claim's reporting distance visible: "Medvedev reportedly seeks ...".
HEDGE_WORDS = frozenset(
    [
        "reportedly",
        "allegedly",
        "apparently",
        "purportedly",
        "supposedly",
        "reputedly",
        "ostensibly",
    ]
)
HEDGE_PHRASES = re.compile(
    r"\b(?:(?:is|are|was|were) (?:said|believed|thought|understood|reported|alleged) to|"
    r"according to|sources? (?:say|said|suggest)|it is (?:understood|believed))\b",
    re.IGNORECASE,
)
# Speculation in the outlet's own voice is analysis, not a reported fact.
SPECULATIVE_MODALS = frozenset(["could", "might", "may"])

# Sentences that are page furniture or an author's bio rather than reporting.
BOILERPLATE = re.compile(
    r"^(?:read (?:also|more)|see also|related|click|subscribe|sign up|follow us|share this|"
    r"back to top|advertisement|courtesy|references|image|photo|watch)\b|"
    r"\b(?:is|was) (?:the |a |an )?(?:[\w-]+ )?(?:editor|author|columnist|correspondent|"
    r"reporter|writer|contributor|host|co-host)\b|\bhosts (?:the|a)\b",
    re.IGNORECASE,
)

# Offices whose holder can be named by a title; modifiers that fix when the title holds.
OFFICES = frozenset(
    [
        "president",
        "prime",
        "minister",
        "chancellor",
        "premier",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "king",
        "queen",
        "leader",
        "chairman",
        "chair",
        "director",
        "envoy",
        "ambassador",
        "speaker",
    ]
)
ROLE_TIME_WORDS = {
    "former": "former",
    "ex": "former",
    "elect": "elect",
    "incoming": "elect",
    "outgoing": "current",
    "sitting": "current",
    "current": "current",
    "acting": "current",
}

# Words that count the same thing: "nine were killed" and "twelve died" give one death toll.
COUNT_ANCHORS = {
    **dict.fromkeys(["kill", "die", "dead", "death", "deaths", "fatality", "fatalities"], "killed"),
    **dict.fromkeys(
        ["injure", "injured", "wound", "wounded", "hurt", "injury", "injuries"], "injured"
    ),
    **dict.fromkeys(["arrest", "arrested", "detain", "detained"], "arrested"),
    **dict.fromkeys(["evacuate", "evacuated", "displace", "displaced"], "evacuated"),
    **dict.fromkeys(["miss", "missing"], "missing"),
}

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# "at least 14", "about 20", "more than 9": bounds and estimates do not contradict exact counts.
APPROXIMATORS = frozenset(
    [
        "about",
        "around",
        "approximately",
        "nearly",
        "almost",
        "roughly",
        "some",
        "least",
        "most",
        "over",
        "more",
        "than",
        "under",
        "fewer",
        "less",
        "up",
        "estimated",
    ]
)

# Irregular past forms of verbs that the lexicon and the predicates above use.
_IRREGULAR = {
    "said": "say",
    "told": "tell",
    "sought": "seek",
    "made": "make",
    "had": "have",
    "has": "have",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "am": "be",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "won": "win",
    "lost": "lose",
    "began": "begin",
    "begun": "begin",
    "held": "hold",
    "kept": "keep",
    "met": "meet",
    "spoke": "speak",
    "spoken": "speak",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "brought": "bring",
    "left": "leave",
    "found": "find",
    "got": "get",
    "went": "go",
    "gone": "go",
    "came": "come",
    "saw": "see",
    "seen": "see",
    "knew": "know",
    "known": "know",
    "stood": "stand",
    "fell": "fall",
    "fallen": "fall",
    "rose": "rise",
    "risen": "rise",
    "grew": "grow",
    "grown": "grow",
    "drew": "draw",
    "froze": "freeze",
    "frozen": "freeze",
    "did": "do",
    "done": "do",
    "does": "do",
    "led": "lead",
    "paid": "pay",
    "sent": "send",
    "built": "build",
    "fought": "fight",
    "struck": "strike",
    "ran": "run",
    "shut": "shut",
    "cut": "cut",
    "put": "put",
    "set": "set",
    "hit": "hit",
    "let": "let",
    "quit": "quit",
    "hurt": "hurt",
    "felt": "feel",
    "meant": "mean",
    "heard": "hear",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "died": "die",
    "dies": "die",
    "dying": "die",
    "'s": "be",
    "\u2019s": "be",
    "'re": "be",
    "\u2019re": "be",
}


def _inflections(base: str) -> list[str]:
    """Regular inflected forms of an English verb (enough for the words listed here)."""
    if base.endswith("e"):
        stem_ed, stem_ing = base + "d", base[:-1] + "ing"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        stem_ed, stem_ing = base[:-1] + "ied", base + "ing"
    elif re.search(r"[^aeiou][aeiou][bdgmnpt]$", base) and len(base) <= 4:
        stem_ed, stem_ing = base + base[-1] + "ed", base + base[-1] + "ing"
    else:
        stem_ed, stem_ing = base + "ed", base + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    return [base, third, stem_ed, stem_ing]


def _known_verbs() -> set[str]:
    words = set(REPORTING_VERBS) | set(STANCE_VERBS)
    words |= set(["injure", "kill", "wound", "hurt", "arrest", "detain", "evacuate", "displace"])
    for left, right, _ in ANTONYM_FAMILIES:
        words |= left | right
    return words


_FORMS: dict[str, str] = {}
for _base in sorted(_known_verbs()):
    for _form in _inflections(_base):
        _FORMS.setdefault(_form, _base)
_FORMS.update(_IRREGULAR)


def lemma(word: str) -> str:
    """Base form of a verb or noun, good enough to compare predicates without the spaCy
    lemmatizer (which the pipeline leaves out for speed).

    Known failure cases: verbs outside the lexicon keep a crude stem ("established" ->
    "establish", but "hoped" -> "hop"); the stem is only compared with other stems.
    """
    lower = word.lower()
    if lower in _FORMS:
        return _FORMS[lower]
    for suffix in ("ies", "ied"):
        if lower.endswith(suffix) and len(lower) > 4:
            return lower[: -len(suffix)] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 3 and not lower.endswith("ss"):
            return lower[: -len(suffix)]
    return lower


def antonym_reason(first: str, second: str) -> str | None:
    """Why two predicate lemmas are opposites ("continue vs stop or reduce"), or None."""
    for left, right, reason in ANTONYM_FAMILIES:
        if (first in left and second in right) or (first in right and second in left):
            return reason
    return None


def number_value(text: str) -> float | None:
    """14, "14", "Fourteen", "2.4 million" -> a number; None when the text is not a count."""
    cleaned = text.lower().replace(",", "").strip()
    words = cleaned.replace("-", " ").split()
    if not words:
        return None
    total = 0.0
    current: float | None = None
    for word in words:
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current = float(word)
        elif word in NUMBER_WORDS:
            current = (current or 0) + NUMBER_WORDS[word]
        elif word in SCALE_WORDS and current is not None:
            total += current * SCALE_WORDS[word]
            current = None
        else:
            return None
    return total + (current or 0)


# Projections, not results: a count stated as expected or forecast is not disputed by the count
# that came true ("economists had expected 400,000 claims" / "claims rose to 380,000").
FORECAST_WORDS = re.compile(
    r"\b(?:expect(?:s|ed|ing|ations?)?|forecasts?(?:ed|ing)?|project(?:s|ed|ions?)|"
    r"predict(?:s|ed|ions?)?|anticipat(?:e|es|ed|ing)|consensus|economists?|analysts?|"
    r"polls?|surveys?|targets?)\b",
    re.IGNORECASE,
)
# The time a count belongs to, as far as one clause says it: months, weekdays, years and
# relative periods. Two counts tied to different ones are two counts, not one disputed.
PERIOD_WORDS = re.compile(
    # Names only capitalised ("may" and "march" are also verbs).
    r"\b(?:(?-i:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:1[89]|20)\d\d|previous|prior|earlier|last|next|ago|quarter|"
    r"(?:a|the|this|that) (?:week|month|year)|weekly|monthly|annual(?:ly)?|year-on-year)\b",
    re.IGNORECASE,
)
# Nouns a number measures rather than counts: two sizes of two things are not a dispute.
_MEASURE_WORDS = (
    "inch inche foot feet metre meter centimetre centimeter millimetre millimeter kilometre "
    "kilometer mile yard km cm mm kg gram kilogram pound ounce ton tonne litre liter gallon "
    "barrel percent cent percentage degree hertz ghz mhz gb tb mb byte pixel watt volt mph "
    "kph knot hour minute day week month year acre hectare calorie"
)
MEASURE_UNITS = frozenset(_MEASURE_WORDS.split())
