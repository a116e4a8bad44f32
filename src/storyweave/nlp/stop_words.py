"""English stop words: scikit-learn's list (from the Glasgow Information Retrieval Group's),
without importing scikit-learn.

Importing `sklearn.feature_extraction.text` for one frozenset costs about a second (the package
pulls in scipy and its own machinery); a brief whose every result is cached needs nothing else
from it. The list's own module has no imports, so it is loaded from its file directly.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _load() -> frozenset[str]:
    spec = importlib.util.find_spec("sklearn")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("scikit-learn is not installed (pip install storyweave installs it)")
    path = Path(next(iter(spec.submodule_search_locations))) / "feature_extraction/_stop_words.py"
    module_spec = importlib.util.spec_from_file_location("storyweave_stop_words", path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"cannot read scikit-learn's stop-word list at {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.ENGLISH_STOP_WORDS)


ENGLISH_STOP_WORDS: frozenset[str] = _load()
