"""Fixtures: the tests' own web server on 127.0.0.1 and a clock that never really sleeps."""

from collections.abc import Iterator

import pytest

from .local import FakeClock, LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    yield local
    local.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
