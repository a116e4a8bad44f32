"""The library's front door: ingest, annotate, group and brief, over a store.

The CLI (and later the web API) only parse arguments and call these functions; everything they
show comes from here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from storyweave.analyse.brief import build_brief, order_briefs
from storyweave.analyse.changes import diff_briefs
from storyweave.analyse.llm_summary import rewrite_summary
from storyweave.analyse.summary import encoder
from storyweave.errors import ConfigError
from storyweave.execute.local import Resources, RunConfig, annotate_articles, map_in_workers
from storyweave.ingest.loader import IngestReport, LoadConfig, load_articles
from storyweave.ingest.reader import IngestConfig, read_inputs
from storyweave.llm import ChatClient, ChatConfig, LLMError
from storyweave.model import AnnotatedArticle, Article, Brief, IngestProblem, Skipped, Story
from storyweave.nlp.embeddings import Embedder, EmbeddingConfig, load_embedder
from storyweave.nlp.pipeline import PipelineConfig, load_pipeline
from storyweave.store import Store
from storyweave.stories.grouping import GroupingConfig, group_stories

log = logging.getLogger("storyweave")


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
    # The runner's embedder, for story-level analysis (claim alignment); None: lexical only.
    embedder: Embedder | None = None


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
    return Analysis({a.id: a for a in annotated}, skipped, resources.embedder)


def update_stories(
    store: Store, analysis: Analysis, rebuild: bool = False, settings: Settings = Settings()
) -> list[Story]:
    """Place ungrouped articles in stories (all of them again with `rebuild`) and save."""
    existing = None if rebuild else store.assignments()
    stories = group_stories(list(analysis.annotated.values()), existing, settings.grouping)
    store.save_stories(stories, replace_all=rebuild)
    return stories


def stories_covering(stories: Sequence[Story], ids: Sequence[str] | None) -> list[Story]:
    """The stories that contain any of `ids` (all stories when None)."""
    if ids is None:
        return list(stories)
    wanted = set(ids)
    return [s for s in stories if wanted.intersection(s.article_ids)]


def briefs(stories: Sequence[Story], analysis: Analysis, processes: int = 0) -> list[Brief]:
    """One brief per story, multi-source stories first.

    Stories are independent, so with many articles they are briefed in forked worker processes
    (`processes`; 0 = as many as the runner would use for that many articles); the result is
    the same as briefing them one by one here."""
    articles = sum(len(s.article_ids) for s in stories)
    workers = processes or RunConfig().processes_for(articles)

    def brief(story: Story) -> Brief:
        return build_brief(story, analysis.annotated, embedder=analysis.embedder)

    return order_briefs(
        map_in_workers(brief, list(stories), workers, weight=lambda s: len(s.article_ids))
    )


# -- summaries by LLM, saved briefs and what changed (issue 7) ----------------------------


def write_summaries(briefs: Sequence[Brief], chat: ChatConfig, analysis: Analysis) -> list[Brief]:
    """Each brief's summary rewritten by the LLM at `chat.url`, sentence by sentence checked
    against the spans it cites (analyse/llm_summary.py). When the endpoint fails, the rest keep
    their extractive summaries and a warning says why: the brief is still worth having."""
    client = ChatClient(chat)
    encode = encoder(analysis.embedder)
    written: list[Brief] = []
    for position, brief in enumerate(briefs):
        try:
            written.append(rewrite_summary(brief, client.complete, encode))
        except LLMError as exc:
            log.warning("%s; keeping the extractive summaries", exc)
            written += briefs[position:]
            break
    return written


def parse_since(value: str) -> str | None:
    """`--since` as a store timestamp bound: None for "last" (the latest saved brief), else the
    given date (YYYY-MM-DD, UTC day start) or ISO timestamp, normalised to UTC."""
    if value.strip().lower() == "last":
        return None
    try:
        if len(value.strip()) == 10:
            return dt.date.fromisoformat(value.strip()).isoformat()
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ConfigError(
            f"cannot read --since {value!r}: give 'last', a date (2026-03-14) or an ISO "
            "timestamp (2026-03-14T09:30)"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def record_briefs(
    store: Store, briefs: Sequence[Brief], since: str | None = None, now: dt.datetime | None = None
) -> list[Brief]:
    """Save each brief in the store (an unchanged one is not saved twice). With `since` ("last"
    or a date), each brief first gets `changes`: what is new against the last brief of its story
    saved before that point."""
    created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    bound = parse_since(since) if since is not None else None
    recorded = []
    for brief in briefs:
        if since is not None:
            saved = store.latest_brief(brief.story.id, before=bound)
            changes = diff_briefs(
                saved.document() if saved else None,
                brief.to_json(),
                since=_readable_time(saved.created) if saved else None,
            )
            brief = dataclasses.replace(brief, extra={**brief.extra, "changes": changes.to_json()})
        body = {k: v for k, v in brief.to_json().items() if k != "changes"}
        store.save_brief(brief.story.id, json.dumps(body, ensure_ascii=False), created)
        recorded.append(brief)
    return recorded


def _readable_time(created: str) -> str:
    return created[:16].replace("T", " ") + " UTC" if "T" in created else created
