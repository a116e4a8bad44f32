"""One Workspace per server thread over one store: an SQLite connection must not run two
threads' transactions at once, and WAL lets the connections read side by side. The heavy
models are loaded once per process and shared, and one more connection, which never writes,
tells every thread whether anything was committed (`revision`)."""

from __future__ import annotations

import dataclasses
import os
import threading

from storyweave.errors import ConfigError
from storyweave.execute.local import RunConfig
from storyweave.pipeline import Settings, Workspace, open_workspace
from storyweave.store import StoreConfig, open_store
from storyweave.store.sqlite import MEMORY


def server_settings() -> Settings:
    """The Workspace settings of a server: article stages in the calling thread (forking a
    process that runs server threads can deadlock the child on a lock another thread held)."""
    return dataclasses.replace(Settings(), run=RunConfig(processes=1))


class WorkspacePool:
    def __init__(self, location: str, settings: Settings | None = None) -> None:
        if not location or location == MEMORY:
            raise ConfigError("serve needs a store file or URL (--db PATH|URL), not memory")
        self.location = location
        self.settings = settings or server_settings()
        # Opened here so a mistyped --db fails at start, not on the first request.
        first = open_workspace(location, self.settings, create=False)
        self._resources = first.resources
        self._local = threading.local()
        self._local.workspace = first
        self._opened = [first]
        self._lock = threading.Lock()
        # The first connection checked the file; this one need not read it all again.
        checked = StoreConfig.from_environment(os.environ)
        self._watch = open_store(location, dataclasses.replace(checked, quick_check_max_bytes=0))
        self._watch_lock = threading.Lock()

    def get(self) -> Workspace:
        workspace = getattr(self._local, "workspace", None)
        if workspace is None:
            workspace = Workspace(open_store(self.location), self.settings, self._resources)
            self._local.workspace = workspace
            with self._lock:
                self._opened.append(workspace)
        return workspace

    def revision(self) -> object | None:
        """The store's revision as one connection sees it, so values from any thread
        compare: it changes after every commit from any thread or process (store/base.py)."""
        with self._watch_lock:
            return self._watch.revision()

    def close(self) -> None:
        with self._watch_lock:
            self._watch.close()
        with self._lock:
            for workspace in self._opened:
                workspace.close()
            self._opened.clear()
