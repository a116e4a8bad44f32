"""What only a server store can suffer: a wrong URL, no server, a read-only session, a dropped
connection. Each is one StoreError naming the store (never its password) and what to do."""

from __future__ import annotations

import pytest

from storyweave.errors import StoreError
from storyweave.ingest.loader import load_articles
from storyweave.model import Article
from storyweave.store import open_store
from storyweave.store.postgres import PostgreSQLStore, redacted_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def backend():
    return "postgresql"


def _article(article_id):
    return Article(id=article_id, text=f"Report {article_id} on the crane. " * 20, origin="x")


def test_a_postgresql_url_opens_the_postgresql_backend(location):
    with open_store(location) as store:
        assert isinstance(store, PostgreSQLStore)
    with open_store(location.replace("postgresql://", "postgres://", 1)) as store:
        assert isinstance(store, PostgreSQLStore)


def test_no_server_at_the_url_is_a_clear_error_without_the_password(postgres_server):
    url = "postgresql://reader:s3cret@127.0.0.1:1/news"
    with pytest.raises(StoreError) as raised:
        open_store(url)
    message = str(raised.value)
    assert "cannot open store postgresql://reader:***@127.0.0.1:1/news" in message
    assert "check that the server is running" in message
    assert "s3cret" not in message


def test_a_missing_database_says_how_to_make_one(postgres_server):
    base, _, _ = postgres_server.rpartition("/")
    with pytest.raises(StoreError, match="does not exist.*createdb"):
        open_store(f"{base}/no_such_database")


def test_a_read_only_session_reads_and_refuses_the_first_write_clearly(location):
    with open_store(location) as store:
        load_articles(store, [_article("a")])
    read_only = location + "%20-cdefault_transaction_read_only%3Don"
    with open_store(read_only) as store:
        assert store.article_ids() == ["a"]
        assert [i for i, _ in store.search_articles("crane", 5)] == ["a"]
        with pytest.raises(StoreError, match="cannot write to store.*read-only.*still work"):
            load_articles(store, [_article("b")])
    with open_store(location) as store:
        assert store.article_ids() == ["a"]


def test_a_dropped_connection_is_a_clear_error_and_keeps_what_was_committed(location):
    import psycopg

    with open_store(location) as store:
        load_articles(store, [_article("a")])
        pid = store._db.info.backend_pid
        with psycopg.connect(location, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError, match="lost the connection to store.*server is running"):
            load_articles(store, [_article("b")])
    with open_store(location) as store:
        assert store.article_ids() == ["a"]


def test_passwords_never_reach_messages():
    assert redacted_url("postgresql://u:p@h:5/d") == "postgresql://u:***@h:5/d"
    assert redacted_url("postgresql://h/d?user=u&password=p&sslmode=require") == (
        "postgresql://h/d?user=u&password=***&sslmode=require"
    )
    assert redacted_url("postgresql://u@h/d") == "postgresql://u@h/d"
