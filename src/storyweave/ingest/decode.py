"""Bytes to text for files that do not say their encoding, so an é written by an old Windows
editor stays an é and a few broken bytes never cost the whole article."""

from __future__ import annotations

import codecs
import re
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


@dataclass(frozen=True)
class Decoded:
    """Text plus the encoding it was read with. `note` says how many broken sequences were
    replaced with U+FFFD, and is None when nothing was lost."""

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
    guessed: cp1252 when it reads as plausible Western text (charset-normalizer, on its own,
    often picks cp1250 or cp1257 for French and turns "à" into "ą"), else charset-normalizer's
    choice.

    Known failure cases: a short non-UTF-8 text in an East European code page may be read as
    cp1252 when charset-normalizer sees no difference; UTF-16 without a byte-order mark is only
    recognised when it is mostly ASCII (see `sniff.looks_like_utf16`).
    """
    encoding = bom_encoding(data)
    if encoding:
        return _replacing(data, encoding)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    # Mostly UTF-8 with a few broken sequences (a truncated copy, one pasted Latin-1 word):
    # keep UTF-8, since a legacy guess would garble every correct multi-byte character.
    if _count_valid_multibyte(lenient) * 20 >= bad > 0:
        return Decoded(lenient, "utf-8", f"{bad} invalid UTF-8 sequence(s) replaced with U+FFFD")
    # A correct guess loses nothing, so it is not worth a note; the encoding is still recorded.
    return _replacing(data, _guess_legacy(data))


def _replacing(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    if not bad:
        return Decoded(text, encoding)
    return Decoded(text, encoding, f"{bad} invalid {encoding} sequence(s) replaced with U+FFFD")


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
    sample = data[:200_000]  # the encoding does not change mid-file; keep detection fast
    if _decodes(sample, "cp1252") and _reads_as_western(sample.decode("cp1252")):
        return "cp1252"
    best = charset_normalizer.from_bytes(sample).best()
    if best is not None:
        return best.encoding
    return "cp1252" if _decodes(data, "cp1252") else "latin_1"


# A non-ASCII symbol between two letters ("Za¿ó³æ") is what East European text read as cp1252
# looks like; real Western text has accented letters there.
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f](?=[^\W\d_])")


def _reads_as_western(text: str) -> bool:
    """Whether cp1252 gives plausible Western European text: some accented letters among mostly
    ASCII ones, and no symbols inside words. Cyrillic or Greek code pages read as cp1252 give
    words made only of accented letters ("Ïðåçèäåíò"), which fails the first test."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    accented = sum(1 for ch in letters if ord(ch) > 127)
    if accented > 0.3 * len(letters):
        return False
    return not any(not match.group().isalpha() for match in _SYMBOL_IN_WORD.finditer(text))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
