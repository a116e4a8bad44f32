"""A team's shared PostgreSQL store, filled by two ingests at once, gives the same stories,
claims and quotes as one SQLite file of the same articles."""

import json
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def brief_json(location):
    done = subprocess.run(
        [sys.executable, "-m", "storyweave.cli", "brief", "--db", location, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def essentials(document):
    """What a reader compares: each story's articles, events, claims (text, status, sources,
    support) and quotes (words, speaker, where)."""
    found = {}
    for story in document["stories"]:
        found[story["id"]] = {
            "articles": sorted(a["id"] for a in story["articles"]),
            "events": sorted(tuple(sorted(e["articles"])) for e in story["events"]),
            "claims": sorted(
                (c["text"], c["status"], c["independent_sources"], len(c["support"]))
                for c in story["claims"]
            ),
            "quotes": sorted((q["text"], q["speaker"], q["article"]) for q in story["quotes"]),
        }
    return found


def test_two_concurrent_ingests_into_postgresql_brief_like_one_sqlite_file(
    postgres_server, tmp_path
):
    import psycopg

    schema = "t_same_briefs"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.execute(f"CREATE SCHEMA {schema}")
    shared = f"{postgres_server}?options=-csearch_path%3D{schema}"
    try:
        demo = "examples/demo"
        # Two processes at once, with overlapping inputs: the whole demo and the demo again.
        ingests = [
            subprocess.Popen(
                [sys.executable, "-m", "storyweave.cli", "ingest", demo, "--db", shared],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        assert [p.wait(timeout=300) for p in ingests] == [0, 0]
        local = str(tmp_path / "one.db")
        subprocess.run(
            [sys.executable, "-m", "storyweave.cli", "ingest", demo, "--db", local],
            check=True,
            capture_output=True,
        )
        assert essentials(brief_json(shared)) == essentials(brief_json(local))
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
