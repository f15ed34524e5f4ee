"""Read a student's (or the class's) attempts and standing from the database.

An attempt's status is its newest job's state while that job is waiting or running, else its
newest grading's: `queued`, `grading`, `graded` or `error` (the grader failed, never the
student's code). Scores come from the newest grading, so a regrade replaces what counts
while the older gradings stay in the history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from autograder.course.settings import Policy
from autograder.grading.model import Status
from autograder.service.models import (
    AssignmentPolicy,
    Extension,
    Grading,
    Job,
    Publication,
    Submission,
)
from autograder.service.policies import Attempt, Standing, effective_policy
from autograder.service.state import ServiceState


@dataclass(frozen=True)
class AttemptRow:
    """One attempt with its newest job and grading, as stored."""

    submission: int
    user: str
    number: int
    filename: str
    submitted_at: datetime
    job_state: str | None
    grading: int | None
    grading_status: str | None
    score: float | None
    max_score: float | None
    visible_score: float | None
    visible_max_score: float | None

    @property
    def status(self) -> str:
        if self.job_state in ("queued", "grading") or self.grading_status is None:
            return self.job_state if self.job_state in ("queued", "grading") else "queued"
        return "error" if self.grading_status == Status.ERROR else "graded"

    def attempt(self, full: bool) -> Attempt:
        """As counting sees it: every test's points (`full`) or the public tests' only."""
        score, top = (self.score, self.max_score) if full else \
            (self.visible_score, self.visible_max_score)
        return Attempt(self.submission, self.number, self.submitted_at, self.status, score, top)


def policy_for(state: ServiceState, session: Session, assignment: str) -> Policy:
    return effective_policy(state.settings, assignment,
                            session.get(AssignmentPolicy, assignment))


def _rows(where: Select) -> Select:
    newest_job = select(func.max(Job.id)).where(Job.submission_id == Submission.id) \
        .correlate(Submission).scalar_subquery()
    newest_grading = select(func.max(Grading.id)).where(
        Grading.submission_id == Submission.id).correlate(Submission).scalar_subquery()
    return where.add_columns(
        Job.state, Grading.id, Grading.status, Grading.score, Grading.max_score,
        Grading.visible_score, Grading.visible_max_score,
    ).outerjoin(Job, Job.id == newest_job).outerjoin(Grading, Grading.id == newest_grading) \
        .order_by(Submission.user_id, Submission.attempt)


def attempt_rows(session: Session, assignment: str, user: str | None = None) -> list[AttemptRow]:
    """Every attempt at `assignment` (of one student, or of the class), oldest first."""
    base = select(Submission.id, Submission.user_id, Submission.attempt, Submission.filename,
                  Submission.submitted_at).where(Submission.assignment == assignment)
    if user is not None:
        base = base.where(Submission.user_id == user)
    return [AttemptRow(*row) for row in session.execute(_rows(base))]


def by_student(rows: list[AttemptRow]) -> dict[str, list[AttemptRow]]:
    grouped: dict[str, list[AttemptRow]] = defaultdict(list)
    for row in rows:
        grouped[row.user].append(row)
    return grouped


def extensions(session: Session, assignment: str) -> dict[str, datetime]:
    return {e.user_id: e.due for e in session.scalars(
        select(Extension).where(Extension.assignment == assignment))}


def standing_of(policy: Policy, rows: list[AttemptRow], extension: datetime | None,
                published: bool) -> Standing:
    due = extension if extension is not None else policy.due
    last = max((r.submitted_at for r in rows), default=None)
    return Standing(policy, due, published, len(rows), last)


def standing(state: ServiceState, session: Session, user: str, assignment: str) -> Standing:
    """One student's standing on one assignment now."""
    rows = attempt_rows(session, assignment, user)
    extension = session.get(Extension, (user, assignment))
    return standing_of(policy_for(state, session, assignment), rows,
                       extension.due if extension else None,
                       session.get(Publication, assignment) is not None)
