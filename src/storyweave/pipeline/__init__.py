"""The library's front door: one `Workspace(store, settings)` whose methods are the commands.

The CLI and the web API only parse input, call these methods and render what they return; every
run policy (what a command covers, which stories, what is saved) lives here, once.

    ws = storyweave.open("news.db")
    ws.ingest(["feeds/", "dump.jsonl"])
    for brief in ws.briefs().briefs:
        print(brief.story.title)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from storyweave.analyse.brief import story_rank
from storyweave.analyse.changes import ChangesConfig
from storyweave.analyse.llm_summary import LLMSummaryConfig, rewrite_summary
from storyweave.analyse.stages import StoryStageSettings
from storyweave.analyse.summary import encoder
from storyweave.annotate import ArticleStageSettings
from storyweave.errors import ConfigError, StoreError
from storyweave.execute.executor import ExecutorConfig, make_runner
from storyweave.execute.local import (
    ArticleAnnotations,
    Resources,
    RunConfig,
    StageRunner,
    annotate_articles,
)
from storyweave.execute.stories import StoryRunConfig, brief_stories
from storyweave.fetch.config import WatchConfig
from storyweave.ingest.loader import IngestReport, LoadConfig, load_articles
from storyweave.ingest.reader import IngestConfig, read_inputs
from storyweave.llm import ChatClient, ChatConfig, LLMError
from storyweave.model import (
    AnnotatedArticle,
    Article,
    Brief,
    IngestProblem,
    Skipped,
    StageFailure,
    Story,
    format_date,
)
from storyweave.model.check import CheckClaim, CheckResult
from storyweave.model.listing import StoryOverview, StoryPage, StoryQuery
from storyweave.nlp.embeddings import EmbeddingConfig, load_embedder
from storyweave.nlp.pipeline import PipelineConfig, load_pipeline
from storyweave.pipeline.history import changes_since, parse_since, record_briefs
from storyweave.pipeline.listing import cached_story_results, newest_first, overview
from storyweave.store import Store, open_store
from storyweave.stories.features import grouping_view
from storyweave.stories.grouping import GroupingConfig, group_stories

log = logging.getLogger("storyweave")

# The store every command uses when given no --db (and no INPUT to read one-shot).
DEFAULT_STORE = "storyweave.db"
STORE_VARIABLE = "STORYWEAVE_DB"


@dataclass(frozen=True)
class Settings:
    """Every tunable of a run, in one frozen value; stage configs by stage name."""

    ingest: IngestConfig = IngestConfig()
    load: LoadConfig = LoadConfig()
    run: RunConfig = RunConfig()
    # Where the article stages run: here, or on a Ray cluster.
    executor: ExecutorConfig = ExecutorConfig()
    grouping: GroupingConfig = GroupingConfig()
    pipeline: PipelineConfig = PipelineConfig()
    embedding: EmbeddingConfig = EmbeddingConfig()
    article: ArticleStageSettings = ArticleStageSettings()
    story: StoryStageSettings = StoryStageSettings()
    llm: LLMSummaryConfig = LLMSummaryConfig()
    changes: ChangesConfig = ChangesConfig()
    # The watch's fetcher and feed rules; its ingest config is `ingest` above.
    watch: WatchConfig = WatchConfig()


class Progress(Protocol):
    """How a long step reports itself (the CLI draws a bar or prints a line per step)."""

    def start(self, step: str, total: int | None = None) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def finish(self) -> None: ...


class _Silent:
    def start(self, step: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass
class Annotations:
    """Annotated articles by id, the articles that could not be analysed at all, and the
    article stages that failed."""

    annotated: dict[str, AnnotatedArticle] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    failures: list[StageFailure] = field(default_factory=list)

    def in_order(self, ids: Sequence[str]) -> list[AnnotatedArticle]:
        return [self.annotated[i] for i in ids if i in self.annotated]


@dataclass
class BriefRun:
    """The briefs of a run, with what went wrong on the way (each also named in its brief)."""

    briefs: list[Brief] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    failures: list[StageFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WatchCycle:
    """One cycle of `Workspace.watch`: what was fetched, what was stored, what it changed."""

    fetched: Any  # storyweave.fetch.watch.CycleReport
    stored: IngestReport
    new_events: int
    stories_changed: int
    run: BriefRun

    def line(self) -> str:
        """ "3 new articles, 1 new event, 2 stories changed (7 requests, 2 not modified)"."""
        new = len(self.stored.added)
        return (
            f"{new} new article{'' if new == 1 else 's'}, {self.new_events} new "
            f"event{'' if self.new_events == 1 else 's'}, {self.stories_changed} "
            f"stor{'y' if self.stories_changed == 1 else 'ies'} changed, "
            f"{len(self.stored.problems)} skipped ({self.fetched.requests} requests, "
            f"{self.fetched.not_modified} not modified)"
        )


def default_store() -> str:
    return os.environ.get(STORE_VARIABLE) or DEFAULT_STORE


def open_workspace(
    location: str | None, settings: Settings | None = None, create: bool = True
) -> Workspace:
    """A workspace over the store at `location` (a file path or a postgresql:// URL; None: a
    throw-away memory store). With `create=False` a store file that does not exist is an
    error instead of a new empty store: a reading command given a mistyped path must say so,
    not report an empty collection."""
    if location and not create and "://" not in location and not Path(location).exists():
        raise StoreError(
            f"no store at {location}: ingest articles into it first "
            f"(storyweave ingest FILE... --db {location}), or give the right --db"
        )
    return Workspace(open_store(location), settings or Settings())


class Workspace:
    """Ingest, annotate, group and brief over one store; every command is one method.

    Models load on first use: a run whose articles and stories are all cached loads no spaCy
    pipeline.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        resources: Resources | None = None,
        runner: StageRunner | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.resources = resources or Resources(
            load_nlp=lambda: load_pipeline(self.settings.pipeline),
            load_embedder=lambda: load_embedder(self.settings.embedding),
        )
        # A runner given here is the caller's (to share one cluster between workspaces) and
        # the caller closes it; one made here is made now, so a missing Ray is said before any
        # work, while its cluster starts on first use.
        self._own_runner = runner is None
        self._runner = runner or make_runner(self.settings.executor, self.settings.pipeline)

    def close(self) -> None:
        try:
            close_runner = getattr(self._runner, "close", None)
            if self._own_runner and close_runner is not None:
                close_runner()
        finally:
            self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest and articles --------------------------------------------------------------

    def ingest(
        self,
        inputs: Sequence[str],
        stdin: BinaryIO | None = None,
        on_item: Callable[[Article | IngestProblem], None] | None = None,
    ) -> IngestReport:
        """Read inputs into the store; bad inputs become problems in the report, never
        exceptions. Re-ingesting the same input changes nothing."""
        items = read_inputs(inputs, self.settings.ingest, stdin=stdin)
        return load_articles(self.store, items, self.settings.load, on_item=on_item)

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Stored articles (all of them when `ids` is None), in ingest order."""
        return self.store.articles(ids)

    def iter_articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        """Like `articles`, read in batches: memory stays flat however big the store."""
        if ids is not None:
            for start in range(0, len(ids), 500):
                yield from self.store.articles(ids[start : start + 500])
            return
        yield from self.store.iter_articles()

    def remove(self, ids: Sequence[str]) -> list[str]:
        """Remove articles with everything derived from them; returns the ids that existed.
        Their stories are regrouped and re-briefed on the next run."""
        return self.store.remove_articles(ids)

    # -- annotation, grouping, briefs -----------------------------------------------------

    def annotations(
        self, ids: Sequence[str] | None = None, progress: Progress | None = None
    ) -> Annotations:
        """Article-level annotations for `ids` (every stored article when None), cached in
        the store."""
        progress = progress or _Silent()
        articles = self.store.articles(ids)
        progress.start("annotating articles", len(articles))
        config = dataclasses.replace(self.settings.run, settings=self.settings.article)
        found: ArticleAnnotations = annotate_articles(
            self.store, articles, self.resources, config, progress.advance, self._runner
        )
        progress.finish()
        return Annotations(
            {a.id: a for a in found.annotated}, list(found.skipped), list(found.failures)
        )

    def _grouping_annotations(self, progress: Progress) -> Annotations:
        """Every stored article's annotations as far as grouping reads them (stories/
        features.py `grouping_view`), made or read from the cache `articles_per_batch` at a
        time: memory follows that view of each article, not its full annotations (a fifth)."""
        ids = self.store.article_ids()
        step = max(1, self.settings.run.articles_per_batch)
        config = dataclasses.replace(self.settings.run, settings=self.settings.article)
        found = Annotations()
        progress.start("annotating articles", len(ids))
        for start in range(0, len(ids), step):
            made = annotate_articles(
                self.store,
                self.store.articles(ids[start : start + step]),
                self.resources,
                config,
                on_done=progress.advance,
                runner=self._runner,
            )
            for annotated in made.annotated:
                found.annotated[annotated.id] = grouping_view(
                    annotated, self.settings.grouping.features
                )
            found.skipped += made.skipped
            found.failures += made.failures
        progress.finish()
        return found

    def stories(
        self,
        ids: Sequence[str] | None = None,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> list[Story]:
        """The grouping alone: stories with their events, covering `ids` (all when None),
        multi-source stories first. New articles join the events and stories they belong to;
        `rebuild` regroups everything."""
        progress = progress or _Silent()
        annotations = self._grouping_annotations(progress)
        copies = {i for i, a in annotations.annotated.items() if a.article.duplicate_of}
        return _ordered(self._group(annotations, rebuild, progress), ids, copies)

    def briefs(
        self,
        ids: Sequence[str] | None = None,
        story_ids: Sequence[str] = (),
        since: str | None = None,
        llm: ChatConfig | None = None,
        record: bool = True,
        progress: Progress | None = None,
    ) -> BriefRun:
        """One brief per story covering `ids` (all when None), or only `story_ids`; see
        `iter_briefs`."""
        run = BriefRun()
        run.briefs = list(self.iter_briefs(ids, story_ids, since, llm, record, progress, run))
        return run

    def iter_briefs(
        self,
        ids: Sequence[str] | None = None,
        story_ids: Sequence[str] = (),
        since: str | None = None,
        llm: ChatConfig | None = None,
        record: bool = True,
        progress: Progress | None = None,
        run: BriefRun | None = None,
    ) -> Iterator[Brief]:
        """The briefs of the stories covering `ids` (all when None), or only `story_ids`,
        multi-source stories first, made a few stories at a time: memory follows the largest
        story, not the store.

        Articles not yet grouped are annotated and placed first (a new article may join an old
        story, which is why that needs every article's annotations); when every article is
        placed, only the briefed stories' annotations are read. Stories whose content is
        unchanged are briefed from the cache. With `llm`, summaries are rewritten by that
        server and checked against their citations. With `record`, each brief is saved;
        `since` ("last" or a date) adds what changed against the story's brief saved before
        then. Skipped articles, stage failures and warnings go into `run`.
        """
        progress = progress or _Silent()
        run = run if run is not None else BriefRun()
        assigned = self.store.assignments().event_of
        regrouped = any(a not in assigned for a in self.store.article_ids())
        if regrouped:
            known = self._grouping_annotations(progress)
            self._group(known, False, progress)
            run.skipped += known.skipped
            run.failures += known.failures
            del known  # every article's grouping view: not kept while briefing
        stories = _ordered(self.store.stories(), ids, set(self.store.copies()))
        if story_ids:
            stories = _only_stories(stories, story_ids)
        progress.start("briefing stories", len(stories))
        config = self._story_run()
        for batch in _batches(stories, self.settings.run.stories_per_batch):
            members = [a for story in batch for a in story.article_ids]
            # Read from the cache when the grouping has just annotated them: it kept only what
            # grouping reads, and the whole store's full annotations would not fit.
            annotated = annotate_articles(
                self.store,
                self.store.articles(members),
                self.resources,
                dataclasses.replace(self.settings.run, settings=self.settings.article),
                runner=self._runner,
            )
            if not regrouped:  # else reported with the grouping's annotations already
                run.skipped += annotated.skipped
                run.failures += annotated.failures
            by_id = {a.id: a for a in annotated.annotated}
            briefs = brief_stories(
                batch, by_id, self.store, self.resources, config, progress.advance
            )
            run.failures += [f for b in briefs for f in b.failures if f.level == "story"]
            if llm is not None:
                briefs = self._write_summaries(briefs, llm, run.warnings)
            if record:
                briefs = self._record(briefs, since)
            yield from briefs
        progress.finish()

    def _story_run(self) -> StoryRunConfig:
        return StoryRunConfig(settings=self.settings.story, processes=self.settings.run.processes)

    def _group(self, annotations: Annotations, rebuild: bool, progress: Progress) -> list[Story]:
        progress.start("grouping into events and stories")
        existing = None if rebuild else self.store.assignments()
        # Nothing new to place: the stored grouping stands (and the features are not built).
        if existing is None or any(a not in existing.event_of for a in annotations.annotated):
            stories = group_stories(
                list(annotations.annotated.values()), existing, self.settings.grouping
            )
            self.store.save_stories(stories, replace_all=rebuild)
        progress.finish()
        # Every stored story: grouping returns those touching the given articles only.
        return self.store.stories()

    def watch(
        self,
        sources: Sequence[str],
        every: str = "15m",
        once: bool = False,
        allow_private: bool = False,
        on_cycle: Callable[[WatchCycle], None] | None = None,
        stop: Any = None,
    ) -> int:
        """Follow feed URLs, page URLs and folders: each cycle fetches what is new (politely,
        guarded: fetch/), stores it through the same ingest, regroups and briefs the stories
        it touched. What a cycle read is remembered in the store only after its articles are
        stored, so a killed watch re-reads, and loses nothing. Returns the cycles run."""
        from storyweave.fetch.state import StoreFetchState
        from storyweave.fetch.watch import parse_interval, parse_sources, run_watch

        parsed, interval = parse_sources(sources), parse_interval(every)
        watching = self.settings.watch
        config = dataclasses.replace(
            watching,
            ingest=self.settings.ingest,
            fetch=dataclasses.replace(watching.fetch, allow_private=allow_private),
        )

        def ingest(result: Any) -> None:
            before = set(self.store.assignments().story_of)
            stored = load_articles(self.store, result.items, self.settings.load)
            run = self.briefs(ids=stored.added) if stored.added else BriefRun()
            new_events = len(set(self.store.assignments().story_of) - before)
            cycle = WatchCycle(result.report, stored, new_events, len(run.briefs), run)
            if on_cycle:
                on_cycle(cycle)

        return run_watch(
            parsed,
            StoreFetchState(self.store),
            ingest,
            config,
            every_s=interval,
            once=once,
            stop=stop,
        )

    # -- checking claims -------------------------------------------------------------------

    def check(
        self,
        claims: Sequence[CheckClaim | str],
        article_ids: Sequence[str] | None = None,
        progress: Progress | None = None,
    ) -> CheckResult:
        """What each article does with each claim: supports, refutes, discusses or unrelated,
        with the sentences that show it (analyse/checks.py, the packaged stance model).

        Covers `article_ids` (every stored article when None), narrowed per claim by its own
        `articles`. Sentences come from the cached annotations: articles already annotated
        are not parsed again. A plain string is a claim with a generated id ("claim-1", ...).
        Articles that could not be annotated are left out and logged.
        """
        from storyweave.analyse.checks import check_claims
        from storyweave.nlp.stance_model import load_stance_model

        wanted = [
            c if isinstance(c, CheckClaim) else CheckClaim(f"claim-{n}", c)
            for n, c in enumerate(claims, start=1)
        ]
        ids = list(article_ids) if article_ids is not None else None
        if ids is None and wanted and all(c.articles is not None for c in wanted):
            ids = list(dict.fromkeys(a for c in wanted for a in c.articles or ()))
        found = self.annotations(ids, progress)
        for item in found.skipped:
            log.warning("check: skipped article %s: %s", item.article, item.reason)
        order = ids if ids is not None else self.store.article_ids()
        articles = found.in_order(order)
        checks = check_claims(wanted, articles, self.resources.embedder, load_stance_model())
        return CheckResult(tuple(checks))

    # -- summaries by LLM, saved briefs and what changed ----------------------------------

    def _write_summaries(
        self, briefs: Sequence[Brief], chat: ChatConfig, warnings: list[str]
    ) -> list[Brief]:
        """Each brief's summary rewritten by the LLM at `chat.url`, sentence by sentence
        checked against the spans it cites (analyse/llm_summary.py). When the endpoint fails,
        the rest keep their extractive summaries and a warning says why."""
        client = ChatClient(chat)
        encode = encoder(self.resources.embedder)
        written: list[Brief] = []
        for position, brief in enumerate(briefs):
            try:
                written.append(rewrite_summary(brief, client.complete, encode, self.settings.llm))
            except LLMError as exc:
                warnings.append(f"{exc}; keeping the extractive summaries")
                written += briefs[position:]
                break
        return written

    def _record(
        self, briefs: Sequence[Brief], since: str | None, now: dt.datetime | None = None
    ) -> list[Brief]:
        return record_briefs(self.store, briefs, since, now, self.settings.changes)

    # -- reading one thing at a time (the web UI): the stored grouping, cached results ----

    def story_overviews(self) -> list[StoryOverview]:
        """Every stored story as one line of a listing, newest first (by its latest dated
        article; undated stories last).

        Read from the stored grouping and the cached story-stage results, so nothing is
        annotated, grouped or briefed: entity names and the lead sentence come from the last
        brief made of the story (empty for a story never briefed, e.g. articles ingested but
        not yet grouped are in no story). Known failure case: it reads every grouped article's
        row, text included (the Store protocol has no metadata-only read).
        """
        stories = self.store.stories()
        ids = [s.id for s in stories]
        entities = cached_story_results(self.store, "entities", ids)
        summaries = cached_story_results(self.store, "summary", ids)
        members = [a for s in stories for a in s.article_ids]
        articles = {a.id: a for a in self.store.articles(members)}
        found = [
            overview(s, articles, entities.get(s.id, ()), summaries.get(s.id)) for s in stories
        ]
        return sorted(found, key=newest_first)

    def find_stories(self, query: StoryQuery) -> StoryPage:
        """One page of `story_overviews` narrowed by `query` (dates, source, entity, words)."""
        found = [o for o in self.story_overviews() if query.matches(o)]
        if query.text:
            hits = {a for a, _ in self.search(query.text, query.max_text_hits)}
            found = [o for o in found if hits.intersection(o.article_ids)]
        start = max(0, query.offset)
        return StoryPage(tuple(found[start : start + query.limit]), len(found), start, query.limit)

    def story_brief(self, story_id: str, since: str | None = None) -> Brief | None:
        """The brief of one stored story (None when there is no such story), briefing only
        that story: its articles' annotations and its stage results come from the cache.

        Unlike `briefs`, it does not group new articles first and saves nothing; `since`
        ("last" or a date) adds what changed against the brief saved before then, as
        `briefs(story_ids=[story_id], since=...)` would, without saving the new one.
        """
        story = next((s for s in self.store.stories() if s.id == story_id), None)
        if story is None:
            return None
        found = self.annotations(list(story.article_ids))
        config = self._story_run()
        brief = brief_stories([story], found.annotated, self.store, self.resources, config)[0]
        if since is not None:
            brief = dataclasses.replace(brief, changes=changes_since(self.store, brief, since))
        return brief

    def story_version(self, story_id: str) -> str | None:
        """A digest that changes whenever the story's brief may change (its events, its
        articles, their content); None when there is no such story. Cheap: no annotation
        is read, so a caller can keep rendered briefs keyed by it."""
        story = next((s for s in self.store.stories() if s.id == story_id), None)
        if story is None:
            return None
        parts = [story.id, story.title]
        parts += [f"{e.id}:{e.title}:{','.join(e.article_ids)}" for e in story.events]
        for article in self.store.articles(story.article_ids):
            # What a brief shows of an article; `duplicate_of` changes when an earlier copy
            # arrives, even one grouped into another story.
            fields = (article.text, article.source, article.title, article.url)
            parts.append(json.dumps([article.id, format_date(article.published), *fields]))
            parts.append(f"copy of {article.duplicate_of}")
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()

    def article(self, article_id: str) -> Article | None:
        """One stored article, or None."""
        found = self.store.articles([article_id])
        return found[0] if found else None

    def stories_of(self, article_id: str) -> list[Story]:
        """The stored stories an article is in (one, once grouped; none before)."""
        return [s for s in self.store.stories() if article_id in s.article_ids]

    def story_ids_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The stored story of each grouped article among `article_ids` (article id -> story
        id; ungrouped ones are left out)."""
        placed = self.store.assignments()
        found = {a: placed.story_of_article(a) for a in article_ids}
        return {a: s for a, s in found.items() if s is not None}

    def search(self, query: str, limit: int, offset: int = 0) -> list[tuple[str, float]]:
        """(article id, rank) of the articles whose title or text contain every word of
        `query`, best first: the store's full-text index (`Store.search_articles`)."""
        return list(self.store.search_articles(query, limit, offset))


def _batches(stories: Sequence[Story], size: int) -> Iterator[list[Story]]:
    for start in range(0, len(stories), size):
        yield list(stories[start : start + size])


def _ordered(stories: Sequence[Story], ids: Sequence[str] | None, copies: set[str]) -> list[Story]:
    """The stories that contain any of `ids` (all when None), multi-source first (`copies`:
    the ids of articles that copy another)."""
    if ids is not None:
        wanted = set(ids)
        stories = [s for s in stories if wanted.intersection(s.article_ids)]

    def rank(story: Story) -> tuple[bool, int, int, str]:
        originals = sum(1 for a in story.article_ids if a not in copies)
        return story_rank(story.id, originals, len(story.article_ids))

    return sorted(stories, key=rank)


def _only_stories(stories: Sequence[Story], story_ids: Sequence[str]) -> list[Story]:
    known = {s.id for s in stories}
    missing = [s for s in story_ids if s not in known]
    if missing:
        listed = ", ".join(sorted(known)) or "none"
        raise ConfigError(f"no story {', '.join(missing)} in this scope; stories: {listed}")
    wanted = set(story_ids)
    return [s for s in stories if s.id in wanted]


__all__ = [
    "DEFAULT_STORE",
    "STORE_VARIABLE",
    "Annotations",
    "BriefRun",
    "CheckClaim",
    "CheckResult",
    "Progress",
    "ExecutorConfig",
    "Settings",
    "StoryOverview",
    "StoryPage",
    "StoryQuery",
    "WatchCycle",
    "Workspace",
    "changes_since",
    "default_store",
    "open_workspace",
    "parse_since",
    "record_briefs",
]
