"""Quiz item analysis for the class report: how hard each item was, how well it separated
students, and the wrong answers chosen most, kept as running sums (one pass, flat memory).

Discrimination is the corrected point-biserial: the correlation of being right on the item
with the score on the rest of the quiz.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from autograder.grading.model import TestResult

MAX_DISTINCT = 1000


@dataclass
class ItemStats:
    """One item's running sums."""

    name: str
    n: int = 0
    correct: int = 0
    rest_sum: float = 0.0
    rest_sq: float = 0.0
    cross: float = 0.0
    wrong: Counter[str] = field(default_factory=Counter)

    def add(self, test: TestResult, total: float) -> None:
        rest = total - test.score
        self.n += 1
        self.correct += test.passed
        self.rest_sum += rest
        self.rest_sq += rest * rest
        self.cross += rest * test.passed
        answer = "—" if test.answer is None else test.answer[:80]
        if not test.passed and (answer in self.wrong or len(self.wrong) < MAX_DISTINCT):
            self.wrong[answer] += 1

    @property
    def share_correct(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def discrimination(self) -> float | None:
        """None when everyone got the item (or the rest of the quiz) equally right."""
        if not self.n:
            return None
        p, mean = self.share_correct, self.rest_sum / self.n
        var_rest = self.rest_sq / self.n - mean * mean
        if p * (1 - p) < 1e-12 or var_rest < 1e-12:
            return None
        return (self.cross / self.n - p * mean) / math.sqrt(p * (1 - p) * var_rest)


@dataclass
class ItemTable:
    """Every item of a quiz, in the order first seen."""

    stats: dict[str, ItemStats] = field(default_factory=dict)

    def add(self, test: TestResult, total: float) -> None:
        self.stats.setdefault(test.name, ItemStats(test.name)).add(test, total)

    def __len__(self) -> int:
        return len(self.stats)

    def rows(self) -> list[ItemStats]:
        """The items, hardest first."""
        return sorted(self.stats.values(), key=lambda s: (s.share_correct, s.name))
