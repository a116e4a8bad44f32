"""`--executor ray` as a user sees it: the same brief as the local runner, and one clear line
when Ray is missing or its address is wrong.

One local Ray cluster for the whole test session (two CPUs, no dashboard, loopback only),
started by the first test that needs it and stopped at the end; the commands run here join it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

import pytest

from storyweave.errors import ConfigError
from storyweave.execute.executor import ExecutorConfig, make_runner
from storyweave.nlp.pipeline import PipelineConfig

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"
# Real news: five outlets' reports of one story (../shared, beside the repository in CI).
SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"


@pytest.fixture(scope="session")
def ray_cluster():
    # Read by Ray at import: advertise and bind 127.0.0.1 only, and no usage report.
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray = pytest.importorskip("ray")
    temp = tempfile.mkdtemp(prefix="sw-ray-test-")  # short: Ray's socket paths are limited
    ray.init(
        address="local",  # a new cluster, whatever RAY_ADDRESS or `ray start` say
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.ERROR,
        _temp_dir=temp,
    )
    try:
        address = ray.get_runtime_context().gcs_address
        assert address.startswith("127.0.0.1:"), f"test cluster not on loopback: {address}"
        yield ray
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stories(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["stories"]


@pytest.mark.ray
@pytest.mark.slow  # starts the cluster: 25 s at a load of 11 on two cores
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpora/seeds is not there")
def test_ray_briefs_are_the_local_briefs(ray_cluster, run_cli, tmp_path, monkeypatch):
    """Same stories, claims, quotes and citations, byte for byte, on real articles."""
    monkeypatch.delenv("RAY_ADDRESS", raising=False)  # join the session's cluster
    brief = ["brief", str(SEEDS), "--format", "json", "-o"]
    code_local, _, err_local = run_cli(*brief, str(tmp_path / "local.json"))
    code_ray, _, err_ray = run_cli(*brief, str(tmp_path / "ray.json"), "--executor", "ray")
    assert code_local == 0, err_local
    assert code_ray == 0, err_ray
    local, on_ray = stories(tmp_path / "local.json"), stories(tmp_path / "ray.json")
    assert local, "five reports of one story should make a brief"
    assert any(s.get("claims") for s in local) and any(s.get("quotes") for s in local)
    for mine, theirs in zip(on_ray, local, strict=True):
        assert mine["articles"] == theirs["articles"]
        assert mine.get("claims") == theirs.get("claims")
        assert mine.get("quotes") == theirs.get("quotes")
    assert (tmp_path / "ray.json").read_text() == (tmp_path / "local.json").read_text()
    # The command joined the running cluster, so it leaves it running.
    assert ray_cluster.is_initialized()


def test_a_missing_ray_is_one_clear_error(monkeypatch, run_cli):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    with pytest.raises(ConfigError, match=r"storyweave\[ray\]"):
        make_runner(ExecutorConfig(kind="ray"), PipelineConfig())
    code, _, err = run_cli("annotate", str(DEMO), "--executor", "ray")
    assert code == 2
    assert err.strip().splitlines() == [
        "error: --executor ray needs Ray, which is not installed: pip install 'storyweave[ray]'"
    ]


def test_a_ray_address_needs_the_ray_executor(run_cli):
    code, _, err = run_cli("annotate", str(DEMO), "--executor", "local", "--ray-address", "auto")
    assert code == 2
    assert "needs the ray executor" in err


@pytest.mark.ray
def test_a_bad_ray_address_is_one_line_not_a_traceback(run_cli):
    pytest.importorskip("ray")
    port = closed_port()
    code, out, err = run_cli("annotate", str(DEMO), "--ray-address", f"127.0.0.1:{port}")
    assert code == 2 and not out
    assert err.strip().splitlines() == [
        f"error: cannot reach the Ray cluster at 127.0.0.1:{port}: Connection refused"
    ]
    code, _, err = run_cli("brief", str(DEMO), "--ray-address", "head-node")
    assert code == 2
    assert err.strip().splitlines() == [
        "error: not a Ray address: 'head-node' (expected HOST:PORT, ray://HOST:PORT or auto)"
    ]
