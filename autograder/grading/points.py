"""How many points an assignment is worth: the sum over its collected hidden suite."""

from __future__ import annotations

import pytest

from autograder.grading.outcomes import test_points
from autograder.grading.session import run_session


class _Counter:
    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.count = len(session.items)
        self.total = sum(test_points(item) for item in session.items)


def collect_suite(assignment_id: str) -> tuple[int, float]:
    """The number of hidden tests of an assignment and their total points."""
    counter = _Counter()
    run_session(assignment_id, counter, "--collect-only")
    return counter.count, counter.total
