"""Assignment rules as they apply to one student now: open or not, due when, attempts left,
cooldown, late penalty, which attempt counts and whether hidden tests may be shown.

The course file (`aimath.toml` / `[tool.aimath.assignments.<id>]`) gives each assignment's
`Policy`; an instructor's edit in the service replaces it whole (`AssignmentPolicy` row); an
extension moves one student's due date. Everything here is pure: rows in, decisions out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from autograder.course.settings import LatePolicy, Policy, Settings
from autograder.exports.grades import lateness
from autograder.grading.model import Visibility
from autograder.service.models import AssignmentPolicy


def effective_policy(settings: Settings, assignment: str,
                     row: AssignmentPolicy | None) -> Policy:
    """The instructor's settings when saved in the service, else the course file's."""
    if row is None:
        return settings.policy(assignment)
    return Policy(row.opens, row.due, LatePolicy.parse(row.late_policy), row.max_attempts,
                  row.cooldown_minutes, row.counts, Visibility(row.hidden_visibility))


def late_text(policy: LatePolicy) -> str:
    """A late policy as the course file writes it (`linear:10:50`)."""
    if policy.kind == "linear":
        return f"linear:{policy.percent_per_day:g}:{policy.max_percent:g}"
    return policy.kind


@dataclass(frozen=True)
class Attempt:
    """One attempt as counting needs it: its time and its latest grading's sums."""

    submission: int
    number: int
    submitted_at: datetime
    status: str  # queued | grading | graded | error
    score: float | None = None
    max_score: float | None = None


@dataclass(frozen=True)
class Counted:
    """The attempt that counts, its score after the late penalty, and that penalty."""

    submission: int
    raw: float | None  # points before the penalty; None while that attempt is not graded
    max_score: float | None
    penalty: float  # fraction lost, 0..1

    @property
    def score(self) -> float | None:
        """The points that count."""
        return None if self.raw is None else round(self.raw * (1 - self.penalty), 6)


def penalised(attempt: Attempt, policy: Policy, due: datetime | None) -> Counted:
    """An attempt's score after the late penalty (every started day late counts, as in the
    grade exports)."""
    _, penalty = lateness(attempt.submitted_at, due, policy.late_policy)
    return Counted(attempt.submission, attempt.score, attempt.max_score, penalty)


def counted(attempts: Sequence[Attempt], policy: Policy, due: datetime | None) -> Counted | None:
    """The counted attempt: the last one, or the best after penalties (`counts`)."""
    if not attempts:
        return None
    if policy.counts == "last":
        return penalised(max(attempts, key=lambda a: a.number), policy, due)
    graded = [penalised(a, policy, due) for a in attempts if a.score is not None]
    if not graded:
        return penalised(max(attempts, key=lambda a: a.number), policy, due)
    return max(graded, key=lambda c: (c.score or 0.0, c.submission))


@dataclass(frozen=True)
class Standing:
    """One student's position on one assignment at one moment."""

    policy: Policy
    due: datetime | None  # their own (an extension wins)
    published: bool
    attempts_used: int
    last_submitted: datetime | None

    @property
    def attempts_left(self) -> int | None:
        limit = self.policy.max_attempts
        return None if limit is None else max(0, limit - self.attempts_used)

    def is_open(self, at: datetime) -> bool:
        return self.policy.opens is None or at >= self.policy.opens

    def next_allowed(self) -> datetime | None:
        """When the cooldown after the last attempt ends (None: no cooldown running)."""
        if self.last_submitted is None or self.policy.cooldown_minutes <= 0:
            return None
        return self.last_submitted + timedelta(minutes=self.policy.cooldown_minutes)

    def reveals_hidden(self, at: datetime) -> bool:
        """May this student see the hidden tests now (Gradescope's visibility values)?"""
        rule = self.policy.hidden_visibility
        if rule == Visibility.VISIBLE:
            return True
        if rule == Visibility.AFTER_DUE_DATE:
            return self.due is not None and at >= self.due
        return rule == Visibility.AFTER_PUBLISHED and self.published

    def after_penalty(self, attempt: Attempt) -> Counted:
        """An attempt's score as it would count: after this student's late penalty (a
        table of raw scores showed a late 40/40 beside the 32/40 that counted as best)."""
        return penalised(attempt, self.policy, self.due)

    def shown(self, at: datetime) -> frozenset[Visibility]:
        """The visibilities listed on this student's feedback now."""
        return frozenset(Visibility) if self.reveals_hidden(at) \
            else frozenset({Visibility.VISIBLE})
