"""k-gram hashing and winnowing (Schleimer, Wilkerson and Aiken 2003, the method of MOSS).

Every run of `k` consecutive tokens is hashed; of each `window` consecutive hashes the
smallest (the rightmost on a tie) is kept as a fingerprint. Two texts that share a run of at
least `k + window - 1` tokens are guaranteed to share a fingerprint; runs shorter than `k`
are ignored as noise. Hashes are deterministic (CRC-32 per token, then a tuple hash of
ints), so the same submissions give the same fingerprints on every run.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A selected k-gram: its hash and the index of its first token."""

    hash: int
    start: int


def kgram_hashes(texts: Sequence[str], k: int) -> list[int]:
    """The hash of every run of `k` consecutive token texts (none if there are fewer)."""
    ids = [zlib.crc32(text.encode()) for text in texts]
    return [hash(tuple(ids[i : i + k])) for i in range(len(ids) - k + 1)]


def winnow(hashes: Sequence[int], window: int) -> list[Fingerprint]:
    """Robust winnowing: the minimum of each window, each position recorded once; a tie keeps
    the previous window's choice if it is still inside, else takes the rightmost minimum.

    A text with fewer hashes than `window` is one window: its minimum is its fingerprint.
    """
    width = min(window, len(hashes))
    chosen: list[Fingerprint] = []
    for left in range(len(hashes) - width + 1) if hashes else ():
        span = hashes[left : left + width]
        low = min(span)
        if chosen and chosen[-1].start >= left and chosen[-1].hash == low:
            continue
        position = left + width - 1 - span[::-1].index(low)
        chosen.append(Fingerprint(low, position))
    return chosen
