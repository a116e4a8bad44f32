"""Fingerprints that tell exact and near-duplicate articles apart (reprints, wire copies).

A wire story reprinted by five sites is one original report with five carriers; corroboration
counts depend on recognising that. Exact copies share a hash of their normalised text; near
copies (other boilerplate, a changed word, a cut last paragraph) share most word 5-gram shingles,
found with MinHash LSH (Broder 1997; banding as in Leskovec, Rajaraman & Ullman, "Mining of
Massive Datasets", ch. 3) so that candidate look-up never compares all pairs.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DedupConfig:
    shingle_words: int = 5
    num_perm: int = 128
    # 32 bands of 4 rows: a pair with Jaccard 0.5 becomes a candidate with probability
    # 1 - (1 - 0.5**4)**32 = 0.87, at 0.7 with 0.9995; verification then decides.
    bands: int = 32
    # Share of the shorter article's shingles found in the other: 0.8 keeps reprints that
    # trimmed a paragraph or swapped a headline, and rejects two reports quoting one statement.
    min_containment: float = 0.8
    # Below this many shingles (about 3 sentences) an article is too short to call a copy.
    min_shingles: int = 20
    seed: int = 1


@dataclass(frozen=True)
class Fingerprint:
    text_hash: str
    shingles: int
    signature: np.ndarray  # uint32[num_perm]

    def bands(self, config: DedupConfig) -> list[tuple[int, int]]:
        """(band number, bucket) pairs; two articles sharing one are near-duplicate candidates."""
        rows = len(self.signature) // config.bands
        result = []
        for band in range(config.bands):
            chunk = self.signature[band * rows : (band + 1) * rows].tobytes()
            # Signed 63-bit so the value fits an SQL INTEGER column.
            bucket = int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big") >> 1
            result.append((band, bucket))
        return result


def normalised_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def fingerprint(text: str, config: DedupConfig = DedupConfig()) -> Fingerprint:
    words = normalised_words(text)
    text_hash = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
    n = config.shingle_words
    shingles = {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
    signature = minhash_signature([zlib.crc32(s.encode("utf-8")) for s in shingles], config)
    return Fingerprint(text_hash=text_hash, shingles=len(shingles), signature=signature)


# MurmurHash3's 32-bit finaliser (shift, multiplier, shift, multiplier, shift): a fixed bijection
# that spreads crc32's structured values before the permutations.
_PREMIX = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
# Shingles hashed per step: bounds the (permutations x shingles) matrix to 4 MiB per step.
_CHUNK = 8192


def minhash_signature(hashes: list[int], config: DedupConfig = DedupConfig()) -> np.ndarray:
    """The MinHash signature of a set of 32-bit hashes: per permutation h -> a*h + b (mod 2**32,
    `a` odd, so a bijection), the least value over the set; all ones for an empty set.

    The permutations and the premix follow the "affine32" scheme of datasketch 2.x, which built
    the signatures of stores written before this module replaced it: those signatures stay
    comparable with new ones (tests/ingest/test_dedup.py pins values). Written here because
    importing datasketch pulled in scipy.integrate, 0.8-2 s at the start of every ingest.
    """
    a, b = _permutations(config.num_perm, config.seed)
    signature = np.full(config.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    values = np.asarray(hashes, dtype=np.uint32)
    with np.errstate(over="ignore"):  # wrapping multiplication is the intended mod 2**32
        s1, m1, s2, m2, s3 = _PREMIX
        values = values ^ (values >> np.uint32(s1))
        values = values * np.uint32(m1)
        values = values ^ (values >> np.uint32(s2))
        values = values * np.uint32(m2)
        values = values ^ (values >> np.uint32(s3))
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK]
            permuted = a[:, None] * chunk[None, :] + b[:, None]
            signature = np.minimum(signature, permuted.min(axis=1))
    return signature


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The permutations' (a, b), drawn once per process from a seeded generator: odd `a` in
    [1, 2**32), `b` in [0, 2**32). Pinned: stored signatures
    depend on them, so the drawing must never change."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def signature_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint32)


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller shingle set contained in the other.

    From the MinHash Jaccard estimate J and the set sizes: |A & B| = J (|A| + |B|) / (1 + J).
    """
    jaccard = float(np.mean(a.signature == b.signature))
    if jaccard == 0.0:
        return 0.0
    overlap = jaccard * (a.shingles + b.shingles) / (1.0 + jaccard)
    return min(1.0, overlap / max(1, min(a.shingles, b.shingles)))


def is_near_duplicate(a: Fingerprint, b: Fingerprint, config: DedupConfig = DedupConfig()) -> bool:
    if a.text_hash == b.text_hash:
        return True
    if min(a.shingles, b.shingles) < config.min_shingles:
        return False
    return containment(a, b) >= config.min_containment
