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
        store.save_stories([Story("s1", "one", ("a", "b")), Story("s2", "two", ("c",))])
        assert store.story_assignments() == {"a": "s1", "b": "s1", "c": "s2"}
        store.save_stories([Story("s1", "one", ("a", "b", "c"))], replace_all=True)
        assert [s.id for s in store.stories()] == ["s1"]
        assert store.stories()[0].article_ids == ("a", "b", "c")
