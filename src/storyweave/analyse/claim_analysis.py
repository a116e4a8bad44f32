"""One story's claims, contradictions, positions and coverage, computed together.

The brief needs all four, and they share the expensive part (claim units with their vectors), so
this module runs them in order over one `StoryClaims` value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyweave.analyse.agreement import AgreementConfig, confirm_support, join_agreeing
from storyweave.analyse.claims import TITLE_PREDICATE, AlignConfig, align_claims, collect_units
from storyweave.analyse.contradictions import ContradictionConfig, find_contradictions
from storyweave.analyse.corroboration import ClaimGroup, corroborate
from storyweave.analyse.coverage import claim_coverage
from storyweave.analyse.positions import PositionsConfig, find_positions
from storyweave.analyse.refutations import RefutationConfig, find_refutations
from storyweave.analyse.stances import StanceConfig, join_stances
from storyweave.model import AnnotatedArticle, Claim, CoverageRow, Position, StoryEntity
from storyweave.nlp.embeddings import Embedder
from storyweave.nlp.stance_model import StanceModel, load_stance_model


@dataclass(frozen=True)
class ClaimAnalysisConfig:
    align: AlignConfig = AlignConfig()
    contradictions: ContradictionConfig = ContradictionConfig()
    refutations: RefutationConfig = RefutationConfig()
    agreement: AgreementConfig = AgreementConfig()
    positions: PositionsConfig = PositionsConfig()
    stances: StanceConfig = StanceConfig()
    min_sources: int = 2
    # Claim units a story's analysis takes at most (see claims._units_kept): bounds its memory
    # at a few hundred megabytes whatever the length of the articles.
    max_units: int = 3000


@dataclass(frozen=True)
class ClaimAnalysis:
    """The story's claims, positions and coverage; `groups` keeps the claim units behind each
    claim for callers that need them (evaluation, tests)."""

    groups: tuple[ClaimGroup, ...] = ()
    claims: tuple[Claim, ...] = ()
    positions: tuple[Position, ...] = ()
    coverage: tuple[CoverageRow, ...] = ()


def analyse_claims(
    members: Sequence[AnnotatedArticle],
    embedder: Embedder | None,
    config: ClaimAnalysisConfig = ClaimAnalysisConfig(),
    entities: Sequence[StoryEntity] | None = None,
    stance_model: StanceModel | None = None,
) -> ClaimAnalysis:
    """Claim groups (with status and contradictions), positions and coverage of one story.

    `embedder` is the runner's embedding model; None falls back to lexical overlap (and finds
    no refutations). `stance_model` defaults to the packaged one `storyweave check` uses.
    """
    claims = collect_units(members, embedder, entities, config.max_units)
    published = {m.id: m.article.published for m in members}
    contradictions = find_contradictions(claims, published, config.contradictions)
    model = None
    if embedder is not None:
        model = stance_model or load_stance_model()
        known = {(c.first, c.second) for c in contradictions}
        refuted = find_refutations(claims, members, embedder, model, config.refutations)
        contradictions += [c for c in refuted if (c.first, c.second) not in known]
    cannot_link = {(c.first, c.second) for c in contradictions}
    # A title is worth a claim of its own only when another report contradicts it.
    disputed = {i for pair in cannot_link for i in pair}
    titles = frozenset(
        u.index
        for u in claims.units
        if u.unit.predicates == TITLE_PREDICATE and u.index not in disputed
    )
    groups = align_claims(claims, cannot_link, config.align, exclude=titles)
    texts = {m.id: m.article.text for m in members}
    positions = find_positions(claims, texts, config.positions)
    groups = join_agreeing(claims, groups, cannot_link, embedder, model, config.agreement)
    groups = confirm_support(claims, groups, embedder, model, config.agreement)
    # One side's positions in other words ("demands a withdrawal" / "wants them to pull out")
    # are joined after the support check: the holder and the position decide there.
    groups = join_stances(claims, groups, positions, cannot_link, config.stances)
    claim_groups = corroborate(claims, groups, contradictions, config.min_sources)
    typed = tuple(g.to_claim() for g in claim_groups)
    coverage = claim_coverage([m.article for m in members], typed)
    return ClaimAnalysis(
        tuple(claim_groups),
        typed,
        tuple(p.to_position() for p in positions),
        tuple(coverage),
    )
