"""Turn one test's pytest report into the outcome a student sees: name, points, message.

The message comes from the exception alone, never from pytest's long report, which would
show the suite's source and the hidden inputs in its locals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from autograder.grading.proxy import StudentFailure

OUTPUT_CAP = 2000


class PartialCredit(Exception):
    """Raised by a test that earns a fraction of its points (a multi-select quiz item)."""

    def __init__(self, fraction: float, message: str) -> None:
        self.fraction = min(1.0, max(0.0, float(fraction)))
        super().__init__(message)


@dataclass
class Outcome:
    """The graded result of one test for one submission."""

    name: str
    max_score: float
    score: float
    passed: bool
    output: str
    duration: float
    properties: dict[str, Any]

    @property
    def function(self) -> str:
        """The function or quiz item the test grades: the name before the first colon."""
        return self.name.split(":", 1)[0].strip()


def test_name(item: pytest.Item) -> str:
    """The public name: a `title` mark, else the docstring's first line, else the node id."""
    mark = item.get_closest_marker("title")
    if mark and mark.args:
        return str(mark.args[0])
    doc = getattr(getattr(item, "function", None), "__doc__", None)
    if doc and doc.strip():
        return doc.strip().splitlines()[0].strip()
    return item.nodeid


def test_points(item: pytest.Item) -> float:
    """The points a test is worth (the `points` mark, default 1)."""
    mark = item.get_closest_marker("points")
    return float(mark.args[0]) if mark and mark.args else 1.0


def failure_message(excinfo: pytest.ExceptionInfo[BaseException], when: str) -> tuple[str, float]:
    """The teaching message for a failed phase and the fraction of points it still earns."""
    exc = excinfo.value
    fraction = exc.fraction if isinstance(exc, PartialCredit) else 0.0
    if when != "call":
        text = f"the grader could not run this test ({type(exc).__name__}: {exc})"
    elif isinstance(exc, AssertionError | StudentFailure) or fraction:
        text = str(exc) or "the check failed"
    else:
        text = f"the check could not be completed: {type(exc).__name__}: {exc}"
    if len(text) > OUTPUT_CAP:
        text = text[: OUTPUT_CAP - 20] + "\n... (message cut)"
    return text, fraction


class OutcomeCollector:
    """Builds an Outcome per test from its setup/call/teardown reports."""

    def __init__(self) -> None:
        self._pending: dict[str, Outcome] = {}
        self.outcomes: list[Outcome] = []

    def start(self, item: pytest.Item) -> None:
        self._pending[item.nodeid] = Outcome(test_name(item), test_points(item), 0.0, True, "",
                                             0.0, {})

    def add(self, report: pytest.TestReport) -> None:
        outcome = self._pending.get(report.nodeid)
        if outcome is None:
            return
        outcome.duration += report.duration
        outcome.properties.update(dict(report.user_properties))
        message, fraction = getattr(report, "aimath_failure", ("", 0.0))
        if report.failed and outcome.passed:
            outcome.passed, outcome.output = False, message or "the check failed"
            outcome.score = round(fraction * outcome.max_score, 6)
        elif report.skipped and outcome.passed:
            outcome.passed, outcome.output = False, "this test was skipped"
        elif report.when == "call" and report.passed:
            outcome.score = outcome.max_score
        if report.when == "teardown":
            self.outcomes.append(self._pending.pop(report.nodeid))

    def take(self) -> list[Outcome]:
        """Return the outcomes gathered so far and start afresh."""
        done, self.outcomes = self.outcomes, []
        return done
