"""Command line: parses arguments, calls the `Workspace` (storyweave.pipeline), shows progress
and output. No run policy lives here."""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
)

from storyweave.errors import StoryweaveError
from storyweave.render.safety import one_line, strip_terminal_controls

if TYPE_CHECKING:
    from storyweave import llm, pipeline
    from storyweave.ingest.loader import IngestReport
    from storyweave.pipeline import Workspace
    from storyweave.render import check_markdown as render_check
    from storyweave.render import html as render_html
    from storyweave.render import json as render_json
    from storyweave.render import markdown as render_md
    from storyweave.web import config as web_config
    from storyweave.web import server as web_server
else:

    class _OnFirstUse:
        """A module imported when first used: they pull in spaCy, scikit-learn and scipy
        (2.1 s measured), which `storyweave --help` and a mistyped option should not wait for."""

        def __init__(self, name: str) -> None:
            self._name = name

        def __getattr__(self, attribute: str):
            return getattr(importlib.import_module(self._name), attribute)

    pipeline = _OnFirstUse("storyweave.pipeline")
    llm = _OnFirstUse("storyweave.llm")
    render_check = _OnFirstUse("storyweave.render.check_markdown")
    render_html = _OnFirstUse("storyweave.render.html")
    render_json = _OnFirstUse("storyweave.render.json")
    render_md = _OnFirstUse("storyweave.render.markdown")
    web_config = _OnFirstUse("storyweave.web.config")
    web_server = _OnFirstUse("storyweave.web.server")

# Exit status: 0 all well; 1 done, but some inputs were skipped or some analysis failed (the
# output is written and the lines on stderr say what); 2 nothing done (an error); 130 Ctrl-C.
EXIT_SOME_INPUTS_FAILED = 1
EXIT_ERROR = 2

# soft_wrap: one line per message however narrow the terminal (or file) stderr goes to.
stderr = Console(stderr=True, soft_wrap=True, highlight=False)
log = logging.getLogger("storyweave")

DB_HELP = (
    "Store: an SQLite file or a postgresql:// URL. Default: $STORYWEAVE_DB, else "
    "./storyweave.db; with INPUTs and no --db the command reads them one-shot, in memory."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.version_option(package_name="storyweave")
def cli(debug: bool) -> None:
    """Turn a pile of news articles into cited briefs, one per story.

    Every command works on a store: --db PATH|URL, else $STORYWEAVE_DB, else ./storyweave.db.
    `ingest` creates it; the other commands refuse a store that does not exist. Give INPUTs
    without --db to read them one-shot, leaving nothing behind.
    """
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


inputs_argument = click.argument("inputs", nargs=-1, metavar="INPUT...")
db_option = click.option("--db", metavar="PATH|URL", help=DB_HELP)
output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout."
)


def executor_options(command: Callable) -> Callable:
    """--executor and --ray-address, gathered into one `executor` argument."""

    def gather(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        ctx.meta.setdefault("executor", {})[param.name] = value

    command = click.option(
        "--ray-address",
        metavar="ADDRESS",
        expose_value=False,
        callback=gather,
        help="Join this running Ray cluster (implies --executor ray).",
    )(command)
    command = click.option(
        "--executor",
        type=click.Choice(["local", "ray"]),
        expose_value=False,
        callback=gather,
        help="Where article stages run: this machine's worker processes (default), or Ray "
        "actors (storyweave[ray]; a local cluster starts unless --ray-address).",
    )(command)
    return command


def _executor() -> pipeline.ExecutorConfig:
    chosen = click.get_current_context().meta.get("executor", {})
    address = chosen.get("ray_address")
    kind = chosen.get("executor") or ("ray" if address else "local")
    return pipeline.ExecutorConfig(kind=kind, ray_address=address)


def format_option(*choices: str) -> Callable:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default="md", show_default=True
    )


@cli.command()
@inputs_argument
@db_option
def ingest(inputs: tuple[str, ...], db: str | None) -> None:
    """Read files, directories, globs or - (JSONL on stdin) into the store."""
    if not inputs:
        raise click.UsageError("give at least one INPUT (a file, directory, glob, or - for stdin)")
    location = db or pipeline.default_store()
    with _workspace(location, create=True) as ws:
        report = _ingest(ws, inputs)
        click.echo(
            f"{location}: {len(report.added)} new, {len(report.unchanged)} unchanged, "
            f"{len(report.duplicates)} marked as copies, {len(report.problems)} skipped; "
            f"{ws.store.article_count()} articles stored"
        )
    _exit_for(len(report.problems))


@cli.command()
@click.argument("ids", nargs=-1, metavar="ID...", required=True)
@db_option
def remove(ids: tuple[str, ...], db: str | None) -> None:
    """Remove articles (and everything derived from them) from the store."""
    location = db or pipeline.default_store()
    with _workspace(location, create=False) as ws:
        removed = ws.remove(ids)
        missing = [i for i in ids if i not in removed]
        click.echo(f"{location}: {len(removed)} removed; {ws.store.article_count()} left")
    for article_id in missing:
        stderr.print(f"no article {_safe(article_id)} in {location}", markup=False)
    _exit_for(len(missing))


@cli.command()
@inputs_argument
@db_option
@format_option("md", "json", "ndjson")
@output_option
def extract(inputs: tuple[str, ...], db: str | None, fmt: str, output: str | None) -> None:
    """Cleaned text and metadata of each article."""
    with _scope(inputs, db) as (ws, ids, problems):
        articles = ws.iter_articles(ids)
        with _output(output) as out:
            if fmt == "json":
                render_json.write_extract_document(articles, out)
            elif fmt == "ndjson":
                render_json.write_ndjson(articles, out)
            else:
                _show(render_md.render_articles(list(articles)), out, output)
    _exit_for(problems)


@cli.command()
@executor_options
@inputs_argument
@db_option
@format_option("md", "json")
@output_option
def annotate(inputs: tuple[str, ...], db: str | None, fmt: str, output: str | None) -> None:
    """Sentences, entities, quotes and times found in each article."""
    with _scope(inputs, db, _executor()) as (ws, ids, problems):
        found = ws.annotations(ids, _progress())
        annotated = found.in_order(ids if ids is not None else ws.store.article_ids())
        _report_analysis(found.skipped, found.failures)
        with _output(output) as out:
            if fmt == "json":
                out.write(render_json.dumps(render_json.annotate_document(annotated)) + "\n")
            else:
                _show(render_md.render_annotations(annotated), out, output)
    _exit_for(problems + len(found.skipped) + len(found.failures))


@cli.command()
@executor_options
@inputs_argument
@db_option
@click.option("--rebuild", is_flag=True, help="Regroup every article from scratch.")
@format_option("md", "json")
@output_option
def stories(
    inputs: tuple[str, ...], db: str | None, rebuild: bool, fmt: str, output: str | None
) -> None:
    """Group articles into events and stories (the grouping alone, without the analysis)."""
    with _scope(inputs, db, _executor()) as (ws, ids, problems):
        grouped = ws.stories(ids, rebuild=rebuild, progress=_progress())
        articles = {a.id: a for a in ws.articles([a for s in grouped for a in s.article_ids])}
        with _output(output) as out:
            if fmt == "json":
                out.write(render_json.dumps(render_json.stories_document(grouped, articles)) + "\n")
            else:
                _show(render_md.render_stories(grouped, articles), out, output)
    _exit_for(problems)


@cli.command()
@executor_options
@inputs_argument
@db_option
@format_option("md", "json", "html")
@output_option
@click.option(
    "--story", "story_ids", multiple=True, metavar="ID", help="Only this story (repeatable)."
)
@click.option(
    "--since",
    metavar="last|DATE",
    help="Say what is new since the story's last saved brief, or the last one saved before "
    "DATE (2026-03-14). Every brief made over a store is saved.",
)
@click.option(
    "--llm",
    "llm_url",
    metavar="URL",
    help="Write the summary with an OpenAI-compatible server (e.g. http://localhost:11434); "
    "a generated sentence its cited sources do not back is dropped. The API key, if any, is "
    "read from STORYWEAVE_LLM_API_KEY.",
)
@click.option(
    "--llm-model",
    default="default",
    envvar="STORYWEAVE_LLM_MODEL",
    show_default=True,
    help="Model name the --llm server serves (env STORYWEAVE_LLM_MODEL).",
)
def brief(
    inputs: tuple[str, ...],
    db: str | None,
    fmt: str,
    output: str | None,
    story_ids: tuple[str, ...],
    since: str | None,
    llm_url: str | None,
    llm_model: str,
) -> None:
    """One brief per story: cited summary, events, claims, quotes, timeline, coverage."""
    if since and inputs and not db:
        raise click.UsageError("--since needs a store (--db PATH): one-shot briefs are not saved")
    chat = llm.ChatConfig.from_environment(llm_url, llm_model) if llm_url else None
    with _scope(inputs, db, _executor()) as (ws, ids, problems):
        run = pipeline.BriefRun()
        briefs = ws.iter_briefs(
            ids, story_ids, since=since, llm=chat, progress=_progress(), run=run
        )
        with _output(output) as out:
            if fmt == "json":
                render_json.write_brief_document(briefs, out)
            elif fmt == "html":
                out.write(render_html.render_html(list(briefs)))
            elif out is sys.stdout and Console().is_terminal:
                _show(render_md.render_briefs(list(briefs)), out, output)
            else:
                render_md.write_briefs(briefs, out)
        _report_analysis(run.skipped, run.failures)
        for warning in run.warnings:
            stderr.print(f"warning: {warning}", markup=False)
    _exit_for(problems + len(run.skipped) + len(run.failures))


@cli.command()
@executor_options
@click.argument("arguments", nargs=-1, metavar="[CLAIM] INPUT...")
@click.option(
    "--claims",
    "claims_file",
    type=click.Path(exists=True, dir_okay=False),
    help='Claims to check, one JSON object a line: {"id", "text", "articles": [ids] '
    "(optional: only these)}; then every argument is an INPUT.",
)
@db_option
@format_option("md", "json")
@output_option
def check(
    arguments: tuple[str, ...],
    claims_file: str | None,
    db: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """What each article does with a claim: supports, refutes, discusses or unrelated, with
    the sentences that show it. Without INPUTs, checks every article in the store."""
    if claims_file:
        claims, inputs = _read_claims(claims_file), arguments
    elif arguments:
        claims, inputs = [pipeline.CheckClaim("claim-1", arguments[0])], arguments[1:]
    else:
        raise click.UsageError('give a CLAIM ("the text of it") or --claims FILE.jsonl')
    with _scope(inputs, db, _executor()) as (ws, ids, problems):
        result = ws.check(claims, ids, _progress())
        with _output(output) as out:
            if fmt == "json":
                out.write(render_json.dumps(result.to_json()) + "\n")
            else:
                _show(render_check.render_checks(result), out, output)
    _exit_for(problems)


def _read_claims(path: str) -> list:
    """The claims of a JSON Lines file; a bad line is a usage error naming its number."""
    claims = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                    raise ValueError('expected an object with a "text" string')
                claims.append(pipeline.CheckClaim.from_json(data, f"line-{number}"))
            except ValueError as exc:
                raise click.UsageError(f"{path} line {number}: {exc}") from exc
    if not claims:
        raise click.UsageError(f"{path} holds no claim")
    return claims


@cli.command()
@executor_options
@click.argument("sources", nargs=-1, metavar="SOURCE...", required=True)
@db_option
@click.option(
    "--every", default="15m", show_default=True, help="Time between cycles (90s, 15m, 2h)."
)
@click.option("--once", is_flag=True, help="Run one cycle and stop.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch from loopback and private-network addresses (refused by default).",
)
def watch(
    sources: tuple[str, ...], db: str | None, every: str, once: bool, allow_private: bool
) -> None:
    """Follow feed URLs, page URLs and folders: new articles are ingested, grouped and briefed.

    One line per cycle; Ctrl-C stops cleanly (what a cycle stored is kept, and what it had
    read is read again next time).
    """
    location = db or pipeline.default_store()

    def show(cycle: pipeline.WatchCycle) -> None:
        for problem in cycle.stored.problems:
            stderr.print(f"skipped: {_safe(str(problem))}", markup=False)
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        click.echo(f"{stamp} {location}: {cycle.line()}")

    with _workspace(location, True, _executor()) as ws:
        ws.watch(sources, every=every, once=once, allow_private=allow_private, on_cycle=show)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes over the one store.",
)
def serve(db: str | None, host: str, port: int, workers: int) -> None:
    """Web UI and JSON API over a store, for a team to read in a browser.

    Listens on 127.0.0.1 unless --host says otherwise. Writes (POST /api/articles) need
    Authorization: Bearer $STORYWEAVE_TOKEN (a token is generated and printed when it is not
    set); with $STORYWEAVE_READ_TOKEN set, reading needs a token too.
    """
    location = db or pipeline.default_store()
    config = web_config.ServerConfig(db=location, host=host, port=port, workers=workers)
    web_server.serve(
        config, lambda line: stderr.print(f"storyweave: {line}", markup=False), _progress()
    )


# -- helpers: argument handling and display only ----------------------------------------


@contextmanager
def _workspace(
    location: str | None, create: bool, executor: pipeline.ExecutorConfig | None = None
) -> Iterator[Workspace]:
    settings = pipeline.Settings(executor=executor) if executor else None
    workspace = pipeline.open_workspace(location, settings, create=create)
    try:
        yield workspace
    finally:
        workspace.close()


@contextmanager
def _scope(
    inputs: Sequence[str], db: str | None, executor: pipeline.ExecutorConfig | None = None
) -> Iterator[tuple[Workspace, list[str] | None, int]]:
    """The workspace and which of its articles the command covers, with the number of inputs
    skipped. With INPUTs: exactly those articles (stored first, in `db` when given, else in a
    throw-away memory store); without: the whole store (`db`, else the default store, which
    must exist)."""
    if inputs:
        with _workspace(db, True, executor) as ws:
            report = _ingest(ws, inputs)
            yield ws, report.added + report.unchanged, len(report.problems)
        return
    with _workspace(db or pipeline.default_store(), False, executor) as ws:
        yield ws, None, 0


def _ingest(ws: Workspace, inputs: Sequence[str]) -> IngestReport:
    stdin = sys.stdin.buffer if "-" in inputs else None
    progress = _progress()
    progress.start("reading inputs")
    report = ws.ingest(inputs, stdin=stdin, on_item=lambda _: progress.advance())
    progress.finish()
    for note in report.notes:
        stderr.print(_safe(str(note)), markup=False)
    for problem in report.problems:
        stderr.print(f"skipped: {_safe(str(problem))}", markup=False)
    return report


def _report_analysis(skipped: Sequence, failures: Sequence) -> None:
    for item in skipped:
        stderr.print(f"skipped article {_safe(item.article)}: {_safe(item.reason)}", markup=False)
    for failure in failures:
        stderr.print(f"incomplete: {_safe(str(failure))}", markup=False)


class _Bar:
    """Progress on a terminal: a transient bar per step."""

    def __init__(self) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def start(self, step: str, total: int | None = None) -> None:
        self.finish()
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=stderr,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(step, total=total)

    def advance(self, count: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, count)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


class _Lines:
    """Progress off a terminal (a log, CI, a pipe): one plain line per finished step, so a
    minute-long brief is not silent and nothing is redrawn."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._step: str | None = None
        self._total: int | None = None
        self._done = 0
        self._began = 0.0

    def start(self, step: str, total: int | None = None) -> None:
        self.finish()
        self._step, self._total, self._done = step, total, 0
        self._began = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self._done += count

    def finish(self) -> None:
        if self._step is None:
            return
        count = self._total if self._total is not None else self._done
        took = time.monotonic() - self._began
        what = f"{count} in " if count else ""
        self._stream.write(f"storyweave: {self._step}: {what}{took:.1f} s\n")
        self._stream.flush()
        self._step = None


def _progress() -> _Bar | _Lines:
    return _Bar() if stderr.is_terminal else _Lines(sys.stderr)


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """Where a command writes: the file given with -o (announced on stderr), else stdout."""
    if not path:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as handle:
        yield handle
    stderr.print(f"wrote {_safe(path)}", markup=False)


def _show(text: str, out: TextIO, path: str | None) -> None:
    """Markdown: rendered on a terminal (through a pager when longer than the screen, as
    `git log` does), plain text to a file or pipe."""
    if not text.endswith("\n"):
        text += "\n"
    console = Console()
    if path or out is not sys.stdout or not console.is_terminal:
        out.write(text)
        return
    if text.count("\n") < console.height:
        console.print(Markdown(text))
        return
    os.environ.setdefault("LESS", "FRX")  # colours through, quit if one screen, no clear
    with console.pager(styles=True):
        console.print(Markdown(text))


def _safe(text: str) -> str:
    """Article-derived text without terminal control sequences (a title carrying ESC[2J
    must not clear the reader's screen, nor a line break in it fake another message)."""
    return one_line(strip_terminal_controls(text))


def _exit_for(problems: int) -> None:
    if problems:
        stderr.print(f"{problems} input(s) or analysis step(s) incomplete; see the lines above.")
        sys.exit(EXIT_SOME_INPUTS_FAILED)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: a StoryweaveError becomes one line on stderr (a traceback with --debug)."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="storyweave", standalone_mode=False)
    except click.exceptions.Abort:
        stderr.print("interrupted; the store keeps everything committed so far, re-run to finish")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except StoryweaveError as exc:
        if debug:
            raise
        stderr.print(f"error: {_safe(str(exc))}", markup=False)
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
