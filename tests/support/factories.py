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
         explanation: str | None = None, values: str | None = None,
         duration: float = 0.0) -> TestResult:
    """One test; it fails (`Failure.WRONG` unless given) when it earned less than its points.
    A quiz item is a test with an `answer`, an `explanation` or `values`."""
    if failure is None and score < max_score:
        failure = Failure.WRONG
    item = answer is not None or explanation is not None or values is not None
    return TestResult(name, name.split(":", 1)[0], score, max_score, visibility, details, hints,
                      mistake, failure, key=f"test::{name}", duration=duration, answer=answer,
                      explanation=explanation, values=values, item=item)


test.__test__ = False  # type: ignore[attr-defined]  # a builder, not a pytest test


def result(student: str, *tests: TestResult, assignment: str = "01_vectors",
           status: Status = Status.GRADED, submitted_at: str | None = "2025-03-02T00:30:00+00:00",
           problem: Message | None = None, cells: tuple[CellProblem, ...] = (),
           printed: str = "", warnings: tuple[str, ...] = (), execution_time: float = 0.5,
           notes: tuple[Message, ...] = (), declared_at: str | None = None,
           graded_at: str = "2025-03-03T10:00:00+00:00") -> SubmissionResult:
    """One student's result for `assignment`."""
    return SubmissionResult(student, assignment, status,
                            Origin(f"{student}.ipynb", "ab" * 32, "cd" * 32, submitted_at,
                                   declared_at),
                            tuple(tests), problem, cells, notes=notes, printed=printed,
                            warnings=tuple(SandboxWarning(w) for w in warnings), seed=7,
                            suite="suite", graded_at=graded_at, execution_time=execution_time)


def unreadable(student: str, why: str = "alice.ipynb is empty") -> SubmissionResult:
    """A submission whose file could not be read."""
    return result(student, status=Status.UNREADABLE, problem=msg("intake.unreadable", said=why))


def cell_raised(cell: str = "code cell 3", said: str = "name 'np' is not defined",
                kind: str = "NameError") -> CellProblem:
    """A cell that raised (NameError unless told) while loading (later cells still ran)."""
    return CellProblem(cell, msg("student.raised", type=kind, said=said, where=""),
                       Failure.RAISED)
