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
# Pinned: signatures are stored, so the hashing scheme must not change under a stored index.
_SCHEME = "affine32"


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
    from datasketch import MinHash  # imported when first needed: it costs 0.8 s to load

    minhash = MinHash(
        num_perm=config.num_perm,
        seed=config.seed,
        hashfunc=zlib.crc32,
        permutations=_permutations(config.num_perm, config.seed),
        scheme=_SCHEME,
    )
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    # affine32 keeps values below 2**32 in uint64: uint32 halves the stored size losslessly.
    signature = minhash.hashvalues.astype(np.uint32)
    return Fingerprint(text_hash=text_hash, shingles=len(shingles), signature=signature)


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """MinHash's random permutations, drawn once per process instead of once per article
    (drawing them was a tenth of ingest time)."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME).permutations


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
