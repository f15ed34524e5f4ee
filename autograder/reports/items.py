"""Quiz item analysis for the class report: one `autograder.quiz.analysis.ItemStats` per item,
fed from the results (the item's score fraction, the rest of the quiz, the answer and, for a
per-student item, the values it was given).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.grading.model import TestResult
from autograder.quiz.analysis import ItemStats


@dataclass
class ItemTable:
    """Every item of a quiz, in the order first seen."""

    stats: dict[str, ItemStats] = field(default_factory=dict)

    def add(self, test: TestResult, total: float) -> None:
        fraction = test.score / test.max_score if test.max_score else 0.0
        self.stats.setdefault(test.name, ItemStats(test.name)).add(
            fraction, total - test.score, test.answer, test.values)

    def __len__(self) -> int:
        return len(self.stats)

    def rows(self) -> list[ItemStats]:
        """The items, hardest first."""
        return sorted(self.stats.values(), key=lambda s: (s.share_correct, s.name))
