"""A story's brief assembled from its story-stage outputs, and the order briefs are shown in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storyweave.analyse.stages import ClaimFindings, StorySummary
from storyweave.model import AnnotatedArticle, Brief, EventBrief, StageFailure, Story


def assemble_brief(
    story: Story,
    members: Sequence[AnnotatedArticle],
    outputs: Mapping[str, Any],
    failures: Sequence[StageFailure] = (),
) -> Brief:
    """The brief of one story from the outputs of `STORY_STAGES` (by stage name). A section
    whose stage failed stays empty and the failure is named in the brief."""
    findings: ClaimFindings = outputs.get("claims") or ClaimFindings()
    summary: StorySummary = outputs.get("summary") or StorySummary()
    summarised = {e.event.id: e for e in summary.events}
    events = tuple(summarised.get(e.id) or EventBrief(e) for e in story.events)
    article_failures = tuple(f for m in members for f in m.failures)
    return Brief(
        story=story,
        articles=tuple(m.article for m in members),
        events=events,
        entities=tuple(outputs.get("entities") or ()),
        summary=summary.summary,
        unknown=summary.unknown,
        claims=findings.claims,
        disputes=tuple(outputs.get("disputes") or ()),
        quotes=tuple(outputs.get("quotes") or ()),
        positions=findings.positions,
        timeline=tuple(outputs.get("timeline") or ()),
        coverage=findings.coverage,
        failures=article_failures + tuple(failures),
    )


def order_briefs(briefs: Sequence[Brief]) -> list[Brief]:
    """Stories with at least two original reports first (most reports first), then the rest."""
    return sorted(
        briefs, key=lambda b: story_rank(b.story.id, b.original_reports(), len(b.articles))
    )


def story_rank(story_id: str, original_reports: int, articles: int) -> tuple[bool, int, int, str]:
    """The sort key of a story in every listing: multi-source stories first."""
    return (original_reports < 2, -original_reports, -articles, story_id)
