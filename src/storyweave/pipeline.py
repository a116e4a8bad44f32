"""The library's front door: ingest, annotate, group and brief, over a store.

The CLI (and later the web API) only parse arguments and call these functions; everything they
show comes from here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from storyweave.analyse.brief import build_brief, order_briefs
from storyweave.execute.local import Resources, RunConfig, annotate_articles
from storyweave.ingest.loader import IngestReport, LoadConfig, load_articles
from storyweave.ingest.reader import IngestConfig, read_inputs
from storyweave.model import AnnotatedArticle, Article, Brief, IngestProblem, Skipped, Story
from storyweave.nlp.embeddings import EmbeddingConfig, load_embedder
from storyweave.nlp.pipeline import PipelineConfig, load_pipeline
from storyweave.store import Store
from storyweave.stories.grouping import GroupingConfig, group_stories


@dataclass(frozen=True)
class Settings:
    """Every tunable of a run, in one frozen value."""

    ingest: IngestConfig = IngestConfig()
    load: LoadConfig = LoadConfig()
    run: RunConfig = RunConfig()
    grouping: GroupingConfig = GroupingConfig()
    pipeline: PipelineConfig = PipelineConfig()
    embedding: EmbeddingConfig = EmbeddingConfig()


@dataclass
class Analysis:
    """Annotated articles of a store (or a part of it) and the articles that were skipped."""

    annotated: dict[str, AnnotatedArticle] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


def ingest(
    store: Store,
    inputs: Sequence[str],
    settings: Settings = Settings(),
    stdin: BinaryIO | None = None,
    on_item: Callable[[Article | IngestProblem], None] | None = None,
) -> IngestReport:
    """Read inputs into the store; bad inputs become problems in the report, never exceptions."""
    items = read_inputs(inputs, settings.ingest, stdin=stdin)
    return load_articles(store, items, settings.load, on_item=on_item)


def load_resources(settings: Settings = Settings()) -> Resources:
    """The spaCy pipeline and the embedding model, loaded once for the whole run."""
    return Resources(
        nlp=load_pipeline(settings.pipeline), embedder=load_embedder(settings.embedding)
    )


def annotate(
    store: Store,
    resources: Resources,
    ids: Sequence[str] | None = None,
    settings: Settings = Settings(),
    on_done: Callable[[int], None] | None = None,
) -> Analysis:
    """Article-level annotations for `ids` (all stored articles when None), cached in the store."""
    articles = store.articles(ids)
    annotated, skipped = annotate_articles(store, articles, resources, settings.run, on_done)
    return Analysis({a.id: a for a in annotated}, skipped)


def update_stories(
    store: Store, analysis: Analysis, rebuild: bool = False, settings: Settings = Settings()
) -> list[Story]:
    """Place ungrouped articles in stories (all of them again with `rebuild`) and save."""
    existing = {} if rebuild else store.story_assignments()
    stories = group_stories(list(analysis.annotated.values()), existing, settings.grouping)
    store.save_stories(stories, replace_all=rebuild)
    return stories


def stories_covering(stories: Sequence[Story], ids: Sequence[str] | None) -> list[Story]:
    """The stories that contain any of `ids` (all stories when None)."""
    if ids is None:
        return list(stories)
    wanted = set(ids)
    return [s for s in stories if wanted.intersection(s.article_ids)]


def briefs(stories: Sequence[Story], analysis: Analysis) -> list[Brief]:
    """One brief per story, multi-source stories first."""
    return order_briefs([build_brief(s, analysis.annotated) for s in stories])
