"""`storyweave serve`: bring the store's stories up to date once, settle the tokens, and run
uvicorn with one or several worker processes over the store."""

from __future__ import annotations

import os
from collections.abc import Callable

import uvicorn

from storyweave.pipeline import BriefRun, Progress, open_workspace
from storyweave.web.app import create_app
from storyweave.web.config import (
    CONFIG_VARIABLE,
    WRITE_TOKEN_VARIABLE,
    Access,
    ServerConfig,
    is_loopback,
)
from storyweave.web.pool import server_settings


def prepare_store(location: str, progress: Progress | None = None) -> BriefRun:
    """Annotate, group and brief whatever is new, once, before any worker starts: the pages
    then read the stored grouping and cached briefs and never regroup the whole store."""
    with open_workspace(location, server_settings(), create=False) as ws:
        return ws.briefs(progress=progress)


def serve(
    config: ServerConfig,
    say: Callable[[str], None],
    progress: Progress | None = None,
) -> None:
    run = prepare_store(config.db, progress)
    access, generated = Access.from_environment()
    if generated:
        # Printed once, here; the workers read it from the environment they inherit.
        os.environ[WRITE_TOKEN_VARIABLE] = access.write_token
        say(f"write token (set {WRITE_TOKEN_VARIABLE} to choose it): {access.write_token}")
    where = f"[{config.host}]" if ":" in config.host else config.host
    say(
        f"serving {len(run.briefs)} stories of {config.db} at http://{where}:{config.port}/ "
        f"with {config.workers} worker{'s' if config.workers != 1 else ''}; Ctrl-C stops"
    )
    if access.read_token is None and not is_loopback(config.host):
        say(
            f"warning: anyone who can reach {config.host}:{config.port} can read this store; "
            "set STORYWEAVE_READ_TOKEN to require a token"
        )
    options = dict(host=config.host, port=config.port, log_level="warning", server_header=False)
    if config.workers == 1:
        uvicorn.run(create_app(config, access), **options)  # type: ignore[arg-type]
        return
    # Worker processes import the app afresh: they get its config through the environment.
    os.environ[CONFIG_VARIABLE] = config.to_environment()
    uvicorn.run(
        "storyweave.web.app:app_from_environment",
        factory=True,
        workers=config.workers,
        **options,  # type: ignore[arg-type]
    )
