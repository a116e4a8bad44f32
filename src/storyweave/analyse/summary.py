"""A story's summary: a few sentences chosen from its articles, each citing the spans it rests on,
and a line on what is not known (disputed or single-source points).

Extractive on purpose: no generative model ships with storyweave, and a chosen sentence is
trivially supported by its own span. What the reader should get first is what several
independent reports agree on; a sentence's weight is how many *other original reports* carry
its content (a wire copy reprinted five times counts once), then its place in the article
(news puts the event first) and its closeness to the headlines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from storyweave.analyse.support import content_words, counts, names, numbers
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

Encode = Callable[[Sequence[str]], np.ndarray]
"""Texts -> unit float32 rows (the runner's embedder.encode)."""

# Sentence openers whose referent lies outside the sentence; such a sentence is used only right
# after the sentence before it in the same article.
_PRONOUN_START = re.compile(
    r"^[\"“‘']?(he|she|they|it|this|that|these|those|his|her|their|its|we|i)\b", re.IGNORECASE
)
# Openers that lean on the previous sentence; out of context they read oddly.
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
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
# The feature lede: a scene about one person told in the past perfect ("Hanne had been driving
# cranes for eleven years when she heard ..."), written to draw a reader in, not to say what
# happened. The news lede states the event with its who, what and when.
_NARRATIVE_LEDE = re.compile(
    r"\bhad (?:been \w+ing|\w+ed)\b[^.;]*\b(?:when|until|before)\b", re.IGNORECASE
)
# Times relative to the day an article appeared ("this morning"): outside that article, next to
# sentences from other days, the reader cannot tell which morning.
_RELATIVE_TIME = re.compile(
    r"\b(?:this (?:morning|afternoon|evening)|yesterday|today|tonight|last night|tomorrow)\b",
    re.IGNORECASE,
)
# Framing that anticipates rather than reports ("all eyes will be on how ...").
_SPECULATION = re.compile(
    r"\b(?:all eyes|remains to be seen|time will tell|questions linger|only time)\b", re.IGNORECASE
)
# Facts a news sentence anchors on: a number or a day, date or time.
_WHEN = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm)|\d{4})\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!][\"”’')\]]*$")


@dataclass(frozen=True)
class SummaryConfig:
    max_sentences: int = 7
    min_sentences: int = 4
    min_words: int = 7
    max_words: int = 55
    # Combined similarity (embedding + shared words, see `_similarity`) at which two sentences
    # make the same point: it cites the other as support, and MMR treats it as redundant.
    # Calibrated on paraphrases across outlets: same point 0.58-0.88, same story but another
    # point mostly below 0.55.
    same_point: float = 0.58
    # Below this a sentence in another report is no support at all; support rises linearly
    # from here to `same_point`.
    related: float = 0.42
    # MMR trade-off between weight and novelty (Carbonell & Goldstein 1998); redundancy is
    # rescaled from `related`..`same_point` to 0..1 first.
    mmr_lambda: float = 0.55
    # Position prior: weight halves at this sentence index.
    lead_half_life: float = 4.0
    # Bounds the n x n similarity matrices on big stories (1500 -> 9 MB each); later sentences
    # of long articles are background and go first.
    max_candidates: int = 1500
    max_citations: int = 4
    max_unknown: int = 4
    # How many sentences of the summary may present the key dispute (both sides).
    dispute_sentences: int = 2
    # Weight of a sentence (before penalties): cross-report support as whole sentences and as
    # words, position in its article, closeness to the headlines, numbers and dates stated.
    centrality_weight: float = 0.35
    spread_weight: float = 0.25
    lead_weight: float = 0.15
    title_weight: float = 0.15
    facts_weight: float = 0.1


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
    weight: float = 0.0
    penalty: float = 1.0  # < 1 for openers and phrasings that need context
    reports: int = 1  # original reports carrying the point, this one included
    nearest: float = 0.0  # similarity to the closest sentence of another original report
    supporters: list[int] = field(default_factory=list)  # candidate indices, best first
    claim_status: str | None = None
    disputed: bool = False  # carries a claim another report contradicts
    claims: set[str] = field(default_factory=set)  # corroborated claim ids it carries
    lede: float = 0.0  # how much it reads like the story's news lede (see `_lede_first`)


def summarise(
    members: Sequence[AnnotatedArticle],
    encode: Encode,
    claims: Sequence[Claim] = (),
    config: SummaryConfig = SummaryConfig(),
) -> SummaryResult:
    """The summary of a story's articles: 4-8 sentences, corroborated points first, then the key
    dispute, each with `citations` to exact spans; and the `unknown` points.

    `claims` are the brief's claims when that stage has run: corroborated
    claims then lead the choice and disputed claims fill the dispute slots. Without them the
    weight comes from cross-report centrality alone and disputes are not detected.

    Known failure cases: a point every outlet words differently (few shared words) counts as
    single-source; a sentence whose subject is a description ("The 58-year-old") reads as if its
    referent were known; background paragraphs repeated by every outlet can outrank the news.
    """
    originals = _original_members(members)
    candidates = _candidates(originals, config)
    if not candidates:
        return SummaryResult()
    vectors = encode([c.text for c in candidates]).astype(np.float32)
    similarity = _similarity(vectors, candidates)
    _mark_same_counts(similarity, candidates, config.same_point)
    titles = [m.article.title for m in originals if m.article.title]
    headline = _centroid(encode(titles)) if titles else None
    _weigh(candidates, similarity, vectors, headline, config)
    _apply_claims(candidates, claims, config.lead_half_life)
    chosen = _select(candidates, similarity, config)
    disputes = _dispute_sentences(candidates, claims, chosen, similarity, config)
    ordered = _order(candidates, _lede_first(candidates, chosen)) + disputes
    summary = tuple(_item(candidates, i, config) for i in ordered)
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
            span = text[sentence.start : sentence.end]
            if not _readable(span, config):
                continue
            found.append(
                _Candidate(
                    article=member.id,
                    source=source,
                    index=index,
                    start=sentence.start,
                    end=sentence.end,
                    text=span,
                    words=content_words(span),
                )
            )
    if len(found) > config.max_candidates:
        keep = sorted(range(len(found)), key=lambda i: found[i].index)[: config.max_candidates]
        found = [found[i] for i in sorted(keep)]
    return found


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


def _weigh(
    candidates: list[_Candidate],
    similarity: np.ndarray,
    vectors: np.ndarray,
    headline: np.ndarray | None,
    config: SummaryConfig,
) -> None:
    """Weight = support in other original reports (0-1, from whole sentences and from the spread
    of its words), position in the article, closeness to the headlines and the facts it states;
    penalties for openers that need context and for feature ledes."""
    by_article: dict[str, list[int]] = {}
    for i, candidate in enumerate(candidates):
        by_article.setdefault(candidate.article, []).append(i)
    others = max(len(by_article) - 1, 0)
    spread = _spread(candidates, by_article)
    to_title = vectors @ headline if headline is not None else None
    span = config.same_point - config.related
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
        support = 0.0
        best: list[tuple[float, int]] = []
        for article, (values, rows) in closest.items():
            if article == candidate.article:
                continue
            value, j = values[i], rows[i]
            candidate.nearest = max(candidate.nearest, value)
            support += min(max((value - config.related) / span, 0.0), 1.0)
            if value >= config.same_point:
                best.append((value, j))
        best.sort(reverse=True)
        candidate.supporters = [j for _, j in best]
        candidate.reports = 1 + len(best)
        centrality = support / others if others else 0.0
        lead = 0.5 ** (candidate.index / config.lead_half_life)
        title = float(to_title[i]) if to_title is not None else 0.0
        facts = 0.5 * bool(numbers(candidate.text)) + 0.5 * bool(_WHEN.search(candidate.text))
        candidate.penalty = _penalty(candidate.text)
        candidate.lede = (spread[i] + lead + 0.5 * facts) * candidate.penalty
        candidate.weight = (
            config.centrality_weight * centrality
            + config.spread_weight * spread[i]
            + config.lead_weight * lead
            + config.title_weight * title
            + config.facts_weight * facts
        ) * candidate.penalty


def _penalty(text: str) -> float:
    """Below 1 for sentences that lean on their context or tell a scene rather than the news."""
    penalty = 1.0
    if _CONNECTIVE_START.match(text):
        penalty *= 0.6
    if _QUOTE_START.match(text):
        penalty *= 0.6
    if _BACK_REFERENCE.search(text) or _DEMONSTRATIVE_OPENER.match(text):
        penalty *= 0.5
    if _SECOND_PERSON.search(text):
        penalty *= 0.7  # service copy ("check your case") rather than what happened
    if _NARRATIVE_LEDE.search(text) or _SPECULATION.search(text):
        penalty *= 0.6
    if _RELATIVE_TIME.search(text):
        penalty *= 0.8
    return penalty


def _spread(candidates: Sequence[_Candidate], by_article: Mapping[str, list[int]]) -> list[float]:
    """For each sentence, the mean share of the other original reports that use each of its
    content words anywhere (MEAD's centroid idea, Radev et al. 2004, per word and per report).

    Sentence matching misses the news when every outlet words it differently and packs it with
    other facts; its words still recur across reports, while a feature lede's scene (one
    person's name, the noise she heard) recurs in one or two.
    """
    vocab: dict[str, set[str]] = {}
    for article, rows in by_article.items():
        for r in rows:
            for word in candidates[r].words:
                vocab.setdefault(word[:5], set()).add(article)
    others = max(len(by_article) - 1, 1)
    result = []
    for candidate in candidates:
        stems = {w[:5] for w in candidate.words}
        if not stems:
            result.append(0.0)
            continue
        shares = [len(vocab[s] - {candidate.article}) / others for s in stems]
        # A floor on the length: a six-word sentence of common words is not the news.
        result.append(sum(shares) / max(len(shares), 8))
    return result


def _centroid(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def _apply_claims(
    candidates: list[_Candidate], claims: Sequence[Claim], lead_half_life: float
) -> None:
    """Sentences that carry a corroborated claim move up, more independent sources higher.

    A boost, not an override: claim alignment works on clauses and misses paraphrases, so a
    sentence that many reports carry in other words keeps its own centrality weight.
    """
    if not claims:
        return
    most = max((c.independent_sources or 1 for c in claims), default=1)
    in_article: dict[str, list[_Candidate]] = {}
    for candidate in candidates:
        in_article.setdefault(candidate.article, []).append(candidate)
    for claim in claims:
        status = claim.status
        for span in claim.support:
            for candidate in in_article.get(span.article, ()):
                if not _overlaps(candidate, span):
                    continue
                if status == CORROBORATED:
                    candidate.claims.add(claim.id)
                if status == CORROBORATED and candidate.claim_status != CORROBORATED:
                    sources = claim.independent_sources or 2
                    # Outlets repeat background deep in their articles; the same support in
                    # an article's opening lines is what the story is about.
                    lead = 0.5 ** (candidate.index / lead_half_life)
                    candidate.weight += (
                        (0.1 + 0.2 * sources / most) * (0.6 + 0.4 * lead) * candidate.penalty
                    )
                    candidate.claim_status = CORROBORATED
                elif status == DISPUTED:
                    candidate.disputed = True


def _overlaps(candidate: _Candidate, span: Support | Span) -> bool:
    return (
        span.article == candidate.article
        and span.start < candidate.end
        and span.end > candidate.start
    )


# -- selection ----------------------------------------------------------------------------


def _select(
    candidates: list[_Candidate], similarity: np.ndarray, config: SummaryConfig
) -> list[int]:
    """Maximal marginal relevance over the weights; a sentence that opens with a pronoun is
    eligible only once the sentence before it (same article) is chosen."""
    slots = config.max_sentences - (config.dispute_sentences if _has_disputes(candidates) else 0)
    top = max(c.weight for c in candidates) or 1.0
    position = {(c.article, c.index): i for i, c in enumerate(candidates)}
    chosen: list[int] = []
    covered: set[str] = set()
    while len(chosen) < slots:
        best, best_score = -1, -np.inf
        for i, candidate in enumerate(candidates):
            if i in chosen:
                continue
            antecedent = position.get((candidate.article, candidate.index - 1))
            if _PRONOUN_START.match(candidate.text) and antecedent not in chosen:
                continue
            redundancy = max((float(similarity[i, j]) for j in chosen), default=0.0)
            if redundancy >= config.same_point:
                continue
            if candidate.claims and candidate.claims <= covered:
                continue  # every corroborated claim it carries is in the summary already
            overlap = max(redundancy - config.related, 0.0) / (config.same_point - config.related)
            score = config.mmr_lambda * candidate.weight / top - (1 - config.mmr_lambda) * overlap
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        # Past the minimum, stop when what is left adds little: a corroborated claim not yet
        # covered is worth a sentence down to a lower weight.
        floor = 0.2 if candidates[best].claims - covered else 0.35
        if len(chosen) >= config.min_sentences and candidates[best].weight < floor * top:
            break
        chosen.append(best)
        covered |= candidates[best].claims
    return chosen


def _lede_first(candidates: Sequence[_Candidate], chosen: list[int]) -> list[int]:
    """The chosen sentence that reads most like a news lede goes first: from the top of its
    article, stating facts (numbers, days) in words that recur across reports. A weighty
    background point repeated deep in every article (a cost estimate) then follows it."""
    eligible = [i for i in chosen if not _PRONOUN_START.match(candidates[i].text)]
    if not eligible:
        return chosen
    lede = max(eligible, key=lambda i: candidates[i].lede)
    return [lede] + [i for i in chosen if i != lede]


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
        # ("president-elect Trump is arranging a meeting" next to "Trump confirmed a meeting is
        # being arranged", to show a title) gives way to the next pair.
        added: list[int] = []
        for side, where in ((claim, this), (rival, that)):
            if any(_carries(candidates[i], where) for i in chosen + added):
                continue
            best = _best_sentence(candidates, where, chosen + added)
            if best is None:
                best = _best_sentence(candidates, side.support, chosen + added)
            if best is None or any(
                similarity[best, i] >= config.same_point for i in chosen + added
            ):
                break
            added.append(best)
        else:
            return added[: config.dispute_sentences]
    return []


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
        and not _SECOND_PERSON.search(candidates[i].text)
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
