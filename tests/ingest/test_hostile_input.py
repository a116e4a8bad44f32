"""Documents built to hurt: each costs at most its own skip, named with a reason, and never the
store, the run or the other documents (issue 12)."""

import contextlib
import json

import pytest

import storyweave.ingest.reader as reader
from storyweave.ingest.boilerplate import trim_boilerplate
from storyweave.ingest.budget import cpu_budget
from storyweave.ingest.feeds import FeedRefused, check_xml_safety, html_fragment_text
from storyweave.ingest.loader import load_articles
from storyweave.ingest.reader import IngestConfig, read_inputs
from storyweave.ingest.sniff import sniff_format
from storyweave.ingest.text import strip_markdown
from storyweave.model import Article, IngestNote, IngestProblem
from storyweave.store.sqlite import SQLiteStore

RAW = IngestConfig(trim_boilerplate=False)
GOOD = "The minister said on Friday that the talks in Geneva had failed."
PARAGRAPH = "<p>The minister said on Friday that the talks in Geneva had failed after a week.</p>"
AFTER = "<p>Officials from both delegations left the city without a joint statement today.</p>"


def _split(items):
    items = list(items)
    articles = [i for i in items if isinstance(i, Article)]
    notes = [i for i in items if isinstance(i, IngestNote)]
    problems = [i for i in items if isinstance(i, IngestProblem) and not isinstance(i, IngestNote)]
    return articles, problems, notes


def _jsonl(tmp_path, rows, name="dump.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


# -- long articles ---------------------------------------------------------------------------


def test_text_longer_than_the_parser_takes_is_refused_naming_the_limit(tmp_path):
    path = _jsonl(tmp_path, [{"id": "long", "text": "word " * 200_001}, {"id": "ok", "text": GOOD}])
    articles, [problem], _ = _split(read_inputs([str(path)], RAW))
    assert [a.id for a in articles] == ["ok"]
    assert str(problem) == (
        f"cannot read {path} line 1: the article text is 1,000,004 characters, over the "
        "1,000,000-character limit (max_article_chars)"
    )


def test_a_text_pasted_into_the_title_is_dropped_with_a_note(tmp_path):
    path = _jsonl(tmp_path, [{"id": "t", "title": "x " * 5000, "text": GOOD}])
    [article], [], [note] = _split(read_inputs([str(path)], RAW))
    assert article.title is None and article.text == GOOD
    assert note.reason == (
        "the title is 9,999 characters, over the 2,000-character limit (max_field_chars); dropped"
    )


# -- JSON Lines ------------------------------------------------------------------------------


def test_deeply_nested_json_line_is_one_problem_and_the_rest_is_stored(tmp_path):
    deep = '{"id": "deep", "text": "x", "extra": ' + "[" * 1500 + "]" * 1500 + "}"
    rows = [{"id": "a", "text": GOOD}, deep, {"id": "b", "text": GOOD + " Again."}]
    path = _jsonl(tmp_path, rows)
    with SQLiteStore() as store:
        report = load_articles(store, read_inputs([str(path)], RAW))
        assert store.article_ids() == ["a", "b"]
    [problem] = report.problems
    assert str(problem) == (
        f"cannot read {path} line 2: JSON nested more than 64 levels deep (max_json_depth); "
        "an article row is one flat object"
    )


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path):
    text = "Brackets [[[[ and braces {{{{ " * 40 + ' and an escaped quote \\" [[['
    path = tmp_path / "brackets.jsonl"
    path.write_text('{"id": "b", "text": "' + text + '"}\n')
    [article] = read_inputs([str(path)], RAW)
    assert article.text.startswith("Brackets [[[[")


def test_unpaired_surrogate_escape_is_replaced_and_cannot_break_the_store(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"id": "s", "title": "Bad \\ud800 title", "text": "Half a pair \\udc00 here."}\n'
        + json.dumps({"id": "t", "text": GOOD})
        + "\n"
    )
    with SQLiteStore() as store:
        report = load_articles(store, read_inputs([str(path)], RAW))
        stored = {a.id: a for a in store.articles()}
    assert stored["s"].text == "Half a pair \ufffd here."
    assert stored["s"].title == "Bad \ufffd title"
    assert "t" in stored
    assert [n.reason for n in report.notes] == ["2 unpaired surrogate(s) replaced with U+FFFD"]


def test_nul_escape_in_json_text_is_removed_with_a_note(tmp_path):
    path = _jsonl(tmp_path, [{"id": "n", "text": "Before\u0000after \u001b[2Jcleared."}])
    [article], [], [note] = _split(read_inputs([str(path)], RAW))
    assert article.text == "Beforeafter [2Jcleared."
    assert note.reason == "2 control character(s) (NUL, ESC ...) removed"


def test_a_failure_inside_one_row_costs_that_row_only(tmp_path, monkeypatch):
    real = reader._finish

    def fail_on_b(draft, *args, **kwargs):
        if draft.id == "b":
            raise RuntimeError("boom")
        return real(draft, *args, **kwargs)

    monkeypatch.setattr(reader, "_finish", fail_on_b)
    path = _jsonl(tmp_path, [{"id": i, "text": GOOD} for i in "abc"])
    articles, [problem], _ = _split(read_inputs([str(path)], RAW))
    assert [a.id for a in articles] == ["a", "c"]
    assert str(problem) == (
        f"cannot read {path} line 2: storyweave failed on it (RuntimeError: boom); skipped, "
        "the rest goes on (please report this input)"
    )


# -- time ------------------------------------------------------------------------------------


def test_a_document_over_its_cpu_budget_is_skipped_and_named(tmp_path, monkeypatch):
    def endless(html, origin, config):
        while True:  # swallows ordinary exceptions, as the extractor's own handlers do
            with contextlib.suppress(Exception):
                sum(range(10_000))

    monkeypatch.setattr(reader, "extract_html", endless)
    (tmp_path / "slow.html").write_text("<html><body>" + PARAGRAPH + "</body></html>")
    (tmp_path / "good.txt").write_text(GOOD)
    config = IngestConfig(trim_boilerplate=False, max_extract_s=0.3)
    articles, [problem], _ = _split(read_inputs([str(tmp_path)], config))
    assert [a.id for a in articles] == ["good"]
    assert str(problem) == (
        f"cannot read {tmp_path / 'slow.html'}: reading it took more than 0.3 CPU seconds "
        "(max_extract_s); skipped, the rest goes on (raise max_extract_s to read it)"
    )


# Inputs whose cost used to grow with the square of their size (each took from 20 s to
# minutes of CPU before its fix). Each runs inside a CPU budget many times what it now needs,
# so the test fails, instead of hanging, if one regresses. Not a timing measurement.
HOSTILE = 50_000
BUDGET_S = 5


def test_many_related_labels_are_trimmed_in_linear_time():
    text = "\n".join([GOOD] * 3 + ["Read also:"] * 20_000 + [GOOD])  # 0.3 s; was 20 s
    with cpu_budget(BUDGET_S):
        result = trim_boilerplate(text, "Title")
    assert result.text == "\n".join([GOOD] * 4)


@pytest.mark.parametrize("piece", ["**a ", "__a ", "~~a ", "[a", "[a](", "![a](b", "<!--"])
def test_unclosed_markdown_is_stripped_in_linear_time(piece):
    line = piece * HOSTILE
    with cpu_budget(BUDGET_S):
        text, _ = strip_markdown(line)
    assert text == line.rstrip()


def test_heading_with_a_long_run_of_spaces_is_read_in_linear_time():
    with cpu_budget(BUDGET_S):
        _, headline = strip_markdown("# Big" + " " * HOSTILE + "news ##")
    assert headline == "Big" + " " * HOSTILE + "news"


def test_format_sniffing_of_unclosed_tags_is_linear():
    with cpu_budget(1):  # 0.04 s; was 4.8 s for this 64 KB head
        found = sniff_format("<a" * 32_000, "x.txt")
    assert found.value == "text"


@pytest.mark.parametrize("piece", ["<!--", "<a", "</", "<?"])
def test_fragments_full_of_unclosed_markup_are_read_in_linear_time(piece):
    with cpu_budget(1):  # milliseconds; Python's html.parser took 1.5 s to minutes
        html_fragment_text("<p>Kept text.</p>" + piece * HOSTILE)


def test_fragment_text_keeps_blocks_and_drops_scripts():
    fragment = "<p>One <b>bold</b> word.</p><script>alert(1)</script><div>Two</div>tail &amp; end"
    assert html_fragment_text(fragment) == "One bold word.\nTwo\ntail & end"


def test_fragment_nested_deeper_than_the_parser_keeps_its_text():
    fragment = "<div>" * 3000 + "Deep words." + "</div>" * 3000 + "<p>After.</p>"
    assert html_fragment_text(fragment) == "Deep words.\nAfter."


# -- HTML depth and size ---------------------------------------------------------------------


def _nested(depth):
    nested = "<div>" * depth + PARAGRAPH + "</div>" * depth
    return f"<html><body>{nested}{AFTER}</body></html>"


def test_html_nested_past_libxml2s_limit_keeps_the_deep_text_and_what_follows(tmp_path):
    (tmp_path / "deep.html").write_text(_nested(300))
    [article] = read_inputs([str(tmp_path / "deep.html")], RAW)
    assert "talks in Geneva had failed" in article.text
    assert "without a joint statement" in article.text


def test_html_nested_deeper_than_the_limit_is_refused_not_read_in_part(tmp_path):
    (tmp_path / "deeper.html").write_text(_nested(1200))
    [problem] = read_inputs([str(tmp_path / "deeper.html")], RAW)
    assert str(problem) == (
        f"cannot read {tmp_path / 'deeper.html'}: the HTML nests elements more than 1,000 "
        "levels deep (html.max_depth); refused rather than read in part"
    )


def test_html_with_more_elements_than_any_article_is_refused(tmp_path):
    from storyweave.ingest.html import HtmlConfig

    (tmp_path / "many.html").write_text("<html><body>" + PARAGRAPH * 60 + "</body></html>")
    config = IngestConfig(html=HtmlConfig(max_elements=50))
    [problem] = read_inputs([str(tmp_path / "many.html")], config)
    assert problem.reason.startswith("the HTML has more than 50 elements (html.max_elements)")


# -- feeds -----------------------------------------------------------------------------------


def test_feed_nested_too_deep_is_refused():
    data = b"<rss><channel>" + b"<x>" * 1100 + b"</x>" * 1100 + b"</channel></rss>"
    with pytest.raises(FeedRefused, match="more than 1,000 levels deep"):
        check_xml_safety(data)


# -- NUL bytes, ids, dates -------------------------------------------------------------------


@pytest.mark.parametrize("offset", [10, 70_000])
def test_a_stray_nul_is_removed_with_a_note_wherever_it_is(tmp_path, offset):
    body = ("Officials said the road would stay closed. " * 2000)[:100_000]
    data = body[:offset].encode() + b"\x00" + body[offset:].encode()
    (tmp_path / "nul.txt").write_bytes(data)
    [article], [], [note] = _split(read_inputs([str(tmp_path / "nul.txt")], RAW))
    assert "\x00" not in article.text
    assert article.text == body.strip()
    assert note.reason == "1 control character(s) (NUL, ESC ...) removed"


def test_file_name_with_a_newline_gives_a_clean_id_and_a_note(tmp_path):
    (tmp_path / "evil\n# injected.txt").write_text(GOOD)
    [article], [], [note] = _split(read_inputs([str(tmp_path)], RAW))
    assert article.id == "evil # injected"
    assert note.reason.startswith("the id 'evil\\n# injected' holds characters an id may not")
    assert note.reason.endswith("stored as 'evil # injected'")


def test_jsonl_id_with_controls_is_cleaned(tmp_path):
    path = _jsonl(tmp_path, [{"id": " a\u202e\x1b[2Jb\tc ", "text": GOOD}])
    [article] = [i for i in read_inputs([str(path)], RAW) if isinstance(i, Article)]
    assert article.id == "a[2Jb c"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("Friday", "the published date 'Friday' is not a date with a day, month and year"),
        ("0001-01-01", "the published date '0001-01-01' is outside the years 1800-2200"),
        ("03/05/2024", "the published date '03/05/2024' is ambiguous (day or month first)"),
        (["2024"], "the published date \"['2024']\" is a list, not a date"),
    ],
)
def test_unreadable_published_values_are_said_not_dropped(tmp_path, value, reason):
    path = _jsonl(tmp_path, [{"id": "d", "text": GOOD, "published": value}])
    [article], [], [note] = _split(read_inputs([str(path)], RAW))
    assert article.published is None
    assert str(note) == f"note on {path} line 1: {reason}; the article has no date"


def test_words_dates_and_epoch_seconds_are_read(tmp_path):
    rows = [
        {"id": "a", "text": GOOD, "published": "18-Nov-2019"},
        {"id": "b", "text": GOOD, "published": "18 novembre 2019"},
        {"id": "c", "text": GOOD, "published": 1574035200},
    ]
    items = list(read_inputs([str(_jsonl(tmp_path, rows))], RAW))
    assert [i.published.isoformat() for i in items] == ["2019-11-18"] * 3
