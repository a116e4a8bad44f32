"""Reading the store one thing at a time, for listings: story overviews from the stored grouping
and the cached story-stage results, with nothing annotated, grouped or briefed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from storyweave.analyse.stages import STORY_STAGES
from storyweave.model import Article, Story, StoryEntity
from storyweave.model.listing import StoryOverview
from storyweave.store import Store


def cached_story_results(store: Store, stage_name: str, ids: Sequence[str]) -> dict[str, Any]:
    """The cached output of one story stage by story id, whatever brief it was made for;
    failed results are left out."""
    stage = next(s for s in STORY_STAGES if s.name == stage_name)
    found = {}
    for story_id, (_, payload) in store.story_results(stage_name, list(ids)).items():
        data = json.loads(payload)
        if isinstance(data, dict) and "_failed" in data:
            continue
        found[story_id] = stage.decode(data)
    return found


def overview(
    story: Story, articles: dict[str, Article], entities: Sequence[StoryEntity], summary: Any
) -> StoryOverview:
    members = [articles[a] for a in story.article_ids if a in articles]
    dates = sorted(a.published for a in members if a.published is not None)
    lead = summary.summary[0].text if summary is not None and summary.summary else None
    return StoryOverview(
        id=story.id,
        title=story.title,
        article_ids=story.article_ids,
        original_reports=sum(1 for a in members if a.duplicate_of is None),
        sources=tuple(dict.fromkeys(a.source for a in members if a.source)),
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
        events=len(story.events),
        entities=tuple(sorted(entities, key=lambda e: -e.mentions)),
        lead=lead,
    )


def newest_first(story: StoryOverview) -> tuple[bool, int, str]:
    last = story.last_published
    return (last is None, -(last.toordinal() if last else 0), story.id)
