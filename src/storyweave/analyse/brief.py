"""Assemble a story's brief from its annotated articles (the per-story "reduce")."""

from __future__ import annotations

from collections.abc import Mapping

from storyweave.analyse.entities import EntityMergeConfig, merge_entities
from storyweave.model import AnnotatedArticle, Brief, Story


def build_brief(
    story: Story,
    annotated: Mapping[str, AnnotatedArticle],
    entities: EntityMergeConfig = EntityMergeConfig(),
) -> Brief:
    """The brief of one story. Sections no stage fills yet stay empty, never faked."""
    members = [annotated[a] for a in story.article_ids if a in annotated]
    return Brief(
        story=story,
        articles=tuple(m.article for m in members),
        entities=tuple(merge_entities(members, entities)),
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
