"""Real and demo news texts for the pipeline tests."""

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"
DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"


@pytest.fixture(scope="session")
def news_texts() -> list[str]:
    """The five seed articles and the demo corpus, as raw file text."""
    paths = sorted(SEEDS.glob("*")) + sorted(DEMO.glob("*"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths if p.is_file()]
    assert len(texts) > 10, "the seeds (../shared) and examples/demo should be there"
    return texts
