"""The story runner: runs the registered story stages over many stories, with the cache in the
store and one failure per story and stage instead of an aborted run.

A story's results are keyed by what it is made of (its events, its articles' metadata and the
keys of their annotations) plus each stage's name, version and config and the keys of the stages
it reads; briefing an unchanged story reads every result from the store and computes nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyweave.analyse.brief import assemble_brief
from storyweave.analyse.stages import (
    STORY_STAGES,
    StoryContext,
    StoryStage,
    StoryStageSettings,
    stage_order,
)
from storyweave.execute.keys import config_digest, digest
from storyweave.execute.local import Resources, RunConfig, map_in_workers
from storyweave.model import AnnotatedArticle, Brief, StageFailure, Story, format_date
from storyweave.store.base import Store

log = logging.getLogger("storyweave")


@dataclass(frozen=True)
class StoryRunConfig:
    stages: tuple[StoryStage, ...] = STORY_STAGES
    settings: StoryStageSettings = StoryStageSettings()
    # Worker processes for stories not yet analysed; 0 = as the article runner would for
    # that many articles.
    processes: int = 0


@dataclass
class _Work:
    """One story's results while it is being briefed."""

    story: Story
    members: tuple[AnnotatedArticle, ...]
    keys: dict[str, str]
    outputs: dict[str, Any] = field(default_factory=dict)
    failures: list[StageFailure] = field(default_factory=list)
    # Newly computed results to cache: stage name -> (key, payload).
    fresh: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return len(self.outputs) == len(self.keys)


def brief_stories(
    stories: Sequence[Story],
    annotated: Mapping[str, AnnotatedArticle],
    store: Store,
    resources: Resources,
    config: StoryRunConfig = StoryRunConfig(),
    on_done: Callable[[int], None] | None = None,
) -> list[Brief]:
    """One brief per story, in the order given, from cached results where they are current."""
    stages = stage_order(config.stages)
    work = [_prepare(story, annotated, stages, config) for story in stories]
    for stage in stages:
        cached = store.story_results(stage.name, [w.story.id for w in work])
        for item in work:
            hit = cached.get(item.story.id)
            if hit and hit[0] == item.keys[stage.name]:
                _restore(item, stage, hit[1])
    done = sum(1 for w in work if w.complete)
    if on_done and done:
        on_done(done)
    todo = [w for w in work if not w.complete]
    if todo:
        embedder = None
        if any(s.needs_embedder and s.name not in w.outputs for w in todo for s in stages):
            embedder = resources.embedder  # loaded before the fork, shared by the workers
        processes = config.processes or RunConfig().processes_for(sum(len(w.members) for w in todo))
        # Only the results travel back from a worker, not the story's annotated articles.
        computed = map_in_workers(
            lambda item: _results(_compute(item, stages, config.settings, embedder)),
            todo,
            processes,
            weight=lambda item: len(item.members),
        )
        for item, (outputs, failures, fresh) in zip(todo, computed, strict=True):
            item.outputs, item.failures, item.fresh = outputs, failures, fresh
        for stage in stages:
            rows = [(w.story.id, *w.fresh[stage.name]) for w in todo if stage.name in w.fresh]
            if rows:
                store.put_story_results(stage.name, rows)
        if on_done:
            on_done(len(todo))
    return [assemble_brief(w.story, w.members, w.outputs, w.failures) for w in work]


def story_key(story: Story, members: Sequence[AnnotatedArticle]) -> str:
    """What a story's analysis depends on: its events and, per article, the metadata the
    stages read and the key of its annotations."""
    parts = [story.id, story.title]
    for event in story.events:
        parts.append(f"event:{event.id}:{event.title}:{','.join(event.article_ids)}")
    for member in members:
        article = member.article
        annotations = member.cache_key or digest(article.text, format_date(article.published) or "")
        parts.append(
            "|".join(
                str(v)
                for v in (
                    article.id,
                    article.source,
                    article.title,
                    article.url,
                    format_date(article.published),
                    article.duplicate_of,
                    annotations,
                )
            )
        )
    return digest(*parts)


def _prepare(
    story: Story,
    annotated: Mapping[str, AnnotatedArticle],
    stages: Sequence[StoryStage],
    config: StoryRunConfig,
) -> _Work:
    members = tuple(annotated[a] for a in story.article_ids if a in annotated)
    base = story_key(story, members)
    keys: dict[str, str] = {}
    for stage in stages:
        keys[stage.name] = digest(
            stage.name,
            str(stage.version),
            config_digest(config.settings.config_for(stage)),
            base,
            *(keys[name] for name in stage.inputs),
        )
    return _Work(story, members, keys)


def _restore(item: _Work, stage: StoryStage, payload: bytes) -> None:
    data = json.loads(payload)
    if isinstance(data, dict) and "_failed" in data and len(data) == 1:
        item.outputs[stage.name] = stage.empty
        item.failures.append(StageFailure(stage.name, item.story.id, data["_failed"], "story"))
    else:
        item.outputs[stage.name] = stage.decode(data)


def _results(item: _Work) -> tuple[dict[str, Any], list[StageFailure], dict]:
    return item.outputs, item.failures, item.fresh


def _compute(
    item: _Work,
    stages: Sequence[StoryStage],
    settings: StoryStageSettings,
    embedder: Any,
) -> _Work:
    """The missing results of one story, each stage after its inputs. A stage that raises (or
    whose input failed) gets its `empty` output and a failure, cached like a result."""
    context = StoryContext(item.story, item.members, embedder)
    failed = {f.stage for f in item.failures}
    for stage in stages:
        if stage.name in item.outputs:
            continue
        key = item.keys[stage.name]
        broken = [name for name in stage.inputs if name in failed]
        try:
            if broken:
                raise RuntimeError(f"its input stage {', '.join(broken)} failed")
            inputs = {name: item.outputs[name] for name in stage.inputs}
            value = stage.run(context, inputs, settings.config_for(stage))
            payload = json.dumps(stage.encode(value), ensure_ascii=False, separators=(",", ":"))
        except Exception as exc:  # one story's failure must not stop the others
            log.debug("story stage %s failed for %s", stage.name, item.story.id, exc_info=True)
            reason = f"{type(exc).__name__}: {exc}"
            item.outputs[stage.name] = stage.empty
            item.failures.append(StageFailure(stage.name, item.story.id, reason, "story"))
            failed.add(stage.name)
            payload = json.dumps({"_failed": reason})
        else:
            item.outputs[stage.name] = value
        item.fresh[stage.name] = (key, payload.encode("utf-8"))
    return item
