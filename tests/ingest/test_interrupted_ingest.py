"""A killed ingest leaves a consistent store, and running it again completes it."""

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from storyweave.store import open_store

pytestmark = pytest.mark.slow

WORDS = [
    "harbour",
    "crane",
    "union",
    "minister",
    "strike",
    "council",
    "vote",
    "budget",
    "river",
    "bridge",
    "court",
]


def write_corpus(path, count):
    rng = random.Random(3)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            text = " ".join(rng.choice(WORDS) + str(rng.randint(0, 99)) for _ in range(300))
            handle.write(json.dumps({"id": f"a{i}", "text": text + "."}) + "\n")


def stored_count(db_path):
    try:
        db = sqlite3.connect(db_path, timeout=1)
        return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def ingest_command(corpus, db):
    return [sys.executable, "-m", "storyweave.cli", "ingest", str(corpus), "--db", str(db)]


def test_killed_ingest_is_consistent_and_a_rerun_completes_it(tmp_path):
    corpus, db = tmp_path / "big.jsonl", tmp_path / "s.db"
    write_corpus(corpus, 4000)
    process = subprocess.Popen(ingest_command(corpus, db), stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while stored_count(db) == 0 and time.time() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()

    with open_store(str(db)) as store:
        assert store.integrity_problems() == []
        partial = store.article_count()
    assert 0 < partial < 4000, "the kill should land mid-ingest"

    rerun = subprocess.run(ingest_command(corpus, db), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{partial} unchanged" in rerun.stdout
    with open_store(str(db)) as store:
        assert store.integrity_problems() == []
        assert store.article_ids() == [f"a{i}" for i in range(4000)]
