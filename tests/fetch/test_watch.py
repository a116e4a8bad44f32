"""The watch cycle end to end against the tests' own server on 127.0.0.1 and a temporary folder:
what a monitoring desk would see from one cycle to the next."""

import os
import threading
from dataclasses import replace

import pytest

from storyweave.errors import ConfigError
from storyweave.fetch.client import Fetcher
from storyweave.fetch.config import FetchConfig, WatchConfig
from storyweave.fetch.state import MemoryFetchState
from storyweave.fetch.watch import (
    commit_cycle,
    parse_interval,
    parse_sources,
    run_watch,
    watch_cycle,
)
from storyweave.model import IngestNote

from .local import LOCAL, Reply
from .pages import STORIES, page_html, rss

WATCH = WatchConfig(fetch=LOCAL)


def summary_feed(server, stories=STORIES):
    items = []
    for number, (title, paragraphs) in enumerate(stories, 1):
        path = f"/news/story-{number}.html"
        server.routes[path] = Reply(
            200, page_html(title, paragraphs), {"Content-Type": "text/html"}
        )
        teaser = paragraphs[0][:80] + "..."
        items.append((f"courier-{number}", title, server.url(path), teaser, None))
    return rss(items)


def conditional(body, etag):
    def route(request):
        if request.headers.get("if-none-match") == etag:
            return Reply(304)
        return Reply(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})

    return route


def cycle(server, state, *sources, config=WATCH, fetcher=None):
    own = fetcher or Fetcher(config.fetch)
    try:
        return watch_cycle(parse_sources(sources), own, state, config)
    finally:
        if fetcher is None:
            own.close()


def test_a_feed_of_three_summaries_gives_three_articles_with_their_pages_text_and_urls(server):
    server.routes["/feed.xml"] = conditional(summary_feed(server), '"f1"')
    result = cycle(server, MemoryFetchState(), server.url("/feed.xml"))

    articles = result.articles
    assert [a.title for a in articles] == [title for title, _ in STORIES]
    assert [a.url for a in articles] == [server.url(f"/news/story-{n}.html") for n in (1, 2, 3)]
    for article, (_, paragraphs) in zip(articles, STORIES, strict=True):
        for paragraph in paragraphs:
            assert paragraph in article.text  # the page's whole text, not the feed's teaser
        assert "Home" not in article.text and "Copyright" not in article.text
    assert [a.id for a in articles] == ["courier-1", "courier-2", "courier-3"]
    assert result.problems == []
    report = result.report
    assert report.articles == ("courier-1", "courier-2", "courier-3")
    assert report.requests == 5  # robots.txt, the feed, three pages
    assert (
        report.line() == "3 new, 0 unchanged, 0 deferred, 0 problems, 5 requests (0 not modified)"
    )


def test_a_second_cycle_sends_a_conditional_get_and_304_reads_nothing(server):
    server.routes["/feed.xml"] = conditional(summary_feed(server), '"f1"')
    state = MemoryFetchState()
    with Fetcher(LOCAL) as fetcher:
        first = cycle(server, state, server.url("/feed.xml"), fetcher=fetcher)
        commit_cycle(state, first)
        before = len(server.received)
        second = cycle(server, state, server.url("/feed.xml"), fetcher=fetcher)
    assert second.articles == []
    assert second.report.not_modified == 1 and second.report.unchanged == 1
    assert second.report.requests == 1  # robots.txt is cached, no page is fetched again
    assert server.received[before].headers["if-none-match"] == '"f1"'


def test_an_uncommitted_cycle_leaves_no_trace_so_nothing_is_lost(server):
    # The articles of a cycle whose storing failed must come back next time, not hide behind
    # a remembered ETag.
    server.routes["/feed.xml"] = conditional(summary_feed(server), '"f1"')
    state = MemoryFetchState()
    cycle(server, state, server.url("/feed.xml"))
    again = cycle(server, state, server.url("/feed.xml"))
    assert len(again.articles) == 3
    assert state.keys() == []


def test_when_the_feed_changes_only_the_new_item_is_read(server):
    server.routes["/feed.xml"] = conditional(summary_feed(server, STORIES[:2]), '"f1"')
    state = MemoryFetchState()
    commit_cycle(state, cycle(server, state, server.url("/feed.xml")))
    server.routes["/feed.xml"] = conditional(summary_feed(server, STORIES), '"f2"')
    before = len(server.received)
    result = cycle(server, state, server.url("/feed.xml"))
    assert [a.id for a in result.articles] == ["courier-3"]
    assert result.report.unchanged == 2
    fetched = [request.path for request in server.received[before:]]
    assert fetched.count("/news/story-3.html") == 1
    assert "/news/story-1.html" not in fetched


def test_a_feed_carrying_full_content_is_read_without_visiting_the_pages(server):
    items = []
    for number, (title, paragraphs) in enumerate(STORIES, 1):
        content = "".join(f"<p>{text}</p>" for text in paragraphs * 3)
        items.append((f"full-{number}", title, server.url(f"/p{number}"), "teaser", content))
    server.routes["/full.xml"] = Reply(200, rss(items))
    result = cycle(server, MemoryFetchState(), server.url("/full.xml"))
    assert len(result.articles) == 3
    assert STORIES[0][1][2] in result.articles[0].text
    assert result.articles[0].url == server.url("/p1")
    assert not any(path.startswith("/p") for path in server.paths())


def test_a_page_robots_forbids_falls_back_to_the_feed_text_with_a_note(server):
    feed = summary_feed(server, STORIES[:1])
    server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /news/\n")
    server.routes["/feed.xml"] = Reply(200, feed)
    result = cycle(server, MemoryFetchState(), server.url("/feed.xml"))
    [note] = [item for item in result.items if isinstance(item, IngestNote)]
    assert "robots.txt disallows" in note.reason and "feed's own text is used" in note.reason
    [article] = result.articles
    assert article.text.startswith(STORIES[0][1][0][:40])
    assert "/news/story-1.html" not in server.paths()


def test_a_page_that_fails_for_now_is_deferred_and_retried_next_cycle(server):
    feed = summary_feed(server, STORIES[:1])
    page = server.routes["/news/story-1.html"]
    server.routes["/news/story-1.html"] = Reply(503)
    server.routes["/feed.xml"] = conditional(feed, '"f1"')
    config = replace(WATCH, fetch=replace(LOCAL, max_retries=0))
    state = MemoryFetchState()
    first = cycle(server, state, server.url("/feed.xml"), config=config)
    assert first.articles == [] and first.report.deferred == 1
    [problem] = first.problems
    assert "HTTP 503" in problem.reason and "tried again next cycle" in problem.reason
    commit_cycle(state, first)
    server.routes["/news/story-1.html"] = page
    second = cycle(server, state, server.url("/feed.xml"), config=config)
    assert [a.id for a in second.articles] == ["courier-1"]  # the feed was not taken as read


def test_a_watched_page_is_read_when_it_changes_and_only_then(server):
    title, paragraphs = STORIES[0]
    server.routes["/live"] = Reply(200, page_html(title, paragraphs))  # no validators at all
    state = MemoryFetchState()
    first = cycle(server, state, server.url("/live"))
    [article] = first.articles
    assert article.id == f"127.0.0.1-{server.port}-live"
    assert article.url == server.url("/live") and paragraphs[1] in article.text
    commit_cycle(state, first)
    assert cycle(server, state, server.url("/live")).report.unchanged == 1
    server.routes["/live"] = Reply(200, page_html(title, [*paragraphs, STORIES[1][1][0]]))
    assert len(cycle(server, state, server.url("/live")).articles) == 1


def test_without_allow_private_a_local_feed_is_a_problem_and_nothing_is_sent(server):
    server.routes["/feed.xml"] = Reply(200, summary_feed(server))
    guarded = WatchConfig(fetch=FetchConfig())
    result = cycle(server, MemoryFetchState(), server.url("/feed.xml"), config=guarded)
    [problem] = result.problems
    assert problem.input == server.url("/feed.xml")
    assert "loopback" in problem.reason and "--allow-private" in problem.reason
    assert server.received == []
    assert result.report.requests == 0


def write(path, text, mtime):
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


STORY_TEXT = "\n\n".join(STORIES[0][1])


def test_a_folder_gives_its_new_and_changed_files_only(tmp_path, clock):
    folder = tmp_path / "inbox"
    folder.mkdir()
    old = clock.now - 3600
    write(folder / "calder.txt", STORY_TEXT, old)
    write(folder / "almsund.txt", "\n\n".join(STORIES[2][1]), old)
    state = MemoryFetchState()
    with Fetcher(LOCAL) as fetcher:
        source = parse_sources([str(folder)])

        def run():
            result = watch_cycle(source, fetcher, state, WATCH, clock)
            commit_cycle(state, result)
            return result

        assert sorted(a.id for a in run().articles) == ["almsund", "calder"]
        assert run().report.unchanged == 2
        write(folder / "calder.txt", STORY_TEXT, old + 60)  # touched, same bytes
        assert run().articles == []
        write(folder / "calder.txt", STORY_TEXT + "\n\nThe port reopened.", old + 120)
        write(folder / "new.txt", "\n\n".join(STORIES[1][1]), old)
        changed = run()
        assert sorted(a.id for a in changed.articles) == ["calder", "new"]
        assert changed.articles[0].text.endswith("The port reopened.")
        assert changed.report.requests == 0


def test_a_file_still_being_written_waits_for_the_next_cycle(tmp_path, clock):
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "fresh.txt", STORY_TEXT, clock.now - 0.5)
    state = MemoryFetchState()
    with Fetcher(LOCAL) as fetcher:
        source = parse_sources([str(folder)])
        first = watch_cycle(source, fetcher, state, WATCH, clock)
        assert first.articles == [] and first.report.deferred == 1
        commit_cycle(state, first)
        clock.sleep(5)
        assert [a.id for a in watch_cycle(source, fetcher, state, WATCH, clock).articles] == [
            "fresh"
        ]


def test_run_watch_repeats_on_the_interval_until_stopped(tmp_path, clock):
    folder = tmp_path / "inbox"
    folder.mkdir()
    stop = threading.Event()
    seen = []

    def ingest(result):
        seen.append(result.report)
        if len(seen) == 1:
            write(folder / "later.txt", STORY_TEXT, clock.now - 3600)
        if len(seen) == 3:
            stop.set()

    state = MemoryFetchState()
    cycles = run_watch(
        parse_sources([str(folder)]), state, ingest, WATCH, every_s=900, stop=stop, clock=clock
    )
    assert cycles == 3
    assert [len(report.articles) for report in seen] == [0, 1, 0]
    assert clock.sleeps == [900, 900]
    assert (
        run_watch(
            parse_sources([str(folder)]), state, ingest, WATCH, every_s=900, once=True, clock=clock
        )
        == 1
    )


def test_an_ingest_step_that_fails_commits_nothing(tmp_path, clock):
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "a.txt", STORY_TEXT, clock.now - 3600)
    state = MemoryFetchState()

    def broken(result):
        raise OSError("disk full")

    with pytest.raises(OSError):
        run_watch(parse_sources([str(folder)]), state, broken, WATCH, every_s=60, clock=clock)
    assert state.keys() == []


def test_sources_and_intervals_are_checked():
    sources = parse_sources(["https://x.example/feed", "inbox", "https://x.example/feed"])
    assert [(s.text, s.is_url) for s in sources] == [
        ("https://x.example/feed", True),
        ("inbox", False),
    ]
    for bad in (["ftp://x.example/feed"], ["-"], []):
        with pytest.raises(ConfigError):
            parse_sources(bad)
    assert [parse_interval(t) for t in ("90", "30s", "15m", "2h", "1d")] == [
        90,
        30,
        900,
        7200,
        86400,
    ]
    with pytest.raises(ConfigError, match="15m"):
        parse_interval("soon")


def test_the_cycles_articles_go_into_a_store_through_the_loader(server):
    # How the integrator wires it: each cycle's items to load_articles, then commit_cycle.
    # (Uses today's store API; it follows the store package when that changes.)
    from storyweave.ingest.loader import load_articles
    from storyweave.store import open_store

    server.routes["/feed.xml"] = conditional(summary_feed(server), '"f1"')
    state = MemoryFetchState()
    with open_store(None) as store:

        def ingest(result):
            load_articles(store, result.items)

        run_watch(
            parse_sources([server.url("/feed.xml")]), state, ingest, WATCH, every_s=1, once=True
        )
        stored = {article.id: article for article in store.articles()}
    assert sorted(stored) == ["courier-1", "courier-2", "courier-3"]
    assert stored["courier-2"].url == server.url("/news/story-2.html")
    assert STORIES[1][1][2] in stored["courier-2"].text


def test_a_defect_on_one_source_is_reported_and_the_others_still_read(tmp_path, clock, monkeypatch):
    import storyweave.fetch.watch as watch

    def broken(*args):
        raise KeyError("oops")

    monkeypatch.setattr(watch, "watch_url", broken)
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder / "a.txt", STORY_TEXT, clock.now - 3600)
    with Fetcher(LOCAL) as fetcher:
        sources = parse_sources(["https://feeds.invalid/x", str(folder)])
        result = watch_cycle(sources, fetcher, MemoryFetchState(), WATCH, clock)
    [problem] = result.problems
    assert problem.input == "https://feeds.invalid/x" and "KeyError" in problem.reason
    assert [a.id for a in result.articles] == ["a"]
