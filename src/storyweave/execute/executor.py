"""Which executor runs the article stages: this machine (`local`) or a Ray cluster (`ray`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyweave.errors import ConfigError

if TYPE_CHECKING:
    from storyweave.execute.local import StageRunner
    from storyweave.nlp.pipeline import PipelineConfig

EXECUTORS = ("local", "ray")


@dataclass(frozen=True)
class ExecutorConfig:
    # "local": forked worker processes here; "ray": Ray actors, one per CPU of the cluster.
    kind: str = "local"
    # A running cluster to join ("ray://head:10001", "auto", "host:6379"); None with `ray`: a
    # local cluster starts with the first article to parse and stops with the workspace.
    ray_address: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in EXECUTORS:
            raise ConfigError(
                f"unknown executor {self.kind!r}: choose one of {', '.join(EXECUTORS)}"
            )
        if self.ray_address and self.kind != "ray":
            raise ConfigError("a Ray address needs the ray executor (--executor ray)")


def make_runner(config: ExecutorConfig, pipeline: PipelineConfig) -> StageRunner | None:
    """The runner for `config`; None means the local default (`execute.local.run_stages`).

    The ray runner checks that Ray is installed now, so a missing extra is said before any
    work is done; the cluster itself starts only when there is an article to parse."""
    if config.kind == "local":
        return None
    from storyweave.execute.ray import RayRunner

    return RayRunner(pipeline, config.ray_address)
