"""Throughput of the sentence embedders on generated news-like sentences (prints sentences/s).

Run: .venv/bin/python bench/embeddings.py [--sentences 10000]
"""

from __future__ import annotations

import argparse
import random
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyweave.nlp.embeddings import Embedder

SUBJECTS = [
    "The president",
    "Kremlin spokesman Dmitry Peskov",
    "The prime minister",
    "Officials in Kyiv",
    "The central bank",
    "A senior diplomat",
    "Opposition leaders",
    "The defence ministry",
    "Local residents",
    "The United Nations envoy",
    "Analysts",
    "The company's chief executive",
]
VERBS = [
    "said",
    "warned",
    "denied",
    "confirmed",
    "announced",
    "suggested",
    "insisted",
    "reported",
]
CLAIMS = [
    "that talks could begin without preconditions",
    "that troops would withdraw from the border region by Friday",
    "that interest rates will rise by half a point next month",
    "that the ceasefire had been broken overnight near the river",
    "that more than 2,000 people were evacuated after the floods",
    "that sanctions would remain in place until a deal is signed",
    "that the election results were announced on Sunday",
    "that a meeting in Geneva was being prepared for the new year",
    "that the pipeline deal was worth about $4 billion",
    "that the strike at the port had ended after three weeks",
]
TAILS = [
    "",
    " on Monday",
    ", according to state media",
    " in a statement late on Tuesday",
    ", adding that no decision had been made",
    " during a press conference in Brussels",
]


def generate_sentences(count: int, seed: int = 0) -> list[str]:
    """Deterministic news-style sentences of 10-30 words, varied enough to defeat any caching."""
    rng = random.Random(seed)
    return [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAIMS)}{rng.choice(TAILS)}."
        for _ in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3, help="best of this many timed runs")
    args = parser.parse_args()

    started = time.perf_counter()
    from storyweave.nlp.embeddings import EmbeddingConfig, HashingTfidfEmbedder, load_embedder

    embedder = load_embedder(EmbeddingConfig(fallback=False))
    load_s = time.perf_counter() - started
    print(f"{embedder.name}: {embedder.dim} dims, loaded in {load_s:.2f} s (imports included)")

    sentences = generate_sentences(args.sentences)
    words = sum(len(s.split()) for s in sentences)
    print(f"{len(sentences)} sentences, {words / len(sentences):.1f} words on average")
    for candidate in (embedder, HashingTfidfEmbedder()):
        best_s = min(_time_encode(candidate, sentences) for _ in range(args.repeats))
        print(f"{candidate.name}: {len(sentences) / best_s:,.0f} sentences/s ({best_s:.2f} s)")


def _time_encode(embedder: Embedder, sentences: list[str]) -> float:
    started = time.perf_counter()
    embedder.encode(sentences)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
