"""Bytes to text: encodings without a label must not garble the article."""

import codecs

from storyweave.ingest.decode import decode_bytes, decode_line

FRENCH = "Le président a déclaré à Genève : « Nous sommes prêts. » Café, déjà, où.\n"


def test_utf8_is_read_without_note():
    decoded = decode_bytes(FRENCH.encode("utf-8"))
    assert decoded.text == FRENCH
    assert decoded.note is None


def test_byte_order_marks_are_honoured_and_removed():
    for encoding, bom in (
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ):
        decoded = decode_bytes(bom + FRENCH.encode(encoding))
        assert decoded.text == FRENCH, encoding
        assert decoded.note is None


def test_latin1_and_cp1252_keep_their_accents():
    assert decode_bytes(FRENCH.encode("latin-1")).text == FRENCH
    assert decode_bytes("Caf\xe9".encode("latin-1")).text == "Café"
    quotes = "He said \u201cno\u201d \u2013 twice. M\u00fcller, Stra\u00dfe.\n"
    decoded = decode_bytes(quotes.encode("cp1252"))
    assert (decoded.text, decoded.encoding, decoded.note) == (quotes, "cp1252", None)


def test_cyrillic_code_page_is_detected():
    text = "Президент заявил журналистам, что переговоры продолжатся на следующей неделе.\n" * 3
    assert decode_bytes(text.encode("cp1251")).text == text


def test_mostly_utf8_with_broken_bytes_keeps_everything_else_and_says_so():
    data = "Zürich, déjà: ".encode() + b"\xff\xfe" + " Genève.".encode()
    decoded = decode_bytes(data)
    assert decoded.text.startswith("Zürich, déjà: ")
    assert decoded.text.endswith(" Genève.")
    assert "\ufffd" in decoded.text
    assert "replaced with U+FFFD" in decoded.note


def test_decode_line_counts_replacements():
    assert decode_line("é\n".encode()) == ("é\n", 0)
    text, replaced = decode_line(b'{"text": "a\xffb"}\n')
    assert text == '{"text": "a\ufffdb"}\n'
    assert replaced == 1


def test_central_european_code_page_is_not_read_as_western():
    text = "Zażółć gęślą jaźń, powiedział minister w poniedziałek.\n"
    assert decode_bytes(text.encode("cp1250")).text == text


def test_truncated_utf16_is_decoded_with_a_note():
    decoded = decode_bytes(codecs.BOM_UTF16_LE + "Hello".encode("utf-16-le") + b"\x00")
    assert decoded.text == "Hello\ufffd"
    assert decoded.note == "1 invalid utf-16 sequence(s) replaced with U+FFFD"
