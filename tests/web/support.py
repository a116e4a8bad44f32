"""What the web tests share besides fixtures: the tokens, a hostile article, posting JSONL."""

import json

WRITE_TOKEN = "test-write-token"
READ_TOKEN = "test-read-token"

# Every field a reader sees, carrying script: tags, event handlers and a javascript: URL. The
# text is long enough to be analysed and shares words with nothing in the demo.
HOSTILE = {
    "id": "hostile-1",
    "title": '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">',
    "source": '"><svg onload="window.__pwned=3">Evil Gazette',
    "url": "javascript:window.__pwned=4",
    "published": "2026-03-16",
    "text": (
        "The mayor of Quillby opened the new tram line on Monday. "
        "<script>window.__pwned=5</script> Riders said the trams were late. "
        '<a href="javascript:window.__pwned=6" onmouseover="window.__pwned=7">more</a> '
        "The mayor said the line would carry 9,000 riders a day by spring."
    ),
}


def post_articles(client, *articles, token=WRITE_TOKEN):
    body = "".join(json.dumps(a) + "\n" for a in articles)
    headers = {"Content-Type": "application/x-ndjson"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.post("/api/articles", content=body.encode("utf-8"), headers=headers)
