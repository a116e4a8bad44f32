"""Format detection from content; the extension only breaks ties."""

import pytest

from storyweave.ingest.sniff import Format, Unsupported, detect_binary, sniff_format


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        ('{"id": "a", "text": "x"}\n{"id": "b"}\n', "dump.txt", Format.JSONL),
        ('\ufeff\n\n{"text": "x"}\n', "dump", Format.JSONL),
        ('{"text": "a very long line that was cut', "dump", Format.JSONL),
        ("<!DOCTYPE html>\n<html><body><p>x</p></body></html>", "page.txt", Format.HTML),
        ("<html lang=en><head><title>t</title></head>", "page", Format.HTML),
        ("<p>One paragraph.</p>\n<p>Another.</p>", "fragment.txt", Format.HTML),
        ('<?xml version="1.0"?>\n<!-- c --><rss version="2.0"><channel>', "news.txt", Format.FEED),
        (
            '<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?>\n<feed xmlns="x">',
            "a",
            Format.FEED,
        ),
        ("<rdf:RDF xmlns:rdf='x'><channel>", "rss1.xml", Format.FEED),
        ('<?xml version="1.0"?><!DOCTYPE html PUBLIC "x" "y"><html>', "x.xhtml", Format.HTML),
        ("# Headline\n\nSome *words*.", "notes.txt", Format.MARKDOWN),
        ("Plain words only.\nSecond line.", "notes.md", Format.MARKDOWN),
        ("Plain words only.\nSecond line.", "notes.txt", Format.TEXT),
        ("The ratio was 3 < 4, said the analyst.", "notes", Format.TEXT),
    ],
)
def test_formats_are_recognised_from_content(head, name, expected):
    assert sniff_format(head, name, truncated=head.endswith("cut")) is expected


def test_xml_that_is_not_a_feed_is_refused():
    found = sniff_format('<?xml version="1.0"?><svg xmlns="x"></svg>', "a.xml")
    assert isinstance(found, Unsupported)
    assert found.reason.startswith("XML that is not an RSS or Atom feed is not a supported format")


def test_json_that_is_not_json_lines_says_how_to_convert():
    found = sniff_format('[\n  {"text": "x"}\n]\n', "dump.json")
    assert isinstance(found, Unsupported)
    assert "JSON Lines" in found.reason and "jq" in found.reason


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "notes.pdf", "PDF"),
        (b"PK\x03\x04\x14\x00", "letter.docx", "Word document (DOCX)"),
        (b"PK\x03\x04\x14\x00", "bundle.zip", "ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "photo.txt", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "photo.jpg", "JPEG image"),
        (b"\x1f\x8b\x08\x00", "dump.jsonl.gz", "gzip archive"),
        (b"abc\x00\x01\x02def\x00", "data.txt", "binary data"),
    ],
)
def test_binary_formats_are_refused_by_name(head, name, kind):
    found = detect_binary(head, name)
    assert found is not None and kind in found.reason
    assert found.reason.endswith("is not a supported format (txt, md, html, jsonl, rss, atom)")


def test_utf16_text_is_not_mistaken_for_binary():
    text = "A plain article in UTF-16.\n"
    assert detect_binary(text.encode("utf-16"), "a.txt") is None  # with byte-order mark
    assert detect_binary(text.encode("utf-16-le"), "a.txt") is None  # without
    assert detect_binary(text.encode("utf-8"), "a.txt") is None
