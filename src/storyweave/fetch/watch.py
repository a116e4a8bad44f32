"""The watch cycle: feeds, pages and folders to the articles that are new since the last cycle,
with one report line per cycle, and the loop that repeats it.

A cycle's memory (validators, items seen, file digests) is written only by `commit_cycle`,
after the caller has stored the cycle's articles: a cycle that fails or is interrupted (Ctrl-C)
leaves the state as it was, and the next one reads the same things again instead of losing them
(the loader skips articles already stored with the same content).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyweave.errors import ConfigError
from storyweave.fetch.client import Fetcher
from storyweave.fetch.clock import SYSTEM_CLOCK, Clock
from storyweave.fetch.config import WatchConfig
from storyweave.fetch.documents import SourceOutcome, watch_url
from storyweave.fetch.folders import watch_files
from storyweave.fetch.state import FetchState, Record, StagedState, commit_writes
from storyweave.ingest.reader import Item
from storyweave.model import Article, IngestNote, IngestProblem


@dataclass(frozen=True)
class WatchSource:
    """A feed or page URL (`is_url`), or a local folder, file or pattern, as the user wrote it."""

    text: str
    is_url: bool


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def parse_sources(texts: Sequence[str]) -> tuple[WatchSource, ...]:
    """The sources of `storyweave watch SOURCE...`, each once, in the order given.

    Raises ConfigError for none at all, for standard input ("-", which cannot be watched) and
    for URLs other than http and https.
    """
    sources: dict[str, WatchSource] = {}
    for text in texts:
        scheme = _SCHEME.match(text)
        if text == "-":
            raise ConfigError("cannot watch standard input (-): name feeds, pages or folders")
        if scheme and scheme[1].lower() not in ("http", "https"):
            raise ConfigError(
                f"cannot watch {text}: only http and https URLs and local folders can be watched"
            )
        sources.setdefault(text, WatchSource(text, is_url=scheme is not None))
    if not sources:
        raise ConfigError("nothing to watch: name at least one feed URL, page URL or folder")
    return tuple(sources.values())


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds from "--every" values: "90", "30s", "15m", "2h", "1d"."""
    match = _INTERVAL.match(text)
    if not match or float(match[1]) <= 0:
        raise ConfigError(
            f"--every {text!r}: give a positive number with s, m, h or d, e.g. 15m or 2h"
        )
    return float(match[1]) * _UNIT_S[match[2].lower()]


@dataclass(frozen=True)
class CycleReport:
    """One cycle in numbers. `articles` are the ids read (new or changed documents; whether
    each is new to the store is the loader's call); `unchanged` counts documents and feed items
    seen before; `deferred` what is left for the next cycle; `requests` every HTTP request sent
    (robots.txt, redirects and retries included), `not_modified` the 304s among them."""

    articles: tuple[str, ...]
    unchanged: int
    deferred: int
    problems: int
    notes: int
    requests: int
    not_modified: int

    def line(self) -> str:
        """ "3 new, 12 unchanged, 0 deferred, 1 problem, 7 requests (2 not modified)"."""
        return (
            f"{len(self.articles)} new, {self.unchanged} unchanged, {self.deferred} deferred, "
            f"{_count(self.problems, 'problem')}, {_count(self.requests, 'request')} "
            f"({self.not_modified} not modified)"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass(frozen=True)
class CycleResult:
    """Articles and problems in source order, the report, and the state writes to commit once
    the articles are stored."""

    items: tuple[Item, ...]
    report: CycleReport
    writes: Mapping[str, Record]

    @property
    def articles(self) -> list[Article]:
        return [item for item in self.items if isinstance(item, Article)]

    @property
    def problems(self) -> list[IngestProblem]:
        return [item for item in self.items if isinstance(item, IngestProblem)]


def watch_cycle(
    sources: Iterable[WatchSource],
    fetcher: Fetcher,
    state: FetchState,
    config: WatchConfig = WatchConfig(),
    clock: Clock = SYSTEM_CLOCK,
) -> CycleResult:
    """One pass over every source. Never raises for a bad or unreachable source: each becomes
    an IngestProblem in the items. Writes nothing to `state` (see commit_cycle)."""
    staged = StagedState(state)
    requests, not_modified = fetcher.stats.requests, fetcher.stats.not_modified
    total = SourceOutcome()
    for source in sources:
        try:
            if source.is_url:
                outcome = watch_url(source.text, fetcher, staged, config)
            else:
                outcome = watch_files(source.text, staged, config, clock)
        except Exception as error:  # noqa: BLE001 - one broken source must not stop the others
            # Expected failures are already problems; this is a defect, shown, never swallowed.
            reason = f"the watch failed on this source ({type(error).__name__}: {error})"
            outcome = SourceOutcome([IngestProblem(source.text, reason)], deferred=1)
        total.items.extend(outcome.items)
        total.unchanged += outcome.unchanged
        total.deferred += outcome.deferred
    problems = [item for item in total.items if isinstance(item, IngestProblem)]
    report = CycleReport(
        articles=tuple(item.id for item in total.items if isinstance(item, Article)),
        unchanged=total.unchanged,
        deferred=total.deferred,
        problems=sum(not isinstance(item, IngestNote) for item in problems),
        notes=sum(isinstance(item, IngestNote) for item in problems),
        requests=fetcher.stats.requests - requests,
        not_modified=fetcher.stats.not_modified - not_modified,
    )
    return CycleResult(tuple(total.items), report, staged.writes)


def commit_cycle(state: FetchState, result: CycleResult) -> None:
    """Remember what the cycle read; call after its articles are stored."""
    commit_writes(state, result.writes)


def run_watch(
    sources: Sequence[WatchSource],
    state: FetchState,
    ingest: Callable[[CycleResult], object],
    config: WatchConfig = WatchConfig(),
    *,
    every_s: float,
    once: bool = False,
    stop: threading.Event | None = None,
    clock: Clock = SYSTEM_CLOCK,
    fetcher: Fetcher | None = None,
) -> int:
    """Run cycles every `every_s` seconds (start to start; a cycle that overruns is followed at
    once by the next) until `stop` is set, or once. `ingest` stores a cycle's articles (and
    regroups, briefs, prints the report line); the cycle is committed only after it returns,
    so an exception from it ends the loop with the cycle's reads still to be done. Returns the
    number of cycles committed.
    """
    stop = stop or threading.Event()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(config.fetch, clock=clock)
    cycles = 0
    try:
        next_start = clock.monotonic()
        while not stop.is_set():
            result = watch_cycle(sources, fetcher, state, config, clock)
            ingest(result)
            commit_cycle(state, result)
            cycles += 1
            if once or stop.is_set():
                break
            next_start = max(next_start + every_s, clock.monotonic())
            clock.wait(stop, next_start - clock.monotonic())
    finally:
        if own_fetcher:
            fetcher.close()
    return cycles
