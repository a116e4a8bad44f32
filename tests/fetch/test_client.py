"""The fetcher against the tests' own server on 127.0.0.1: what is sent, what is refused, what
is cut off. Time is a fake clock, so backoff and pacing are checked without sleeping."""

import email.utils
import gzip
import socket
import zlib
from dataclasses import replace

import pytest

from storyweave import __version__
from storyweave.errors import FetchError, StoryweaveError
from storyweave.fetch.client import Fetcher, Validators
from storyweave.fetch.config import FetchConfig
from storyweave.fetch.errors import (
    AddressRefused,
    BodyRefused,
    FetchFailed,
    RetryLater,
    RobotsRefused,
    StatusRefused,
)
from storyweave.fetch.state import MemoryFetchState

from .local import LOCAL, Reply


def fetch(server, path, config=LOCAL, clock=None, state=None, **kwargs):
    options = {"clock": clock} if clock else {}
    with Fetcher(config, **options) as fetcher:
        return fetcher.fetch(server.url(path), state or MemoryFetchState(), **kwargs)


def test_a_page_is_fetched_with_a_user_agent_naming_storyweave(server):
    server.routes["/a"] = Reply(200, b"<p>hello</p>", {"Content-Type": "text/html"})
    result = fetch(server, "/a")
    assert result.body == b"<p>hello</p>"
    assert result.content_type == "text/html"
    page = server.received[-1]
    assert page.headers["user-agent"] == f"storyweave/{__version__}"
    contact = replace(LOCAL, contact="+mailto:desk@example.org")
    fetch(server, "/a", contact)
    assert server.received[-1].headers["user-agent"].endswith("(+mailto:desk@example.org)")


def test_a_conditional_get_sends_the_validators_and_reads_304_as_unchanged(server):
    def conditional(request):
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(304)
        return Reply(
            200, b"body", {"ETag": '"v1"', "Last-Modified": "Sat, 09 May 2026 10:00:00 GMT"}
        )

    server.routes["/feed"] = conditional
    state = MemoryFetchState()
    with Fetcher(LOCAL) as fetcher:
        first = fetcher.fetch(server.url("/feed"), state)
        second = fetcher.fetch(server.url("/feed"), state, first.validators)
        assert fetcher.stats.not_modified == 1
    assert first.validators == Validators('"v1"', "Sat, 09 May 2026 10:00:00 GMT")
    assert second.not_modified and second.body == b""
    sent = server.received[-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Sat, 09 May 2026 10:00:00 GMT"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_without_allow_private_the_local_server_is_refused_and_receives_nothing(server, host):
    server.routes["/a"] = Reply(200, b"secret")
    url = server.url("/a", host=host)
    with Fetcher(FetchConfig()) as fetcher, pytest.raises(AddressRefused) as caught:
        fetcher.fetch(url, MemoryFetchState())
    message = str(caught.value)
    assert message.startswith(f"cannot fetch {url}: ")
    assert "loopback" in message and "--allow-private" in message
    assert isinstance(caught.value, FetchError) and isinstance(caught.value, StoryweaveError)
    assert server.received == []


# The server stands for a public site: only its own address is exempted from the guard.
SITE_ONLY = replace(LOCAL, allow_private=False, allow_networks=("127.0.0.1/32",))


@pytest.mark.parametrize(
    ("location", "kind"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]:{port}/", "loopback"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused_at_the_hop(server, location, kind):
    location = location.format(port=server.port)
    server.routes["/go"] = Reply(302, b"", {"Location": location})
    with Fetcher(SITE_ONLY) as fetcher, pytest.raises(AddressRefused) as caught:
        fetcher.fetch(server.url("/go"), MemoryFetchState())
    assert caught.value.url == location
    assert kind in caught.value.reason
    assert server.paths() == ["/robots.txt", "/go"]


def test_redirects_are_followed_each_vetted_up_to_the_limit(server):
    server.routes["/old"] = Reply(301, b"", {"Location": "/new#top"})
    server.routes["/new"] = Reply(200, b"moved here")
    result = fetch(server, "/old")
    assert (result.final_url, result.body) == (server.url("/new"), b"moved here")
    server.routes["/loop"] = Reply(302, b"", {"Location": "/loop"})
    with pytest.raises(FetchFailed, match=r"more than 5 redirects \(max_redirects\)"):
        fetch(server, "/loop")
    assert server.paths().count("/loop") == 6
    server.routes["/bad"] = Reply(302, b"", {"Location": "http://[::1/"})
    with pytest.raises(FetchFailed, match="invalid URL"):
        fetch(server, "/bad")


def test_the_connection_goes_to_the_vetted_address_keeping_the_host_name(server):
    # "news.test" exists only in this resolver: had anything resolved it a second time (httpx,
    # the socket layer), the request would fail instead of reaching the server.
    calls = []

    def resolver(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    server.routes["/a"] = Reply(200, b"pinned")
    with Fetcher(LOCAL, resolver=resolver) as fetcher:
        result = fetcher.fetch(server.url("/a", host="news.test"), MemoryFetchState())
    assert result.body == b"pinned"
    assert server.received[-1].headers["host"] == f"news.test:{server.port}"
    assert calls == ["news.test", "news.test"]  # once for robots.txt, once for the page


def test_a_body_over_the_limit_is_refused_without_reading_it_all(server):
    small = replace(LOCAL, max_body_bytes=100_000)
    server.routes["/declared"] = Reply(200, b"x" * 200_000)
    with pytest.raises(BodyRefused, match="200,000 bytes.*max_body_bytes.*not read"):
        fetch(server, "/declared", small)
    # No Content-Length: 64 MB streamed; reading stops at the limit and the client hangs up.
    server.routes["/stream"] = Reply(200, (b"y" * 65_536 for _ in range(1000)))
    with pytest.raises(BodyRefused, match="100,000-byte limit"):
        fetch(server, "/stream", small)
    assert server.aborted.wait(5), "the server wrote the whole body: the client kept reading"


def test_a_gzip_bomb_is_cut_off_by_size_and_by_ratio(server):
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)  # ~20 KB on the wire
    server.routes["/bomb"] = Reply(200, bomb, {"Content-Encoding": "gzip"})
    with pytest.raises(BodyRefused, match="max_decoded_bytes.*decompression bomb"):
        fetch(server, "/bomb", replace(LOCAL, max_decoded_bytes=1_000_000))
    roomy = replace(LOCAL, max_decoded_bytes=100_000_000)
    with pytest.raises(BodyRefused, match="max_compression_ratio"):
        fetch(server, "/bomb", roomy)


def test_gzip_and_deflate_bodies_are_decoded(server):
    text = b"<p>" + b"news " * 5000 + b"</p>"
    server.routes["/gz"] = Reply(200, gzip.compress(text), {"Content-Encoding": "gzip"})
    server.routes["/zlib"] = Reply(200, zlib.compress(text), {"Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-15)
    raw_deflate = raw.compress(text) + raw.flush()
    server.routes["/raw"] = Reply(200, raw_deflate, {"Content-Encoding": "deflate"})
    for path in ("/gz", "/zlib", "/raw"):
        assert fetch(server, path).body == text
    server.routes["/br"] = Reply(200, b"\x0b\x02\x80", {"Content-Encoding": "br"})
    with pytest.raises(BodyRefused, match="encoded as br"):
        fetch(server, "/br")


def scripted(*replies):
    """A route answering `replies` in turn, then the last one again."""
    queue = list(replies)
    return lambda request: queue.pop(0) if len(queue) > 1 else queue[0]


def test_429_with_retry_after_waits_as_asked_then_retries(server, clock):
    server.routes["/a"] = scripted(Reply(429, b"", {"Retry-After": "7"}), Reply(200, b"ok"))
    result = fetch(server, "/a", clock=clock)
    assert result.body == b"ok"
    assert clock.sleeps == [7.0]
    assert server.paths() == ["/robots.txt", "/a", "/a"]


def test_retry_after_as_an_http_date_is_read(server, clock):
    when = email.utils.formatdate(clock.now + 12, usegmt=True)
    server.routes["/a"] = scripted(Reply(503, b"", {"Retry-After": when}), Reply(200, b"ok"))
    assert fetch(server, "/a", clock=clock).body == b"ok"
    assert clock.sleeps == [12.0]


def test_a_retry_after_beyond_the_cap_is_not_waited_and_the_host_is_left_alone(server, clock):
    server.routes["/a"] = Reply(429, b"", {"Retry-After": "3600"})
    with Fetcher(LOCAL, clock=clock) as fetcher:
        with pytest.raises(RetryLater, match=r"3600 s.*max_retry_after_s") as caught:
            fetcher.fetch(server.url("/a"), MemoryFetchState())
        assert caught.value.retry
        with pytest.raises(RetryLater, match="left alone"):
            fetcher.fetch(server.url("/b"), MemoryFetchState())
    assert clock.sleeps == []
    assert server.paths() == ["/robots.txt", "/a"]


def test_5xx_without_retry_after_backs_off_exponentially_then_gives_up(server, clock):
    server.routes["/a"] = Reply(503)
    with pytest.raises(RetryLater, match="HTTP 503 3 times"):
        fetch(server, "/a", clock=clock)
    assert clock.sleeps == [2.0, 4.0]
    assert server.paths().count("/a") == 3


def test_requests_to_one_host_are_spaced_by_the_minimum_interval(server, clock):
    server.routes["/a"] = Reply(200, b"a")
    with Fetcher(replace(LOCAL, min_interval_s=1.5), clock=clock) as fetcher:
        fetcher.fetch(server.url("/a"), MemoryFetchState())
        fetcher.fetch(server.url("/a"), MemoryFetchState())
    assert clock.sleeps == [1.5, 1.5, 1.5]  # robots.txt, /a, robots.txt again (fresh state), /a


def test_robots_disallow_is_respected_and_robots_txt_is_cached(server):
    server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\n")
    server.routes["/news"] = Reply(200, b"news")
    state = MemoryFetchState()
    with Fetcher(LOCAL) as fetcher:
        with pytest.raises(RobotsRefused, match="robots.txt disallows it for storyweave"):
            fetcher.fetch(server.url("/private/report"), state)
        assert fetcher.fetch(server.url("/news"), state).body == b"news"
    assert server.paths() == ["/robots.txt", "/news"]
    with Fetcher(LOCAL) as fetcher:  # a new process: the cache lives in the state
        fetcher.fetch(server.url("/news"), state)
    assert server.paths().count("/robots.txt") == 1


def test_robots_group_naming_storyweave_wins_over_the_star_group(server):
    server.routes["/robots.txt"] = Reply(
        200, b"User-agent: *\nAllow: /\n\nUser-agent: StoryWeave\nDisallow: /\n"
    )
    with pytest.raises(RobotsRefused):
        fetch(server, "/news")


def test_robots_4xx_means_no_rules(server):
    server.routes["/robots.txt"] = Reply(403, b"forbidden")
    server.routes["/news"] = Reply(200, b"news")
    assert fetch(server, "/news").body == b"news"


def test_robots_5xx_fetches_nothing_from_the_site_and_asks_again_later(server, clock):
    server.routes["/robots.txt"] = Reply(500)
    server.routes["/news"] = Reply(200, b"news")
    state = MemoryFetchState()
    with Fetcher(LOCAL, clock=clock) as fetcher:
        with pytest.raises(RetryLater, match="robots.txt could not be read"):
            fetcher.fetch(server.url("/news"), state)
        asked = len(server.received)
        with pytest.raises(RetryLater, match="robots.txt could not be read"):
            fetcher.fetch(server.url("/news"), state)
        assert len(server.received) == asked  # not asked again within robots_retry_s
        server.routes["/robots.txt"] = Reply(404)
        clock.sleep(LOCAL.robots_retry_s + 1)
        assert fetcher.fetch(server.url("/news"), state).body == b"news"
    assert "/news" in server.paths()


def test_a_stale_robots_copy_is_used_while_the_site_cannot_serve_a_new_one(server, clock):
    state = MemoryFetchState()
    origin = f"http://127.0.0.1:{server.port}"
    state.put(
        f"robots:{origin}",
        {"fetched_at": clock.now - 3 * 86_400, "text": "User-agent: *\nDisallow: /old/\n"},
    )
    server.routes["/robots.txt"] = Reply(503, b"", {"Retry-After": "1"})
    server.routes["/news"] = Reply(200, b"news")
    with Fetcher(LOCAL, clock=clock) as fetcher:
        assert fetcher.fetch(server.url("/news"), state).body == b"news"
        with pytest.raises(RobotsRefused):
            fetcher.fetch(server.url("/old/x"), state)


def test_crawl_delay_spaces_requests(server, clock):
    server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nCrawl-delay: 5\n")
    server.routes["/a"] = Reply(200, b"a")
    with Fetcher(LOCAL, clock=clock) as fetcher:
        state = MemoryFetchState()
        fetcher.fetch(server.url("/a"), state)
        fetcher.fetch(server.url("/a"), state)
    assert clock.sleeps == [5.0, 5.0]  # before the first /a (after robots.txt) and the second


def test_a_server_that_does_not_answer_times_out(server):
    def stall(request):
        server.release.wait(10)
        return Reply(200, b"too late")

    server.routes["/slow"] = stall
    quick = replace(LOCAL, read_timeout_s=0.3)
    with pytest.raises(RetryLater, match=r"no answer within 0.3 s \(read_timeout_s\)"):
        fetch(server, "/slow", quick)


def test_a_body_that_stops_arriving_times_out(server):
    def trickle():
        yield b"<p>the start"
        server.release.wait(10)
        yield b" and the rest</p>"

    server.routes["/trickle"] = lambda request: Reply(200, trickle())
    with pytest.raises(RetryLater, match="stopped arriving"):
        fetch(server, "/trickle", replace(LOCAL, read_timeout_s=0.3))


def test_a_closed_port_is_a_failure_worth_retrying():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Fetcher(LOCAL) as fetcher, pytest.raises(RetryLater, match="could not reach 127.0.0.1"):
        fetcher.fetch(f"http://127.0.0.1:{port}/", MemoryFetchState())


def test_an_error_status_is_refused_with_the_status(server):
    with pytest.raises(StatusRefused, match="HTTP 404") as caught:
        fetch(server, "/missing")
    assert caught.value.status == 404 and not caught.value.retry
