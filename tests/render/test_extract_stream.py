"""`extract` writes each article as it is read (issue 12: a 1 GB store was once one
multi-gigabyte document in memory), in JSON and in NDJSON, and the streamed output is the
document the contract describes."""

import datetime as dt
import io
import json

import pytest

from storyweave.model import Article
from storyweave.render.json import extract_document, write_extract_document, write_ndjson

ARTICLES = [
    Article(
        id=f"a{n}",
        text=f"Report {n} on the harbour strike. \u201cWe stay out,\u201d the union said.",
        source="Calder Daily",
        title=f"Strike, day {n}",
        published=dt.date(2026, 3, n),
    )
    for n in range(1, 4)
]


class _Recorded(io.StringIO):
    """An output that notes each write in the shared event list."""

    def __init__(self, events: list) -> None:
        super().__init__()
        self.events = events

    def write(self, text: str) -> int:
        self.events.append(("write", text))
        return super().write(text)


def _read(events: list):
    for article in ARTICLES:
        events.append(("read", article.id))
        yield article


@pytest.mark.parametrize("write", [write_extract_document, write_ndjson])
def test_each_article_is_written_before_the_next_is_read(write):
    events: list = []
    out = _Recorded(events)
    write(_read(events), out)
    for first, second in zip(ARTICLES, ARTICLES[1:], strict=False):
        written = next(
            i for i, (kind, text) in enumerate(events) if kind == "write" and first.text in text
        )
        assert written < events.index(("read", second.id))


def test_streamed_json_is_the_extract_document():
    out = io.StringIO()
    write_extract_document(iter(ARTICLES), out)
    assert json.loads(out.getvalue()) == extract_document(ARTICLES)


def test_ndjson_is_one_article_a_line_as_in_the_document():
    out = io.StringIO()
    write_ndjson(iter(ARTICLES), out)
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == extract_document(ARTICLES)["articles"]


def test_no_articles_is_an_empty_list_and_no_lines():
    out = io.StringIO()
    write_extract_document(iter([]), out)
    assert json.loads(out.getvalue()) == {"articles": []}
    out = io.StringIO()
    write_ndjson(iter([]), out)
    assert out.getvalue() == ""
