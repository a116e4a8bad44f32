"""Store tests run once per backend: `new_location` gives a fresh SQLite file or a fresh
PostgreSQL schema on a throwaway server (scripts/postgres.sh, started once per session)."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "postgres.sh"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _unavailable(reason: str) -> None:
    """Skip, or fail where CI asks that the PostgreSQL tests really run."""
    message = f"PostgreSQL tests not run: {reason}"
    if os.environ.get("STORYWEAVE_REQUIRE_POSTGRES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server to make test schemas on: STORYWEAVE_TEST_POSTGRES_URL,
    else a throwaway server started for this session and stopped after it (failures too)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'psycopg[binary]')")
    given = os.environ.get("STORYWEAVE_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    started = subprocess.run(
        ["bash", str(SCRIPT), "start"], capture_output=True, text=True, timeout=180
    )
    if started.returncode != 0:
        _unavailable(started.stderr.strip().splitlines()[-1] if started.stderr.strip() else "")
    url, folder = started.stdout.split()
    try:
        yield url
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", folder], timeout=60, check=False)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def new_location(request, backend, tmp_path) -> Iterator[Callable[[], str]]:
    """A function returning the location of a new, empty store of the backend under test."""
    if backend == "sqlite":
        names = iter(range(1_000_000))
        yield lambda: str(tmp_path / f"store{next(names)}.db")
        return
    server = request.getfixturevalue("postgres_server")
    import psycopg

    made: list[str] = []

    def make() -> str:
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {schema}")
        made.append(schema)
        return f"{server}?options=-csearch_path%3D{schema}"

    yield make
    with psycopg.connect(server, autocommit=True) as admin:
        for schema in made:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def location(new_location) -> str:
    return new_location()
