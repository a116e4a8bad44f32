import datetime as dt

import pytest

from storyweave.ingest.loader import load_articles
from storyweave.model import Article, IngestProblem
from storyweave.store import open_store

WIRE = (
    "Workers at the Tessaly glass plant walked out on Monday after talks over a new contract "
    "broke down late on Sunday night. The union says the company offered a raise of two "
    "percent, below inflation, while managers say the offer was four percent over two years. "
    "About 900 people work at the plant, the largest employer in the valley. A spokesperson "
    "for the company said production would continue with reduced staff and that the door to "
    "negotiations remained open. The union said pickets would stay until a new offer arrived."
)
OTHER = (
    "The city council of Brenholt voted to close the old ferry terminal at the end of the year, "
    "ending a service that has run since 1911. Councillors cited repair costs of eleven million "
    "and falling passenger numbers. Residents of the island district, who rely on the ferry to "
    "reach schools and the hospital, said they would challenge the decision in court, and a "
    "petition against the closure has gathered more than four thousand signatures this week."
)


def articles():
    return [
        Article(id="wire", text=WIRE, source="Wire", published=dt.date(2026, 3, 2), origin="w"),
        Article(id="other", text=OTHER, source="Daily", published=dt.date(2026, 3, 2), origin="o"),
        Article(
            id="reprint",
            text="From our partners.\n" + WIRE + "\nRead more on our site.",
            source="Herald",
            published=dt.date(2026, 3, 3),
            origin="r",
        ),
    ]


def test_reprint_is_recorded_as_copy_of_the_original():
    with open_store(None) as store:
        report = load_articles(store, articles())
        assert report.duplicates == {"reprint": "wire"}
        stored = {a.id: a for a in store.articles()}
        assert stored["reprint"].duplicate_of == "wire"
        assert stored["wire"].duplicate_of is None
        assert stored["other"].duplicate_of is None


def test_earlier_published_copy_arriving_later_becomes_the_original():
    late, early = articles()[0], articles()[2]
    early = Article(**{**early.__dict__, "published": dt.date(2026, 3, 1)})
    with open_store(None) as store:
        load_articles(store, [late])
        load_articles(store, [early])
        stored = {a.id: a for a in store.articles()}
        assert stored["reprint"].duplicate_of is None
        assert stored["wire"].duplicate_of == "reprint"


def test_reingesting_the_same_articles_changes_nothing(tmp_path):
    path = str(tmp_path / "s.db")
    with open_store(path) as store:
        first = load_articles(store, articles())
    with open_store(path) as store:
        second = load_articles(store, articles())
        assert second.added == [] and sorted(second.unchanged) == sorted(first.added)
        assert store.article_count() == 3
        assert {a.id: a.duplicate_of for a in store.articles()}["reprint"] == "wire"


def test_same_id_with_other_content_is_refused_and_the_stored_one_kept():
    with open_store(None) as store:
        load_articles(store, articles())
        changed = Article(id="other", text=OTHER + " A late addition.", origin="new.txt")
        report = load_articles(store, [changed])
        assert report.added == []
        assert len(report.problems) == 1
        assert "new.txt" in str(report.problems[0]) and "already stored" in str(report.problems[0])
        assert store.articles(["other"])[0].text == OTHER


def test_problems_are_reported_and_the_other_articles_kept():
    problem = IngestProblem("broken.jsonl:3", "line is not JSON")
    with open_store(None) as store:
        report = load_articles(store, [articles()[0], problem, articles()[1]])
        assert report.problems == [problem]
        assert store.article_count() == 2


def test_a_source_spelled_another_way_takes_the_stored_spelling(tmp_path):
    path = str(tmp_path / "s.db")
    with open_store(path) as store:
        load_articles(store, [Article(id="a", text=WIRE, source="PolitiFact", origin="a")])
    later = [
        Article(id="b", text=OTHER, source="Politifact", origin="b"),
        Article(id="c", text="A third report.", source=" POLITI-FACT ", origin="c"),
        Article(id="d", text="A fourth one.", source="The New York Times", origin="d"),
        Article(id="e", text="A fifth one.", source="the new york times", origin="e"),
    ]
    with open_store(path) as store:
        load_articles(store, later)
        assert {a.id: a.source for a in store.articles()} == {
            "a": "PolitiFact",
            "b": "PolitiFact",
            "c": "PolitiFact",
            "d": "The New York Times",  # first spelling of a new source wins
            "e": "The New York Times",
        }
        assert store.source_names() == ["PolitiFact", "The New York Times"]
        again = load_articles(store, later)  # respelled the same way: nothing to do
    assert again.unchanged == ["b", "c", "d", "e"] and again.added == []


def test_articles_read_before_a_reader_failure_are_stored():
    def items():
        yield from articles()[:2]
        raise RuntimeError("reader bug")

    with open_store(None) as store:
        with pytest.raises(RuntimeError, match="reader bug"):
            load_articles(store, items())
        assert store.article_ids() == ["wire", "other"]
