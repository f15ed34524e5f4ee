"""What staff do with an assignment: the class table, the live class report, regrades,
grade exports and the nbgrader gradebook sync.

The score that counts is the one `policies.counted` picks (last or best, late penalty
applied) from each attempt's newest grading; a regrade adds a grading, so the history of every
attempt stays. The report and the exports read the counted results one student at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from autograder.course.roster import Roster, RosterEntry
from autograder.exports.canvas import canvas_csv
from autograder.exports.grades import Grade, make_grade
from autograder.exports.table import csv_bytes, points, safe_text
from autograder.grading.model import SubmissionResult
from autograder.reports import results
from autograder.service.errors import ServiceError
from autograder.service.handin import known_assignment
from autograder.service.models import Grading, Job, Publication, Submission, User
from autograder.service.policies import Counted, counted
from autograder.service.standing import attempt_rows, by_student, extensions, policy_for
from autograder.service.state import ServiceState

FORMATS = ("csv", "canvas")


@dataclass(frozen=True)
class ClassRow:
    """One student's line for one assignment: who, how many attempts, what counts."""

    student: str
    name: str
    email: str
    section: str
    attempts: int
    due: datetime | None
    counted: Counted | None
    status: str | None  # of the counted attempt
    submitted_at: datetime | None  # of the counted attempt
    extended: bool = False  # `due` is the student's own (an extension), not the course's

    def to_json(self) -> dict[str, Any]:
        """The row as the grades API gives it."""
        found = self.counted
        return {"student": self.student, "name": self.name, "section": self.section,
                "attempts": self.attempts, "status": self.status,
                "submission": found.submission if found else None,
                "score": found.score if found else None,
                "max_score": found.max_score if found else None,
                "late_penalty": found.penalty if found else 0.0,
                "due": self.due.isoformat() if self.due else None}

    def grade(self, assignment: str, late: Any) -> Grade | None:
        """The export record (None while nothing is graded)."""
        found = self.counted
        if found is None or found.max_score is None or found.raw is None:
            return None
        return make_grade(self.student, assignment, found.raw, found.max_score,
                          submitted_at=self.submitted_at, due=self.due, late_policy=late)


def class_rows(state: ServiceState, assignment: str) -> list[ClassRow]:
    """Every student of the roster, and anyone else who handed in, in id order."""
    known_assignment(assignment)
    with state.db.read() as session:
        policy = policy_for(state, session, assignment)
        rows = by_student(attempt_rows(session, assignment))
        moved = extensions(session, assignment)
        people = {u.id: u for u in session.scalars(select(User).where(User.role == "student"))}
    table = []
    for student in sorted(set(people) | set(rows)):
        mine, user = rows.get(student, []), people.get(student)
        due = moved.get(student, policy.due)
        found = counted([r.attempt(True) for r in mine], policy, due)
        row = next((r for r in mine if found and r.submission == found.submission), None)
        table.append(ClassRow(student, user.name if user else "", user.email if user else "",
                              user.section if user else "", len(mine), due, found,
                              row.status if row else None, row.submitted_at if row else None,
                              student in moved))
    return table


def counted_results(state: ServiceState, rows: list[ClassRow]) -> Iterator[SubmissionResult]:
    """Each student's counted result (newest grading of the attempt that counts) among the
    class's `rows`; an attempt queued again (a regrade) keeps its last grading meanwhile."""
    wanted = [r.counted.submission for r in rows if r.counted is not None]
    for sid in wanted:
        with state.db.read() as session:
            text = session.scalars(select(Grading.result).where(Grading.submission_id == sid)
                                   .order_by(Grading.id.desc()).limit(1)).first()
        if text is not None:
            yield results.from_json(json.loads(text))


def regrade(state: ServiceState, assignment: str, submission: int | None = None) -> int:
    """Queue a new grading of one submission, or of every submission of the assignment
    (after fresh hand-ins); the workers reload the suite first. Returns how many."""
    known_assignment(assignment)
    busy = select(Job.submission_id).where(Job.state.in_(("queued", "grading")))
    with state.db.write() as session:
        query = select(Submission.id).where(Submission.assignment == assignment,
                                            Submission.id.not_in(busy))
        if submission is not None:
            if session.get(Submission, submission) is None:
                raise ServiceError(404, "no_submission", id=submission)
            query = query.where(Submission.id == submission)
        ids = list(session.scalars(query.order_by(Submission.id)))
        session.add_all(Job(submission_id=i, kind="regrade", priority=1) for i in ids)
    state.doorbell.recycle()
    state.wake()
    return len(ids)


def publish(state: ServiceState, assignment: str) -> None:
    """Publish the assignment's grades: `after_published` hidden tests show from now on."""
    known_assignment(assignment)
    with state.db.write() as session:
        if session.get(Publication, assignment) is None:
            session.add(Publication(assignment=assignment))


def roster(state: ServiceState) -> Roster:
    """The course's students as the one roster type (what the exports name and section)."""
    with state.db.read() as session:
        users = list(session.scalars(select(User).where(User.role == "student")
                                     .order_by(User.id)))
    return Roster(tuple(RosterEntry(u.id, u.name, u.email, u.section) for u in users),
                  "service roster")


@dataclass(frozen=True)
class Export:
    """A grade file to download."""

    filename: str
    data: bytes


def export(state: ServiceState, assignment: str, fmt: str) -> Export:
    """grades.csv (one line per student, penalties shown) or Canvas's import file."""
    if fmt not in FORMATS:
        raise ServiceError(400, "bad_format", format=fmt[:20], valid=", ".join(FORMATS))
    rows = class_rows(state, assignment)
    with state.db.read() as session:
        late = policy_for(state, session, assignment).late_policy
    grades = [g for g in (r.grade(assignment, late) for r in rows) if g is not None]
    if fmt == "canvas":
        return Export(f"canvas-{assignment}.csv",
                      canvas_csv(grades, roster(state), columns=[assignment]))
    by_id = {g.student: g for g in grades}
    lines = [["student", "name", "email", "section", "attempts", "score", "max_score",
              "days_late", "penalty_percent", "final"]]
    for row in rows:
        grade = by_id.get(row.student)
        lines.append([safe_text(row.student), safe_text(row.name), safe_text(row.email),
                      safe_text(row.section), str(row.attempts),
                      points(grade.score if grade else None),
                      points(grade.max_score if grade else None),
                      str(grade.days_late) if grade else "",
                      points(100 * grade.penalty if grade else None),
                      points(grade.final if grade else None)])
    return Export(f"grades-{assignment}.csv", csv_bytes(lines, bom=True))
