"""Record aimath's per-test scores in nbgrader's gradebook, for `nbgrader export` and formgrader.

Each test of the hidden suite becomes a grade cell of the assignment's notebook (named after
the test), each student a submission whose grades are the tests' scores. The course's due
date and each late penalty (in points, as the exports compute it) are written too, so
`nbgrader export` counts the same final score as `aimath export`. Writing the same results
again updates the same rows, so re-grading never duplicates anything.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from nbgrader.api import Grade, Gradebook, MissingEntry, SubmittedNotebook
from nbgrader.utils import parse_utc

from autograder.course.assignments import ROOT
from autograder.course.settings import Policy
from autograder.exports.grades import NOT_COUNTED, grade_from_result
from autograder.grading.model import SubmissionResult
from autograder.nbgrader.course import (
    check_id,
    check_student,
    course_directory,
    ensure_database,
    folder_name,
)
from autograder.safefs import Refused, read_beneath

_NAME_LIMIT = 128  # length of nbgrader's cell name column
TIMESTAMP_LIMIT = 4096


@dataclass(frozen=True)
class _Scores:
    """One student's results, reduced to what the gradebook stores."""

    student: str
    submitted_at: str | datetime | None
    tests: dict[str, tuple[float, float]]  # grade cell name -> (score, max_score)
    late_penalty: float  # points the late policy takes off the tests' total
    extension: timedelta | None = None  # past the assignment's due date: their own


@dataclass(frozen=True)
class Written:
    """What a gradebook sync did: students written, and the ones that failed (with why)."""

    students: int
    failed: tuple[tuple[str, str], ...]
    withheld: tuple[tuple[str, str], ...] = ()  # (student, why) with no grade to write


def write_gradebook(results: Iterable[SubmissionResult], assignment_id: str,
                    db_url: str | None = None, root: Path = ROOT,
                    policy: Policy | None = None,
                    dues: Mapping[str, datetime] | None = None,
                    names: Mapping[str, str] | None = None) -> Written:
    """Write every student's test scores for `assignment_id` into the course's gradebook
    (created when missing), with the due date and late penalties of `policy` (a student in
    `dues` is late after their own due date: an extension); a student whose row cannot be
    written is reported, and the others are written. `names`: nbgrader's own name of a
    student aimath graded under another id (`nbgrader_names`)."""
    check_id(assignment_id, "assignment id")
    policy = policy or Policy()
    coursedir = course_directory(root)
    ours = [result for result in results if result.assignment == assignment_id]
    # no grade to write, as the exports withhold it: a 0 there is one an LMS would take
    withheld = tuple((r.student, NOT_COUNTED[r.status]) for r in ours
                     if r.status in NOT_COUNTED)
    named = {r.student: (names or {}).get(r.student, r.student) for r in ours}
    students = [_scores(result, policy, (dues or {}).get(result.student), named[result.student],
                        _collected(coursedir, named[result.student], assignment_id))
                for result in ours if result.status not in NOT_COUNTED]
    url = db_url or coursedir.db_url
    ensure_database(url)
    failed: list[tuple[str, str]] = []
    with Gradebook(url, course_id=coursedir.course_id) as gradebook:
        _ensure_grade_cells(gradebook, assignment_id, students, policy)
        gradebook.db.commit()
        for scores in students:
            try:
                _write_student(gradebook, assignment_id, scores)
                gradebook.db.commit()
            except Exception as exc:
                gradebook.db.rollback()
                failed.append((scores.student, f"{type(exc).__name__}: {exc}"[:300]))
    return Written(len(students) - len(failed), tuple(failed), withheld)


@dataclass(frozen=True)
class CourseCell:
    """A cell nbgrader grades in an assignment from its source notebook (the instructor's
    tests or a manually graded answer), with its points."""

    notebook: str
    name: str
    points: float


def course_cells(assignment_id: str, db_url: str | None = None,
                 root: Path = ROOT) -> list[CourseCell]:
    """The cells of `assignment_id` that nbgrader itself grades, made by `nbgrader
    generate_assignment` from a source notebook (each has its source cell; aimath's cells
    have none). aimath's hidden tests would be added to them: nbgrader sums every notebook."""
    check_id(assignment_id, "assignment id")
    coursedir = course_directory(root)
    url = db_url or coursedir.db_url
    ensure_database(url)
    with Gradebook(url, course_id=coursedir.course_id) as gradebook:
        try:
            assignment = gradebook.find_assignment(assignment_id)
        except MissingEntry:
            return []
        found = []
        for notebook in assignment.notebooks:
            sourced = {source.name for source in notebook.source_cells}
            found += [CourseCell(notebook.name, cell.name, float(cell.max_score or 0))
                      for cell in (*notebook.grade_cells, *notebook.task_cells)
                      if cell.name in sourced]
        return found


def _scores(result: SubmissionResult, policy: Policy, due: datetime | None, student: str,
            collected: datetime | None) -> _Scores:
    """The student, the collection time (nbgrader's own, when it collected them), the test
    scores and the late penalty of one result (`due`: the student's own due date, when they
    have one)."""
    graded = [test for test in result.tests if test.graded]  # public tests are worth nothing
    names = _cell_names([test.name for test in graded])
    scores = [(test.score, test.max_score) for test in graded]
    grade = grade_from_result(result, policy, due)
    extension = due - policy.due if due and policy.due and due > policy.due else None
    return _Scores(student, collected or result.origin.submitted_at,
                   dict(zip(names, scores, strict=True)),
                   round(max(0.0, grade.score - grade.final), 2), extension)


def nbgrader_names(results: Iterable[SubmissionResult], assignment_id: str,
                   root: Path = ROOT) -> dict[str, str]:
    """aimath's id -> nbgrader's name, for each student nbgrader collected in a folder whose
    name is no id (`O'Brien` graded as `O_Brien`): their gradebook row and feedback folder
    are nbgrader's student's, never a second student's."""
    coursedir = course_directory(root)
    found = {}
    for result in results:
        raw = next((str(note.params["raw"]) for note in result.notes
                    if note.key == "intake.id_mapped"), None)
        if raw is not None and folder_name(raw) \
                and _collected(coursedir, raw, assignment_id) is not None:
            found[result.student] = raw
    return found


def _collected(coursedir: Any, student: str, assignment_id: str) -> datetime | None:
    """The time in nbgrader's `timestamp.txt` for this submission, to the microsecond as
    nbgrader reads it: the formgrader counts a submission as graded only when the gradebook's
    time is exactly that one. None when nbgrader did not collect it (or it is unreadable)."""
    submitted = Path(coursedir.format_path(coursedir.submitted_directory, ".", "."))
    try:
        text = read_beneath(submitted, PurePosixPath(student, assignment_id, "timestamp.txt"),
                            TIMESTAMP_LIMIT).decode("utf-8-sig").strip()
        return parse_utc(text)
    except (Refused, OSError, ValueError, OverflowError):
        return None


def _cell_names(test_names: list[str]) -> list[str]:
    """Unique grade cell names: repeats get " [2]", " [3]"; long names keep a hash suffix."""
    names: list[str] = []
    seen: Counter[str] = Counter()
    for name in test_names:
        seen[name] += 1
        unique = f"{name} [{seen[name]}]" if seen[name] > 1 else name
        if len(unique) > _NAME_LIMIT:
            digest = hashlib.sha256(unique.encode()).hexdigest()[:10]
            unique = f"{unique[:_NAME_LIMIT - 12]}~{digest}"
        names.append(unique)
    return names


def _ensure_grade_cells(gradebook: Any, assignment_id: str, students: list[_Scores],
                        policy: Policy) -> None:
    """Create the assignment (with the course's due date, in nbgrader's naive UTC), its
    notebook and one grade cell per test, as needed."""
    due = None if policy.due is None else policy.due.astimezone(UTC).replace(tzinfo=None)
    gradebook.update_or_create_assignment(assignment_id, duedate=due)  # none: cleared
    gradebook.update_or_create_notebook(assignment_id, assignment_id)
    maxima: dict[str, float] = {}
    for scores in students:
        for name, (_, max_score) in scores.tests.items():
            maxima.setdefault(name, max_score)
    for name, max_score in maxima.items():
        gradebook.update_or_create_grade_cell(name, assignment_id, assignment_id,
                                              max_score=max_score, cell_type="code")


def _write_student(gradebook: Any, assignment_id: str, scores: _Scores) -> None:
    """Set one student's submission and a grade for every grade cell of the notebook.

    A grade cell added after the submission was first written has no grade row yet: it gets
    one. Cells this student's results do not mention score 0 unless already scored.
    """
    check_student(scores.student)
    with gradebook.db.no_autoflush:  # nbgrader builds rows before adding them to the session
        gradebook.update_or_create_student(scores.student)
        when = {"timestamp": scores.submitted_at} if scores.submitted_at else {}
        submission = gradebook.update_or_create_submission(assignment_id, scores.student, **when)
        submission.extension = scores.extension  # nbgrader's own lateness counts from it too
        notebook = gradebook.find_notebook(assignment_id, assignment_id)
        submitted = next((s for s in submission.notebooks if s.notebook_id == notebook.id), None)
        if submitted is None:
            submitted = SubmittedNotebook(notebook=notebook, assignment=submission)
            gradebook.db.add(submitted)
        submitted.late_submission_penalty = scores.late_penalty
        grades = {grade.cell_id: grade for grade in submitted.grades}
        for cell in notebook.grade_cells:
            grade = grades.get(cell.id)
            if grade is None:
                grade = Grade(cell_id=cell.id, notebook=submitted)
                gradebook.db.add(grade)
            if cell.name in scores.tests or grade.auto_score is None:
                grade.auto_score = scores.tests.get(cell.name, (0.0, 0.0))[0]
                grade.needs_manual_grade = False
