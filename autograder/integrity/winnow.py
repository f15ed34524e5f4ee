"""k-gram hashing and winnowing (Schleimer, Wilkerson and Aiken 2003, the method of MOSS).

Every run of `k` consecutive tokens is hashed; of each `window` consecutive hashes the
smallest (the rightmost on a tie) is kept as a fingerprint. Two texts that share a run of at
least `k + window - 1` tokens are guaranteed to share a fingerprint; runs shorter than `k`
are ignored as noise. Hashes are deterministic (CRC-32 per token, then a tuple hash of
ints), so the same submissions give the same fingerprints on every run.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A selected k-gram: its hash and the index of its first token."""

    hash: int
    start: int


def kgram_hashes(texts: Sequence[str], k: int) -> list[int]:
    """The hash of every run of `k` consecutive token texts (none if there are fewer)."""
    if k < 1:
        raise ValueError(f"a k-gram has at least one token, not {k}")
    ids = [zlib.crc32(text.encode()) for text in texts]
    return list(map(hash, _runs(ids, k)))


def winnow(hashes: Sequence[int], window: int) -> list[Fingerprint]:
    """Robust winnowing: the minimum of each window, each position recorded once; a tie keeps
    the previous window's choice if it is still inside, else takes the rightmost minimum.

    A text with fewer hashes than `window` is one window: its minimum is its fingerprint.
    """
    if window < 1:
        raise ValueError(f"a window holds at least one k-gram, not {window}")
    width = min(window, len(hashes))
    chosen: list[Fingerprint] = []
    for left, low in enumerate(map(min, _runs(hashes, width)) if hashes else ()):
        if chosen and chosen[-1].start >= left and chosen[-1].hash == low:
            continue  # most windows: the minimum they share with the last one is chosen
        span = hashes[left : left + width]
        chosen.append(Fingerprint(low, left + width - 1 - span[::-1].index(low)))
    return chosen


def _runs(values: Sequence[int], length: int) -> Iterator[tuple[int, ...]]:
    """Every run of `length` consecutive values, as a tuple, in order (made by `zip`, not
    sliced one by one in Python; the last of the shifted copies is the shortest, and ends it)."""
    return zip(*(values[start:] for start in range(length)), strict=False)
