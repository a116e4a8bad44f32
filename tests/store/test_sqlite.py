import sqlite3

import pytest

from storyweave.errors import StoreError
from storyweave.model import Story
from storyweave.store import open_store
from storyweave.store.schema import SCHEMA_VERSION


def test_new_store_file_is_created_with_current_schema_and_wal(tmp_path):
    path = tmp_path / "sub" / "s.db"
    with open_store(str(path)) as store:
        assert store.article_count() == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_from_a_newer_storyweave_is_refused_clearly(tmp_path):
    path = tmp_path / "s.db"
    open_store(str(path)).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this storyweave"):
        open_store(str(path))


def test_a_file_that_is_not_a_store_gives_a_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        open_store(str(path))


def test_postgres_url_is_refused_until_supported():
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/news")


def test_rebuild_replaces_stories_and_drops_emptied_ones(tmp_path):
    from storyweave.ingest.loader import load_articles
    from storyweave.model import Article

    with open_store(None) as store:
        load_articles(store, [Article(id=i, text=f"text {i} " * 30, origin=i) for i in "abc"])
        store.save_stories([_story("s1", ("a", "b")), _story("s2", ("c",))])
        assigned = store.assignments()
        assert {a: assigned.story_of_article(a) for a in "abc"} == {"a": "s1", "b": "s1", "c": "s2"}
        store.save_stories([_story("s1", ("a", "b", "c"))], replace_all=True)
        assert [s.id for s in store.stories()] == ["s1"]
        assert store.stories()[0].article_ids == ("a", "b", "c")
        assert [e.article_ids for e in store.stories()[0].events] == [("a", "b", "c")]


def _story(story_id, article_ids, events=None):
    """A story of one event (or of `events`, lists of article ids)."""
    from storyweave.model import Event

    groups = events or [article_ids]
    return Story(
        story_id,
        f"title {story_id}",
        tuple(article_ids),
        tuple(Event(f"e-{story_id}-{i}", "event", tuple(g)) for i, g in enumerate(groups)),
    )


def test_an_event_keeps_its_story_and_an_emptied_event_goes(tmp_path):
    from storyweave.ingest.loader import load_articles
    from storyweave.model import Article

    with open_store(None) as store:
        load_articles(store, [Article(id=i, text=f"text {i} " * 30, origin=i) for i in "abcd"])
        store.save_stories([_story("s1", "abc", events=[["a", "b"], ["c"]])])
        assert [e.article_ids for e in store.stories()[0].events] == [("a", "b"), ("c",)]
        # "c" moves to the first event: the second is left empty and disappears.
        store.save_stories([_story("s1", "abc", events=[["a", "b", "c"]]), _story("s2", "d")])
        stories = {s.id: s for s in store.stories()}
        assert [e.article_ids for e in stories["s1"].events] == [("a", "b", "c")]
        assert stories["s2"].article_ids == ("d",)
        assert store.integrity_problems() == []


def test_removing_an_original_promotes_its_earliest_copy(tmp_path):
    import datetime as dt

    from storyweave.ingest.loader import load_articles
    from storyweave.model import Article

    text = " ".join(f"Sentence {n} of the wire report about the harbour crane." for n in range(30))
    day = dt.date(2026, 3, 1)
    articles = [
        Article(id="wire", text=text, origin="w", published=day),
        Article(id="copy1", text=text + " More.", origin="c1", published=day.replace(day=3)),
        Article(id="copy2", text=text + " Even more.", origin="c2", published=day.replace(day=2)),
    ]
    with open_store(None) as store:
        load_articles(store, articles)
        store.save_stories([_story("s1", ("wire", "copy1", "copy2"))])
        assert store.remove_articles(["wire", "nothing-here"]) == ["wire"]
        left = {a.id: a.duplicate_of for a in store.articles()}
        assert left == {"copy2": None, "copy1": "copy2"}
        assert store.stories()[0].article_ids == ("copy2", "copy1")
        assert store.integrity_problems() == []


def test_a_version_2_store_upgrades_with_each_story_as_one_event(tmp_path):
    import sqlite3

    from storyweave.store.schema import MIGRATIONS, statements

    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:2]:
        for statement in statements(migration):
            db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    db.execute(
        "INSERT INTO articles (id, text, origin, content_hash, text_hash, shingles, minhash) "
        "VALUES ('a', 'text', 'a.txt', 'h', 't', 1, x'00')"
    )
    db.execute("INSERT INTO stories (id, title, seq) VALUES ('s-123', 'Old story', 1)")
    db.execute("INSERT INTO story_articles (article_id, story_id) VALUES ('a', 's-123')")
    db.close()
    with open_store(str(path)) as store:
        (story,) = store.stories()
        assert (story.id, story.title, story.article_ids) == ("s-123", "Old story", ("a",))
        assert [e.article_ids for e in story.events] == [("a",)]


def test_story_results_are_cached_per_story_and_stage():
    with open_store(None) as store:
        store.put_story_results("claims", [("s1", "k1", b"one"), ("s2", "k2", b"two")])
        store.put_story_results("claims", [("s1", "k3", b"three")])
        assert store.story_results("claims", ["s1", "s2", "s3"]) == {
            "s1": ("k3", b"three"),
            "s2": ("k2", b"two"),
        }
        assert store.story_results("summary", ["s1"]) == {}
