"""An instructor's changes to the course: assignment settings, extensions, the roster, login
codes, the class report and the nbgrader gradebook sync.

Settings saved here replace the course file's for that assignment (a row, whole); every value
is checked by the same rules as the course file (`course.settings`). The class report is
rebuilt only when a grading, a submission or the settings changed since the last one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from autograder.course.roster import RosterError, parse_roster
from autograder.course.settings import LatePolicy, Policy, SettingsError
from autograder.grading.model import Visibility
from autograder.reports.report import ClassReport, build_report
from autograder.service.errors import ServiceError
from autograder.service.handin import known_assignment
from autograder.service.models import AssignmentPolicy, Extension, Grading, Submission, User
from autograder.service.policies import late_text
from autograder.service.staff import counted_results
from autograder.service.standing import policy_for
from autograder.service.state import ServiceState


def when(text: Any, field: str) -> datetime | None:
    """An ISO date and time; without a zone it is UTC; empty means none."""
    value = str(text or "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ServiceError(400, "bad_setting", field=field, said=value[:40]) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def policy_from(fields: dict[str, Any]) -> Policy:
    """A policy from form or JSON fields (the course file's names and values)."""
    try:
        attempts = str(fields.get("max_attempts") or "").strip()
        policy = Policy(when(fields.get("opens"), "opens"), when(fields.get("due"), "due"),
                        LatePolicy.parse(str(fields.get("late_policy") or "none")),
                        int(attempts) if attempts else None,
                        float(fields.get("cooldown_minutes") or 0),
                        str(fields.get("counts") or "last"),
                        Visibility(str(fields.get("hidden_visibility") or "after_due_date")))
    except (SettingsError, ValueError) as exc:
        raise ServiceError(400, "bad_setting", field="", said=str(exc)[:200]) from None
    if policy.counts not in ("last", "best") or (policy.max_attempts or 1) < 1 \
            or policy.cooldown_minutes < 0:
        raise ServiceError(400, "bad_setting", field="", said="counts, max_attempts or cooldown")
    return policy


def set_policy(state: ServiceState, assignment: str, fields: dict[str, Any]) -> Policy:
    """Save an assignment's settings (they replace the course file's from now on)."""
    known_assignment(assignment)
    policy = policy_from(fields)
    with state.db.write() as session:
        session.merge(AssignmentPolicy(
            assignment=assignment, opens=policy.opens, due=policy.due,
            late_policy=late_text(policy.late_policy), max_attempts=policy.max_attempts,
            cooldown_minutes=policy.cooldown_minutes, counts=policy.counts,
            hidden_visibility=policy.hidden_visibility.value))
    return policy


def set_extension(state: ServiceState, assignment: str, student: str, due: Any) -> None:
    """Give one student their own due date (an empty date removes it)."""
    known_assignment(assignment)
    moment = when(due, "due")
    with state.db.write() as session:
        user = session.get(User, student)
        if user is None or user.role != "student":
            raise ServiceError(404, "no_student", id=student[:64])
        found = session.get(Extension, (student, assignment))
        if moment is None:
            if found is not None:
                session.delete(found)
        else:
            session.merge(Extension(user_id=student, assignment=assignment, due=moment))


@dataclass(frozen=True)
class Imported:
    """What a roster import did."""

    added: int
    updated: int


def import_roster(state: ServiceState, text: str, source: str = "roster.csv") -> Imported:
    """Add or update every student of a roster CSV (`student_id,name,email[,section]`);
    students missing from the file keep their accounts and attempts."""
    try:
        entries = parse_roster(text, source)
    except RosterError as exc:
        raise ServiceError(400, "bad_roster", said=str(exc)[:300]) from None
    added = updated = 0
    with state.db.write() as session:
        for entry in entries:
            user = session.get(User, entry.student_id)
            if user is not None and user.role != "student":
                raise ServiceError(409, "roster_staff", id=entry.student_id)
            if user is None:
                user = User(id=entry.student_id, role="student", session_version=0)
                session.add(user)
                added += 1
            else:
                updated += 1
            user.name, user.email, user.section = entry.name, entry.email, entry.section
    return Imported(added, updated)


_REPORTS: dict[tuple[str, str], tuple[tuple[Any, ...], ClassReport]] = {}
_REPORTS_LOCK = threading.Lock()


def class_report(state: ServiceState, assignment: str, lang: str) -> ClassReport:
    """The class report over the counted results, rebuilt when anything changed."""
    known_assignment(assignment)
    with state.db.read() as session:
        stamp = (session.scalar(select(func.max(Grading.id))),
                 session.scalar(select(func.count()).select_from(Submission)),
                 policy_for(state, session, assignment), str(state.settings.course))
    key = (assignment, lang)
    with _REPORTS_LOCK:
        cached = _REPORTS.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    report = build_report(counted_results(state, assignment), assignment, lang)
    with _REPORTS_LOCK:
        _REPORTS[key] = (stamp, report)
    return report


def sync_gradebook(state: ServiceState, assignment: str) -> int:
    """Write every counted result into the course's nbgrader gradebook; students written."""
    from autograder.nbgrader.gradebook import write_gradebook

    known_assignment(assignment)
    try:
        written = write_gradebook(counted_results(state, assignment), assignment,
                                  root=state.settings.course)
    except (FileNotFoundError, ValueError) as exc:
        raise ServiceError(409, "gradebook", said=str(exc)[:300]) from None
    if written.failed:
        raise ServiceError(409, "gradebook", said="; ".join(
            f"{who}: {why}" for who, why in written.failed[:3]))
    return written.students
