"""The Markdown brief and article listings written from hostile articles: text a document
controls renders as text, never as HTML, a second heading, a table column or a terminal
escape."""

import json
import re

import pytest

from storyweave.render.safety import markdown_cell, markdown_code_span, markdown_inline

# "<" that CommonMark would read as the start of an HTML tag or comment: not escaped by "\".
RAW_HTML = re.compile(r"(?<!\\)<[A-Za-z/!?]")


FIRST = (
    "Dock workers at the port of Calder walked out at dawn on Saturday, two days after a crane "
    "collapsed and injured fourteen people. The dockers' union, led by Renata Kvist, demands an "
    "independent audit of every crane. Transport minister Jonas Ebbe rejected the demand."
)
SECOND = (
    "The strike at Calder port entered its second day on Sunday. Union leader Renata Kvist told "
    "reporters the dockers would stay out until an engineer inspected the cranes. Minister Jonas "
    "Ebbe said the state inspectorate was enough."
)


@pytest.fixture
def hostile_jsonl(tmp_path):
    lines = [
        {
            "id": "calder`daily",
            "title": "<script>alert(1)</script> Dockers walk out\n# Fake heading",
            "source": "Calder <b>Daily</b>",
            "published": "2026-03-14",
            "text": FIRST + '\n"We will not <img src=x onerror=alert(1)> go back," Kvist said.',
        },
        {
            "id": "coast-courier",
            "title": "Calder strike enters second day",
            "source": "Coast &lt;script&gt; Courier",
            "published": "2026-03-15",
            "text": SECOND,
        },
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_markdown_brief_shows_article_html_as_text(run_cli, hostile_jsonl):
    code, out, _ = run_cli("brief", str(hostile_jsonl))
    assert code == 0
    assert "Kvist" in out  # the brief was written from these articles
    assert not RAW_HTML.search(out), RAW_HTML.search(out)
    assert "&lt;script&gt;" not in out.replace("\\&lt;script&gt;", "")
    # The title's line break cannot start a heading of the document's author.
    assert not re.search(r"^# Fake heading", out, flags=re.MULTILINE)


def test_extract_markdown_shows_article_html_as_text(run_cli, hostile_jsonl):
    code, out, _ = run_cli("extract", str(hostile_jsonl))
    assert code == 0
    assert "onerror" in out and not RAW_HTML.search(out)


def test_inline_text_loses_controls_and_line_breaks_and_escapes_tags():
    assert markdown_inline("a\x1b[2Jb\nc <i>") == "ab c \\<i>"
    assert markdown_cell("left | right") == "left \\| right"


def test_an_id_with_backticks_cannot_close_its_code_span():
    span = markdown_code_span("a`b``c")
    assert span == "```a`b``c```"
