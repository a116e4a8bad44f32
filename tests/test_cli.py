"""The commands a user types, end to end on small hand-made inputs."""

import json
import subprocess
import sys
from pathlib import Path


def test_one_shot_brief_json_groups_stories_and_follows_the_contract(run_cli, corpus):
    code, out, _ = run_cli("brief", str(corpus), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["schema"] == "storyweave.brief/1"
    stories = document["stories"]
    members = sorted(sorted(a["id"] for a in s["articles"]) for s in stories)
    assert members == [["calder-daily", "coast-courier"], ["gadget-ledger"]]
    first = stories[0]  # the story with two original reports comes first
    assert {a["source"] for a in first["articles"]} == {"Calder Daily", "Coast Courier"}
    assert first["articles"][0]["published"] == "2026-03-14"
    for key in ("summary", "claims", "quotes", "entities", "positions", "timeline", "coverage"):
        assert key in first
    people = {e["name"]: e for e in first["entities"] if e["type"] == "PERSON"}
    assert "Renata Kvist" in people
    assert people["Renata Kvist"]["articles"] == ["calder-daily", "coast-courier"]


def test_store_mode_keeps_articles_and_reingest_is_idempotent(run_cli, corpus, tmp_path):
    db = str(tmp_path / "s.db")
    code, out, _ = run_cli("ingest", str(corpus), "--db", db)
    assert code == 0 and "3 new" in out
    code, out, _ = run_cli("ingest", str(corpus), "--db", db)
    assert code == 0 and "0 new, 3 unchanged" in out
    code, out, _ = run_cli("extract", "--db", db, "--format", "json")
    ids = [a["id"] for a in json.loads(out)["articles"]]
    assert sorted(ids) == ["calder-daily", "coast-courier", "gadget-ledger"]


def test_new_articles_join_existing_stories_without_changing_their_ids(run_cli, corpus, tmp_path):
    db = str(tmp_path / "s.db")
    run_cli(
        "ingest",
        str(corpus / "calder-daily.txt"),
        str(corpus / "gadget-ledger.txt"),
        "--db",
        db,
    )
    _, out, _ = run_cli("stories", "--db", db, "--format", "json")
    before = {s["id"]: [a["id"] for a in s["articles"]] for s in json.loads(out)["stories"]}
    run_cli("ingest", str(corpus / "coast-courier.txt"), "--db", db)
    _, out, _ = run_cli("stories", "--db", db, "--format", "json")
    after = {s["id"]: [a["id"] for a in s["articles"]] for s in json.loads(out)["stories"]}
    assert set(after) == set(before)
    strike = next(i for i, members in before.items() if "calder-daily" in members)
    assert after[strike] == ["calder-daily", "coast-courier"]


def test_bad_inputs_are_named_skipped_and_signalled_by_exit_status(run_cli, corpus, tmp_path):
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    code, out, err = run_cli("extract", str(corpus), "--format", "json")
    assert code == 1
    assert "notes.pdf" in err and "empty.txt" in err
    assert len(json.loads(out)["articles"]) == 3


def test_annotate_lists_entity_mentions_with_offsets_into_the_text(run_cli, corpus):
    code, out, _ = run_cli("annotate", str(corpus / "gadget-ledger.txt"), "--format", "json")
    assert code == 0
    article = json.loads(out)["articles"][0]
    for entity in article["entities"]:
        assert article["text"][entity["start"] : entity["end"]] == entity["text"]
    assert any(e["text"] == "Tilda Nore" and e["type"] == "PERSON" for e in article["entities"])


def test_markdown_brief_names_story_sources_and_people(run_cli, corpus):
    code, out, _ = run_cli("brief", str(corpus))
    assert code == 0
    assert "Calder Daily" in out and "Renata Kvist" in out
    assert out.index("Calder") < out.index("Vellmark")


def test_missing_input_and_no_store_are_clear_errors(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STORYWEAVE_DB", raising=False)
    code, _, err = run_cli("brief")
    assert code == 2 and "no store at storyweave.db" in err and "storyweave ingest" in err
    code, _, err = run_cli("brief", "--db", str(tmp_path / "typo.db"))
    assert code == 2 and "typo.db" in err
    assert not (tmp_path / "typo.db").exists()  # a reading command creates no store
    code, _, err = run_cli("extract", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt" in err


def test_output_file_is_written(run_cli, corpus, tmp_path):
    target = tmp_path / "brief.json"
    code, _, _ = run_cli("brief", str(corpus), "--format", "json", "-o", str(target))
    assert code == 0
    assert json.loads(Path(target).read_text(encoding="utf-8"))["stories"]


def test_help_answers_without_loading_the_language_models():
    # A fresh interpreter: the test session has spaCy imported already.
    code = (
        "import sys\n"
        "from storyweave.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('spacy', 'sklearn', 'scipy', 'thinc') if m in sys.modules]\n"
        "print('loaded:', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage: storyweave" in done.stdout
    assert "loaded: []" in done.stdout
