"""Bodies read under limits: decoding in bounded steps, corrupt and unknown encodings refused."""

import gzip
import zlib

import pytest

from storyweave.fetch.body import BodyLimits, read_body
from storyweave.fetch.errors import BodyRefused, RetryLater

LIMITS = BodyLimits(
    max_body_bytes=1_000_000,
    max_decoded_bytes=5_000_000,
    max_ratio=100.0,
    ratio_check_after_bytes=1_048_576,
    max_fetch_s=60.0,
)


def chunks(data, size=4096):
    return [data[i : i + size] for i in range(0, len(data), size)]


def read(data, encoding=None, limits=LIMITS, elapsed=lambda: 0.0):
    return read_body(chunks(data), encoding, limits, "http://site.example/a", elapsed)


def test_gzip_members_one_after_another_are_all_read():
    assert read(gzip.compress(b"first ") + gzip.compress(b"second"), "gzip") == b"first second"


def test_identity_and_x_gzip_are_read():
    assert read(b"plain", "identity") == b"plain"
    assert read(gzip.compress(b"old name"), "x-gzip") == b"old name"


def test_a_corrupt_or_cut_gzip_body_is_refused():
    with pytest.raises(BodyRefused, match="corrupt"):
        read(b"\x1f\x8b\x08\x00garbage-garbage", "gzip")
    whole = gzip.compress(b"some text " * 1000)
    with pytest.raises(BodyRefused, match="ends before"):
        read(whole[: len(whole) // 2], "gzip")


def test_stacked_or_unknown_encodings_are_refused():
    with pytest.raises(BodyRefused, match="gzip, gzip"):
        read(gzip.compress(gzip.compress(b"x")), "gzip, gzip")
    with pytest.raises(BodyRefused, match="zstd"):
        read(b"\x28\xb5\x2f\xfd", "zstd")


def test_a_bomb_in_one_chunk_never_decodes_past_the_budget():
    # One 20 KB chunk that inflates to 20 MB: the decoder is asked for a bounded amount, so the
    # refusal comes at the budget, not after 20 MB sit in memory.
    bomb = gzip.compress(b"\0" * 20_000_000)
    small = BodyLimits(1_000_000, 100_000, 1e9, 1 << 30, 60.0)
    with pytest.raises(BodyRefused, match="100,000-byte limit"):
        read_body([bomb], "gzip", small, "http://site.example/a", lambda: 0.0)


def test_a_truncating_read_keeps_what_fits():
    keep = BodyLimits(10, 100, 100.0, 1 << 20, 60.0, truncate=True)
    assert read_body([b"abcdefgh", b"ijklmnop"], None, keep, "u", lambda: 0.0) == b"abcdefghij"


def test_a_body_taking_too_long_stops():
    times = iter([10.0, 61.0])
    with pytest.raises(RetryLater, match="max_fetch_s"):
        read(b"x" * 10_000, None, LIMITS, lambda: next(times))


def test_raw_deflate_is_read_as_well_as_zlib_deflate():
    squeeze = zlib.compressobj(wbits=-15)
    raw = squeeze.compress(b"raw deflate body") + squeeze.flush()
    assert read(raw, "deflate") == b"raw deflate body"
    assert read(zlib.compress(b"zlib body"), "deflate") == b"zlib body"
