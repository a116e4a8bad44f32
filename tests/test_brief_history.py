"""Saved briefs and `brief --since`: what is new since the last brief of a story."""

import datetime as dt
import json

import pytest

from storyweave import pipeline
from storyweave.errors import ConfigError
from storyweave.model import Article, Brief, Claim, QuoteGroup, Story, Support
from storyweave.store import open_store

KVIST = "Renata Kvist said the dockers would stay out until an independent audit begins."
EBBE = "Minister Jonas Ebbe said the state inspectorate would check the cranes."


def brief_of(articles, claim_status, story_id="s-1"):
    claim = Claim(
        id="c1",
        text=KVIST,
        status=claim_status,
        independent_sources=1 if claim_status == "single_source" else 2,
        support=(Support("a", 0, len(KVIST), KVIST),),
    )
    return Brief(
        story=Story(story_id, "Calder strike", tuple(a.id for a in articles)),
        articles=tuple(articles),
        claims=(claim,),
        quotes=tuple(
            QuoteGroup("We stay out", "Renata Kvist", None, a.id, 0, 5) for a in articles[:1]
        ),
    )


def test_since_last_reports_new_articles_outlets_and_claim_status_changes(tmp_path):
    first = Article("a", KVIST, "Calder Daily")
    second = Article("b", EBBE + " " + KVIST, "Coast Courier")
    with open_store(str(tmp_path / "s.db")) as store:
        morning = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)
        pipeline.record_briefs(store, [brief_of([first], "single_source")], now=morning)
        evening = dt.datetime(2026, 3, 14, 20, 0, tzinfo=dt.UTC)
        later = brief_of([first, second], "corroborated")
        [recorded] = pipeline.record_briefs(store, [later], since="last", now=evening)
        changes = recorded.changes
        assert changes.since == "2026-03-14 09:00 UTC"
        assert [a.id for a in changes.new_articles] == ["b"]
        assert changes.new_sources == ("Coast Courier",)
        assert [(c.old_status, c.status) for c in changes.status_changes] == [
            ("single_source", "corroborated")
        ]
        assert changes.new_claims == () and changes.new_quotes == ()
        # Asking again right away: nothing is new since the brief just saved.
        [again] = pipeline.record_briefs(store, [later], since="last", now=evening)
        assert again.changes.since == "2026-03-14 20:00 UTC"
        assert again.changes.new_articles == ()
        # A date picks the last brief saved before that day.
        [dated] = pipeline.record_briefs(store, [later], since="2026-03-14", now=evening)
        assert dated.changes.since is None  # nothing was saved before the 14th
        assert len(dated.changes.new_articles) == 2


def test_since_rejects_what_is_neither_last_nor_a_date():
    with pytest.raises(ConfigError, match="--since"):
        pipeline.parse_since("yesterday-ish")
    assert pipeline.parse_since("2026-03-14T10:00+02:00") == "2026-03-14T08:00:00+00:00"


def test_cli_since_last_after_ingesting_more_articles(run_cli, corpus, tmp_path):
    db = str(tmp_path / "s.db")
    run_cli("ingest", str(corpus / "calder-daily.txt"), "--db", db)
    code, out, _ = run_cli("brief", "--db", db)
    assert code == 0 and "## Summary" in out and "What we don't know" in out
    run_cli("ingest", str(corpus / "coast-courier.txt"), "--db", db)
    code, out, _ = run_cli("brief", "--db", db, "--since", "last", "--format", "json")
    assert code == 0
    [story] = json.loads(out)["stories"]
    assert [a["id"] for a in story["changes"]["new_articles"]] == ["coast-courier"]
    assert story["changes"]["new_sources"] == ["Coast Courier"]
    assert story["changes"]["since"].endswith("UTC")
    code, out, _ = run_cli("brief", "--db", db, "--story", story["id"], "--since", "last")
    assert "## What changed since" in out and "Nothing new since then" in out


def test_cli_html_report_and_since_needs_a_store(run_cli, corpus, tmp_path):
    target = tmp_path / "brief.html"
    code, _, _ = run_cli("brief", str(corpus), "--format", "html", "-o", str(target))
    page = target.read_text(encoding="utf-8")
    assert code == 0 and page.startswith("<!DOCTYPE html>")
    assert "<h2>Summary</h2>" in page and 'class="cite"' in page
    code, _, err = run_cli("brief", str(corpus), "--since", "last")
    assert code == 2 and "--since needs a store" in err
