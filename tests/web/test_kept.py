"""Answers kept while the store is unchanged (web/kept.py): a repeat read costs nothing, a
write anywhere shows in the next read, and clients can revalidate with ETag / If-None-Match."""

import json

from storyweave.pipeline import Workspace, open_workspace

from .support import post_articles

TUGBOAT = {
    "id": "tugboat-1",
    "source": "Night Desk",
    "title": "Tugboat crews join the port strike",
    "published": "2026-03-17",
    "text": "Tugboat crews joined the dockers' strike on Tuesday, the union said. No ship has "
    "left the port since Saturday, the harbour master said. The tugboat crews want the same "
    "pay rise as the dockers.",
}


def largest_story(client) -> str:
    listing = client.get("/api/stories").json()["stories"]
    return max(listing, key=lambda s: s["articles"])["id"]


def test_a_repeat_read_of_an_unchanged_store_makes_nothing_again(client, monkeypatch):
    story = largest_story(client)
    paths = ["/", "/api/stories", f"/stories/{story}", f"/api/stories/{story}", "/search?q=port"]
    first = {path: client.get(path) for path in paths}
    calls = []
    for name in ("story_brief", "story_version", "find_stories", "search"):
        original = getattr(Workspace, name)
        monkeypatch.setattr(
            Workspace,
            name,
            lambda self, *a, _o=original, _n=name, **k: calls.append(_n) or _o(self, *a, **k),
        )
    for path in paths:
        again = client.get(path)
        assert again.status_code == 200 and again.content == first[path].content
    assert calls == []  # nothing was read from the store or briefed again


def test_a_write_through_the_api_shows_in_the_next_read_of_every_page(client):
    story = largest_story(client)
    before = client.get(f"/api/stories/{story}").json()
    assert client.get("/api/search", params={"q": "tugboat"}).json()["hits"] == []
    assert client.get("/api/articles/tugboat-1").status_code == 404
    stored = post_articles(client, TUGBOAT)
    assert stored.status_code == 201, stored.text
    assert [h["article"] for h in client.get("/api/search?q=tugboat").json()["hits"]] == [
        "tugboat-1"
    ]
    assert client.get("/api/articles/tugboat-1").json()["title"] == TUGBOAT["title"]
    (placed,) = stored.json()["stories"]
    shown = client.get(f"/api/stories/{placed}").json()
    assert "tugboat-1" in {a["id"] for a in shown["articles"]}
    assert TUGBOAT["title"] in client.get(f"/stories/{placed}").text
    if placed == story:
        assert len(shown["articles"]) == len(before["articles"]) + 1


def test_a_write_by_another_process_shows_in_the_next_read(client, store, tmp_path):
    """`storyweave watch` or `ingest` writing the store the server reads: no POST passes
    through the server, yet its next answer is the new one."""
    total = client.get("/api/stories").json()["total"]
    lone_title = "Village regatta returns after a century"
    assert client.get("/api/search?q=regatta").json()["hits"] == []
    assert lone_title not in client.get("/").text
    feed = tmp_path / "late.jsonl"
    lone = {
        "id": "regatta-1",
        "source": "Bay Courier",
        "title": lone_title,
        "published": "2026-03-18",
        "text": "A quiet fishing village held its first regatta in a century. Forty boats "
        "raced across the bay, and the baker's crew won the silver cup.",
    }
    feed.write_text(json.dumps(lone) + "\n", encoding="utf-8")
    with open_workspace(str(store), create=False) as other:
        assert other.ingest([str(feed)]).added == ["regatta-1"]
        assert client.get("/api/search?q=regatta").json()["hits"][0]["article"] == "regatta-1"
        other.briefs()
    assert client.get("/api/stories").json()["total"] == total + 1
    assert lone_title in client.get("/").text


def test_an_answer_carries_an_etag_and_a_matching_one_gets_304_until_it_changes(client):
    story = largest_story(client)
    for path in (f"/stories/{story}", f"/api/stories/{story}", "/api/stories"):
        first = client.get(path)
        tag = first.headers["etag"]
        assert tag.startswith('"') and first.headers["cache-control"] == "no-cache"
        assert client.get(path).headers["etag"] == tag  # the same answer, the same tag
        again = client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == tag
        assert "content-security-policy" in again.headers
        other = client.get(path, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.content == first.content
    listing = client.get("/api/stories")
    assert post_articles(client, TUGBOAT).status_code == 201
    changed = client.get("/api/stories", headers={"If-None-Match": listing.headers["etag"]})
    assert changed.status_code == 200 and changed.headers["etag"] != listing.headers["etag"]
    assert changed.json() != listing.json()


def test_a_kept_answer_is_only_given_to_a_reader_with_the_token(make_client, store):
    client = make_client(store, read_token="reader")
    allowed = {"Authorization": "Bearer reader"}
    assert client.get("/api/stories", headers=allowed).status_code == 200
    assert client.get("/api/stories", headers=allowed).status_code == 200  # kept now
    assert client.get("/api/stories").status_code == 401
    assert client.get("/api/stories", headers={"Authorization": "Bearer nope"}).status_code == 403
    assert client.get("/", auth=("anyone", "reader")).status_code == 200
    assert client.get("/").status_code == 401


def test_errors_are_not_kept(client):
    assert client.get("/api/articles/tugboat-1").status_code == 404
    assert post_articles(client, TUGBOAT).status_code == 201
    assert client.get("/api/articles/tugboat-1").status_code == 200


def test_a_kept_page_is_sent_gzipped_to_a_client_that_accepts_it(client):
    story = largest_story(client)
    for path in (f"/stories/{story}", f"/api/stories/{story}"):
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.headers["vary"] == "accept-encoding"
        packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
        assert packed.headers["content-encoding"] == "gzip"
        assert int(packed.headers["content-length"]) < len(plain.content) / 2
        assert packed.content == plain.content  # the client unpacks it to the same page
        assert packed.headers["etag"] != plain.headers["etag"]  # another representation
        again = client.get(
            path, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["etag"]}
        )
        assert again.status_code == 304
        refused = client.get(path, headers={"Accept-Encoding": "gzip;q=0"})
        assert "content-encoding" not in refused.headers
