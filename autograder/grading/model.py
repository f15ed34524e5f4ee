"""What grading produces, as typed records: every report, export and page reads these.

`SubmissionResult` is one student's graded submission; `autograder.reports.results` is its only
serializer (results.json, Gradescope's schema plus `extra_data`). Nothing downstream reads the
JSON with `.get` chains or parses text back: warnings, cell problems and teaching messages are
data here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from autograder.message import Message
from autograder.student import wellformed
from autograder.student.notebook import Cell

PUBLIC_MODULE = "test_public_{id}"  # the public tests' module when graded: their keys' prefix

class Status(StrEnum):
    """How far a submission got."""

    GRADED = "graded"  # its code ran and every test ran
    UNREADABLE = "unreadable"  # the file could not be read as a notebook or .py
    REFUSED = "refused"  # not a regular file of its own (a link, a device, too large)
    CONFLICT = "conflict"  # two submissions were collected under one id
    ERROR = "error"  # the grader failed on this submission (never the student's fault)


class Failure(StrEnum):
    """Why a test did not earn its points, for the report's counts and the page's badges."""

    WRONG = "wrong"  # a check found a wrong value
    RAISED = "raised"  # the student's code raised
    TIMEOUT = "timeout"
    CRASH = "crash"  # the process died (exit, signal, memory)
    OUTPUT = "output"  # printed more than the limit
    MISSING = "missing"  # the function is not defined
    BAD_RETURN = "bad_return"  # not plain data, or too large
    INVALID = "invalid"  # a quiz answer not of the item's form
    DEGENERATE = "degenerate"  # an edge case passed, but no ordinary case of the function
    NOT_RUN = "not_run"  # the submission never ran
    GRADER = "grader"  # the test itself failed to run


class Visibility(StrEnum):
    """Gradescope's visibility values: when a student may see a test."""

    VISIBLE = "visible"
    HIDDEN = "hidden"
    AFTER_DUE_DATE = "after_due_date"
    AFTER_PUBLISHED = "after_published"


@dataclass(frozen=True)
class TestResult:
    """One test of one submission."""

    __test__ = False  # not a pytest test class

    name: str  # public name, "function: what it checks" (the contract's English)
    function: str  # the function or quiz item graded
    score: float
    max_score: float
    visibility: Visibility
    details: tuple[Message, ...] = ()  # what went wrong, line by line
    hints: tuple[str, ...] = ()  # the suite's hints (English; translated when shown)
    mistake: str | None = None  # the name of a known mistake the answer matches
    failure: Failure | None = None  # None when passed
    key: str = ""  # `module::test` in its suite: the catalogue key of its translated title
    duration: float = 0.0
    answer: str | None = None  # quiz items: what the student gave
    explanation: str | None = None  # quiz items: shown after grading
    values: str | None = None  # per-student quiz items: the values this student was given
    item: bool = False  # a quiz item rather than a code test

    @property
    def passed(self) -> bool:
        return self.failure is None

    @property
    def graded(self) -> bool:
        """Does the test count toward the grade? A public test is shown but worth nothing."""
        return self.max_score > 0

    @property
    def public(self) -> bool:
        """A released public test: the student ran it too; visible, worth no points."""
        return self.visibility == Visibility.VISIBLE and not self.graded


@dataclass(frozen=True)
class CellProblem:
    """A cell that did not load; later cells still ran."""

    cell: str  # the cell's label, e.g. "code cell 3" or "line 12"
    message: Message
    failure: Failure


# the collection's notes that say a grade may not be what the instructor thinks it is
NOTES_TO_LOOK_AT = frozenset({"intake.also_found", "intake.several_notebooks",
                              "intake.manifest_student", "intake.manifest_assignment",
                              "intake.other_student", "intake.other_values_key"})


@dataclass(frozen=True)
class SandboxWarning:
    """An isolation layer this machine could not apply (reported by the sandbox itself)."""

    layer: str


@dataclass(frozen=True)
class Origin:
    """Where a submission came from and when it was collected."""

    filename: str  # the file as collected (no directories)
    sha256: str = ""  # of the code graded (the notebook inside a submission zip)
    source_sha256: str = ""  # of the file collected (decides whether a re-run re-grades)
    submitted_at: str | None = None  # collection time: the time that counts
    declared_at: str | None = None  # a time the submission claims for itself (shown only)

    def __post_init__(self) -> None:  # a file's name may hold an undecodable byte
        object.__setattr__(self, "filename", wellformed.text(self.filename))


@dataclass(frozen=True)
class SubmissionResult:
    """One student's graded submission."""

    student: str
    assignment: str
    status: Status
    origin: Origin
    tests: tuple[TestResult, ...] = ()
    problem: Message | None = None  # why it was not graded normally
    cells: tuple[CellProblem, ...] = ()
    notes: tuple[Message, ...] = ()  # what the loader and the collection noticed
    printed: str = ""  # what the code printed while loading (capped)
    warnings: tuple[SandboxWarning, ...] = ()
    seed: int = 0  # drew this submission's hidden inputs
    suite: str = ""  # fingerprint of what decided the grade
    graded_at: str = ""
    execution_time: float = 0.0

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tests), 6)

    @property
    def fraction(self) -> float | None:
        return self.score / self.max_score if self.max_score else None

    @property
    def note_to_look_at(self) -> Message | None:
        """The first note an instructor should see, not only the student (a hand-in left
        ungraded, a zip or notebook naming someone else), else None."""
        return next((note for note in self.notes if note.key in NOTES_TO_LOOK_AT), None)


def utc_now() -> str:
    """The current time as results store it: UTC, to the second, ISO 8601."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Prepared:
    """A submission ready to run: its cells, where it came from, what intake noticed."""

    student: str
    origin: Origin
    cells: tuple[Cell, ...]
    notes: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A submission intake could not run (unreadable, a link, a clash of ids)."""

    student: str
    origin: Origin
    status: Status
    problem: Message
    notes: tuple[Message, ...] = ()
