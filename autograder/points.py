"""How many points an assignment is worth: the sum over its collected hidden suite."""

from __future__ import annotations

import os

import pytest

from autograder.outcomes import test_points
from autograder.worker import WorkerConfig, pytest_args


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
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    args = pytest_args(WorkerConfig(assignment=assignment_id, out=""))
    pytest.main([*args, "--collect-only"], plugins=[counter])
    return counter.count, counter.total

