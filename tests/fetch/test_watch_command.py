"""`storyweave watch` as a monitoring desk runs it, against the tests' own server on 127.0.0.1."""

from storyweave.store import open_store

from .test_watch import conditional, summary_feed


def test_watch_stores_a_feeds_pages_then_asks_again_conditionally(server, run_cli, tmp_path):
    server.routes["/feed.xml"] = conditional(summary_feed(server), '"f1"')
    store = str(tmp_path / "news.db")
    feed = server.url("/feed.xml")
    code, out, err = run_cli("watch", feed, "--db", store, "--once", "--allow-private")
    assert code == 0, err
    assert "3 new articles" in out and "stories changed" in out
    with open_store(store) as opened:
        articles = {a.id: a for a in opened.articles()}
        assert len(articles) == 3 and all(
            a.url.startswith("http://127.0.0.1") for a in articles.values()
        )
        assert opened.stories()  # grouped and briefed, not only stored
    asked = len(server.received)
    code, out, _ = run_cli("watch", feed, "--db", store, "--once", "--allow-private")
    assert code == 0 and "0 new articles" in out and "1 not modified" in out
    again = [r for r in server.received[asked:] if r.path == "/feed.xml"]
    assert again and again[0].headers.get("if-none-match") == '"f1"'


def test_watch_refuses_a_private_address_without_the_flag_and_sends_nothing(
    server, run_cli, tmp_path
):
    server.routes["/feed.xml"] = conditional(summary_feed(server), '"f1"')
    code, out, err = run_cli(
        "watch", server.url("/feed.xml"), "--db", str(tmp_path / "s.db"), "--once"
    )
    assert "127.0.0.1" in err and ("private" in err or "loopback" in err)
    assert server.received == []
