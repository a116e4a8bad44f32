"""Synthetic news for benchmarks: many distinct events, each reported by a few outlets, with
wire reprints. Deterministic for a seed; words are invented so no real text is involved."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

_SYLLABLES = [
    "ka",
    "lo",
    "mer",
    "tan",
    "vi",
    "dra",
    "sel",
    "or",
    "bu",
    "nix",
    "pal",
    "ren",
    "tho",
    "gi",
]
_VERBS = ["said", "announced", "denied", "confirmed", "reported", "warned", "promised", "rejected"]
_NOUNS = [
    "council",
    "union",
    "ministry",
    "port",
    "company",
    "court",
    "hospital",
    "police",
    "school",
]


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _sentence(rng: random.Random, people: list[str], place: str) -> str:
    return (
        f"{rng.choice(people)} {rng.choice(_VERBS)} that the {rng.choice(_NOUNS)} in {place} "
        f"would {rng.choice(_VERBS)} {rng.randint(2, 900)} {rng.choice(_NOUNS)} workers "
        f"{rng.choice(['on Monday', 'last week', 'yesterday', 'in March'])}."
    )


def generate(count: int, seed: int = 7, sentences: int = 18) -> Iterator[dict]:
    """`count` JSONL rows: events of 2-6 reports each, one in ten reports a wire reprint."""
    rng = random.Random(seed)
    made = 0
    event = 0
    while made < count:
        event += 1
        people = [f"{_name(rng)} {_name(rng, 3)}" for _ in range(3)]
        place = _name(rng, 3)
        day = 1 + event % 28
        original = None
        for report in range(rng.randint(2, 6)):
            if made >= count:
                break
            if original and rng.random() < 0.1:
                text = "Shared from our partners.\n" + original
            else:
                text = " ".join(_sentence(rng, people, place) for _ in range(sentences))
                original = original or text
            made += 1
            yield {
                "id": f"e{event}-r{report}",
                "source": f"Outlet {rng.randint(1, 40)}",
                "title": f"{people[0]} and the {place} {rng.choice(_NOUNS)}",
                "published": f"2026-03-{day:02d}",
                "text": text,
            }


def write_jsonl(path: str, count: int | None = None, size_bytes: int | None = None) -> int:
    """Write rows until `count` rows or `size_bytes` bytes; returns the number of rows."""
    written = rows = 0
    with open(path, "w", encoding="utf-8") as handle:
        for row in generate(count or 10**9):
            line = json.dumps(row) + "\n"
            handle.write(line)
            written += len(line.encode("utf-8"))
            rows += 1
            if size_bytes and written >= size_bytes:
                break
    return rows
