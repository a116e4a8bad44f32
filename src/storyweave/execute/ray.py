"""The Ray executor: article stages on Ray actors, each loading the spaCy pipeline once.

Only the parse and the article stages move (the heavy, per-article part); the driver keeps
the cache, the vectors, the grouping and the story stages, and is the store's only writer.
Each actor runs `execute.articles.parse_and_run`, the local runner's code, on packets of
articles, so the payloads and cache keys are the local runner's. Ray is imported here only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from storyweave.errors import ConfigError, ExecuteError
from storyweave.execute.articles import (
    StageOutput,
    chunks_longest_first,
    one_blas_thread,
    parse_and_run,
)
from storyweave.model import Article

if TYPE_CHECKING:
    from storyweave.execute.local import Resources, RunConfig
    from storyweave.nlp.pipeline import PipelineConfig

log = logging.getLogger("storyweave")

# Packets in flight per actor: the next one is already there when an actor finishes, so it
# never waits on the driver.
PACKETS_PER_ACTOR = 2


# How long `--ray-address` may take to answer a TCP connect before it is called unreachable.
CONNECT_TIMEOUT_S = 5.0


def import_ray(local_cluster: bool = False) -> Any:
    """Ray, or a ConfigError naming the extra to install. With `local_cluster`, the cluster
    this process may start is loopback only: Ray otherwise advertises, and binds its servers
    to, every interface. (Ray reads this at import, so it counts for the first import only.)"""
    if local_cluster:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            "--executor ray needs Ray, which is not installed: pip install 'storyweave[ray]'"
        ) from exc
    return ray


class StageWorker:
    """One Ray actor: the pipeline loaded once, then packet after packet of articles."""

    def __init__(self, pipeline: PipelineConfig) -> None:
        from storyweave.nlp.pipeline import load_pipeline

        # One actor per CPU already fills the cores; see one_blas_thread.
        os.environ["TOKENIZERS_PARALLELISM"] = "false"
        one_blas_thread()
        self._nlp = load_pipeline(pipeline)

    def stop(self) -> None:
        """Leave cleanly: a killed actor prints a stack dump on the command's stderr."""
        import ray

        ray.actor.exit_actor()

    def run(self, packet: Sequence[tuple[Article, str]], config: RunConfig) -> list[StageOutput]:
        return list(parse_and_run(packet, self._nlp, config))


class RayRunner:
    """A `StageRunner` over Ray actors. The cluster (joined at `address`, else started here
    with this machine's CPUs) and the actors start on the first call and live until `close`,
    so a watch or a multi-batch brief loads the pipelines once."""

    def __init__(self, pipeline: PipelineConfig, address: str | None = None) -> None:
        self._address = address or os.environ.get("RAY_ADDRESS") or None
        self._ray = import_ray(local_cluster=self._address is None)
        if self._address:
            check_reachable(self._address)
        self._pipeline = pipeline
        self._actors: list[Any] = []
        self._started_cluster = False
        self._temp_dir: str | None = None

    def __call__(
        self, todo: Sequence[tuple[Article, str]], resources: Resources, config: RunConfig
    ) -> Iterator[StageOutput]:
        if not todo:
            return
        ray = self._ray
        actors = self._start()
        packets = chunks_longest_first(todo, len(actors), config.batch_size)
        config_ref = ray.put(config)
        waiting: dict[Any, Any] = {}  # result ref -> the actor working on it
        queue = iter(packets)
        for actor in actors:
            for _ in range(PACKETS_PER_ACTOR):
                self._submit(queue, actor, config_ref, waiting)
        while waiting:
            [done], _ = ray.wait(list(waiting), num_returns=1)
            actor = waiting.pop(done)
            try:
                outputs = ray.get(done)
            except ray.exceptions.RayError as exc:
                raise ExecuteError(f"a Ray worker failed while parsing articles: {exc}") from exc
            self._submit(queue, actor, config_ref, waiting)
            yield from outputs

    def _submit(self, queue: Iterator, actor: Any, config_ref: Any, waiting: dict) -> None:
        packet = next(queue, None)
        if packet is not None:
            waiting[actor.run.remote(packet, config_ref)] = actor

    def _start(self) -> list[Any]:
        if self._actors:
            return self._actors
        ray = self._ray
        if not ray.is_initialized():
            # No telemetry call-home; a run must not need the network.
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            try:
                if self._address:
                    # Ray's C++ client prints a warning a second while it retries; the
                    # command's answer is the one line below.
                    with quiet_stderr():
                        ray.init(
                            address=self._address,
                            log_to_driver=False,
                            logging_level=logging.ERROR,
                        )
                else:
                    # Short path: Ray's socket names must fit in 107 bytes.
                    self._temp_dir = tempfile.mkdtemp(prefix="sw-ray-")
                    ray.init(
                        # "local": a new cluster, even where `ray start` left one running.
                        address="local",
                        num_cpus=os.cpu_count() or 1,
                        include_dashboard=False,
                        log_to_driver=False,
                        logging_level=logging.ERROR,
                        _temp_dir=self._temp_dir,
                    )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                self._remove_temp_dir()
                where = self._address or "a local cluster"
                first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                raise ExecuteError(f"cannot start Ray ({where}): {first_line}") from exc
            self._started_cluster = True
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        worker = ray.remote(num_cpus=1)(StageWorker)
        self._actors = [worker.remote(self._pipeline) for _ in range(cpus)]
        log.info("ray: %d actors on %s", cpus, self._address or "a local cluster")
        return self._actors

    def close(self) -> None:
        """Stop the actors, and the cluster if this runner started it."""
        ray = self._ray
        stopping = [actor.stop.remote() for actor in self._actors]
        for ref in stopping:
            # exit_actor ends the call with this error: the actor is gone
            with contextlib.suppress(ray.exceptions.RayActorError):
                ray.get(ref)
        self._actors = []
        if self._started_cluster:
            ray.shutdown()
            self._started_cluster = False
        self._remove_temp_dir()

    def _remove_temp_dir(self) -> None:
        if self._temp_dir:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None


def check_reachable(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """An ExecuteError unless something answers at `address` (HOST:PORT or ray://HOST:PORT;
    "auto" is Ray's to find). Ray itself retries an unreachable address for minutes, printing
    its own warnings; this says so in one line within `timeout` seconds."""
    if address == "auto":
        return
    hostport = address.removeprefix("ray://")
    host, _, port = hostport.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit():
        raise ExecuteError(
            f"not a Ray address: {address!r} (expected HOST:PORT, ray://HOST:PORT or auto)"
        )
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise ExecuteError(f"cannot reach the Ray cluster at {address}: {reason}") from exc


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """File descriptor 2 into a temporary file for the block (Ray's C++ logging writes there
    directly); what was written is logged at debug level."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            text = caught.read().decode("utf-8", "replace").strip()
            if text:
                log.debug("ray: %s", text)
