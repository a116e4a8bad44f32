"""Hostile article fields stay text on every page; only http(s) URLs become links; highlights
cover exactly the cited characters."""

from html.parser import HTMLParser

import pytest

from storyweave.render.safety import link_target as safe_url
from storyweave.web.guard import host_name
from storyweave.web.highlight import CitedSpan, runs

from .support import HOSTILE, post_articles

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class LiveParts(HTMLParser):
    """Everything in a page that a browser would run or follow, and the text it shows."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.text: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value and "script:" in value.lower().replace(" ", ""):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if not source.startswith("/static/"):
                self.problems.append(f"<script src={source!r}>")
            self._script = True
        if tag in ("img", "iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script and data.strip():
            self.problems.append("inline script")
        self.text.append(data)


def live_parts(page: str) -> LiveParts:
    parsed = LiveParts()
    parsed.feed(page)
    return parsed


def test_a_hostile_article_shows_on_every_page_with_nothing_live(client):
    answer = post_articles(client, HOSTILE)
    assert answer.status_code == 201, answer.text
    stored = client.get(f"/api/articles/{HOSTILE['id']}").json()
    story_id = stored["stories"][0]["id"]
    pages = {
        "list": client.get("/"),
        "list by source": client.get("/", params={"source": stored["source"]}),
        "story": client.get(f"/stories/{story_id}"),
        "article": client.get(f"/articles/{HOSTILE['id']}"),
        "search": client.get("/search", params={"q": "Quillby tram"}),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        parsed = live_parts(page.text)
        assert parsed.problems == [], name
        shown = "".join(parsed.text)
        # The reader still sees what the article says, as text.
        assert "window.__pwned" in shown, name
    article_text = "".join(live_parts(pages["article"].text).text)
    for field in ("title", "source", "text"):
        assert stored[field] in article_text
    # The JSON API hands the fields back as they are, as data (never sniffed as a page).
    api = client.get(f"/api/articles/{HOSTILE['id']}")
    assert api.headers["content-type"] == "application/json"
    assert api.headers["x-content-type-options"] == "nosniff"
    assert api.json()["url"] == HOSTILE["url"]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "http://",
        "https:\\\\evil.example/x",
        "https://news.example/\x1b[2J",
        "",
        None,
    ],
)
def test_only_http_urls_become_links(url):
    assert safe_url(url) is None


def test_http_and_https_urls_stay_links():
    for url in ("https://news.example/a?b=1#c", "http://news.example:8080/x"):
        assert safe_url(url) == url
    # A space in the path is harmless once the scheme is http(s): the browser encodes it.
    assert safe_url("https://news.example/a b") == "https://news.example/a b"


def test_host_names_lose_their_port():
    assert host_name("localhost:8000") == "localhost"
    assert host_name("[::1]:8000") == "::1"
    assert host_name("127.0.0.1") == "127.0.0.1"
    assert host_name("Example.ORG") == "example.org"


def test_runs_cut_the_text_at_every_cited_span_and_keep_all_of_it():
    text = "One two three. Four five six. Seven."
    sentence, quote = CitedSpan(0, 14, "summary"), CitedSpan(4, 13, "quote")
    crossing = CitedSpan(10, 20, "claim")
    found = runs(
        text, [sentence, quote, crossing, CitedSpan(30, 99, "stale"), CitedSpan(5, 5, "x")]
    )
    assert "".join(r.text for r in found) == text
    covered = [r for r in found if r.start >= 0 and r.end <= 14 and r.why]
    assert "".join(r.text for r in covered) == text[0:14]
    assert [r.anchors for r in found if r.anchors] == [
        ("c-0-14",),
        ("c-4-13",),
        ("c-10-20",),
        ("c-30-99",),
    ]
    middle = next(r for r in found if r.start == 10)
    assert set(middle.why) == {"summary", "quote", "claim"}
    assert next(r for r in found if r.start == 30).text == "Seven."  # clipped to the text
