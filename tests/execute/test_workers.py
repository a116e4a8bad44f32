"""Stories briefed in worker processes come back exactly as when briefed one by one."""

import multiprocessing

import pytest

from storyweave.execute.local import map_in_workers

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked"
)


@needs_fork
def test_results_keep_input_order_whatever_the_weights():
    offset = 7  # closed over: workers inherit it instead of receiving a pickled copy

    def work(n: int) -> tuple[int, int]:
        return n, n * n + offset

    items = list(range(25))
    expected = [work(n) for n in items]
    assert map_in_workers(work, items, 2, weight=lambda n: n % 5) == expected


@needs_fork
def test_a_failure_in_a_worker_reaches_the_caller():
    def work(n: int) -> int:
        if n == 3:
            raise ValueError("bad story")
        return n

    with pytest.raises(ValueError, match="bad story"):
        map_in_workers(work, list(range(6)), 2)


def test_one_process_runs_here():
    seen = []
    assert map_in_workers(lambda n: seen.append(n) or n, [1, 2], 1) == [1, 2]
    assert seen == [1, 2]
