"""What a person may see: their assignments, and one submission with its feedback.

A student sees the public (`visible`) tests of every attempt at once and the hidden ones when
the assignment's `hidden_visibility` allows (after their own due date, once published, always
or never); scores are the sums of what they see (None while nothing with points is shown).
Staff see everything. Another student's submission is "not found", never "forbidden".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from autograder.course import assignments
from autograder.grading.model import SubmissionResult, Visibility
from autograder.reports import results
from autograder.reports.feedback import assignment_title
from autograder.service.accounts import Account
from autograder.service.errors import ServiceError
from autograder.service.handin import known_assignment
from autograder.service.models import Grading, Submission, now
from autograder.service.policies import Counted, Standing, counted, penalised
from autograder.service.standing import AttemptRow, attempt_rows, standing
from autograder.service.state import ServiceState


@dataclass(frozen=True)
class AssignmentRow:
    """One line of a student's assignment list."""

    id: str
    title: str
    standing: Standing
    counted: Counted | None
    attempts: tuple[AttemptRow, ...]

    def to_json(self) -> dict[str, Any]:
        place = self.standing
        return {"id": self.id, "title": self.title,
                "opens": place.policy.opens.isoformat() if place.policy.opens else None,
                "due": place.due.isoformat() if place.due else None,
                "attempts_left": place.attempts_left,
                "score": self.counted.score if self.counted else None,
                "max_score": self.counted.max_score if self.counted else None}


def visible_counted(rows: list[AttemptRow], place: Standing, at: datetime) -> Counted | None:
    """The counted attempt as this student may see it (public points only until revealed)."""
    full = place.reveals_hidden(at)
    found = counted([r.attempt(full) for r in rows], place.policy, place.due)
    if found is None or full or found.max_score:
        return found
    return replace(found, raw=None, max_score=None)


def assignment_row(state: ServiceState, session: Session, user: str, assignment: str,
                   lang: str = "en") -> AssignmentRow:
    """One student's line for one assignment."""
    place = standing(state, session, user, assignment)
    rows = attempt_rows(session, assignment, user)
    return AssignmentRow(assignment, assignment_title(assignment, lang), place,
                         visible_counted(rows, place, now()), tuple(rows))


def my_assignments(state: ServiceState, account: Account, lang: str = "en") -> list[AssignmentRow]:
    """Every assignment of the course with this student's standing and counted score."""
    with state.db.read() as session:
        return [assignment_row(state, session, account.id, a, lang) for a in assignments.ALL]


@dataclass(frozen=True)
class GradingRow:
    """One grading of a submission (a regrade adds one; all are kept)."""

    graded_at: datetime
    status: str
    score: float
    max_score: float

    def to_json(self) -> dict[str, Any]:
        return {"graded_at": self.graded_at.isoformat(), "status": self.status,
                "score": self.score, "max_score": self.max_score}


@dataclass(frozen=True)
class SubmissionView:
    """One submission as its viewer may see it."""

    id: int
    student: str
    assignment: str
    attempt: int
    filename: str
    submitted_at: datetime
    status: str
    shown: frozenset[Visibility]
    counted: Counted  # this attempt's own score after the late penalty
    result: SubmissionResult | None  # only the tests in `shown`
    hidden: tuple[int, float]  # tests and points not shown
    rule: Visibility  # when the assignment shows hidden tests
    gradings: tuple[GradingRow, ...] | None = None  # staff only: every grading, newest first

    def to_json(self) -> dict[str, Any]:
        data = None
        if self.result is not None:
            data = results.to_json(self.result)
            if self.gradings is None:  # a student: what drew the hidden inputs stays ours
                for private in ("seed", "suite"):
                    data["extra_data"].pop(private, None)
            if self.counted.score is None:  # no score yet: not 0 of the public tests' 0
                data["score"] = data["max_score"] = None
        shown = {"submission": self.id, "student": self.student, "assignment": self.assignment,
                 "attempt": self.attempt, "submitted_at": self.submitted_at.isoformat(),
                 "status": self.status, "score": self.counted.score,
                 "max_score": self.counted.max_score, "late_penalty": self.counted.penalty,
                 "results": data}
        if self.gradings is not None:
            shown["gradings"] = [g.to_json() for g in self.gradings]
        return shown


def _own(session: Session, account: Account, sid: int) -> Submission:
    row = session.get(Submission, sid)
    if row is None or (not account.staff and row.user_id != account.id):
        raise ServiceError(404, "no_submission", id=sid)
    return row


def _result(session: Session, row: AttemptRow) -> SubmissionResult | None:
    if row.grading is None:
        return None
    return results.from_json(json.loads(session.get_one(Grading, row.grading).result))


def submission_view(state: ServiceState, account: Account, sid: int) -> SubmissionView:
    """A submission with its newest result, filtered for the viewer."""
    with state.db.read() as session:
        sub = _own(session, account, sid)
        row = next(r for r in attempt_rows(session, sub.assignment, sub.user_id)
                   if r.submission == sid)
        place = standing(state, session, sub.user_id, sub.assignment)
        full = _result(session, row)
    shown = frozenset(Visibility) if account.staff else place.shown(now())
    seen = None if full is None else replace(
        full, tests=tuple(t for t in full.tests if t.visibility in shown))
    unseen = [] if full is None else [t for t in full.tests if t.visibility not in shown]
    mine = penalised(row.attempt(True), place.policy, place.due)
    if seen is not None:
        mine = replace(mine, raw=seen.score, max_score=seen.max_score)
        if unseen and not seen.max_score:
            mine = replace(mine, raw=None, max_score=None)
    return SubmissionView(sid, sub.user_id, sub.assignment, sub.attempt, sub.filename,
                          sub.submitted_at, row.status, shown, mine, seen,
                          (len(unseen), sum(t.max_score for t in unseen)), _rule(place),
                          tuple(history(state, sid)) if account.staff else None)


def _rule(place: Standing) -> Visibility:
    """When this student's hidden tests show: "after the due date" with no due date is
    never (the submission page said "shown after the due date" where the assignment page
    said "never shown")."""
    rule = place.policy.hidden_visibility
    return Visibility.HIDDEN if rule is Visibility.AFTER_DUE_DATE and place.due is None \
        else rule


def attempts_of(state: ServiceState, account: Account, assignment: str,
                   student: str | None = None) -> list[AttemptRow]:
    """A student's attempts: their own; staff see the student they name, else the class."""
    known_assignment(assignment)
    user = (student or None) if account.staff else account.id
    with state.db.read() as session:
        return attempt_rows(session, assignment, user)


def history(state: ServiceState, sid: int) -> list[GradingRow]:
    """Every grading of a submission, newest first (staff only: full scores)."""
    with state.db.read() as session:
        found = session.scalars(select(Grading).where(Grading.submission_id == sid)
                                .order_by(Grading.id.desc()))
        return [GradingRow(g.graded_at, g.status, g.score, g.max_score) for g in found]
