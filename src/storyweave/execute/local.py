"""The local executor: runs article-level stages over many articles on this machine.

It owns what stages must not: loading models once, batching, the cache in the store, and
turning one article's failure into a `Skipped` value instead of aborting the run.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from storyweave.annotate import ARTICLE_STAGES, ArticleStage, ArticleStageSettings
from storyweave.execute.articles import (
    Parsed,
    StageOutput,
    chunks_longest_first,
    decode_parse,
    one_blas_thread,
    parse_and_run,
    shift_offsets,
    split_pieces,
)
from storyweave.execute.keys import config_digest
from storyweave.model import AnnotatedArticle, Article, Skipped, StageFailure
from storyweave.nlp.embeddings import Embedder
from storyweave.store.base import Store

if TYPE_CHECKING:  # spaCy loads in a second; a run that parses nothing never imports it
    from spacy.language import Language

log = logging.getLogger("storyweave")

# Re-exported: part of this module's interface before the shared code moved to articles.py.
__all__ = ["shift_offsets", "split_pieces"]

T = TypeVar("T")
R = TypeVar("R")

# Bump when sentences/entities output changes, so cached annotations are recomputed.
PARSE_STAGE = ("parse", 2)
VECTOR_STAGE = ("vector", 1)
# Headline and lead carry the event; the tail of long articles drifts into background.
VECTOR_TEXT_CHARS = 2000


class Resources:
    """The spaCy pipeline and the embedding model: heavy, shared, loaded once per process and
    only when first needed (a re-brief from the cache parses nothing and loads no pipeline).
    Forked workers inherit whatever the parent loaded."""

    def __init__(
        self,
        load_nlp: Callable[[], Language] | None = None,
        load_embedder: Callable[[], Embedder] | None = None,
        nlp: Language | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self._load_nlp = load_nlp
        self._load_embedder = load_embedder
        self._nlp = nlp
        self._embedder = embedder

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            assert self._load_nlp is not None, "no pipeline given and none to load"
            self._nlp = self._load_nlp()
        return self._nlp

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            assert self._load_embedder is not None, "no embedder given and none to load"
            self._embedder = self._load_embedder()
        return self._embedder


@dataclass(frozen=True)
class RunConfig:
    batch_size: int = 64
    # Worker processes for parsing and article stages; 0 = one per core (at most 4) when there
    # are at least `min_articles_per_process` articles each, else the calling process alone.
    # Forking a worker with the loaded pipeline costs tens of milliseconds, parsing one article
    # about a tenth of a second: a few articles a worker already pay for it.
    processes: int = 0
    min_articles_per_process: int = 4
    stages: tuple[ArticleStage, ...] = ARTICLE_STAGES
    settings: ArticleStageSettings = ArticleStageSettings()
    # Longer texts are parsed in paragraph-aligned pieces of at most this many characters:
    # spaCy refuses more than 1M characters at once, and memory grows with the piece.
    chunk_chars: int = 100_000
    # Stories briefed together (their annotations in memory at once); bounds memory on a big
    # store while keeping enough stories per batch for the worker processes.
    stories_per_batch: int = 200
    # Articles annotated together when grouping needs every stored article: their full
    # annotations are in memory at once, then only what grouping reads is kept of them.
    articles_per_batch: int = 2000

    def processes_for(self, articles: int) -> int:
        if self.processes:
            return self.processes
        wanted = min(os.cpu_count() or 1, 4, articles // self.min_articles_per_process)
        # Workers are forked with the loaded pipeline; without fork, stay in this process.
        if "fork" not in multiprocessing.get_all_start_methods():
            return 1
        return max(1, wanted)

    def signature(self) -> str:
        """Every stage's name, version and config: part of each article's cache key."""
        return ",".join(
            f"{s.name}:{s.version}:{config_digest(self.settings.config_for(s))}"
            for s in self.stages
        )


class StageRunner(Protocol):
    """Parses uncached articles and runs every article stage on them: here (`run_stages`) or
    on a Ray cluster (`storyweave.execute.ray`). (article, cache key) in, `StageOutput` out, in
    any order; the store is written by the caller alone."""

    def __call__(
        self, todo: Sequence[tuple[Article, str]], resources: Resources, config: RunConfig
    ) -> Iterator[StageOutput]: ...


@dataclass
class ArticleAnnotations:
    """The annotated articles of a run, the articles that could not be parsed at all, and
    the article stages that failed (their articles stay, without that stage's output)."""

    annotated: list[AnnotatedArticle] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    failures: list[StageFailure] = field(default_factory=list)


def annotate_articles(
    store: Store,
    articles: Sequence[Article],
    resources: Resources,
    config: RunConfig = RunConfig(),
    on_done: Callable[[int], None] | None = None,
    runner: StageRunner | None = None,
) -> ArticleAnnotations:
    """Annotations for every article, reusing the store's cache.

    A stage that raises on an article becomes a `StageFailure` and is cached with the other
    stages' results, so the next run reports it again without re-parsing the article only to
    fail again; a parse that fails makes the article `Skipped` (not cached: a later version
    may parse it). `runner` parses the uncached articles (default: `run_stages`, here).
    """
    parsed, skipped = _parse_annotations(
        store, articles, resources, config, on_done, runner or run_stages
    )
    vectors = _vectors(store, [a for a in articles if a.id in parsed], resources)
    result = ArticleAnnotations(skipped=skipped)
    for article in articles:
        if article.id not in parsed:
            continue
        outputs, failures, key = parsed[article.id]
        result.annotated.append(
            AnnotatedArticle(
                article=article,
                vector=vectors.get(article.id),
                cache_key=key,
                failures=failures,
                **outputs,
            )
        )
        result.failures += failures
    return result


def _cache_key(stage: tuple[str, int], article: Article, extra: str = "") -> str:
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:32]
    return f"{stage[0]}/{stage[1]}/{extra}/{digest}"


def _parse_annotations(
    store: Store,
    articles: Sequence[Article],
    resources: Resources,
    config: RunConfig,
    on_done: Callable[[int], None] | None,
    runner: StageRunner,
) -> tuple[dict[str, Parsed], list[Skipped]]:
    """Parse each uncached article once and run every article stage on the parse."""
    stages = config.stages
    signature = hashlib.sha256(config.signature().encode("utf-8")).hexdigest()[:16]
    cached = store.annotations(PARSE_STAGE[0], [a.id for a in articles])
    results: dict[str, Parsed] = {}
    todo = []
    for article in articles:
        # The publication date is an input too: relative dates resolve against it.
        key = _cache_key(PARSE_STAGE, article, f"{signature}|{article.published}")
        hit = cached.get(article.id)
        if hit and hit[0] == key:
            results[article.id] = (*decode_parse(article.id, hit[1], stages), key)
        else:
            todo.append((article, key))
    if on_done and results:
        on_done(len(results))

    skipped: list[Skipped] = []
    pending: list[tuple[str, str, bytes]] = []
    for article_id, key, payload in runner(todo, resources, config):
        if isinstance(payload, str):
            skipped.append(Skipped(article_id, payload))
            continue
        results[article_id] = (*decode_parse(article_id, payload, stages), key)
        pending.append((article_id, key, payload))
        if len(pending) >= 100:
            store.put_annotations(PARSE_STAGE[0], pending)
            pending = []
        if on_done:
            on_done(1)
    if pending:
        store.put_annotations(PARSE_STAGE[0], pending)
    return results, skipped


# Set in each forked worker by _start_worker: the pipeline and stages inherited from the parent.
_worker_state: tuple[Language, RunConfig] | None = None


def run_stages(
    todo: Sequence[tuple[Article, str]], resources: Resources, config: RunConfig
) -> Iterator[StageOutput]:
    """Parse and run the article stages, in worker processes when the input is large enough.

    Workers are forked, so they share the already loaded pipeline instead of loading their own,
    and run the stages too: with the parse alone in workers, the stages would serialise in
    this process. Workers take the longest articles first (`chunks_longest_first`); an
    article's result does not depend on the order, so runs stay deterministic.
    """
    if not todo:
        return
    nlp = resources.nlp
    processes = config.processes_for(len(todo))
    if processes <= 1:
        yield from parse_and_run(todo, nlp, config)
        return
    chunks = chunks_longest_first(todo, processes, config.batch_size)
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, initializer=_start_worker, initargs=(nlp, config)) as pool:
        for outputs in pool.imap(_worker_chunk, chunks):
            yield from outputs


def _start_worker(nlp: Language, config: RunConfig) -> None:
    global _worker_state
    _worker_state = (nlp, config)
    one_blas_thread()  # the parse's matrix products run on numpy's BLAS (nlp/pipeline.py)


def _worker_chunk(chunk: Sequence[tuple[Article, str]]) -> list[StageOutput]:
    assert _worker_state is not None, "worker not initialised"
    nlp, config = _worker_state
    return list(parse_and_run(chunk, nlp, config))


def _vectors(
    store: Store, articles: Sequence[Article], resources: Resources
) -> dict[str, np.ndarray]:
    stage = VECTOR_STAGE[0]
    embedder = resources.embedder
    cached = store.annotations(stage, [a.id for a in articles])
    vectors: dict[str, np.ndarray] = {}
    todo = []
    for article in articles:
        key = _cache_key(VECTOR_STAGE, article, embedder.name)
        hit = cached.get(article.id)
        if hit and hit[0] == key:
            vectors[article.id] = np.frombuffer(hit[1], dtype=np.float32)
        else:
            todo.append((article, key))
    for start in range(0, len(todo), 512):
        chunk = todo[start : start + 512]
        matrix = embedder.encode([vector_text(a) for a, _ in chunk]).astype(np.float32)
        rows = []
        for (article, key), vector in zip(chunk, matrix, strict=True):
            vectors[article.id] = vector
            rows.append((article.id, key, vector.tobytes()))
        store.put_annotations(stage, rows)
    return vectors


def vector_text(article: Article) -> str:
    """What a document vector is computed from: headline plus lead."""
    head = article.text[:VECTOR_TEXT_CHARS]
    return f"{article.title}\n{head}" if article.title else head


# Set in each forked worker by _start_mapper: the function map_in_workers applies.
_mapper: Callable[[Any], Any] | None = None


def map_in_workers(
    func: Callable[[T], R],
    items: Sequence[T],
    processes: int,
    weight: Callable[[T], int] | None = None,
) -> list[R]:
    """`[func(x) for x in items]`, spread over `processes` forked workers when there are several.

    Workers are forked after `func` and whatever it closes over (annotated articles, the
    embedder) exist, so they share them instead of receiving copies; only the items and results
    travel. Items are handed out heaviest first (by `weight`) so that one large story does not
    come last and leave the other workers idle; results come back in input order, so the
    output is the same as the sequential one. Without fork, or with one process, runs here.
    Known failure case: called from a daemonic process (a worker of another pool), the fork is
    refused and the error propagates; pass `processes=1` there.
    """
    if processes <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(x) for x in items]
    # The embedder's tokenizer may have run threads in this process; a forked child that uses
    # them can deadlock. With the variable set before the fork the tokenizer stays serial in
    # the children and does not warn about it (each child also forces it, in _start_mapper).
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    order = list(range(len(items)))
    if weight is not None:
        order.sort(key=lambda i: -weight(items[i]))
    results: list[Any] = [None] * len(items)
    context = multiprocessing.get_context("fork")
    with context.Pool(min(processes, len(items)), _start_mapper, (func,)) as pool:
        tasks = ((i, items[i]) for i in order)
        for i, result in pool.imap_unordered(_map_one, tasks):
            results[i] = result
    return results


def _start_mapper(func: Callable[[Any], Any]) -> None:
    global _mapper
    _mapper = func
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    one_blas_thread()


def _map_one(task: tuple[int, Any]) -> tuple[int, Any]:
    assert _mapper is not None, "worker not initialised"
    return task[0], _mapper(task[1])
