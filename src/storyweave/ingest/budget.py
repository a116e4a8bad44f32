"""A CPU-time budget per document, so one page that makes the extractor crawl (millions of
tiny elements, pathological markup) costs its own skip and never the rest of the run.

Measured in CPU seconds of this process (ITIMER_VIRTUAL), not wall-clock time: a loaded or
shared machine slows every page alike in wall-clock terms, but a normal page's CPU cost stays
what it is, so a generous budget never depends on what else the machine is doing. Normal news
pages take well under a second; the default budget (IngestConfig.max_extract_s) is 60.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class BudgetExceeded(BaseException):
    """The document's CPU budget ran out.

    A BaseException, not an Exception: the extractor has many `except Exception` blocks that
    would otherwise swallow it and carry on with the slow page.
    """


_state = threading.local()


def _on_timer(signum: int, frame: FrameType | None) -> None:
    if getattr(_state, "armed", False):  # a late signal after the body finished is ignored
        _state.armed = False
        raise BudgetExceeded


def budget_enforced() -> bool:
    """Whether budgets are enforced here: on the main thread of a POSIX process only, since
    only it receives signals. Elsewhere (a web server's worker thread) a document still runs to
    its end; the quadratic steps the budget guards against are fixed at their cause anyway."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def cpu_budget(seconds: float | None) -> Iterator[None]:
    """Raise BudgetExceeded inside the block once it has used `seconds` of CPU time.

    None or 0 means no budget. A budget inside another one is not re-armed: the outer one
    governs, so a caller cannot extend a budget by nesting.
    """
    if not seconds or seconds <= 0 or not budget_enforced() or getattr(_state, "armed", False):
        yield
        return
    previous = signal.signal(signal.SIGVTALRM, _on_timer)
    _state.armed = True
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        _state.armed = False
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
