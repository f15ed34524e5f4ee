"""Fingerprint every submission, find the pairs that share the most, and locate what they share.

A pair's score is |A ∩ B| / max(min(|A|, |B|), floor), where A and B are the sets of the two
submissions' fingerprints left after removing the starter code's and the common ones: the
share of the smaller submission found in the other, so copying one function out of four
still shows. An inverted index (fingerprint -> submissions holding it) counts the shared
fingerprints of only the pairs that share any, instead of comparing all n(n-1)/2 pairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

from autograder.integrity.model import Match, Pair, Settings, StudentCode
from autograder.integrity.tokens import Token, normalise
from autograder.integrity.winnow import Fingerprint, kgram_hashes, winnow

MAX_REPEATS = 8  # places in b looked at for one fingerprint of a (repeated boilerplate)


@dataclass(frozen=True)
class Profile:
    """One submission's tokens, its fingerprints, and where each of its k-grams starts."""

    code: StudentCode
    tokens: tuple[Token, ...]
    prints: tuple[Fingerprint, ...]
    hashes: frozenset[int]  # the fingerprints' distinct hashes: what scores count
    kgrams: tuple[int, ...]  # every k-gram's hash, by its first token
    starts: Mapping[int, tuple[int, ...]]  # every k-gram's hash -> its first tokens


def tokens_of(code: StudentCode) -> list[Token]:
    """The normalised tokens of all of a submission's cells, in order."""
    return [token for cell in code.cells for token in normalise(cell.code, cell.first_line)]


def all_kgrams(code: StudentCode, k: int) -> frozenset[int]:
    """Every k-gram hash of a text (used for the starter code: all of it is excluded)."""
    return frozenset(kgram_hashes([t.text for t in tokens_of(code)], k))


def profile(code: StudentCode, settings: Settings, excluded: frozenset[int]) -> Profile:
    """Fingerprint one submission, leaving out those in `excluded` (the starter code's)."""
    tokens = tokens_of(code)
    hashes = kgram_hashes([t.text for t in tokens], settings.k)
    starts: defaultdict[int, list[int]] = defaultdict(list)
    for index, value in enumerate(hashes):
        starts[value].append(index)
    prints = tuple(winnow(hashes, settings.window))
    return _kept(Profile(code, tuple(tokens), prints, frozenset(), tuple(hashes),
                         {h: tuple(s) for h, s in starts.items()}), excluded)


def without(profiles: Sequence[Profile], ignored: frozenset[int]) -> list[Profile]:
    """The same profiles with the `ignored` fingerprints taken out."""
    return [_kept(p, ignored) for p in profiles]


def _kept(prof: Profile, ignored: frozenset[int]) -> Profile:
    prints = tuple(f for f in prof.prints if f.hash not in ignored)
    return Profile(prof.code, prof.tokens, prints, frozenset(f.hash for f in prints),
                   prof.kgrams, prof.starts)


def common_hashes(profiles: Sequence[Profile], settings: Settings) -> frozenset[int]:
    """Fingerprints held by more than `settings.common_limit(n)` of the n submissions."""
    holders = Counter(h for p in profiles for h in p.hashes)
    limit = settings.common_limit(len(profiles))
    return frozenset(h for h, count in holders.items() if count > limit)


def shared_counts(profiles: Sequence[Profile]) -> Counter[tuple[int, int]]:
    """Shared fingerprints of every pair `(i, j)`, i < j, that shares at least one."""
    index: defaultdict[int, list[int]] = defaultdict(list)
    for number, prof in enumerate(profiles):
        for value in prof.hashes:
            index[value].append(number)
    counts: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        counts.update(combinations(holders, 2))
    return counts


def score(shared: int, size_a: int, size_b: int, floor: int) -> float:
    """Shared fingerprints over the smaller submission's (counted as at least `floor`)."""
    return min(1.0, shared / max(min(size_a, size_b), floor, 1))


def compare(profiles: Sequence[Profile], settings: Settings,
            ignored: frozenset[int] = frozenset()) -> list[Pair]:
    """Every pair scoring at least the threshold, most similar first, with its matches
    (which never reach into `ignored` k-grams: the starter code and common code)."""
    sizes = [len(p.hashes) for p in profiles]
    pairs = []
    for (i, j), shared in shared_counts(profiles).items():
        value = score(shared, sizes[i], sizes[j], settings.floor)
        if value < settings.threshold:
            continue
        a, b = sorted((profiles[i], profiles[j]), key=lambda p: p.code.student)
        pairs.append(Pair(a.code.student, b.code.student, value, shared,
                          matches(a, b, settings.k, ignored)))
    return sorted(pairs, key=lambda p: (-p.score, p.a, p.b))


class Run(NamedTuple):
    """Tokens both texts share in one piece: from `a` in a's tokens, `b` in b's, `length` long."""

    a: int
    b: int
    length: int


def matches(a: Profile, b: Profile, k: int,
            ignored: frozenset[int] = frozenset()) -> tuple[Match, ...]:
    """The regions a and b share, as line ranges, in a's order, none overlapping another:
    runs of shared fingerprints, grown k-gram by k-gram to the whole run both texts share."""
    hits = [(f.start, other) for f in a.prints for other in b.starts.get(f.hash, ())[:MAX_REPEATS]]
    grown = [_grow(a.kgrams, b.kgrams, run, k, ignored) for run in _runs(hits, k)]
    taken: list[Run] = []
    for run in sorted(grown, key=lambda r: -r.length):  # the longest first; others yield to it
        trimmed = _trim(run, taken)
        if trimmed.length >= k:
            taken.append(trimmed)
    found = [Match(a.tokens[r.a].line, a.tokens[r.a + r.length - 1].end_line,
                   b.tokens[r.b].line, b.tokens[r.b + r.length - 1].end_line) for r in taken]
    return tuple(sorted(found, key=lambda m: (m.a_first, m.b_first)))


def _runs(hits: Iterable[tuple[int, int]], k: int) -> list[Run]:
    """Each run of k-grams shared on one diagonal (the same offset between a and b)."""
    runs: list[Run] = []
    a0 = b0 = end = -1
    for pa, pb in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if end >= 0 and a0 - b0 == pa - pb and pa <= end:
            end = max(end, pa + k)
            continue
        if end >= 0:
            runs.append(Run(a0, b0, end - a0))
        a0, b0, end = pa, pb, pa + k
    return [*runs, Run(a0, b0, end - a0)] if end >= 0 else runs


def _grow(ka: Sequence[int], kb: Sequence[int], run: Run, k: int,
          ignored: frozenset[int]) -> Run:
    """Extend a run backwards and forwards while both texts' next k-grams are equal (winnowing
    keeps only some of them, so a run's ends would otherwise fall short)."""
    a0, b0, length = run
    while a0 and b0 and ka[a0 - 1] == kb[b0 - 1] and ka[a0 - 1] not in ignored:
        a0, b0, length = a0 - 1, b0 - 1, length + 1
    nxt = a0 + length - k + 1  # the first k-gram after the run, in a
    while (nxt < len(ka) and b0 + nxt - a0 < len(kb) and ka[nxt] == kb[b0 + nxt - a0]
           and ka[nxt] not in ignored):
        length, nxt = length + 1, nxt + 1
    return Run(a0, b0, length)


def _trim(run: Run, taken: list[Run]) -> Run:
    """`run` without the tokens (in a or in b) that a run already taken covers: two regions
    often share a closing bracket at their border."""
    a0, b0, length = run
    for other in taken:
        for side in (0, 1):
            mine, theirs = (a0, b0)[side], (other.a, other.b)[side]
            if theirs <= mine < theirs + other.length:  # it covers my start: start after it
                cut = theirs + other.length - mine
                a0, b0, length = a0 + cut, b0 + cut, length - cut
            elif mine < theirs < mine + length:  # it starts inside me: end before it
                length = theirs - mine
    return Run(a0, b0, length)
