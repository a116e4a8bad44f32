"""`--db` works the same with a file and a postgresql:// URL, and a store problem reaches the
user as one error line and exit status 2, not a traceback."""

from __future__ import annotations

import json

import pytest

from .backends import write_lock_held


def test_ingest_and_extract_work_on_either_backend(run_cli, corpus, location):
    code, out, err = run_cli("ingest", str(corpus), "--db", location)
    assert code == 0, err
    assert "3 new" in out
    code, out, _ = run_cli("ingest", str(corpus), "--db", location)
    assert code == 0 and "0 new, 3 unchanged" in out
    code, out, err = run_cli("extract", "--db", location, "--format", "json")
    assert code == 0, err
    articles = json.loads(out)["articles"]
    assert sorted(a["id"] for a in articles) == ["calder-daily", "coast-courier", "gadget-ledger"]
    assert {a["source"] for a in articles} == {"Calder Daily", "Coast Courier", "Gadget Ledger"}


def test_a_busy_store_is_one_error_line(run_cli, corpus, location, monkeypatch):
    run_cli("ingest", str(corpus), "--db", location)
    monkeypatch.setenv("STORYWEAVE_BUSY_TIMEOUT_S", "0.2")
    with write_lock_held(location):
        code, out, err = run_cli("ingest", str(corpus / "calder-daily.txt"), "--db", location)
    assert code == 2
    assert err.startswith("error: store ") and "is busy" in " ".join(err.split())
    assert "Traceback" not in err


def test_a_bad_busy_timeout_setting_is_a_clear_error(run_cli, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("STORYWEAVE_BUSY_TIMEOUT_S", "soon")
    code, _, err = run_cli("ingest", str(corpus), "--db", str(tmp_path / "s.db"))
    assert code == 2 and "STORYWEAVE_BUSY_TIMEOUT_S" in err and "Traceback" not in err


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_damaged_store_is_one_error_line_for_every_command(run_cli, corpus, location):
    from .test_sqlite import _damage_table

    run_cli("ingest", str(corpus), "--db", location)
    _damage_table(location)
    for args in (["ingest", str(corpus)], ["extract", "--format", "json"]):
        code, out, err = run_cli(*args, "--db", location)
        assert code == 2, (args, out)
        assert "is damaged" in " ".join(err.split()) and "Traceback" not in err
        assert "new," not in out  # ingest no longer reports success


def test_extract_over_more_articles_than_one_read_gives_each_once_in_order(
    run_cli, tmp_path, location
):
    # extract reads the store 500 articles at a time (memory follows one batch, not the
    # store); across batch boundaries nothing may be lost, repeated or reordered.
    data = tmp_path / "many.jsonl"
    ids = [f"r{n:04d}" for n in range(1001)]
    with open(data, "w", encoding="utf-8") as handle:
        for n, article_id in enumerate(ids):
            words = " ".join(f"w{(n * 7 + k) % 997}" for k in range(40))
            handle.write(json.dumps({"id": article_id, "text": f"Report {n}. {words}."}) + "\n")
    code, _, err = run_cli("ingest", str(data), "--db", location)
    assert code == 0, err
    code, out, err = run_cli("extract", "--db", location, "--format", "ndjson")
    assert code == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ids
    code, out, err = run_cli("extract", "--db", location, "--format", "json")
    assert code == 0, err
    assert [a["id"] for a in json.loads(out)["articles"]] == ids
    # with INPUTs as well, exactly those articles, read by id in batches too
    code, out, err = run_cli("extract", str(data), "--db", location, "--format", "ndjson")
    assert code == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ids
