"""The server as a team member meets it, in-process: the demo store's stories through the JSON
API and the pages, citations that lead to the cited sentence, and the same errors everywhere."""

import re
from html.parser import HTMLParser

from markupsafe import escape

from storyweave.web import views

from .support import WRITE_TOKEN, post_articles


class Marks(HTMLParser):
    """The highlighted runs of an article page (data-start, data-end, text) and its anchors."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[list] = []
        self.anchors: list[str] = []
        self.text: list[str] = []
        self._in_text = 0
        self._mark: list | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "div" and found.get("class") == "article-text":
            self._in_text = 1
        elif tag == "mark" and self._in_text:
            self._mark = [int(found["data-start"]), int(found["data-end"]), ""]
            self.marks.append(self._mark)
        elif tag == "span" and found.get("class") == "anchor":
            self.anchors.append(found["id"])

    def handle_endtag(self, tag):
        if tag == "mark":
            self._mark = None
        elif tag == "div" and self._in_text:
            self._in_text = 0

    def handle_data(self, data):
        if self._in_text:
            self.text.append(data)
        if self._mark is not None:
            self._mark[2] += data


def stories(client, **params):
    answer = client.get("/api/stories", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_demo_stories_answer_and_every_summary_sentence_is_cited(client):
    listing = stories(client)
    assert listing["total"] == 2 and len(listing["stories"]) == 2
    dates = [s["last_published"] for s in listing["stories"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    for row in listing["stories"]:
        brief = client.get(f"/api/stories/{row['id']}").json()
        assert brief["id"] == row["id"] and brief["title"] == row["title"]
        assert brief["summary"], "a story of the demo has a summary"
        texts = {}
        for sentence in brief["summary"]:
            assert sentence["citations"], f"uncited summary sentence: {sentence['text']}"
            for cited in sentence["citations"]:
                if cited["article"] not in texts:
                    texts[cited["article"]] = client.get(
                        f"/api/articles/{cited['article']}"
                    ).json()["text"]
                words = texts[cited["article"]][cited["start"] : cited["end"]]
                assert len(words.strip()) > 10  # points at real words of a stored article


def test_home_page_is_html_with_the_story_titles(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for row in stories(client)["stories"]:
        assert str(escape(row["title"])) in page.text
        assert f'href="/stories/{row["id"]}"' in page.text


def test_the_list_filters_by_source_entity_dates_and_words_and_pages(client):
    everything = stories(client)["stories"]
    story = max(everything, key=lambda s: len(s["sources"]))
    other = next(s for s in everything if s["id"] != story["id"])
    only_source = set(story["sources"]) - set(other["sources"])
    source = sorted(only_source)[0]
    assert [s["id"] for s in stories(client, source=source.upper())["stories"]] == [story["id"]]
    entity = next(e for e in story["entities"] if e not in other["entities"])
    assert [s["id"] for s in stories(client, entity=entity.lower())["stories"]] == [story["id"]]
    late = stories(client, **{"from": "2099-01-01"})
    assert late["total"] == 0 and late["stories"] == []
    span = stories(client, **{"from": story["first_published"], "to": story["first_published"]})
    assert story["id"] in [s["id"] for s in span["stories"]]
    first_page = stories(client, per_page=1)
    assert first_page["pages"] == 2 and first_page["next"] and len(first_page["stories"]) == 1
    second = client.get(first_page["next"]).json()
    assert second["stories"][0]["id"] != first_page["stories"][0]["id"] and second["next"] is None
    # Full-text: a word of the lead of one story only.
    lead_words = set(re.findall(r"[a-z]{6,}", story["lead"].lower()))
    other_words = set(re.findall(r"[a-z]{6,}", (other["lead"] or "").lower()))
    word = sorted(lead_words - other_words)[0]
    assert story["id"] in [s["id"] for s in stories(client, q=word)["stories"]]


def test_a_summary_citation_links_to_its_sentence_highlighted_on_the_article_page(client):
    story = stories(client)["stories"][0]
    brief = client.get(f"/api/stories/{story['id']}").json()
    cited = brief["summary"][0]["citations"][0]
    page = client.get(f"/stories/{story['id']}").text
    link = f"/articles/{cited['article']}#c-{cited['start']}-{cited['end']}"
    assert f'href="{link}"' in page
    article = client.get(f"/api/articles/{cited['article']}").json()
    parsed = Marks()
    parsed.feed(client.get(link.split("#")[0]).text)
    assert f"c-{cited['start']}-{cited['end']}" in parsed.anchors
    # The page shows the whole cleaned text, and the cited words are highlighted.
    assert "".join(parsed.text) == article["text"]
    inside = [m for m in parsed.marks if cited["start"] <= m[0] and m[1] <= cited["end"]]
    assert "".join(m[2] for m in inside) == article["text"][cited["start"] : cited["end"]]
    assert any(c["anchor"] == f"c-{cited['start']}-{cited['end']}" for c in article["cited"])


def test_story_page_has_the_brief_sections_and_what_changed(client):
    story = stories(client)["stories"][0]
    page = client.get(f"/stories/{story['id']}").text
    for section in ("Summary", "Timeline", "Who covered what", "Contradictions", "Who said what"):
        assert f"<h2>{section}</h2>" in page
    assert "What changed since" in page
    first = client.get(f"/api/stories/{story['id']}", params={"since": "2000-01-01"}).json()
    assert first["changes"]["since"] is None  # no brief saved before then: all of it is new
    assert len(first["changes"]["new_articles"]) == story["articles"]
    wrong = client.get(f"/api/stories/{story['id']}", params={"since": "yesterday-ish"})
    assert wrong.status_code == 422 and "since" in wrong.json()["error"]["message"]


def test_search_finds_articles_with_their_stories(client):
    story = stories(client)["stories"][0]
    word = re.findall(r"[A-Za-z]{6,}", story["title"])[0]
    found = client.get("/api/search", params={"q": word}).json()
    assert found["hits"] and all(h["stories"] for h in found["hits"])
    assert story["id"] in {s for h in found["hits"] for s in h["stories"]}
    assert client.get("/api/search", params={"q": "   "}).json()["hits"] == []
    page = client.get("/search", params={"q": word}).text
    assert f'href="/articles/{found["hits"][0]["article"]}"' in page


def test_a_write_without_the_token_is_refused_and_with_it_stored(client):
    article = {
        "id": "late-report",
        "source": "Harbour Evening",
        "title": "Port reopens after a week",
        "published": "2026-03-20",
        "text": "The port reopened on Friday after a week-long strike. Cranes were inspected "
        "by an independent engineer, the port authority said. Shipping lines returned.",
    }
    assert post_articles(client, article, token=None).status_code == 401
    assert post_articles(client, article, token="guess").status_code == 403
    assert client.get("/api/articles/late-report").status_code == 404
    stored = post_articles(client, article)
    assert stored.status_code == 201, stored.text
    assert stored.json()["added"] == ["late-report"] and stored.json()["stories"]
    shown = client.get("/api/articles/late-report").json()
    assert shown["title"] == article["title"] and shown["stories"]
    listed = {a for s in stories(client)["stories"] for a in [s["id"]]}
    assert shown["stories"][0]["id"] in listed
    again = post_articles(client, article)
    assert again.status_code == 200 and again.json()["unchanged"] == ["late-report"]


def test_a_body_past_the_limit_is_refused_before_anything_is_stored(make_client, store):
    client = make_client(store, max_body_bytes=2000)
    big = {"id": "big", "title": "Big", "text": "word " * 1000}
    answer = post_articles(client, big)
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "body_too_large"

    def chunks():  # no Content-Length: the limit holds while the body streams
        for _ in range(10):
            yield b'{"id": "streamed", "text": "' + b"x" * 500 + b'"}\n'

    streamed = client.post(
        "/api/articles", content=chunks(), headers={"Authorization": f"Bearer {WRITE_TOKEN}"}
    )
    assert streamed.status_code == 413
    assert client.get("/api/articles/big").status_code == 404
    assert client.get("/api/articles/streamed").status_code == 404


def test_unreadable_bodies_say_what_was_wrong(client):
    auth = {"Authorization": f"Bearer {WRITE_TOKEN}"}
    bad = client.post("/api/articles", content=b"this is not json\n", headers=auth)
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["reason"]
    form = client.post("/api/articles", data={"id": "x"}, headers=auth)
    assert form.status_code == 415


def test_every_error_has_one_body_shape(client, monkeypatch):
    answers = {
        401: post_articles(client, {"id": "a", "text": "b"}, token=None),
        403: post_articles(client, {"id": "a", "text": "b"}, token="wrong"),
        404: client.get("/api/stories/s-nothing"),
        422: client.get("/api/stories", params={"per_page": 100_000}),
    }

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "story_list", broken)
    answers[500] = client.get("/api/stories")
    for status, answer in answers.items():
        assert answer.status_code == status
        assert answer.headers["content-type"] == "application/json"
        body = answer.json()
        assert set(body) == {"error"}
        assert body["error"]["status"] == status and body["error"]["message"]
        assert set(body["error"]) <= {"status", "code", "message", "details"}
    assert "secret internals" not in answers[500].text
    assert answers[401].headers["www-authenticate"].startswith("Bearer")
    # A browser gets the same message as a page.
    page = client.get("/stories/s-nothing")
    assert page.status_code == 404 and "no story s-nothing" in page.text
    assert page.headers["content-type"].startswith("text/html")


def test_a_claim_is_checked_against_every_stored_article(client):
    claim = "A crane collapsed at the port and injured dockworkers"
    answer = client.get("/api/check", params={"claim": claim})
    assert answer.status_code == 200
    document = answer.json()
    assert document["schema"] == "storyweave.check/1"
    (check,) = document["checks"]
    assert check["text"] == claim
    stances = {a["id"]: a for a in check["articles"]}
    assert {a["stance"] for a in stances.values()} <= {
        "supports",
        "refutes",
        "discusses",
        "unrelated",
    }
    # The crane report takes a side or reports it, quoting itself; a phone recall does not.
    crane = stances["lanthorn-crane-collapse"]
    assert crane["stance"] != "unrelated" and crane["evidence"]
    article = client.get("/api/articles/lanthorn-crane-collapse").json()
    for evidence in crane["evidence"]:
        assert article["text"][evidence["start"] : evidence["end"]] == evidence["text"]
    assert stances["circuitry-weekly-driftline-recall"]["stance"] == "unrelated"
    page = client.get("/check", params={"claim": claim})
    assert page.status_code == 200 and 'href="/articles/lanthorn-crane-collapse"' in page.text
    assert client.get("/check").status_code == 200  # the form alone
    assert client.get("/api/check", params={"claim": "  "}).status_code == 422


def test_a_read_token_guards_pages_and_api_but_not_the_stylesheets(make_client, store):
    client = make_client(store, read_token="reader")
    api = client.get("/api/stories")
    assert api.status_code == 401 and api.headers["www-authenticate"].startswith("Bearer")
    page = client.get("/")
    assert page.status_code == 401 and page.headers["www-authenticate"].startswith("Basic")
    assert client.get("/api/stories", headers={"Authorization": "Bearer nope"}).status_code == 403
    for token in ("reader", WRITE_TOKEN):
        assert client.get("/api/stories", headers={"Authorization": f"Bearer {token}"}).is_success
    assert client.get("/", auth=("anyone", "reader")).status_code == 200
    assert client.get("/docs").status_code == 401 and client.get("/openapi.json").status_code == 401
    assert client.get("/static/web.css").status_code == 200


def test_only_the_served_host_names_are_answered(make_client, store):
    client = make_client(store, allowed_hosts=None)  # bound to 127.0.0.1: loopback names only
    assert client.get("/api/stories", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/api/stories", headers={"Host": "[::1]:8000"}).status_code == 200
    rebound = client.get("/api/stories", headers={"Host": "attacker.example"})
    assert rebound.status_code == 400 and rebound.json()["error"]["code"] == "bad_request"


def test_docs_list_the_api_and_load_nothing_from_outside(client):
    docs = client.get("/docs")
    assert docs.status_code == 200
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/search"):
        assert f"<code>{path}</code>" in docs.text
    assert not re.search(r'(src|href)="(https?:)?//', docs.text)
    schema = client.get("/openapi.json").json()
    assert "post" in schema["paths"]["/api/articles"] and "/api/check" in schema["paths"]


def test_every_page_carries_a_policy_without_inline_script(client):
    story = stories(client)["stories"][0]
    for path in ("/", f"/stories/{story['id']}", "/search?q=crane", "/docs", "/nowhere"):
        answer = client.get(path)
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r"<script>|<script[^>]*>[^<]", answer.text)  # no inline script
        assert not re.search(r"<style|\sstyle=", answer.text)  # nor inline styles


def test_a_kept_story_page_follows_the_store(client):
    story = max(stories(client)["stories"], key=lambda s: s["articles"])
    before = client.get(f"/api/stories/{story['id']}").json()
    original = next(a for a in before["articles"] if a["duplicate_of"] is None)
    assert f"<code>{original['id']}</code></li>" in client.get(f"/stories/{story['id']}").text
    text = client.get(f"/api/articles/{original['id']}").json()["text"]
    # The same report, published earlier: it becomes the original, the stored one its copy.
    early = {"id": "early-copy", "source": "Early Bird", "published": "2000-01-01", "text": text}
    assert post_articles(client, early).status_code == 201
    after = client.get(f"/api/stories/{story['id']}").json()
    shown = next(a for a in after["articles"] if a["id"] == original["id"])
    assert shown["duplicate_of"] == "early-copy"
    page = client.get(f"/stories/{story['id']}").text
    assert f'<code>{original["id"]}</code> <span class="muted">(copy of <code>early-copy' in page
