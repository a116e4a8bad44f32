"""Command line: parses arguments, calls `storyweave.pipeline`, shows progress and output."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from storyweave.errors import StoryweaveError

if TYPE_CHECKING:
    from storyweave import pipeline
    from storyweave import store as storage
    from storyweave.model import Brief
    from storyweave.render import html as render_html
    from storyweave.render import json as render_json
    from storyweave.render import markdown as render_md
    from storyweave.store import Store
else:

    class _OnFirstUse:
        """A module imported when first used: they pull in spaCy, scikit-learn and scipy
        (2.1 s measured), which `storyweave --help` and a mistyped option should not wait for."""

        def __init__(self, name: str) -> None:
            self._name = name

        def __getattr__(self, attribute: str):
            return getattr(importlib.import_module(self._name), attribute)

    pipeline = _OnFirstUse("storyweave.pipeline")
    storage = _OnFirstUse("storyweave.store")
    render_html = _OnFirstUse("storyweave.render.html")
    render_json = _OnFirstUse("storyweave.render.json")
    render_md = _OnFirstUse("storyweave.render.markdown")

DEFAULT_DB = os.environ.get("STORYWEAVE_DB", "storyweave.db")
# Exit status: 0 all well, 1 some inputs were skipped (output still written), 2 nothing done.
EXIT_SOME_INPUTS_FAILED = 1
EXIT_ERROR = 2

stderr = Console(stderr=True)
log = logging.getLogger("storyweave")


@dataclass
class Context:
    debug: bool = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.version_option(package_name="storyweave")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn a pile of news articles into cited briefs, one per story."""
    ctx.obj = Context(debug=debug)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def inputs_argument(f: Callable) -> Callable:
    return click.argument("inputs", nargs=-1, metavar="INPUT...")(f)


def db_option(default: str | None) -> Callable:
    return click.option(
        "--db",
        default=default,
        metavar="PATH",
        help="Store file"
        + (f" (default {default})." if default else "; without it INPUTs are read one-shot."),
    )


def format_option(*choices: str) -> Callable:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default="md", show_default=True
    )


output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout."
)


@cli.command()
@inputs_argument
@db_option(DEFAULT_DB)
def ingest(inputs: tuple[str, ...], db: str) -> None:
    """Read files, directories, globs or - (JSONL on stdin) into the store."""
    if not inputs:
        raise click.UsageError("give at least one INPUT (a file, directory, glob, or - for stdin)")
    with _store(db) as store:
        report = _ingest(store, inputs)
        click.echo(
            f"{db}: {len(report.added)} new, {len(report.unchanged)} unchanged, "
            f"{len(report.duplicates)} marked as copies, {len(report.problems)} skipped; "
            f"{store.article_count()} articles stored"
        )
    _exit_for(report.problems)


@cli.command()
@inputs_argument
@db_option(None)
@format_option("md", "json")
@output_option
def extract(inputs: tuple[str, ...], db: str | None, fmt: str, output: str | None) -> None:
    """Cleaned text and metadata of each article."""
    with _scope(inputs, db) as (store, ids, problems):
        articles = store.articles(ids)
        if fmt == "json":
            _write(render_json.dumps(render_json.extract_document(articles)), output)
        else:
            _write(render_md.render_articles(articles), output, markdown=True)
    _exit_for(problems)


@cli.command()
@inputs_argument
@db_option(None)
@format_option("md", "json")
@output_option
def annotate(inputs: tuple[str, ...], db: str | None, fmt: str, output: str | None) -> None:
    """Sentences, entities, quotes and times found in each article."""
    with _scope(inputs, db) as (store, ids, problems):
        analysis = _annotate(store, ids)
        annotated = [
            analysis.annotated[i] for i in (ids or store.article_ids()) if i in analysis.annotated
        ]
        if fmt == "json":
            _write(render_json.dumps(render_json.annotate_document(annotated)), output)
        else:
            _write(render_md.render_annotations(annotated), output, markdown=True)
    _exit_for(problems)


@cli.command()
@inputs_argument
@db_option(None)
@click.option("--rebuild", is_flag=True, help="Regroup every article from scratch.")
@format_option("md", "json")
@output_option
def stories(
    inputs: tuple[str, ...], db: str | None, rebuild: bool, fmt: str, output: str | None
) -> None:
    """Group articles into stories."""
    with _scope(inputs, db) as (store, ids, problems):
        analysis, result = _briefs(store, ids, rebuild)
        ordered = [b.story for b in result]
        articles = {a.id: a.article for a in analysis.annotated.values()}
        if fmt == "json":
            _write(render_json.dumps(render_json.stories_document(ordered, articles)), output)
        else:
            _write(render_md.render_stories(ordered, articles), output, markdown=True)
    _exit_for(problems)


@cli.command()
@inputs_argument
@db_option(None)
@format_option("md", "json", "html")
@output_option
@click.option(
    "--story", "story_ids", multiple=True, metavar="ID", help="Only this story (repeatable)."
)
@click.option(
    "--since",
    metavar="last|DATE",
    help="With --db: say what is new since the story's last saved brief, or the last one "
    "saved before DATE (2026-03-14). Every brief made with --db is saved.",
)
@click.option(
    "--llm",
    "llm_url",
    metavar="URL",
    help="Write the summary with an OpenAI-compatible server (e.g. http://localhost:11434); "
    "a generated sentence its cited sources do not back is dropped.",
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
    """One brief per story: cited summary, claims, quotes, timeline, coverage, entities."""
    if since and not db:
        raise click.UsageError("--since needs --db PATH: briefs are saved only in a store")
    with _scope(inputs, db) as (store, ids, problems):
        analysis, result = _briefs(store, ids)
        if story_ids:
            result = _only_stories(result, story_ids)
        if llm_url:
            chat = pipeline.ChatConfig(
                url=llm_url, model=llm_model, api_key=os.environ.get("STORYWEAVE_LLM_API_KEY")
            )
            result = pipeline.write_summaries(result, chat, analysis)
        if db:
            result = pipeline.record_briefs(store, result, since)
        if fmt == "json":
            _write(render_json.dumps(render_json.brief_document(result)), output)
        elif fmt == "html":
            _write(render_html.render_html(result), output)
        else:
            _write(render_md.render_briefs(result), output, markdown=True)
    _exit_for(problems)


def _only_stories(briefs: list[Brief], story_ids: Sequence[str]) -> list[Brief]:
    known = {b.story.id for b in briefs}
    missing = [s for s in story_ids if s not in known]
    if missing:
        listed = ", ".join(sorted(known)) or "none"
        raise click.UsageError(f"no story {', '.join(missing)} in this scope; stories: {listed}")
    return [b for b in briefs if b.story.id in set(story_ids)]


# -- helpers: argument handling and display only ----------------------------------------


@contextmanager
def _store(location: str | None) -> Iterator[Store]:
    opened = storage.open_store(location)
    try:
        yield opened
    finally:
        opened.close()


@contextmanager
def _scope(inputs: Sequence[str], db: str | None) -> Iterator[tuple[Store, list[str] | None, list]]:
    """The store to work on and which of its articles the command covers.

    With INPUTs the command covers exactly those articles (stored first, in `db` when given,
    else in a throw-away memory store); with only --db it covers the whole store.
    """
    if not inputs and not db:
        raise click.UsageError("give INPUT files, or --db PATH to work on a store")
    with _store(db) as store:
        if not inputs:
            yield store, None, []
            return
        report = _ingest(store, inputs)
        yield store, report.added + report.unchanged, report.problems


def _ingest(store: Store, inputs: Sequence[str]):
    stdin = sys.stdin.buffer if "-" in inputs else None
    with _progress() as progress:
        task = progress.add_task("reading", total=None)
        report = pipeline.ingest(
            store, inputs, stdin=stdin, on_item=lambda _: progress.advance(task)
        )
    for note in report.notes:
        stderr.print(str(note), highlight=False, markup=False)
    for problem in report.problems:
        stderr.print(f"skipped: {problem}", highlight=False, markup=False)
    return report


def _annotate(store: Store, ids: list[str] | None) -> pipeline.Analysis:
    resources = pipeline.load_resources()
    total = len(ids) if ids is not None else store.article_count()
    with _progress() as progress:
        task = progress.add_task("annotating", total=total)
        analysis = pipeline.annotate(
            store, resources, ids, on_done=lambda n: progress.advance(task, n)
        )
    for skipped in analysis.skipped:
        stderr.print(f"[yellow]skipped[/yellow] article {skipped.article}: {skipped.reason}")
    return analysis


def _briefs(
    store: Store, ids: list[str] | None, rebuild: bool = False
) -> tuple[pipeline.Analysis, list[Brief]]:
    """Annotate the whole store (new articles may join old stories), group, and brief the
    stories that cover `ids`."""
    analysis = _annotate(store, None)
    stories = pipeline.update_stories(store, analysis, rebuild)
    return analysis, pipeline.briefs(pipeline.stories_covering(stories, ids), analysis)


@contextmanager
def _progress() -> Iterator[Progress]:
    """A transient progress display on stderr, silent when stderr is not a terminal."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    )
    with progress:
        yield progress


def _write(text: str, output: str | None, markdown: bool = False) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
        stderr.print(f"wrote {output}")
        return
    stdout = Console()
    if markdown and stdout.is_terminal:
        stdout.print(Markdown(text))
    else:
        click.echo(text)


def _exit_for(problems: Sequence) -> None:
    if problems:
        stderr.print(f"{len(problems)} input(s) skipped; see the lines above.")
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
        stderr.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
