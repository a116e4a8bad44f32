"""Group articles into events and events into stories, incrementally, with stable ids.

An *event* is one happening and the articles that cover it: tight in content and in time. A
*story* is a developing story, one or more events that continue one another over days or weeks:
the same principal actors doing the same business. The pipeline: features (key terms, names,
document vector, date; features.py) -> each article's few nearest articles, found by blocking
instead of all pairs (neighbours.py) -> agglomeration into events (linkage.py) -> the same
again one level up, over features pooled per event, with a time scale of weeks. Articles
already in an event keep it, events already in a story keep it; only new ones are placed. A
wire copy follows its original.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from storyweave.model import AnnotatedArticle, Assignments, Event, Story
from storyweave.stories.features import (
    ArticleFeatures,
    FeatureConfig,
    FeatureRows,
    headline,
    pool_features,
)
from storyweave.stories.linkage import LevelConfig, agglomerate
from storyweave.stories.neighbours import NeighbourConfig

TITLE_CHARS = 120

# Events: reports of one happening appear within a day or so of each other (time zones, a
# late report, the next day's print). Similarity halves every day and a half apart: the next
# day's report still counts 0.63, one a week later 0.04, so the same kind of happening with the
# same names a week later is another event. Grouping runs twice: first over each report's
# strong links only (at least half as similar as its closest report), which keeps apart the
# happenings of one busy topic and day whose reports reach each other only through their
# weaker links; then those groups grow over all links, merging only where the links between
# them are nearly as strong as within (0.6). Chosen on allsides-dated-dev, neus-roundups-dev
# and ecbplus-dev together (eval/grouping.py prints the neighbouring settings).
EVENT_LEVEL = LevelConfig(
    neighbours=NeighbourConfig(same_event_days=0, half_life_days=1.5),
    min_linkage=0.3,
    min_cohesion=0.4,
    first_pass_relative=0.5,
    final_cohesion=0.6,
)
# Stories: events continue one another when their principal actors (the names most of their
# reports carry) and their business (key terms, weighed against everyday English so that a
# small pile compares what matters) are the same. Gaps of weeks are normal: time only
# discounts past a week, halving every two months. Events that share no name are not one
# story. Without dates a continuation cannot be told from a recurrence (this year's election
# and the last one), so a pair with an undated event needs twice the similarity.
STORY_LEVEL = LevelConfig(
    neighbours=NeighbourConfig(
        neighbours=3,
        min_similarity=0.4,
        term_weight=0.5,
        entity_weight=0.35,
        vector_weight=0.15,
        no_shared_names_factor=0.0,
        same_event_days=7,
        half_life_days=60.0,
        undated_factor=0.5,
    ),
    min_linkage=0.3,
    min_cohesion=0.0,
)


@dataclass(frozen=True)
class GroupingConfig:
    features: FeatureConfig = FeatureConfig()
    events: LevelConfig = EVENT_LEVEL
    stories: LevelConfig = STORY_LEVEL


def story_id_for(founding_article_id: str) -> str:
    """Stable: the same founding article always gives the same story id."""
    return "s-" + _digest(founding_article_id)


def event_id_for(founding_article_id: str) -> str:
    """Stable: the same founding article always gives the same event id. A story's first event
    and the story share the hash (as stores migrated from before events do)."""
    return "e-" + _digest(founding_article_id)


def _digest(article_id: str) -> str:
    return hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]


def group_stories(
    articles: Iterable[AnnotatedArticle],
    existing: Assignments | None = None,
    config: GroupingConfig = GroupingConfig(),
) -> list[Story]:
    """Every story touching `articles`, each with its events, new articles placed.

    `existing` says where articles already grouped are: an article in an event stays there, an
    event in a story stays there; new articles join existing events or form new ones, new
    events join existing stories or form new ones; two existing events never merge, nor two
    existing stories. A new event's (story's) id comes from its founding article (earliest
    published, undated last, then lowest id), so the result does not depend on the order of
    `articles`. `articles` is read once, as a stream: grouping keeps of each article only its
    features and what a story's title and order need (`Member`). Known failure cases: two
    events of one kind, undated and reported with the same names (the same team's two
    signings), merge; a story whose events share few names (a new actor takes over the
    business) splits; a series of routine reports by the same actors (weekly figures) reads as
    one story.
    """
    known = existing or Assignments()
    return place_stories(place_events(articles, known, config), known, config)


@dataclass(frozen=True, slots=True)
class Member:
    """What grouping keeps of an article besides its features (its row), for a story's title
    and order: a few hundred bytes, where the article as grouping reads it (grouping_view)
    takes 13 KB."""

    id: str
    published: dt.date | None
    duplicate_of: str | None
    headline: str | None  # features.headline: None when missing or only a URL
    # The first sentence (else the text's start), spaces collapsed; only without a headline,
    # the one case a title is made of it (a story's members are titled by headlines first).
    first_sentence: str | None

    @classmethod
    def of(cls, article: AnnotatedArticle) -> Member:
        title = headline(article)
        return cls(
            article.id,
            article.article.published,
            article.article.duplicate_of,
            title,
            None if title else _first_sentence(article),
        )


@dataclass(frozen=True)
class EventPlacement:
    """The first level: every article's event, with what the second level needs."""

    by_id: Mapping[str, Member]
    roots: Mapping[str, str]  # article id -> the original it copies (itself if none)
    index: Mapping[str, int]  # original's id -> its row in `features`
    features: ArticleFeatures
    event_members: Mapping[str, Sequence[str]]  # event id -> its article ids


def place_events(
    articles: Iterable[AnnotatedArticle], known: Assignments, config: GroupingConfig
) -> EventPlacement:
    """Articles into events (the first half of group_stories)."""
    rows = FeatureRows(config.features)
    row_of: dict[str, int] = {}
    arrived: dict[str, Member] = {}
    for article in articles:
        # The same id twice: the last one stands, as in a mapping built from the articles.
        row_of[article.id] = len(rows)
        arrived[article.id] = Member.of(article)
        rows.add(article)
    by_id = {article_id: arrived[article_id] for article_id in sorted(arrived)}
    del arrived
    roots = {article_id: _root(article_id, by_id) for article_id in by_id}
    nodes = [a for a in by_id if roots[a] == a]
    index = {a: i for i, a in enumerate(nodes)}
    features = rows.build(np.array([row_of[a] for a in nodes], dtype=np.int64))
    del rows, row_of
    event_members = _group_events(by_id, roots, index, features, known, config.events)
    return EventPlacement(by_id, roots, index, features, event_members)


def place_stories(
    placement: EventPlacement, known: Assignments, config: GroupingConfig
) -> list[Story]:
    """Events into stories (the second half of group_stories)."""
    by_id, members = placement.by_id, placement.event_members
    founders = {e: _founder([by_id[a] for a in ids]) for e, ids in members.items()}
    # In founder order: a group of events is founded by its first event's founder.
    event_ids = sorted(members, key=lambda e: _founder_key(founders[e]))
    story_members = _group_events_into_stories(
        [(e, founders[e].id) for e in event_ids],
        members,
        placement.roots,
        placement.index,
        placement.features,
        known,
        config,
    )
    return _stories(by_id, placement.index, placement.features, members, story_members, config)


def _group_events(
    by_id: Mapping[str, Member],
    roots: Mapping[str, str],
    index: Mapping[str, int],
    features: ArticleFeatures,
    known: Assignments,
    config: LevelConfig,
) -> dict[str, list[str]]:
    """Event id -> its article ids."""
    fixed: dict[str, list[int]] = defaultdict(list)
    for article_id, i in index.items():
        event = known.event_of.get(article_id)
        if event is not None:
            fixed[event].append(i)
    new = np.array([i for a, i in index.items() if a not in known.event_of], dtype=np.int64)
    event_of_node: dict[int, str] = {}
    nodes = list(index)
    for group, event in agglomerate(features, new, fixed, config):
        if event is None:
            event = event_id_for(_founder([by_id[nodes[i]] for i in group]).id)
        for i in group:
            event_of_node[i] = event
    members: dict[str, list[str]] = defaultdict(list)
    for article_id in by_id:
        event = known.event_of.get(article_id)
        if event is None:  # a copy follows its original
            event = event_of_node[index[roots[article_id]]]
        members[event].append(article_id)
    return dict(members)


def _group_events_into_stories(
    events: Sequence[tuple[str, str]],
    event_members: Mapping[str, Sequence[str]],
    roots: Mapping[str, str],
    index: Mapping[str, int],
    features: ArticleFeatures,
    known: Assignments,
    config: GroupingConfig,
) -> dict[str, list[str]]:
    """Story id -> its event ids. `events`: (event id, founding article id), in founder order."""
    event_ids = [event for event, _ in events]
    groups = [np.unique([index[roots[a]] for a in event_members[event]]) for event in event_ids]
    pooled = pool_features(features, groups, config.features)
    fixed: dict[str, list[int]] = defaultdict(list)
    new = []
    for position, event in enumerate(event_ids):
        story = known.story_of.get(event)
        if story is not None and any(a in known.event_of for a in event_members[event]):
            fixed[story].append(position)
        else:
            new.append(position)
    story_of_event: dict[int, str] = {}
    for group, story in agglomerate(pooled, np.array(new, dtype=np.int64), fixed, config.stories):
        if story is None:
            story = story_id_for(events[min(group)][1])
        for position in group:
            story_of_event[position] = story
    members: dict[str, list[str]] = defaultdict(list)
    for position, event in enumerate(event_ids):
        members[story_of_event[position]].append(event)
    return dict(members)


def _stories(
    by_id: Mapping[str, Member],
    index: Mapping[str, int],
    features: ArticleFeatures,
    event_members: Mapping[str, Sequence[str]],
    story_members: Mapping[str, Sequence[str]],
    config: GroupingConfig,
) -> list[Story]:
    node_events = {index[a]: e for e, ids in event_members.items() for a in ids if a in index}
    event_story = {e: s for s, events in story_members.items() for e in events}
    event_centrality = _centrality(features, node_events, config.events.neighbours)
    story_centrality = _centrality(
        features, {i: event_story[e] for i, e in node_events.items()}, config.events.neighbours
    )
    stories = []
    for story, events in story_members.items():
        built = []
        for event in events:
            members = [by_id[a] for a in event_members[event]]
            dates = [m.published for m in members if m.published]
            built.append(
                Event(
                    id=event,
                    title=story_title(members, event_centrality, index),
                    article_ids=_by_time(members),
                    start=min(dates) if dates else None,
                    end=max(dates) if dates else None,
                )
            )
        members = [by_id[a] for e in built for a in e.article_ids]
        stories.append(
            Story(
                story,
                story_title(members, story_centrality, index),
                _by_time(members),
                tuple(built),
            )
        )
    return stories


def _root(article_id: str, by_id: Mapping[str, Member]) -> str:
    """The original a (chain of) duplicate(s) goes back to, among the given articles."""
    seen = {article_id}
    current = article_id
    while True:
        original = by_id[current].duplicate_of
        if original is None or original not in by_id or original in seen:
            return current
        seen.add(original)
        current = original


def _founder_key(member: Member) -> tuple[dt.date, str]:
    return (member.published or dt.date.max, member.id)


def _founder(members: Sequence[Member]) -> Member:
    return min(members, key=_founder_key)


def _by_time(members: Sequence[Member]) -> tuple[str, ...]:
    """Articles by publication date, undated ones last; on the same day an original comes
    before its copies, then ids decide."""

    def key(member: Member) -> tuple[dt.date, bool, str]:
        published, article_id = _founder_key(member)
        return (published, member.duplicate_of is not None, article_id)

    return tuple(m.id for m in sorted(members, key=key))


def story_title(members: Sequence[Member], centrality: np.ndarray, index: Mapping[str, int]) -> str:
    """The headline of the article closest to the story's centre, else that article's first
    sentence. Known failure case: of two equally central articles the earlier one gives the
    title, which may be the vaguer headline."""
    ranked = sorted(
        (m for m in members if m.id in index),
        key=lambda m: (-round(float(centrality[index[m.id]]), 6), _founder_key(m)),
    )
    for member in ranked:
        if member.headline:
            return member.headline[:TITLE_CHARS]
    # Every member of `ranked` lacks a headline here, so it kept its first sentence; `ranked`
    # is empty only for a story of copies alone, which grouping never makes.
    fallback = ranked[0] if ranked else _founder(members)
    return fallback.first_sentence or (fallback.headline or "")[:TITLE_CHARS]


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
    # Articles a slice at a time: each article's copy of its story's centre, all at once,
    # would take gigabytes at a million articles.
    slices = [
        slice(start, start + _CENTRALITY_SLICE) for start in range(0, count, _CENTRALITY_SLICE)
    ]
    for matrix, weight in (
        (features.terms, config.term_weight),
        (features.entities, config.entity_weight),
    ):
        if weight and matrix.shape[1] and count:
            centres = (membership @ matrix).tocsr()
            for part in slices:
                dots = matrix[part].multiply(centres[node_label[part]]).sum(axis=1)
                score[part] += weight * np.asarray(dots, dtype=np.float32).ravel()
    if config.vector_weight and features.vectors.shape[1] and count:
        centres = membership @ features.vectors
        for part in slices:
            dots = np.einsum("ij,ij->i", features.vectors[part], centres[node_label[part]])
            score[part] += config.vector_weight * dots
    return score


_CENTRALITY_SLICE = 16384


def _first_sentence(article: AnnotatedArticle) -> str:
    text = article.article.text
    if article.sentences:
        first = article.sentences[0]
        text = text[first.start : first.end]
    # Spaces collapse in a prefix long enough for a title, not in all of a long article: the
    # collapsed prefix is always the start of the collapsed whole.
    length = 4 * TITLE_CHARS
    while True:
        collapsed = " ".join(text[:length].split())
        if len(collapsed) >= TITLE_CHARS or length >= len(text):
            return collapsed[:TITLE_CHARS]
        length *= 2
