"""JSON Lines: one article per line, streamed, each bad line reported by number."""

import datetime as dt
import io
import json

from storyweave.ingest.jsonl import parse_jsonl_line
from storyweave.ingest.reader import IngestConfig, IngestNote, read_inputs
from storyweave.model import Article, IngestProblem

RAW = IngestConfig(trim_boilerplate=False)
PAGE = (
    "<html><head><title>Page title</title></head><body><nav><a href='/'>Home</a></nav><article>"
    "<p>The minister said on Monday that the talks in Geneva had failed after three days.</p>"
    "<p>Officials from both delegations left the city without issuing a joint statement.</p>"
    "</article></body></html>"
)


def test_parse_line_validates_fields():
    row = parse_jsonl_line(
        '{"id": 7, "url": "https://x.org/a", "source": "X", "title": " T ", '
        '"date": "2024-03-05T08:00:00Z", "text": "Body.", "extra": [1]}'
    )
    assert (row.id, row.url, row.source, row.title) == ("7", "https://x.org/a", "X", "T")
    assert row.published == dt.date(2024, 3, 5)
    assert (row.text, row.html) == ("Body.", None)
    assert parse_jsonl_line("[1, 2]") == "a list, not a JSON object"
    assert parse_jsonl_line('{"text": 5}') == "field 'text' must be a string, not a number"
    assert parse_jsonl_line('{"title": ["a"], "text": "x"}').startswith("field 'title' must")
    assert (
        parse_jsonl_line('{"id": "a", "text": "   "}') == "no 'text' or 'html' field with content"
    )
    assert parse_jsonl_line("{oops").startswith("not valid JSON (")


def test_rows_become_articles_with_ids_origins_and_metadata(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text(
        '{"id": "a1", "text": "First article text.", "source": "Reuters", '
        '"published": "2024-03-05", "url": "https://r.com/a1", "title": "First"}\n'
        "\n"
        '{"text": "Second article text, without an id."}\n',
        encoding="utf-8",
    )
    items = list(read_inputs([str(path)], RAW))
    assert items == [
        Article(
            id="a1",
            text="First article text.",
            source="Reuters",
            title="First",
            url="https://r.com/a1",
            published=dt.date(2024, 3, 5),
            origin=f"{path}:1",
        ),
        Article(id="dump-3", text="Second article text, without an id.", origin=f"{path}:3"),
    ]


def test_html_rows_are_extracted_and_row_fields_win(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p", "html": PAGE, "source": "Row Source"}) + "\n")
    [article] = read_inputs([str(path)], RAW)
    assert article.text.startswith("The minister said on Monday")
    assert "Home" not in article.text
    assert article.source == "Row Source"
    assert article.title == "Page title"


def test_bad_lines_are_reported_by_number_and_other_lines_kept(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text(
        '{"id": "ok1", "text": "Kept one."}\n'
        "this is not json\n"
        '{"id": "no-text", "title": "Only a title"}\n'
        '{"id": "ok2", "text": "Kept two."}\n'
    )
    items = list(read_inputs([str(path)], RAW))
    assert [i.id for i in items if isinstance(i, Article)] == ["ok1", "ok2"]
    problems = [str(i) for i in items if isinstance(i, IngestProblem)]
    assert problems == [
        f"cannot read {path} line 2: not valid JSON (Expecting value: line 1 column 1 (char 0))",
        f"cannot read {path} line 3: no 'text' or 'html' field with content",
    ]


def test_overlong_line_is_skipped_without_losing_the_next(tmp_path):
    path = tmp_path / "dump.jsonl"
    big = '{"id": "big", "text": "' + "x" * 5000 + '"}\n'
    path.write_text(big + '{"id": "after", "text": "Still read."}\n')
    items = list(read_inputs([str(path)], IngestConfig(max_bytes=1000, trim_boilerplate=False)))
    assert "line 1: the line is over the 1,000-byte limit (max_bytes)" in str(items[0])
    assert items[1].id == "after" and items[1].text == "Still read."


def test_text_over_max_article_chars_is_refused_with_line_number(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text('{"id": "big", "text": "' + "word " * 100 + '"}\n{"id": "ok", "text": "Hi."}\n')
    items = list(read_inputs([str(path)], IngestConfig(max_article_chars=100)))
    assert str(items[0]) == (
        f"cannot read {path} line 1: the article text is 499 characters, over the "
        "100-character limit (max_article_chars)"
    )
    assert items[1].id == "ok"


def test_stdin_is_read_as_json_lines():
    stdin = io.BytesIO(b'\xef\xbb\xbf{"text": "From a pipe."}\n{"id": "x", "text": "Second."}')
    items = list(read_inputs(["-"], RAW, stdin=stdin))
    assert items == [
        Article(id="stdin-1", text="From a pipe.", origin="-:1"),
        Article(id="x", text="Second.", origin="-:2"),
    ]


def test_invalid_utf8_in_a_line_is_replaced_and_noted(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Caf\xe9 on Z\xc3\xbcrich street."}\n')
    note, article = read_inputs([str(path)], RAW)
    assert isinstance(note, IngestNote)
    assert str(note) == f"note on {path} line 1: 1 invalid UTF-8 sequence(s) replaced with U+FFFD"
    assert article.text == "Caf\ufffd on Zürich street."


class _LineOnlyStream(io.RawIOBase):
    """A stream that can only be read a bounded line at a time, and counts what it gave."""

    def __init__(self, lines: int) -> None:
        self.left, self.given = lines, 0

    def readline(self, size: int = -1) -> bytes:
        assert size > 0, "lines must be read with a bound"
        if not self.left:
            return b""
        self.left -= 1
        self.given += 1
        return b'{"text": "Article %d."}\n' % self.given

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the whole stream must never be read at once")


def test_json_lines_are_streamed_a_bounded_line_at_a_time():
    stream = _LineOnlyStream(lines=5000)
    items = read_inputs(["-"], RAW, stdin=stream)
    assert next(items).text == "Article 1."
    assert stream.given == 1  # nothing read ahead
    assert sum(1 for _ in items) == 4999


def test_title_cut_short_is_completed_from_the_headline_repeated_in_the_text(tmp_path):
    headline = "Ferry operator suspends night crossings after engine fire off Brenholt"
    text = (
        f"{headline}\n\nThe operator of the Brenholt ferry suspended all night crossings on "
        "Tuesday after a fire broke out in the engine room of one of its two vessels. Nobody "
        "was hurt, the company said, and the 140 passengers on board were brought back to port."
    )
    path = tmp_path / "export.jsonl"
    row = {
        "id": "f1",
        "title": "Ferry operator suspends night crossings after engi...",
        "text": text,
    }
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    [article] = list(read_inputs([str(path)]))
    assert article.title == headline
    assert not article.text.startswith("Ferry operator")
