"""A story's summary: a few sentences chosen from its articles, each citing the spans it rests on,
and a line on what is not known (disputed or single-source points).

Extractive on purpose: no generative model ships with storyweave, and a chosen sentence is
trivially supported by its own span. What the reader should get first is what the reports
agree on, in few words: sentences are chosen to cover the story's *shared concepts* (content
words and word pairs that several independent reports use; a wire copy reprinted five times
counts once) per word spent, in the spirit of concept-based summarisation (Gillick & Favre
2009), with a position prior (news puts the event first) and a length that fits the story: a
short lead for one event, then one line per later event that added something, then the main
disagreement. Chosen and measured on real multi-outlet news with editors' roundups
(eval/summary.py: neus-roundups-dev, allsides-dated-dev).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from storyweave.analyse.support import concepts, content_words, counts, names, numbers
from storyweave.ingest.source_names import source_key
from storyweave.model import (
    CORROBORATED,
    DISPUTED,
    SINGLE_SOURCE,
    AnnotatedArticle,
    Claim,
    Span,
    SummaryItem,
    Support,
    UnknownPoint,
)
from storyweave.nlp.embeddings import Embedder, HashingTfidfEmbedder
from storyweave.nlp.stop_words import ENGLISH_STOP_WORDS

Encode = Callable[[Sequence[str]], np.ndarray]
"""Texts -> unit float32 rows (the runner's embedder.encode)."""

# Sentence openers whose referent lies outside the sentence; such a sentence is used only right
# after the sentence before it in the same article.
_PRONOUN_START = re.compile(
    r"^[\"“‘']?(he|she|they|it|this|that|these|those|his|her|their|its|we|i)\b", re.IGNORECASE
)
# Openers that lean on the previous sentence; out of context they read oddly.
_CONNECTIVE_START = re.compile(
    r"^(but|and|or|so|yet|however|also|meanwhile|instead|still|moreover|nevertheless|"
    r"nonetheless|then|though|as a result|in response|in addition|even so|despite this|"
    r"despite that|by contrast|in contrast|for (?:his|her|its|their) part|after that|"
    r"the same|other|another)\b",
    re.IGNORECASE,
)
_QUOTE_START = re.compile(r"^[\"“‘']")
# Noun phrases that point back into the article ("rejected the first two").
_BACK_REFERENCE = re.compile(
    r"\b(?:the (?:first|second|third|last|other) (?:one|two|three|four)|the latter|the former|"
    r"both of them|^the other)\b",
    re.IGNORECASE,
)
# "In that collapse, ...", "Such a move ...": a demonstrative in the opening phrase points at
# something the article named before. ("such a meeting" later in a sentence names it itself.)
_DEMONSTRATIVE_OPENER = re.compile(
    r"^(?:(?:in|at|on|after|during|since|before|despite|by|for|from|with|under)\s+)?"
    r"(?:that|this|these|those|such)\s+(?:a\s+|an\s+)?[a-z]",
    re.IGNORECASE,
)
# Times relative to the day an article appeared ("this morning"): outside that article, next to
# sentences from other days, the reader cannot tell which morning.
_RELATIVE_TIME = re.compile(
    r"\b(?:this (?:morning|afternoon|evening)|yesterday|today|tonight|last night|tomorrow)\b",
    re.IGNORECASE,
)
# A dateline opening a wire report: "MINNEAPOLIS—", "WASHINGTON (AP) — ", "KYIV, Ukraine - ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\- ]{2,}(?:, [A-Z][A-Za-z. ]+)?(?: \([A-Za-z ]+\))?\s*(?:—|–|--| - )\s*"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_SENTENCE_END = re.compile(r"[.!][\"”’')\]]*$")
# Where a sentence may be cut short: after a comma, at a spaced dash, or before a word that
# opens an aside or an attribution tail ("..., according to the ministry", "... as talks stall").
_ASIDE_START = re.compile(
    r",\s|\s[—–-]\s|\s(?=(?:as|after|while|which|who|amid|according|with|before|because|"
    r"saying)\b)"
)


@dataclass(frozen=True)
class SummaryConfig:
    max_sentences: int = 8
    min_words: int = 7
    max_words: int = 55
    # The lead: at least this many words for one event's reports (editors' roundups of three
    # outlets run 49-51 words at the median on neus-roundups-dev), then one line per later
    # event. Measured with eval/summary.py on neus train: 40 words 0.172, 50 words 0.176,
    # 60 words 0.171 ROUGE-2.
    lead_words: int = 50
    # With `lead_share` > 0 the lead's length follows the reports' length: this share of the
    # words the first event's original reports offer, kept within `lead_words` and
    # `max_lead_words` (editors' roundups run about a third of three outlets' opening
    # paragraphs on neus-roundups-dev train: median ratio 0.32). ROUGE-2 on neus train
    # (first 600) .1809 -> .1810, val .1837 -> .1859, allsides-dated-dev .1261 -> .1339.
    lead_share: float = 0.3
    max_lead_words: int = 80
    # Selection score: new shared-concept weight / words ** length_exponent, divided by
    # (1 + position_decay * sentence index). Chosen on neus train (400 stories; rechecked
    # on 600 in 2026-12: 0.2-0.5 and 0.5-0.9 within .001 of the best).
    length_exponent: float = 0.7
    position_decay: float = 0.3
    # A concept counts when at least this many independent reports use it; in a story of one
    # report every concept of the lead counts once.
    min_reports: int = 2
    # Combined similarity (embedding + shared words, see `_similarity`) at which two sentences
    # make the same point: it cites the other as support, and selection skips it as redundant.
    # Calibrated on paraphrases across outlets: same point 0.58-0.88, same story but another
    # point mostly below 0.55.
    same_point: float = 0.58
    # Below this a sentence in another report is no support at all.
    related: float = 0.42
    # Bounds the n x n similarity matrices on big stories (1500 -> 9 MB each); later sentences
    # of long articles are background and go first.
    max_candidates: int = 1500
    max_citations: int = 4
    max_unknown: int = 4
    # How many sentences of the summary may present the key dispute (both sides).
    dispute_sentences: int = 2
    # A sentence carrying a claim that n independent reports corroborate gains this share of
    # its score n - 1 times.
    corroborated_bonus: float = 0.25
    # Compression: a sentence loses a trailing aside that adds no shared concept, keeping at
    # least this many words (neus train: ROUGE-2 0.1757 -> 0.1778; val 0.1786 -> 0.1810).
    min_kept_words: int = 8


@dataclass(frozen=True)
class SummaryResult:
    summary: tuple[SummaryItem, ...] = ()
    unknown: tuple[UnknownPoint, ...] = ()


@dataclass
class _Candidate:
    article: str
    source: str | None
    index: int
    start: int
    end: int
    text: str
    words: frozenset[str] = frozenset()
    concepts: frozenset[str] = frozenset()
    weight: float = 0.0  # shared-concept weight per word, with the position prior and penalty
    penalty: float = 1.0  # < 1 for openers and phrasings that need context
    reports: int = 1  # original reports carrying the point, this one included
    nearest: float = 0.0  # similarity to the closest sentence of another original report
    supporters: list[int] = field(default_factory=list)  # candidate indices, best first
    claim_status: str | None = None
    disputed: bool = False  # carries a claim another report contradicts
    claims: set[str] = field(default_factory=set)  # corroborated claim ids it carries
    sources: int = 0  # the most independent sources of a corroborated claim it carries


def summarise(
    members: Sequence[AnnotatedArticle],
    encode: Encode,
    claims: Sequence[Claim] = (),
    config: SummaryConfig = SummaryConfig(),
    events: Sequence[Sequence[str]] = (),
) -> SummaryResult:
    """The summary of a story's articles, each sentence with `citations` to exact spans, and
    the `unknown` points.

    The lead covers what the reports share in about `lead_words` words; with `events` (the
    article ids of each event, in time order) each later event that adds shared concepts gets
    one line; then, when claims contradict each other, one sentence per side. `claims` are the
    brief's claims when that stage has run: corroborated ones raise their sentences.

    Known failure cases: a point every outlet words differently (few shared words) counts as
    single-source; a sentence whose subject is a description ("The 58-year-old") reads as if its
    referent were known; a long sentence that shares many words wins over a short exact one;
    a feature lede ("X had been driving cranes for eleven years when ...") that shares the
    story's words can take a lead line.
    """
    originals = _original_members(members)
    candidates = _candidates(originals, config)
    if not candidates:
        return SummaryResult()
    vectors = encode([c.text for c in candidates]).astype(np.float32)
    similarity = _similarity(vectors, candidates)
    _mark_same_counts(similarity, candidates, config.same_point)
    concept_weight = _concept_weights(originals, config)
    _apply_claims(candidates, claims)
    _weigh(candidates, similarity, concept_weight, config)
    chosen = _select(candidates, similarity, concept_weight, events, config)
    disputes = _dispute_sentences(candidates, claims, chosen, similarity, config)
    ordered = _order(candidates, chosen) + disputes
    summary = tuple(_item(candidates, i, config) for i in ordered[: config.max_sentences])
    unknown = _unknown(candidates, claims, originals, set(ordered), similarity, config)
    return SummaryResult(summary=summary, unknown=unknown)


# -- candidates ---------------------------------------------------------------------------


def _original_members(members: Sequence[AnnotatedArticle]) -> list[AnnotatedArticle]:
    """Articles that are not copies of another member: a copy adds no independent report."""
    ids = {m.id for m in members}
    return [m for m in members if m.article.duplicate_of not in ids]


def _candidates(originals: Sequence[AnnotatedArticle], config: SummaryConfig) -> list[_Candidate]:
    found = []
    for member in originals:
        text = member.article.text
        source = member.article.source
        for index, sentence in enumerate(member.sentences):
            usable = _usable(text[sentence.start : sentence.end], config)
            if usable is None:
                continue
            first, last, span = usable
            found.append(
                _Candidate(
                    article=member.id,
                    source=source,
                    index=index,
                    start=sentence.start + first,
                    end=sentence.start + last,
                    text=span,
                    words=content_words(span),
                )
            )
    if len(found) > config.max_candidates:
        keep = sorted(range(len(found)), key=lambda i: found[i].index)[: config.max_candidates]
        found = [found[i] for i in sorted(keep)]
    return found


def _usable(span: str, config: SummaryConfig) -> tuple[int, int, str] | None:
    """The readable part of a sentence: its start and end in the sentence and its text (which
    may add a full stop); None when it has none.

    A wire dateline ("MINNEAPOLIS (AP) — ") is left out. A sentence cut off mid-way (feeds and
    teasers end in "... who died after a white of") or too long is kept up to its last clause
    boundary that leaves a readable sentence (ended with a full stop; the citation covers the
    words kept): news puts the event in the first clause, and dropping such a first sentence
    loses the lead. Known failure case: a cut inside a list leaves its first items.
    """
    offset = 0
    dateline = _DATELINE.match(span)
    if dateline and len(span[dateline.end() :].split()) >= config.min_words:
        offset = dateline.end()
    text = span[offset:]
    if _readable(text, config):
        return offset, len(span), text
    if _SENTENCE_END.search(text) and len(text.split()) <= config.max_words:
        return None  # complete and short enough: unreadable for another reason
    cuts = [m.start() for m in _ASIDE_START.finditer(text)]
    for cut in reversed(cuts):
        head = text[:cut].rstrip(" ,;:—–-")
        if len(head.split()) < config.min_kept_words:
            break
        if ":" in head or ";" in head:
            continue  # inside a list: its first items would stand for all of them
        last = head.rsplit(None, 1)[-1].lower()
        if last in ENGLISH_STOP_WORDS or head.endswith((".", "!", "?")):
            continue  # "a pilot in [which ...]": the cut left a dangling word
        if _readable(head + ".", config):
            return offset, offset + len(head), head + "."
    return None


def _readable(text: str, config: SummaryConfig) -> bool:
    """A complete declarative sentence of reasonable length: not a heading, question, list line,
    byline or fragment."""
    words = text.split()
    if not config.min_words <= len(words) <= config.max_words:
        return False
    if not _SENTENCE_END.search(text) or text.endswith("?"):
        return False
    first = text.lstrip("\"“‘'(")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return False  # part of a quotation split across sentences: it needs its other half
    if len(_QUOTED.sub(" ", text).split()) < 3:
        return False  # all quotation: whose words, the sentence does not say
    letters = [ch for ch in text if ch.isalpha()]
    return not (letters and sum(ch.isupper() for ch in letters) > 0.5 * len(letters))


def _similarity(vectors: np.ndarray, candidates: Sequence[_Candidate]) -> np.ndarray:
    """Half embedding cosine, half shared content words (set cosine, as `word_overlap`): either
    alone confuses "same story" with "same point" (see analyse/support.py)."""
    cosine = np.clip(vectors @ vectors.T, 0.0, 1.0)
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, candidate in enumerate(candidates):
        for word in candidate.words:
            rows.append(i)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    shape = (len(candidates), max(len(vocabulary), 1))
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)
    shared = (matrix @ matrix.T).toarray()
    sizes = np.sqrt(np.asarray(matrix.sum(axis=1)).ravel())
    norm = np.outer(sizes, sizes)
    lexical = np.divide(shared, norm, out=np.zeros_like(shared), where=norm > 0)
    np.fill_diagonal(lexical, 1.0)
    return (0.5 * cosine + 0.5 * lexical).astype(np.float32)


def _mark_same_counts(
    similarity: np.ndarray, candidates: Sequence[_Candidate], same_point: float
) -> None:
    """Sentences that count the same things make the same point, whatever their wording:
    "injuring 14 people, three of them seriously" and "Fourteen people were injured; three
    ..." score ~0.5 on words and vectors, below `same_point`, and both reached the summary."""
    holders: dict[str, list[int]] = {}
    for i, candidate in enumerate(candidates):
        for item in counts(candidate.text):
            holders.setdefault(item, []).append(i)
    shared: dict[tuple[int, int], int] = {}
    for item, rows in holders.items():
        if len(rows) > 20:
            continue  # a number every outlet repeats everywhere (a route, a model) is no fact
        for a, i in enumerate(rows):
            for j in rows[a + 1 :]:
                # A counted thing ("14 people") settles it; bare numbers need two in common.
                shared[i, j] = shared.get((i, j), 0) + (2 if " " in item else 1)
    # A hair above the threshold: stored as float32, `same_point` itself may round below it.
    floor = same_point + 1e-3
    for (i, j), weight in shared.items():
        if weight >= 2:
            similarity[i, j] = similarity[j, i] = max(similarity[i, j], floor)


def _concept_weights(
    originals: Sequence[AnnotatedArticle], config: SummaryConfig
) -> dict[str, int]:
    """Concept -> how many independent reports (outlets; copies count once) use it, in their
    text or title; only concepts `min_reports` share count. With a single report, its
    concepts count once each (the lead then wins by position)."""
    by_report: dict[str, set[str]] = {}
    for member in originals:
        report = source_key(member.article.source) if member.article.source else member.id
        found = by_report.setdefault(report, set())
        found |= concepts(member.article.text) | concepts(member.article.title or "")
    counted = Counter(c for found in by_report.values() for c in found)
    floor = config.min_reports if len(by_report) >= config.min_reports else 1
    return {c: n for c, n in counted.items() if n >= floor}


def _weigh(
    candidates: list[_Candidate],
    similarity: np.ndarray,
    concept_weight: dict[str, int],
    config: SummaryConfig,
) -> None:
    """Per sentence: its supporters (the same point in other original reports, best first),
    its shared-concept weight per word with the position prior, and its readability penalty."""
    by_article: dict[str, list[int]] = {}
    for i, candidate in enumerate(candidates):
        by_article.setdefault(candidate.article, []).append(i)
    # Each candidate's closest sentence in every article: (similarity, row) columns per article.
    closest = {}
    for article, rows in by_article.items():
        block = similarity[:, rows]
        picks = block.argmax(axis=1)
        closest[article] = (
            block[np.arange(len(candidates)), picks].tolist(),
            [rows[p] for p in picks],
        )
    for i, candidate in enumerate(candidates):
        best: list[tuple[float, int]] = []
        for article, (values, rows) in closest.items():
            if article == candidate.article:
                continue
            value, j = values[i], rows[i]
            candidate.nearest = max(candidate.nearest, value)
            if value >= config.same_point:
                best.append((value, j))
        best.sort(reverse=True)
        candidate.supporters = [j for _, j in best]
        candidate.reports = 1 + len(best)
        _compress(candidate, concept_weight, config)
        candidate.concepts = concepts(candidate.text)
        candidate.penalty = _penalty(candidate.text)
        candidate.weight = _score(candidate, candidate.concepts, concept_weight, config)


def _compress(candidate: _Candidate, concept_weight: dict[str, int], config: SummaryConfig) -> None:
    """Cut a trailing aside or attribution tail that carries no concept another report shares
    ("..., the campaign told The Hill Sunday."): the sentence ends there with a full stop and
    its citation covers the words kept, so every fact it keeps is in the cited span.

    Known failure cases: a tail that qualifies the main clause ("..., officials said, citing
    no evidence") is cut with it, dropping the attribution of a claim.
    """
    text = candidate.text
    if _QUOTE_START.match(text) or text.count("\u201c") or text.count('"'):
        return  # a cut inside or around a quotation would misquote
    for match in _ASIDE_START.finditer(text):
        head, tail = text[: match.start()], text[match.start() :]
        if len(head.split()) < config.min_kept_words:
            continue
        if any(concept_weight.get(c) for c in concepts(tail) - concepts(head)):
            continue
        kept = head.rstrip(" ,;:—–-")
        candidate.text = kept + "."
        candidate.end = candidate.start + len(kept)
        return


def _score(
    candidate: _Candidate,
    new: frozenset[str] | set[str],
    concept_weight: dict[str, int],
    config: SummaryConfig,
) -> float:
    gain = sum(concept_weight.get(c, 0) for c in new)
    words = max(len(candidate.text.split()), 1)
    prior = 1.0 + config.position_decay * candidate.index
    bonus = 1.0 + config.corroborated_bonus * max(candidate.sources - 1, 0)
    return gain / words**config.length_exponent / prior * candidate.penalty * bonus


def _penalty(text: str) -> float:
    """Below 1 for sentences that lean on their context."""
    penalty = 1.0
    if _CONNECTIVE_START.match(text):
        penalty *= 0.6
    if _QUOTE_START.match(text):
        penalty *= 0.6
    if _BACK_REFERENCE.search(text) or _DEMONSTRATIVE_OPENER.match(text):
        penalty *= 0.5
    if _RELATIVE_TIME.search(text):
        penalty *= 0.8
    return penalty


def _apply_claims(candidates: list[_Candidate], claims: Sequence[Claim]) -> None:
    """Marks the sentences that carry corroborated claims (they gain `corroborated_bonus`)
    and those that carry disputed ones."""
    in_article: dict[str, list[_Candidate]] = {}
    for candidate in candidates:
        in_article.setdefault(candidate.article, []).append(candidate)
    for claim in claims:
        for span in claim.support:
            for candidate in in_article.get(span.article, ()):
                if not _overlaps(candidate, span):
                    continue
                if claim.status == CORROBORATED:
                    candidate.claims.add(claim.id)
                    candidate.claim_status = CORROBORATED
                    candidate.sources = max(candidate.sources, claim.independent_sources)
                elif claim.status == DISPUTED:
                    candidate.disputed = True


def _overlaps(candidate: _Candidate, span: Support | Span) -> bool:
    return (
        span.article == candidate.article
        and span.start < candidate.end
        and span.end > candidate.start
    )


# -- selection ----------------------------------------------------------------------------


def _select(
    candidates: list[_Candidate],
    similarity: np.ndarray,
    concept_weight: dict[str, int],
    events: Sequence[Sequence[str]],
    config: SummaryConfig,
) -> list[int]:
    """The lead (about `lead_words` words covering the most shared concepts per word, greedily),
    then one line for each later event that adds concepts the summary lacks."""
    chosen: list[int] = []
    covered: set[str] = set()
    words = 0
    event_of = {a: n for n, ids in enumerate(events) for a in ids}
    # The lead comes from the first event when the story has several.
    lead_pool = [
        i for i, c in enumerate(candidates) if not events or event_of.get(c.article, 0) == 0
    ] or list(range(len(candidates)))
    budget = _lead_budget(candidates, lead_pool, config)
    # About one sentence per report: a three-report event gets two or three.
    most = min(config.max_sentences, max(2, len({candidates[i].article for i in lead_pool})))
    while words < budget and len(chosen) < most:
        best = _best_addition(
            candidates,
            lead_pool,
            chosen,
            covered,
            similarity,
            concept_weight,
            config,
            room=budget * 1.3 - words,
        )
        if best is None:
            break
        chosen.append(best)
        covered |= candidates[best].concepts
        words += len(candidates[best].text.split())
    for number in range(1, len(events)):
        pool = [i for i, c in enumerate(candidates) if event_of.get(c.article) == number]
        best = _best_addition(
            candidates,
            pool,
            chosen,
            covered,
            similarity,
            concept_weight,
            config,
            room=config.max_words,
        )
        if best is not None and len(chosen) < config.max_sentences:
            chosen.append(best)
            covered |= candidates[best].concepts
    return chosen


def _lead_budget(candidates: list[_Candidate], pool: Sequence[int], config: SummaryConfig) -> float:
    """The lead's length in words: `lead_words`, or a share of what the reports say."""
    if config.lead_share <= 0:
        return config.lead_words
    said = sum(len(candidates[i].text.split()) for i in pool)
    return min(max(config.lead_share * said, config.lead_words), config.max_lead_words)


def _best_addition(
    candidates: list[_Candidate],
    pool: Sequence[int],
    chosen: list[int],
    covered: set[str],
    similarity: np.ndarray,
    concept_weight: dict[str, int],
    config: SummaryConfig,
    room: float,
) -> int | None:
    """The pool's sentence that adds the most shared concepts per word and fits in `room`
    words (the first sentence always fits); None when nothing adds any. A sentence that opens
    with a pronoun qualifies only right after its antecedent sentence."""
    position = {(c.article, c.index): i for i, c in enumerate(candidates)}
    best, best_score = None, 0.0
    for i in pool:
        candidate = candidates[i]
        if i in chosen or (chosen and len(candidate.text.split()) > room):
            continue
        antecedent = position.get((candidate.article, candidate.index - 1))
        if _PRONOUN_START.match(candidate.text) and antecedent not in chosen:
            continue
        if any(similarity[i, j] >= config.same_point for j in chosen):
            continue
        score = _score(candidate, candidate.concepts - covered, concept_weight, config)
        if score > best_score:
            best, best_score = i, score
    return best


def _has_disputes(candidates: Sequence[_Candidate]) -> bool:
    return any(c.disputed for c in candidates)


def _order(candidates: Sequence[_Candidate], chosen: list[int]) -> list[int]:
    """Chosen order (weight first), except that a pronoun-led sentence follows its antecedent."""
    ordered: list[int] = []
    followers = {
        i for i in chosen if _PRONOUN_START.match(candidates[i].text) and candidates[i].index > 0
    }
    for i in chosen:
        if i in followers:
            continue
        ordered.append(i)
        tail = i
        while True:
            nxt = next(
                (
                    j
                    for j in followers
                    if candidates[j].article == candidates[tail].article
                    and candidates[j].index == candidates[tail].index + 1
                ),
                None,
            )
            if nxt is None:
                break
            ordered.append(nxt)
            tail = nxt
    return ordered


def _dispute_sentences(
    candidates: Sequence[_Candidate],
    claims: Sequence[Claim],
    chosen: list[int],
    similarity: np.ndarray,
    config: SummaryConfig,
) -> list[int]:
    """One sentence per side of the most-supported contradiction, from different articles."""
    if config.dispute_sentences < 2:
        return []
    by_id = {c.id: c for c in claims}
    pairs = []
    for claim in claims:
        for other in claim.contradicts:
            rival = by_id.get(other.claim)
            if rival is not None:
                weight = (claim.independent_sources or 1) + (rival.independent_sources or 1)
                # The sentences where the two sides disagree: they state the disputed value
                # ("14 injured"), other sentences of the same claim group may not.
                cited = ((other.this,), (other.other,))
                pairs.append((weight, claim, rival, cited))
    # Pairs whose one side the summary already carries first: showing the dispute then costs
    # one sentence, not two.
    pairs.sort(
        key=lambda p: (
            -sum(any(_carries(candidates[i], side) for i in chosen) for side in p[3]),
            -p[0],
        )
    )
    for _, claim, rival, (this, that) in pairs:
        # Each side is shown by a chosen sentence that carries it, else by its best sentence.
        # A pair whose side could only be shown by repeating a chosen sentence in other words
        # ("president-elect Obama is arranging a meeting" next to "Obama confirmed a meeting is
        # being arranged", to show a title) gives way to the next pair.
        added: list[int] = []
        for side, where in ((claim, this), (rival, that)):
            if any(_carries(candidates[i], where) for i in chosen + added):
                continue
            best = _best_sentence(candidates, where, chosen + added)
            if best is None:
                best = _best_sentence(candidates, side.support, chosen + added)
            if best is None:
                break
            alike = [i for i in chosen + added if similarity[best, i] >= config.same_point]
            # A chosen sentence that counts the same things ("injuring 14 people" for
            # "Fourteen people were injured") already shows that side.
            if any(_same_count(candidates[best], candidates[i]) for i in alike):
                continue
            if alike:
                break
            added.append(best)
        else:
            return added[: config.dispute_sentences]
    return []


def _same_count(a: _Candidate, b: _Candidate) -> bool:
    """Both sentences count the same thing ("14 people")."""
    return any(" " in item for item in counts(a.text) & counts(b.text))


def _carries(candidate: _Candidate, support: Sequence[Support]) -> bool:
    return any(_overlaps(candidate, span) for span in support)


def _best_sentence(
    candidates: Sequence[_Candidate], support: Sequence[Support], taken: list[int]
) -> int | None:
    matches = [
        i
        for i, c in enumerate(candidates)
        if i not in taken and not _PRONOUN_START.match(c.text) and _carries(c, support)
    ]
    return max(matches, key=lambda i: candidates[i].weight, default=None)


# -- output -------------------------------------------------------------------------------


def _citation(candidate: _Candidate) -> Span:
    return Span(candidate.article, candidate.start, candidate.end)


def _item(candidates: Sequence[_Candidate], i: int, config: SummaryConfig) -> SummaryItem:
    """A summary sentence: its own span first, then the same point in other reports."""
    candidate = candidates[i]
    citations = [_citation(candidate)]
    seen = {candidate.article}
    for j in candidate.supporters:
        if len(citations) >= config.max_citations:
            break
        if candidates[j].article not in seen:
            citations.append(_citation(candidates[j]))
            seen.add(candidates[j].article)
    if candidate.disputed:
        status = DISPUTED
    elif candidate.claim_status == CORROBORATED or candidate.reports > 1:
        status = CORROBORATED
    else:
        status = SINGLE_SOURCE
    return SummaryItem(candidate.text, tuple(citations), status, candidate.reports)


def _unknown(
    candidates: Sequence[_Candidate],
    claims: Sequence[Claim],
    originals: Sequence[AnnotatedArticle],
    used: set[int],
    similarity: np.ndarray,
    config: SummaryConfig,
) -> tuple[UnknownPoint, ...]:
    """Disputed points (from the claims), then the weightiest points only one report makes."""
    items: list[UnknownPoint] = []
    by_id = {c.id: c for c in claims}
    seen_ids: set[str] = set()
    for claim in claims:
        if claim.status != DISPUTED:
            continue
        for other in claim.contradicts:
            rival = by_id.get(other.claim)
            ids = {claim.id, rival.id if rival else ""}
            if ids & seen_ids:
                continue  # one line per disputed point, not per pair of wordings
            seen_ids |= ids
            sides = [claim] + ([rival] if rival else [])
            items.append(
                UnknownPoint(
                    kind=DISPUTED,
                    text=" / ".join(side.text for side in sides),
                    # The two sentences in conflict.
                    citations=(other.this.span, other.other.span),
                    claims=tuple(side.id for side in sides),
                    reason=other.reason,
                )
            )
    if len(originals) < 2:
        return tuple(items[: config.max_unknown])
    single = [
        i
        for i, c in enumerate(candidates)
        # Strictly nothing alike elsewhere: sentence matching misses paraphrases, and a point
        # wrongly called single-source misleads more than one left out.
        if c.nearest < config.related
        and not c.disputed
        and not c.claims  # a corroborated claim carries it, in other words elsewhere
        and not _PRONOUN_START.match(c.text)
        and not _QUOTE_START.match(c.text)
    ]
    top = max(c.weight for c in candidates)
    # Only weighty points with a fact in them (a number or a name) are worth a reader's doubt.
    single = [
        i
        for i in single
        if candidates[i].weight >= 0.4 * top
        and (numbers(candidates[i].text) or names(candidates[i].text))
    ]
    single.sort(key=lambda i: -candidates[i].weight)
    picked: list[int] = []
    for i in single:
        if len(items) + len(picked) >= config.max_unknown:
            break
        if any(similarity[i, j] >= config.same_point for j in picked):
            continue
        if i in used and len(single) > config.max_unknown:
            continue  # already in the summary, marked single-source there
        picked.append(i)
    for i in picked:
        candidate = candidates[i]
        items.append(
            UnknownPoint(
                kind=SINGLE_SOURCE,
                text=candidate.text,
                citations=(_citation(candidate),),
                sources=(candidate.source,) if candidate.source else (),
            )
        )
    return tuple(items)


def encoder(embedder: Embedder | None) -> Encode:
    """The embedder's `encode`, or the lexical hashing embedder when none was passed (library
    callers and tests that load no model)."""
    return (embedder or HashingTfidfEmbedder()).encode
