"""Read a response body without trusting its size: stop at the wire limit, and decompress in
bounded steps so a small gzip cannot grow into gigabytes in memory (a decompression bomb).

httpx's own decoding inflates each chunk whole, so one 64 KiB chunk of a gzip of zeros becomes
64 MB before any check could run; here zlib is asked for at most what the budget has left.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from storyweave.fetch.config import FetchConfig
from storyweave.fetch.errors import BodyRefused, RetryLater

ACCEPT_ENCODING = "gzip, deflate"
"""What is asked for: the two encodings inflated here under the limits (no brotli or zstd)."""


@dataclass(frozen=True)
class BodyLimits:
    max_body_bytes: int
    max_decoded_bytes: int
    max_ratio: float
    ratio_check_after_bytes: int
    max_fetch_s: float
    # When a body over max_body_bytes is cut there and kept (robots.txt), not refused.
    truncate: bool = False

    @classmethod
    def from_config(cls, config: FetchConfig) -> BodyLimits:
        return cls(
            max_body_bytes=config.max_body_bytes,
            max_decoded_bytes=config.max_decoded_bytes,
            max_ratio=config.max_compression_ratio,
            ratio_check_after_bytes=config.ratio_check_after_bytes,
            max_fetch_s=config.max_fetch_s,
        )


def read_body(
    chunks: Iterable[bytes],
    content_encoding: str | None,
    limits: BodyLimits,
    url: str,
    elapsed_s: Callable[[], float],
) -> bytes:
    """The decoded body, read from raw (still compressed) `chunks`.

    Raises BodyRefused when the body passes max_body_bytes on the wire, max_decoded_bytes once
    decoded, or max_ratio decoded-to-wire, when its encoding is not gzip/deflate/identity, or
    when a compressed body is corrupt or ends early; RetryLater when reading takes longer than
    max_fetch_s (checked between chunks; the read timeout bounds each wait). Reading stops at
    the first limit passed: the rest is never read.
    """
    inflater = _inflater_for(content_encoding, url)
    decoded = bytearray()
    wire = 0
    for chunk in chunks:
        wire += len(chunk)
        cut = wire > limits.max_body_bytes
        if cut:
            if not limits.truncate:
                raise BodyRefused(
                    url, _over(limits.max_body_bytes, "max_body_bytes", "on the wire")
                )
            chunk = chunk[: len(chunk) - (wire - limits.max_body_bytes)]
        decoded += inflater.feed(chunk, limits.max_decoded_bytes - len(decoded))
        if len(decoded) > limits.max_decoded_bytes:
            if limits.truncate:
                return bytes(decoded[: limits.max_decoded_bytes])
            raise BodyRefused(
                url,
                _over(limits.max_decoded_bytes, "max_decoded_bytes", "once decompressed")
                + " (a decompression bomb?)",
            )
        if len(decoded) > limits.ratio_check_after_bytes and len(decoded) > limits.max_ratio * wire:
            raise BodyRefused(
                url,
                f"the body decompresses to over {limits.max_ratio:g} times its size on the wire "
                "(max_compression_ratio), which is how a decompression bomb looks; reading stopped",
            )
        if cut:
            return bytes(decoded)
        if elapsed_s() > limits.max_fetch_s:
            raise RetryLater(
                url,
                f"the body took more than {limits.max_fetch_s:g} s to arrive (max_fetch_s); "
                "reading stopped",
            )
    inflater.finish()
    return bytes(decoded)


def _over(limit: int, setting: str, where: str) -> str:
    return f"the body is over the {limit:,}-byte limit ({setting}) {where}; reading stopped"


class _Identity:
    def feed(self, data: bytes, room: int) -> bytes:
        return data

    def finish(self) -> None:
        pass


class _Inflater:
    """gzip (members one after another, as RFC 1952 allows) or deflate, inflated in steps of at
    most `room + 1` bytes, so going over the budget shows after one extra byte, not 64 MB."""

    def __init__(self, gzip: bool, url: str) -> None:
        self._gzip = gzip
        self._url = url
        # "deflate" is meant to be zlib-wrapped (RFC 9110 section 8.4.1.2), but some servers
        # send raw deflate; the first byte tells which.
        self._wbits: int | None = 16 + zlib.MAX_WBITS if gzip else None
        self._inflate: zlib._Decompress | None = None
        self._ended = False  # a deflate stream ended; what follows it is ignored

    def feed(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        while data and not self._ended:
            if self._inflate is None:
                if self._wbits is None:
                    self._wbits = zlib.MAX_WBITS if _zlib_header(data) else -zlib.MAX_WBITS
                self._inflate = zlib.decompressobj(self._wbits)
            want = max(room - len(out), 0) + 1
            try:
                piece = self._inflate.decompress(data, want)
            except zlib.error as error:
                raise BodyRefused(self._url, f"the compressed body is corrupt ({error})") from None
            out += piece
            if len(out) > room:
                break  # over budget: the caller refuses (or, truncating, keeps what fits)
            if self._inflate.eof:
                data = self._inflate.unused_data
                if self._gzip:
                    self._inflate = None  # the next member, if any, gets a fresh inflater
                else:
                    self._ended = True
            else:
                # zlib returned less than asked, so it has used up its input: nothing is pending.
                data = self._inflate.unconsumed_tail
        return bytes(out)

    def finish(self) -> None:
        if self._inflate is not None and not self._inflate.eof:
            raise BodyRefused(self._url, "the compressed body ends before its data does")


def _zlib_header(data: bytes) -> bool:
    # RFC 1950: method 8 in the low nibble, and the two header bytes a multiple of 31.
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _inflater_for(content_encoding: str | None, url: str) -> _Identity | _Inflater:
    codings = [
        part.strip().lower()
        for part in (content_encoding or "").split(",")
        if part.strip().lower() not in ("", "identity")
    ]
    if not codings:
        return _Identity()
    if codings in (["gzip"], ["x-gzip"]):
        return _Inflater(gzip=True, url=url)
    if codings == ["deflate"]:
        return _Inflater(gzip=False, url=url)
    raise BodyRefused(
        url,
        f"the body is encoded as {', '.join(codings)}; only gzip or deflate (one layer) is read",
    )
