"""Bad input: each yields one problem naming the input and the reason, and nothing else is lost."""

import builtins
import codecs
import os

import pytest

import storyweave.ingest.reader as reader
from storyweave.ingest.reader import IngestConfig, IngestNote, read_inputs
from storyweave.model import Article, IngestProblem

RAW = IngestConfig(trim_boilerplate=False)
GOOD = "The minister said on Friday that the talks in Geneva had failed.\n"


def _read(tmp_path, config=RAW):
    """Read the whole directory; it always holds good.txt, which must survive."""
    (tmp_path / "good.txt").write_text(GOOD)
    items = list(read_inputs([str(tmp_path)], config))
    articles = {i.id: i for i in items if isinstance(i, Article)}
    problems = [i for i in items if isinstance(i, IngestProblem) and not isinstance(i, IngestNote)]
    notes = [i for i in items if isinstance(i, IngestNote)]
    assert articles["good"].text == GOOD.strip()
    return articles, problems, notes


def test_binary_file_named_txt(tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x00\x01\x02\x03binary\x00\xff" * 100)
    articles, [problem], _ = _read(tmp_path)
    assert str(problem) == (
        f"cannot read {tmp_path / 'photo.txt'}: binary data (not text) is not a supported "
        "format (txt, md, html, jsonl, rss, atom)"
    )
    assert list(articles) == ["good"]


def test_pdf_is_refused_by_name(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    _, [problem], _ = _read(tmp_path)
    assert str(problem) == (
        f"cannot read {tmp_path / 'notes.pdf'}: PDF is not a supported format "
        "(txt, md, html, jsonl, rss, atom)"
    )


def test_invalid_utf8_is_kept_with_a_note(tmp_path):
    data = "Zürich officials said ".encode() + b"\xff\xfe" + b" the road is closed.\n"
    (tmp_path / "broken.txt").write_bytes(data)
    articles, problems, [note] = _read(tmp_path)
    assert problems == []
    assert articles["broken"].text == "Zürich officials said \ufffd\ufffd the road is closed."
    assert (
        str(note)
        == f"note on {tmp_path / 'broken.txt'}: 2 invalid UTF-8 sequence(s) replaced with U+FFFD"
    )


def test_latin1_file_keeps_accents(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Le président est arrivé à Genève.\n".encode("latin-1"))
    articles, problems, _ = _read(tmp_path)
    assert problems == []
    assert articles["latin"].text == "Le président est arrivé à Genève."


def test_utf16_with_bom_is_decoded(tmp_path):
    (tmp_path / "wide.txt").write_bytes(
        codecs.BOM_UTF16_LE + "Señor Müller said yes.\n".encode("utf-16-le")
    )
    articles, problems, notes = _read(tmp_path)
    assert (problems, notes) == ([], [])
    assert articles["wide"].text == "Señor Müller said yes."


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "the file is empty"), (b" \n\t\r\n  \n", "the file is empty (only whitespace)")],
)
def test_empty_and_whitespace_only_files(tmp_path, content, reason):
    (tmp_path / "blank.md").write_bytes(content)
    _, [problem], _ = _read(tmp_path)
    assert str(problem) == f"cannot read {tmp_path / 'blank.md'}: {reason}"


def test_file_over_max_bytes_is_refused(tmp_path):
    (tmp_path / "huge.txt").write_bytes(b"news " * 10_000_000)  # 50 MB
    _, [problem], _ = _read(tmp_path)
    assert str(problem) == (
        f"cannot read {tmp_path / 'huge.txt'}: the file is 50,000,000 bytes, over the "
        "20,000,000-byte limit (max_bytes)"
    )


@pytest.mark.parametrize("body", ["<script>var x = 1;</script>", "<nav><a href='/'>Home</a></nav>"])
def test_html_without_an_article(tmp_path, body):
    (tmp_path / "nav.html").write_text(
        f"<!DOCTYPE html><html><head><title>Site</title></head><body>{body}</body></html>"
    )
    _, [problem], _ = _read(tmp_path, IngestConfig())
    assert problem.input == str(tmp_path / "nav.html")
    assert problem.reason.startswith("no article text")


def test_html_page_becomes_an_article(tmp_path):
    (tmp_path / "page.html").write_text(
        "<!DOCTYPE html><html><head><title>Talks fail</title>"
        "<meta property='article:published_time' content='2024-03-05'></head><body>"
        "<nav><a href='/'>Home</a><a href='/world'>World</a></nav><article>"
        "<p>The minister said on Monday that the talks in Geneva had failed after three days.</p>"
        "<p>Officials from both delegations left the city without issuing a joint statement.</p>"
        "</article></body></html>"
    )
    articles, problems, _ = _read(tmp_path)
    assert problems == []
    page = articles["page"]
    assert page.text.startswith("The minister said on Monday")
    assert "Home" not in page.text
    assert page.origin == str(tmp_path / "page.html")


def test_jsonl_line_that_is_not_json_and_row_without_text(tmp_path):
    (tmp_path / "dump.jsonl").write_text(
        '{"id": "a", "text": "Kept."}\n{broken\n{"id": "b", "url": "https://x"}\n'
    )
    articles, problems, _ = _read(tmp_path)
    assert "a" in articles
    assert [p.input for p in problems] == [
        f"{tmp_path / 'dump.jsonl'} line 2",
        f"{tmp_path / 'dump.jsonl'} line 3",
    ]
    assert problems[0].reason.startswith("not valid JSON")
    assert problems[1].reason == "no 'text' or 'html' field with content"


def test_unsafe_feed_is_refused(tmp_path):
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss version='2.0'><channel><item><description>&x;</description></item></channel></rss>"
    )
    articles, [problem], _ = _read(tmp_path)
    assert "file:///etc/passwd" in problem.reason
    assert not any("root:" in a.text for a in articles.values())


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    # chmod does not stop root, so the refusal is simulated where the reader opens files.
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")

    def fake_open(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(reader, "open", fake_open, raising=False)
    _, [problem], _ = _read(tmp_path)
    assert str(problem) == f"cannot read {locked}: permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_real(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    try:
        _, [problem], _ = _read(tmp_path)
    finally:
        locked.chmod(0o600)
    assert str(problem) == f"cannot read {locked}: permission denied"


def test_symlink_loops_do_not_hang_or_lose_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Second article text.\n")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    articles, problems, _ = _read(tmp_path)
    assert sorted(articles) == ["b", "good"]
    reasons = {os.path.basename(p.input): p.reason for p in problems}
    assert reasons["self.txt"] == "broken or looping symbolic link"
    assert "loop" in reasons["loop"]


def test_missing_path_and_empty_pattern_do_not_stop_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    items = list(
        read_inputs(
            [str(tmp_path / "nope.txt"), str(tmp_path / "*.md"), str(tmp_path / "good.txt")], RAW
        )
    )
    assert [str(i) for i in items[:2]] == [
        f"cannot read {tmp_path / 'nope.txt'}: no such file or directory",
        f"cannot read {tmp_path / '*.md'}: no file matches this pattern",
    ]
    assert items[2].id == "good"


def test_text_over_max_article_chars_is_refused(tmp_path):
    (tmp_path / "long.txt").write_text("word " * 1000)
    _, [problem], _ = _read(tmp_path, IngestConfig(max_article_chars=2000))
    assert "the article text is 4,999 characters, over the 2,000-character limit" in problem.reason


def test_latin1_html_page_with_meta_charset_keeps_accents_without_note(tmp_path):
    (tmp_path / "fr.html").write_bytes(
        (
            "<!DOCTYPE html><html><head><meta charset='iso-8859-1'><title>Genève</title></head>"
            "<body><article><p>Le président est arrivé à Genève lundi pour des négociations.</p>"
            "<p>Les délégations sont reparties sans déclaration commune, selon des témoins.</p>"
            "</article></body></html>"
        ).encode("latin-1")
    )
    articles, problems, notes = _read(tmp_path)
    assert (problems, notes) == ([], [])
    assert "Le président est arrivé à Genève" in articles["fr"].text


def test_utf16_without_bom_is_decoded(tmp_path):
    (tmp_path / "wide.txt").write_bytes("Plain words in UTF-16.\n".encode("utf-16-le"))
    articles, problems, _ = _read(tmp_path)
    assert problems == []
    assert articles["wide"].text == "Plain words in UTF-16."


def test_extractor_crash_is_one_problem(tmp_path, monkeypatch):
    def crash(html, origin, config):
        raise RuntimeError("lxml gave up")

    monkeypatch.setattr(reader, "extract_html", crash)
    (tmp_path / "odd.html").write_text("<!DOCTYPE html><html><body><p>x</p></body></html>")
    _, [problem], _ = _read(tmp_path)
    assert str(problem) == (
        f"cannot read {tmp_path / 'odd.html'}: "
        "the HTML extractor failed (RuntimeError: lxml gave up)"
    )
