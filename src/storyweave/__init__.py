"""storyweave: cited per-story briefs from a pile of news articles, offline.

    import storyweave
    ws = storyweave.open("news.db")          # a store file (created if missing), or None
    ws.ingest(["articles/"])
    for brief in ws.briefs().briefs: ...

Importing the package is cheap: the pipeline, its models and their libraries load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from storyweave.pipeline import Settings, Workspace


def open(location: str | None = None, settings: Settings | None = None) -> Workspace:  # noqa: A001
    """A `Workspace` over the store at `location`: an SQLite file path (created when missing)
    or a postgresql:// URL; None is a throw-away store in memory."""
    from storyweave.pipeline import open_workspace

    return open_workspace(location, settings)


__all__ = ["__version__", "open"]
