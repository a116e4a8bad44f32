"""The Ray executor gives the local runner's briefs: same stories, claims, quotes and citations.

One local cluster for the module (CI has two cores): started by the fixture, joined by every
runner made here, stopped at the end.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyweave.cli import cli
from storyweave.errors import ConfigError
from storyweave.execute.executor import ExecutorConfig, make_runner
from storyweave.nlp.pipeline import PipelineConfig
from storyweave.pipeline import Settings, Workspace
from storyweave.render.json import brief_document
from storyweave.store import open_store

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"
SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"


@pytest.fixture(scope="module")
def cluster():
    ray = pytest.importorskip("ray")
    temp = tempfile.mkdtemp(prefix="sw-ray-test-")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.ERROR,
        _temp_dir=temp,
    )
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def ray_runner(cluster):
    runner = make_runner(ExecutorConfig(kind="ray"), PipelineConfig())
    yield runner
    runner.close()
    assert cluster.is_initialized(), "a runner that joined a cluster must leave it running"


def brief_json(inputs: list[str], runner=None, settings: Settings | None = None) -> dict:
    workspace = Workspace(open_store(None), settings or Settings(), runner=runner)
    with workspace:
        workspace.ingest(inputs)
        return brief_document(workspace.briefs(record=False).briefs)


def parts(document: dict) -> list[tuple]:
    """What a reader compares: each story's articles, claims and quotes."""
    return [
        (
            json.dumps(story["articles"], sort_keys=True),
            json.dumps(story.get("claims"), sort_keys=True),
            json.dumps(story.get("quotes"), sort_keys=True),
        )
        for story in document["stories"]
    ]


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.parametrize("corpus", [DEMO, SEEDS], ids=["demo", "seeds"])
def test_ray_briefs_are_the_local_briefs(ray_runner, corpus):
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is not there")
    # Several actors' worth of packets even on a small corpus: the merge of packets that come
    # back in any order is what could go wrong.
    settings = Settings(run=dataclasses.replace(Settings().run, batch_size=2))
    local = brief_json([str(corpus)], settings=settings)
    on_ray = brief_json([str(corpus)], runner=ray_runner, settings=settings)
    assert local["stories"], "the corpus should make at least one brief"
    assert any(s.get("quotes") or s.get("claims") for s in local["stories"])
    assert parts(on_ray) == parts(local)
    assert on_ray == local


@pytest.mark.ray
@pytest.mark.slow
def test_the_cli_runs_briefs_on_ray(cluster, tmp_path):
    """`--executor ray` from the command line joins the running cluster (no second start)."""
    runner = CliRunner()
    args = ["brief", str(DEMO), "--format", "json", "-o"]
    local = runner.invoke(cli, [*args, str(tmp_path / "local.json")])
    on_ray = runner.invoke(cli, [*args, str(tmp_path / "ray.json"), "--executor", "ray"])
    assert local.exit_code == on_ray.exit_code, on_ray.output
    assert (tmp_path / "ray.json").read_text() == (tmp_path / "local.json").read_text()
    assert cluster.is_initialized()


def test_a_missing_ray_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(ConfigError, match=r"storyweave\[ray\]"):
        make_runner(ExecutorConfig(kind="ray"), PipelineConfig())
    result = CliRunner().invoke(cli, ["annotate", str(DEMO), "--executor", "ray"])
    assert result.exit_code == 2
    assert "pip install 'storyweave[ray]'" in result.output


def test_a_ray_address_needs_the_ray_executor():
    with pytest.raises(ConfigError, match="--executor ray"):
        ExecutorConfig(kind="local", ray_address="auto")
    result = CliRunner().invoke(
        cli, ["annotate", str(DEMO), "--executor", "local", "--ray-address", "auto"]
    )
    assert result.exit_code == 2
    assert "needs the ray executor" in result.output
