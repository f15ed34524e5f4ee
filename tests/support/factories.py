"""Small builders of the result model for tests: a result reads like the sentence it tests."""

from __future__ import annotations

from autograder.grading.model import (
    CellProblem,
    Failure,
    Origin,
    SandboxWarning,
    Status,
    SubmissionResult,
    TestResult,
    Visibility,
)
from autograder.message import Message, msg


def test(name: str, score: float, max_score: float = 1.0, *, details: tuple[Message, ...] = (),
         hints: tuple[str, ...] = (), mistake: str | None = None, failure: Failure | None = None,
         visibility: Visibility = Visibility.AFTER_DUE_DATE, answer: str | None = None,
         explanation: str | None = None) -> TestResult:
    """One test; it fails (`Failure.WRONG` unless given) when it earned less than its points."""
    if failure is None and score < max_score:
        failure = Failure.WRONG
    return TestResult(name, name.split(":", 1)[0], score, max_score, visibility, details, hints,
                      mistake, failure, key=f"test::{name}", answer=answer,
                      explanation=explanation, item=answer is not None or explanation is not None)


test.__test__ = False  # type: ignore[attr-defined]  # a builder, not a pytest test


def result(student: str, *tests: TestResult, assignment: str = "01_vectors",
           status: Status = Status.GRADED, submitted_at: str | None = "2025-03-02T00:30:00+00:00",
           problem: Message | None = None, cells: tuple[CellProblem, ...] = (),
           printed: str = "", warnings: tuple[str, ...] = (),
           execution_time: float = 0.5) -> SubmissionResult:
    """One student's result for `assignment`."""
    return SubmissionResult(student, assignment, status,
                            Origin(f"{student}.ipynb", "ab" * 32, "cd" * 32, submitted_at),
                            tuple(tests), problem, cells, printed=printed,
                            warnings=tuple(SandboxWarning(w) for w in warnings), seed=7,
                            suite="suite", graded_at="2025-03-03T10:00:00+00:00",
                            execution_time=execution_time)


def unreadable(student: str, why: str = "alice.ipynb is empty") -> SubmissionResult:
    """A submission whose file could not be read."""
    return result(student, status=Status.UNREADABLE, problem=msg("intake.unreadable", said=why))
