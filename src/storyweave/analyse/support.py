"""Does one piece of text carry the content of another? Lexical checks shared by the summary (which
sentences say the same thing across outlets) and the LLM path (is a generated sentence backed by
the spans it cites).

Static sentence embeddings alone rate two sentences about the same story as similar even when
they state different facts (cosine ~0.75 for "the union set out three demands" and "the pilot
drives cranes from a control room"); the words, numbers and names they share tell those apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from storyweave.nlp.stop_words import ENGLISH_STOP_WORDS

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "dozen": "12",
}
# Stop words carry no content; number words are content (they are normalised, not dropped).
_STOP = frozenset(ENGLISH_STOP_WORDS) - set(_NUMBER_WORDS) | {"said", "says", "told", "according"}


# News repeats its words: a story's sentences are compared many times over.
@lru_cache(maxsize=65536)
def _normalise_word(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word[0].isdigit():
        return word.replace(",", "")  # 3,800 and 3800 are one number
    word = _NUMBER_WORDS.get(word, word)
    # A crude plural/verb-ending fold: "cranes"/"crane", "injured"/"injure" rarely matter more.
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    """Normalised content words and numbers of a text (stop words dropped, "fourteen" -> "14")."""
    words = set()
    for match in _WORD.finditer(text):
        raw = match.group()
        if raw.lower().replace("’", "'") in _STOP or len(raw) < 2 and not raw.isdigit():
            continue
        words.add(_normalise_word(raw))
    return frozenset(words)


def concepts(text: str) -> frozenset[str]:
    """What a sentence is about, as comparable units: its normalised content words, and each
    pair of neighbouring words that is not two stop words ("bomb test", "of color"), joined by
    a space. Pairs keep phrases apart that share their words ("test a bomb" / "bomb a test")."""
    tokens = [m.group() for m in _WORD.finditer(text)]
    normal = [_normalise_word(t) for t in tokens]
    stop = [t.lower().replace("’", "'") in _STOP for t in tokens]
    found = {w for w, s in zip(normal, stop, strict=True) if not s and (len(w) > 1 or w.isdigit())}
    for i in range(len(tokens) - 1):
        if not (stop[i] and stop[i + 1]):
            found.add(f"{normal[i]} {normal[i + 1]}")
    return frozenset(found)


def numbers(text: str) -> frozenset[str]:
    """Numbers a text states, digits or words ("fourteen" and "14" are one)."""
    found = set()
    for match in _WORD.finditer(text):
        raw = match.group()
        if raw[0].isdigit() or raw.lower() in _NUMBER_WORDS:
            found.add(_normalise_word(raw))
    return frozenset(found)


def names(text: str) -> frozenset[str]:
    """Capitalised words that are not sentence-initial and not stop words: a cheap stand-in for
    the named entities of a generated sentence (no parse is available for it).

    Known failure cases: a name that opens the sentence is missed; capitalised common words
    in headlines count as names.
    """
    found = set()
    for match in _WORD.finditer(text):
        raw = match.group()
        if not raw[0].isupper() or raw.lower() in _STOP:
            continue
        before = text[: match.start()].rstrip()
        if not before or before[-1] in ".!?:\"“”'‘’(":
            continue
        found.add(_normalise_word(raw))
    return frozenset(found)


def counts(text: str) -> frozenset[str]:
    """What a text counts, as number + the word after it ("14 people" from "Fourteen people",
    "injuring 14 people"), and its numbers on their own; years and one-letter words ("2:40
    p.m.") are left out. Two reports that count the same things state the same fact however
    they word the rest."""
    words = [m.group() for m in _WORD.finditer(text)]
    found = set()
    for index, raw in enumerate(words):
        if not (raw[0].isdigit() or raw.lower() in _NUMBER_WORDS):
            continue
        number = _normalise_word(raw)
        if len(number) == 4 and number[:2] in ("19", "20"):
            continue  # a year dates the fact; it is not what is counted
        found.add(number)
        after = words[index + 1] if index + 1 < len(words) else ""
        if len(after) > 1 and after.lower() not in _STOP and not after[0].isdigit():
            found.add(f"{number} {_normalise_word(after)}")
    return frozenset(found)


def word_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Set cosine of two content-word sets: 1 for the same words, 0 for none shared."""
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a) * len(b)) ** 0.5


def coverage(claimed: frozenset[str], sources: Iterable[frozenset[str]]) -> float:
    """Share of `claimed` words found in any of the sources (1.0 for an empty claim)."""
    if not claimed:
        return 1.0
    pool: set[str] = set()
    for words in sources:
        pool |= words
    return len(claimed & pool) / len(claimed)


@dataclass(frozen=True)
class SupportVerdict:
    """Why a sentence is or is not backed by its cited spans."""

    supported: bool
    reason: str
    word_coverage: float
    similarity: float


@dataclass(frozen=True)
class SupportConfig:
    # Share of the sentence's content words that must appear in the cited spans.
    min_word_coverage: float = 0.6
    # Cosine between the sentence and its best cited span (static embeddings, unit rows).
    min_similarity: float = 0.55


def check_support(
    sentence: str, cited: list[str], similarity: float, config: SupportConfig = SupportConfig()
) -> SupportVerdict:
    """Whether `cited` spans back `sentence`: every number and name in it must appear in them,
    most of its content words too, and the embedding similarity must be high enough.

    Known failure cases: a paraphrase with synonyms for most words fails the word check;
    a sentence that reorders the cited facts into a wrong relation ("A sued B" from "B sued A")
    passes, since words and numbers are all there.
    """
    words = content_words(sentence)
    cited_words = [content_words(text) for text in cited]
    joined = " ".join(cited)
    share = coverage(words, cited_words)
    if not cited:
        return SupportVerdict(False, "cites no source", 0.0, similarity)
    missing_numbers = numbers(sentence) - numbers(joined)
    if missing_numbers:
        reason = f"numbers not in the cited spans: {', '.join(sorted(missing_numbers))}"
        return SupportVerdict(False, reason, share, similarity)
    missing_names = names(sentence) - frozenset().union(*cited_words)
    if missing_names:
        reason = f"names not in the cited spans: {', '.join(sorted(missing_names))}"
        return SupportVerdict(False, reason, share, similarity)
    if share < config.min_word_coverage:
        return SupportVerdict(
            False, f"only {share:.0%} of its words are in the cited spans", share, similarity
        )
    if similarity < config.min_similarity:
        return SupportVerdict(
            False, f"too far in meaning from the cited spans ({similarity:.2f})", share, similarity
        )
    return SupportVerdict(True, "supported", share, similarity)
