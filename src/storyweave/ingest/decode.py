"""Bytes to text for files that do not say their encoding, so an é written by an old Windows
editor stays an é and a few broken bytes never cost the whole article."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte encodings charset-normalizer cannot tell apart on short Western text; it then
# picks whichever it tried first (often cp1250, which turns "à" into "ŕ"). cp1252 is by far the
# likeliest of them for news text, so it wins every tie it takes part in.
_WESTERN = {"cp1252", "latin_1", "iso8859_15"}


@dataclass(frozen=True)
class Decoded:
    """Text plus how it was obtained. `note` says what the reader should know (bytes replaced,
    encoding guessed) and is None when the bytes were clean UTF-8 or carried a byte-order mark."""

    text: str
    encoding: str
    note: str | None = None


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of `data` announces, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode a whole document.

    Order: byte-order mark; strict UTF-8; UTF-8 with the bad bytes replaced when the rest is
    clearly UTF-8 (valid multi-byte sequences present); else a legacy single-byte or CJK encoding
    guessed by charset-normalizer, with ties going to cp1252.

    Known failure cases: a short non-UTF-8 text in an East European code page may be read as
    cp1252 when charset-normalizer sees no difference; UTF-16 without a byte-order mark is only
    recognised when it is mostly ASCII (see `sniff.looks_like_utf16`).
    """
    encoding = bom_encoding(data)
    if encoding:
        return Decoded(data.decode(encoding, errors="replace"), encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    # Mostly UTF-8 with a few broken sequences (a truncated copy, one pasted Latin-1 word):
    # keep UTF-8, since a legacy guess would garble every correct multi-byte character.
    if _count_valid_multibyte(lenient) >= bad:
        return Decoded(lenient, "utf-8", f"{bad} invalid UTF-8 sequence(s) replaced with U+FFFD")
    guessed = _guess_legacy(data)
    return Decoded(data.decode(guessed, errors="replace"), guessed, f"not UTF-8; read as {guessed}")


def decode_line(data: bytes) -> tuple[str, int]:
    """One line of a UTF-8 stream (JSON Lines are UTF-8 by definition) and the number of bytes
    that had to be replaced."""
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        clean = data.decode("utf-8", errors="ignore")
        return text, text.count("\ufffd") - clean.count("\ufffd")


def _count_valid_multibyte(text: str) -> int:
    return sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")


def _guess_legacy(data: bytes) -> str:
    # A sample keeps detection fast on large files; the encoding does not change mid-file.
    results = charset_normalizer.from_bytes(data[:200_000])
    if not results:
        return "cp1252" if _decodes(data, "cp1252") else "latin_1"
    best = results.best()
    assert best is not None
    lowest = min(r.chaos for r in results)
    for result in results:
        if result.chaos <= lowest + 0.01 and _WESTERN & set(result.could_be_from_charset):
            return "cp1252" if _decodes(data, "cp1252") else "latin_1"
    return best.encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
