"""Assemble a story's brief from its annotated articles (the per-story "reduce")."""

from __future__ import annotations

from collections.abc import Mapping

from storyweave.analyse.claim_analysis import analyse_claims
from storyweave.analyse.entities import EntityMergeConfig, merge_entities
from storyweave.analyse.quotes import merge_quotes
from storyweave.analyse.summary import encoder, summarise
from storyweave.analyse.timeline import build_timeline
from storyweave.model import AnnotatedArticle, Brief, Story
from storyweave.nlp.embeddings import Embedder


def build_brief(
    story: Story,
    annotated: Mapping[str, AnnotatedArticle],
    entities: EntityMergeConfig = EntityMergeConfig(),
    embedder: Embedder | None = None,
) -> Brief:
    """The brief of one story. Sections no stage fills yet stay empty, never faked."""
    members = [annotated[a] for a in story.article_ids if a in annotated]
    story_entities = tuple(merge_entities(members, entities))
    claims = analyse_claims(members, embedder, entities=story_entities)
    summary = summarise(members, encoder(embedder), claims.claims_json())
    return Brief(
        claims=claims.claims_json(),
        positions=claims.positions_json(),
        coverage=claims.coverage,
        story=story,
        articles=tuple(m.article for m in members),
        entities=story_entities,
        quotes=tuple(merge_quotes(members, story_entities)),
        summary=summary.summary,
        timeline=tuple(build_timeline(members)),
        extra={"unknown": list(summary.unknown)},
    )


def original_reports(brief: Brief) -> int:
    """Articles that are not copies of another: a wire story reprinted five times counts once."""
    return sum(1 for a in brief.articles if a.duplicate_of is None)


def order_briefs(briefs: list[Brief]) -> list[Brief]:
    """Stories with at least two original reports first (most reports first), then the rest."""
    return sorted(
        briefs,
        key=lambda b: (original_reports(b) < 2, -original_reports(b), -len(b.articles), b.story.id),
    )
