"""Group articles into stories, incrementally: new articles join existing stories or open new ones.

A first grouping: document vectors for what an article is about, shared named entities for who
and where, publication dates to keep apart two similar events weeks apart. Stories the user has
already seen keep their id and their articles; only unassigned articles move.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storyweave.model import AnnotatedArticle, Story

# Entity types that say who and where an article is about.
KEY_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"})


@dataclass(frozen=True)
class GroupingConfig:
    # Score to join a story: (1 - entity_weight) * cosine + entity_weight * entity overlap.
    threshold: float = 0.55
    entity_weight: float = 0.35
    # Articles further apart than this from every dated article of a story pay a penalty:
    # the same kind of event weeks later is usually another event.
    max_days_apart: int = 14
    date_penalty: float = 0.25


@dataclass
class _StoryState:
    id: str
    members: list[str]
    vector_sum: np.ndarray | None
    entities: Counter[str] = field(default_factory=Counter)
    dates: list[dt.date] = field(default_factory=list)

    def add(self, article: AnnotatedArticle) -> None:
        self.members.append(article.id)
        if article.vector is not None:
            vector = article.vector.astype(np.float32)
            self.vector_sum = vector.copy() if self.vector_sum is None else self.vector_sum + vector
        self.entities.update(entity_keys(article))
        if article.article.published:
            self.dates.append(article.article.published)


def story_id_for(founding_article_id: str) -> str:
    """Stable: the same founding article always gives the same story id."""
    return "s-" + hashlib.sha1(founding_article_id.encode("utf-8")).hexdigest()[:10]


def entity_keys(article: AnnotatedArticle) -> set[str]:
    """Lower-cased key entities; a person also counts under the last word of the name, so
    "Trump" and "Donald Trump" meet."""
    keys = set()
    for mention in article.entities:
        if mention.type not in KEY_ENTITY_TYPES:
            continue
        name = mention.text.lower()
        keys.add(name)
        if mention.type == "PERSON" and " " in name:
            keys.add(name.rsplit(" ", 1)[1])
    return keys


def group_stories(
    articles: Sequence[AnnotatedArticle],
    existing: Mapping[str, str] | None = None,
    config: GroupingConfig = GroupingConfig(),
) -> list[Story]:
    """Every story touching `articles`, with unassigned articles placed.

    `existing` maps article id -> story id for articles already grouped (kept as they are).
    Articles are placed in publication order (undated last, then input order), so the result
    does not depend on the order files were listed in. A duplicate joins its original's story.
    Known failure cases: two events of the same kind with the same actors in the same fortnight
    merge; a story whose coverage drifts over weeks may split.
    """
    existing = existing or {}
    by_id = {a.id: a for a in articles}
    states: dict[str, _StoryState] = {}
    for article in articles:
        story = existing.get(article.id)
        if story is not None:
            states.setdefault(story, _StoryState(story, [], None)).add(article)

    position = {a.id: i for i, a in enumerate(articles)}
    unassigned = sorted(
        (a for a in articles if a.id not in existing),
        key=lambda a: (a.article.published or dt.date.max, position[a.id]),
    )
    placed: dict[str, str] = {}
    for article in unassigned:
        original = article.article.duplicate_of
        target = existing.get(original or "") or placed.get(original or "")
        if target is None:
            target = _best_story(article, list(states.values()), config)
        if target is None:
            target = story_id_for(article.id)
            states[target] = _StoryState(target, [], None)
        states[target].add(article)
        placed[article.id] = target

    return [
        Story(id=s.id, title=story_title(s, by_id), article_ids=_ordered(s.members, by_id))
        for s in states.values()
    ]


def _best_story(
    article: AnnotatedArticle, states: list[_StoryState], config: GroupingConfig
) -> str | None:
    keys = entity_keys(article)
    best_score, best_id = config.threshold, None
    for state in states:
        score = _similarity(article, keys, state, config)
        if score >= best_score:
            best_score, best_id = score, state.id
    return best_id


def _similarity(
    article: AnnotatedArticle, keys: set[str], state: _StoryState, config: GroupingConfig
) -> float:
    cosine = 0.0
    if article.vector is not None and state.vector_sum is not None:
        norm = float(np.linalg.norm(state.vector_sum))
        if norm > 0:
            cosine = float(article.vector @ state.vector_sum) / norm
    overlap = len(keys & state.entities.keys()) / len(keys) if keys else 0.0
    score = (1 - config.entity_weight) * cosine + config.entity_weight * overlap
    published = article.article.published
    if published and state.dates:
        gap = min(abs((published - d).days) for d in state.dates)
        if gap > config.max_days_apart:
            score -= config.date_penalty
    return score


def story_title(state: _StoryState, by_id: Mapping[str, AnnotatedArticle]) -> str:
    """The headline of the article closest to the story's centre (its first sentence if it
    has no headline)."""
    members = [by_id[m] for m in state.members if m in by_id]
    best = members[0]
    centre = state.vector_sum
    if centre is not None:
        scored = [(m, m.vector) for m in members if m.vector is not None and m.article.title]
        if scored:
            best = max(scored, key=lambda pair: float(pair[1] @ centre))[0]
    if best.article.title:
        return best.article.title
    if best.sentences:
        first = best.sentences[0]
        return best.article.text[first.start : first.end][:120]
    return best.article.text[:120]


def _ordered(members: list[str], by_id: Mapping[str, AnnotatedArticle]) -> tuple[str, ...]:
    """Articles by publication date, undated ones last, ties in placement order."""
    rank = {m: i for i, m in enumerate(members)}
    return tuple(
        sorted(
            members,
            key=lambda m: (by_id[m].article.published or dt.date.max, rank[m]),
        )
    )
