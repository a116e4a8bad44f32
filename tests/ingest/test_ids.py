"""Article ids hold printable text only, so a heading, a terminal line or a URL built from one
cannot be broken by it."""

import pytest

from storyweave.ingest.ids import MAX_ID_CHARS, clean_id


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("reuters/2024/a b", "reuters/2024/a b"),  # slashes and single spaces are fine
        ("日本-1", "日本-1"),
        ("a\nb", "a b"),
        ("  a \t\r\n  b  ", "a b"),
        ("a\x00b\x1b[2Jc", "ab[2Jc"),
        ("a\u200bb\u202ec", "abc"),  # zero-width space, right-to-left override
        ("a\u2028b", "a b"),
        ("a\ud800b", "ab"),
        ("\n\t ", ""),
    ],
)
def test_ids_are_cleaned_to_printable_text(raw, clean):
    assert clean_id(raw) == clean


def test_long_ids_are_cut():
    assert clean_id("x" * 500) == "x" * MAX_ID_CHARS
    assert clean_id("a " * 150) == ("a " * 100).rstrip()


def test_clean_ids_are_left_alone():
    for raw in ("doc-1", "planet.example-p-123", "#3", "Ärger über Öl"):
        assert clean_id(raw) == raw
