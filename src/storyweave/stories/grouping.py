"""Group articles into stories, incrementally: new articles join existing stories or open new ones.

The pipeline: features (key terms, names, document vector, date; features.py) -> each article's
few nearest articles, found by blocking instead of all pairs (neighbours.py) -> agglomeration of
the neighbour graph (linkage.py). Articles the user has already seen in a story keep their story
and its id; only unassigned articles are placed. A wire copy follows its original.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from storyweave.model import AnnotatedArticle, Assignments, Event, Story
from storyweave.stories.features import (
    ArticleFeatures,
    FeatureConfig,
    build_features,
    headline,
)
from storyweave.stories.linkage import LinkageConfig, link_groups
from storyweave.stories.neighbours import NeighbourConfig, nearest_neighbours

TITLE_CHARS = 120


@dataclass(frozen=True)
class GroupingConfig:
    features: FeatureConfig = FeatureConfig()
    neighbours: NeighbourConfig = NeighbourConfig()
    # Two groups are one story when they link to each other at least this fraction of what
    # two halves of one story would (see linkage.py); siblings on ECB+ (two events of one
    # kind) sit well below, halves of one story around 1.
    min_linkage: float = 0.3
    # ... and the links between them at least this fraction as strong as those within each.
    min_cohesion: float = 0.4


def story_id_for(founding_article_id: str) -> str:
    """Stable: the same founding article always gives the same story id."""
    return "s-" + hashlib.sha1(founding_article_id.encode("utf-8")).hexdigest()[:10]


def event_id_for(story_id: str) -> str:
    """Until events are grouped on their own, a story is one event with an id of its own."""
    return "e-" + story_id.removeprefix("s-")


def group_stories(
    articles: Sequence[AnnotatedArticle],
    existing: Assignments | None = None,
    config: GroupingConfig = GroupingConfig(),
) -> list[Story]:
    """Every story touching `articles`, with unassigned articles placed; each story is one
    event for now.

    `existing` says where articles already grouped are; they stay where they are, and two
    existing stories never merge. A new story's id comes from its founding article
    (earliest published, undated last, then lowest id), so the result does not depend on the
    order of `articles`. Known failure cases: two events of one kind, undated and reported with
    the same names (the same team's two signings), merge; a story whose coverage drifts over
    weeks with no article bridging the days may split.
    """
    known = existing or Assignments()
    placed: dict[str, str] = {}
    for article in articles:
        if (grouped := known.story_of_article(article.id)) is not None:
            placed[article.id] = grouped
    by_id = {a.id: a for a in sorted(articles, key=lambda a: a.id)}
    roots = {article_id: _root(article_id, by_id) for article_id in by_id}
    nodes = [a for a in by_id.values() if roots[a.id] == a.id]
    index = {a.id: i for i, a in enumerate(nodes)}

    stories_of_nodes: dict[str, list[int]] = defaultdict(list)
    for article in nodes:
        story = placed.get(article.id)
        if story is not None:
            stories_of_nodes[story].append(index[article.id])
    new_nodes = np.array([i for i, a in enumerate(nodes) if a.id not in placed], dtype=np.int64)

    features = build_features(nodes, config.features)
    groups = _link(features, new_nodes, stories_of_nodes, config)

    story_of_node: dict[int, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for group, story in groups:
        if story is None:
            if not any(nodes[i].id not in placed for i in group):
                continue
            story = story_id_for(_founder([nodes[i] for i in group]).id)
        for i in group:
            story_of_node[i] = story
    for article_id in by_id:
        story = placed.get(article_id)
        if story is None:
            story = story_of_node[index[roots[article_id]]]
        members[story].append(article_id)

    centrality = _centrality(features, story_of_node, config.neighbours)
    ordered = sorted(
        members.items(), key=lambda item: _founder_key(_founder([by_id[m] for m in item[1]]))
    )
    stories = []
    for story, ids in ordered:
        title = story_title([by_id[m] for m in ids], centrality, index)
        chosen = [by_id[m] for m in ids]
        dates = [m.article.published for m in chosen if m.article.published]
        event = Event(
            id=event_id_for(story),
            title=title,
            article_ids=_by_time(chosen),
            start=min(dates) if dates else None,
            end=max(dates) if dates else None,
        )
        stories.append(Story(story, title, event.article_ids, (event,)))
    return stories


def _link(
    features: ArticleFeatures,
    new_nodes: np.ndarray,
    stories_of_nodes: Mapping[str, list[int]],
    config: GroupingConfig,
) -> list[tuple[list[int], str | None]]:
    """Groups of node indices; only new nodes move."""
    if len(new_nodes) == 0:
        return [(nodes, story) for story, nodes in stories_of_nodes.items()]
    settings = config.neighbours
    if stories_of_nodes:
        # Incremental: the neighbours of new articles, and of the existing articles they reach
        # (whose links back to them count too). Links among existing articles change nothing.
        graph = nearest_neighbours(features, new_nodes, settings)
        reached = np.setdiff1d(np.unique(graph.target), new_nodes)
        back = nearest_neighbours(features, reached, settings)
        is_new = np.zeros(len(features), dtype=bool)
        is_new[new_nodes] = True
        keep = is_new[back.target]
        sources = np.concatenate([graph.source, back.source[keep]])
        targets = np.concatenate([graph.target, back.target[keep]])
        similarities = np.concatenate([graph.similarity, back.similarity[keep]])
    else:
        graph = nearest_neighbours(features, None, settings)
        sources, targets, similarities = graph.source, graph.target, graph.similarity
    return link_groups(
        len(features),
        list(zip(sources.tolist(), targets.tolist(), similarities.tolist(), strict=True)),
        [(nodes, story) for story, nodes in sorted(stories_of_nodes.items())],
        LinkageConfig(settings.neighbours, config.min_linkage, config.min_cohesion),
    )


def _root(article_id: str, by_id: Mapping[str, AnnotatedArticle]) -> str:
    """The original a (chain of) duplicate(s) goes back to, among the given articles."""
    seen = {article_id}
    current = article_id
    while True:
        original = by_id[current].article.duplicate_of
        if original is None or original not in by_id or original in seen:
            return current
        seen.add(original)
        current = original


def _founder_key(article: AnnotatedArticle) -> tuple[dt.date, str]:
    return (article.article.published or dt.date.max, article.id)


def _founder(members: Sequence[AnnotatedArticle]) -> AnnotatedArticle:
    return min(members, key=_founder_key)


def _by_time(members: Sequence[AnnotatedArticle]) -> tuple[str, ...]:
    """Articles by publication date, undated ones last; on the same day an original comes
    before its copies, then ids decide."""

    def key(article: AnnotatedArticle) -> tuple[dt.date, bool, str]:
        published, article_id = _founder_key(article)
        return (published, article.article.duplicate_of is not None, article_id)

    return tuple(a.id for a in sorted(members, key=key))


def story_title(
    members: Sequence[AnnotatedArticle], centrality: np.ndarray, index: Mapping[str, int]
) -> str:
    """The headline of the article closest to the story's centre, else that article's first
    sentence. Known failure case: of two equally central articles the earlier one gives the
    title, which may be the vaguer headline."""
    ranked = sorted(
        (m for m in members if m.id in index),
        key=lambda m: (-round(float(centrality[index[m.id]]), 6), _founder_key(m)),
    )
    for member in ranked:
        title = headline(member)
        if title:
            return title[:TITLE_CHARS]
    return _first_sentence(ranked[0] if ranked else _founder(members))


def _centrality(
    features: ArticleFeatures, story_of_node: Mapping[int, str], config: NeighbourConfig
) -> np.ndarray:
    """Each article's similarity to its story's mean, weighted as pairs are; all stories at
    once (one sparse product), since a per-story loop costs more than the grouping itself."""
    count = len(features)
    labels = sorted(set(story_of_node.values()))
    label_index = {label: i for i, label in enumerate(labels)}
    rows = np.array(sorted(story_of_node), dtype=np.int64)
    cols = np.array([label_index[story_of_node[r]] for r in rows], dtype=np.int64)
    sizes = np.bincount(cols, minlength=len(labels)).astype(np.float32)
    membership = sparse.csr_matrix(
        (1 / sizes[cols], (cols, rows)), shape=(len(labels), count), dtype=np.float32
    )
    node_label = np.zeros(count, dtype=np.int64)
    node_label[rows] = cols
    score = np.zeros(count, dtype=np.float32)
    for matrix, weight in (
        (features.terms, config.term_weight),
        (features.entities, config.entity_weight),
    ):
        if weight and matrix.shape[1] and count:
            centres = (membership @ matrix).tocsr()
            dots = matrix.multiply(centres[node_label]).sum(axis=1)
            score += weight * np.asarray(dots, dtype=np.float32).ravel()
    if config.vector_weight and features.vectors.shape[1] and count:
        centres = membership @ features.vectors
        score += config.vector_weight * np.einsum("ij,ij->i", features.vectors, centres[node_label])
    return score


def _first_sentence(article: AnnotatedArticle) -> str:
    text = article.article.text
    if article.sentences:
        first = article.sentences[0]
        text = text[first.start : first.end]
    return " ".join(text.split())[:TITLE_CHARS]
