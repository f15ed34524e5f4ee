"""Quiz item analysis, fed one student at a time: how hard each item was, how well it
separated stronger from weaker students, and which wrong answers were common.

`ItemStats.add(score, rest, answer, variant)` folds in one student's result on one item:
`score` is the item's score fraction in [0, 1] (partial credit included), `rest` the
student's points on the rest of the quiz (their total minus this item's points). Only
running sums are kept (Welford's means and co-moments, stable for any class size) and two
counters of at most 1,000 distinct entries, so 10,000 students cost what 10 do.

One formula: discrimination is the corrected item-rest correlation, Pearson's r between
the item's score fraction and the rest-of-quiz score. For right/wrong items that is the
corrected point-biserial correlation; leaving the item out of the rest keeps it from
correlating with itself. A randomised item is one item over all its variants (`variants`
counts the distinct values shown); each wrong answer is counted with the values it was
given for ("0.5 (p = 0.1, s = 0.9)"), as one number means different things in two variants.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

MAX_DISTINCT = 1000  # distinct keys one counter remembers (answers, hints, ...): bounded memory
NO_ANSWER = "(no answer)"
FLAT = 1e-12  # a variance per student below this is none: the correlation is undefined


def count_bounded(counter: Counter[str], key: str) -> None:
    """Count `key`, unless it is new and the counter already holds MAX_DISTINCT keys."""
    if key in counter or len(counter) < MAX_DISTINCT:
        counter[key] += 1


@dataclass
class ItemStats:
    """One item over a class: share correct, mean score, discrimination, common wrong answers."""

    name: str
    n: int = 0
    correct: int = 0
    wrong: Counter[str] = field(default_factory=Counter)
    variants: Counter[str] = field(default_factory=Counter)
    _mean_score: float = 0.0
    _mean_rest: float = 0.0
    _m2_score: float = 0.0
    _m2_rest: float = 0.0
    _co: float = 0.0

    def add(self, score: float, rest: float, answer: str | None = None,
            variant: str | None = None) -> None:
        """One student: the item's score fraction, points on the rest of the quiz, the answer
        as recorded (None if missing) and, for a randomised item, the values they were shown."""
        self.n += 1
        self.correct += score >= 1.0
        d_score, d_rest = score - self._mean_score, rest - self._mean_rest
        self._mean_score += d_score / self.n
        self._mean_rest += d_rest / self.n
        self._m2_score += d_score * (score - self._mean_score)
        self._m2_rest += d_rest * (rest - self._mean_rest)
        self._co += d_score * (rest - self._mean_rest)
        if variant:
            count_bounded(self.variants, variant)
        if score < 1.0:
            shown = NO_ANSWER if answer is None else answer[:80]
            count_bounded(self.wrong, f"{shown} ({variant})" if variant else shown)

    @property
    def share_correct(self) -> float:
        """The share of students with full marks (the item's easiness)."""
        return self.correct / self.n if self.n else 0.0

    @property
    def mean_score(self) -> float:
        """The mean score fraction, partial credit included."""
        return self._mean_score

    @property
    def discrimination(self) -> float | None:
        """r(item score, rest of quiz); None with fewer than 2 students or no variance."""
        if self.n < 2 or self._m2_score <= FLAT * self.n or self._m2_rest <= FLAT * self.n:
            return None
        return self._co / math.sqrt(self._m2_score * self._m2_rest)

    def top_wrong(self, count: int = 5) -> list[tuple[str, int]]:
        """The most common wrong answers with how many gave them."""
        return self.wrong.most_common(count)
