"""Word lists for quote attribution: reporting verbs and the nouns that name speakers.

General English news usage, not one story's cast; kept apart so the rules read on their own.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH_LEMMAS = _words(
    """
    say tell add explain insist note warn claim stress state announce declare confirm deny reply
    respond answer ask argue assert acknowledge admit suggest write tweet post comment remark
    continue conclude recall reiterate emphasise emphasize underline underscore mention describe
    call refer dub term label promise pledge vow predict urge demand caution complain concede
    contend maintain observe report quip joke boast proclaim reveal disclose indicate agree
    testify speak thank praise criticise criticize accuse highlight lament signal counter retort
    shout whisper recount characterise characterize put hint clarify elaborate affirm estimate
    summarise summarize allege threaten advise brief inform assure forecast question wonder cry
    exclaim yell scream plead beg propose recommend
    """
)
_IRREGULAR = _words(
    "said told wrote written spoke spoken put putting cried replied denied testified clarified "
    "summed pled"
)


def verb_forms(lemma: str) -> set[str]:
    """Regular inflections, generously: forms that never occur cost nothing."""
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("s", "sh", "ch", "x")):
        forms.add(lemma + "es")
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # admitted, referred
    return forms


# Inflected forms: the pipeline runs without its lemmatizer (it costs ~10% of parse time).
SPEECH_VERBS = frozenset(set().union(*(verb_forms(v) for v in SPEECH_LEMMAS)) | _IRREGULAR)
# Verbs that report speech only without an object of their own ("he added", not "added troops").
INTRANSITIVE_ONLY = frozenset(
    verb_forms("continue") | verb_forms("add") | verb_forms("order") | verb_forms("post")
)
PUT = _words("put puts putting")

# Singular nouns for a body of people: their statements are a group's.
COLLECTIVE = _words(
    """
    administration government ministry department team campaign company agency office police
    army military committee council court parliament cabinet delegation union side authorities
    regime coalition alliance party bloc commission board firm embassy opposition camp
    leadership establishment
    """
)
# Singular nouns that refer back to the last person in focus ("the official said").
ANAPHORIC = _words("official leader diplomat politician lawmaker man woman veteran envoy")
# The word right before a name, or ending the role given to it ("his eldest daughter"), that
# tells its gender; kinship nouns included.
MALE_TITLES = _words(
    "mr mr. king prince spokesman chairman congressman sir lord son father husband brother "
    "widower grandfather"
)
FEMALE_TITLES = _words(
    "mrs mrs. ms ms. miss queen princess spokeswoman chairwoman congresswoman businesswoman "
    "dame lady madam daughter mother wife sister widow grandmother"
)
# Last words that make a name an organisation's, whatever the tagger says.
ORGANISATION_WORDS = _words(
    """
    terminals terminal group ltd inc corp corporation company co plc llc bank university
    institute ministry department agency authority council committee commission party union
    association foundation news times post journal network channel television radio press
    service services office court army navy force forces police hospital school college
    """
)
# Lower-case particles inside personal names ("Pieter de Groot", "Ludwig van Beethoven").
NAME_PARTICLES = _words("de da di del della van von der den du la le bin al el ibn")

# Verbs of belief whose clause is someone's reported view ("he believes Ryan is right"): the
# subject inside is reported on, as after a reporting verb.
BELIEF_VERBS = frozenset(
    set().union(*(verb_forms(v) for v in ("believe", "think", "feel", "hope", "expect", "fear")))
    | _words("thought felt")
)
