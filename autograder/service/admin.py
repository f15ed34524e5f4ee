"""An instructor's changes to the course: assignment settings, extensions, the roster, login
codes, the class report and the nbgrader gradebook sync.

A settings change keeps what it does not name and then replaces the course file's settings
for that assignment (a row, whole); every value is checked by the same rules as the course
file (`course.settings`). The class report is
rebuilt only when a grading, a submission or the settings changed since the last one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from autograder.course.roster import Roster, RosterError, parse_roster
from autograder.course.settings import EXAMPLE, LatePolicy, Policy, SettingsError
from autograder.grading.model import Visibility
from autograder.reports.report import ClassReport, build_report
from autograder.service.errors import ServiceError
from autograder.service.handin import known_assignment
from autograder.service.models import AssignmentPolicy, Extension, Grading, Submission, User
from autograder.service.policies import late_text
from autograder.service.staff import class_rows, counted_results
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
        raise _bad(field, f"{value[:40]!r} is not a date and time; give one, {EXAMPLE}") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:  # the service adds days to it (extensions, late days): far from the calendar's ends
        in_calendar = EARLIEST <= moment.astimezone(UTC) <= LATEST
    except OverflowError:
        in_calendar = False
    if not in_calendar:
        raise _bad(field, f"{value[:40]!r} is not between the years 1900 and 9000")
    return moment


MOST_ATTEMPTS = 10_000
MOST_MINUTES = 100_000  # a cooldown of about ten weeks
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
SETTINGS = ("opens", "due", "late_policy", "max_attempts", "cooldown_minutes", "counts",
            "hidden_visibility")  # the course file's names, and the form's


def policy_from(fields: dict[str, Any]) -> Policy:
    """A policy from form or JSON fields (the course file's names and values); each bad one
    is refused by name."""
    try:
        late = LatePolicy.parse(str(fields.get("late_policy") or "none"))
    except SettingsError as exc:
        raise _bad("late_policy", str(exc)) from None
    policy = Policy(when(fields.get("opens"), "opens"), when(fields.get("due"), "due"), late,
                    _attempts(fields.get("max_attempts")),
                    _number(fields.get("cooldown_minutes"), "cooldown_minutes"),
                    _one_of(fields.get("counts"), "counts", ("last", "best")),
                    Visibility(_one_of(fields.get("hidden_visibility"), "hidden_visibility",
                                       tuple(v.value for v in Visibility))))
    return policy


def _bad(field: str, said: str) -> ServiceError:
    return ServiceError(400, "bad_setting", field=field, said=said[:200])


def _attempts(value: Any) -> int | None:
    text = str("" if value is None else value).strip()
    if not text:
        return None
    whole = text.isascii() and text.isdigit() and len(text) <= len(str(MOST_ATTEMPTS))
    if not whole or not 1 <= int(text) <= MOST_ATTEMPTS:  # "²" is a digit int() refuses
        raise _bad("max_attempts", f"{text[:40]!r} is not a whole number from 1 to "
                   f"{MOST_ATTEMPTS:,} (empty: no limit)")
    return int(text)


def _number(value: Any, field: str) -> float:
    text = str("" if value is None else value).strip() or "0"
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not 0 <= number <= MOST_MINUTES:
        raise _bad(field, f"{text[:40]!r} is not a number of minutes from 0 to "
                   f"{MOST_MINUTES:,}")
    return number


def _one_of(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    text = str(value or allowed[0]).strip()
    if text not in allowed:
        raise _bad(field, f"{text[:40]!r} is not one of {', '.join(allowed)}")
    return text


def setting_fields(policy: Policy) -> dict[str, Any]:
    """A policy as the fields `policy_from` reads: what a partial change keeps."""
    return {"opens": policy.opens.isoformat() if policy.opens else None,
            "due": policy.due.isoformat() if policy.due else None,
            "late_policy": late_text(policy.late_policy), "max_attempts": policy.max_attempts,
            "cooldown_minutes": policy.cooldown_minutes, "counts": policy.counts,
            "hidden_visibility": policy.hidden_visibility.value}


def set_policy(state: ServiceState, assignment: str, fields: dict[str, Any]) -> Policy:
    """Change an assignment's settings: the fields given replace the current ones (the
    course file's until the first change), the others stay; an unknown field is refused."""
    known_assignment(assignment)
    unknown = sorted(set(fields) - set(SETTINGS))
    if unknown:
        raise _bad(", ".join(unknown)[:100], f"is not a setting (settings: {', '.join(SETTINGS)})")
    with state.db.read() as session:
        current = policy_for(state, session, assignment)
    policy = policy_from({**setting_fields(current), **fields})
    if policy.opens is not None and policy.due is not None and policy.opens >= policy.due:
        raise _bad("opens", f"{policy.opens.isoformat()} is not before the due date "
                   f"({policy.due.isoformat()}): nobody could hand in on time")
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
            return
        due = policy_for(state, session, assignment).due
        if due is not None and moment < due:  # it would make them late before everyone
            raise _bad("due", f"{moment.isoformat()} is before the assignment's due date "
                       f"({due.isoformat()}): an extension gives more time, never less")
        session.merge(Extension(user_id=student, assignment=assignment, due=moment))


@dataclass(frozen=True)
class Imported:
    """What a roster import did."""

    added: int
    updated: int


def import_roster(state: ServiceState, text: str, source: str = "roster.csv") -> Imported:
    """Add or update every student of a roster CSV (`student_id,name,email[,section]`);
    students missing from the file keep their accounts and attempts, and a file without a
    `section` column leaves the stored sections as they are."""
    try:
        entries = parse_roster(text, source)
    except RosterError as exc:
        raise ServiceError(400, "bad_roster", said=str(exc)[:300]) from None
    added = updated = 0
    with state.db.write() as session:
        _check_emails(session, entries)
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
            user.name, user.email = entry.name, entry.email
            if "section" in entries.columns:
                user.section = entry.section
    return Imported(added, updated)


def _check_emails(session: Session, roster: Roster) -> None:
    """An email belongs to one account, after the import as before it (the Canvas export
    logs students in by it): one the file gives a student that another account keeps is
    refused, naming the line."""
    owners = {email: user_id for user_id, email in session.execute(
        select(User.id, User.email).where(User.email != "")) if user_id not in roster}
    for entry in roster:
        other = owners.get(entry.email) if entry.email else None
        if other is not None:
            raise ServiceError(400, "bad_roster", said=f"{roster.source}: line {entry.line}: "
                               f"{entry.email} is already the email of {other}")


_REPORTS: dict[tuple[str, str], tuple[tuple[Any, ...], ClassReport]] = {}
_REPORTS_LOCK = threading.Lock()


def class_report(state: ServiceState, assignment: str, lang: str) -> ClassReport:
    """The class report over the counted results and their scores after late penalties (as
    the grades show them), rebuilt when anything changed."""
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
    rows = class_rows(state, assignment)
    counted = {row.student: row.counted.score for row in rows
               if row.counted is not None and row.counted.score is not None}
    report = build_report(counted_results(state, rows), assignment, lang, counted)
    with _REPORTS_LOCK:
        _REPORTS[key] = (stamp, report)
    return report


def sync_gradebook(state: ServiceState, assignment: str) -> int:
    """Write every counted result into the course's nbgrader gradebook, with the due date and
    each student's late penalty (their extension counted), as the service counts them;
    returns the students written."""
    from autograder.nbgrader.gradebook import write_gradebook

    known_assignment(assignment)
    with state.db.read() as session:
        policy = policy_for(state, session, assignment)
    rows = class_rows(state, assignment)
    dues = {row.student: row.due for row in rows if row.due}
    try:
        written = write_gradebook(counted_results(state, rows), assignment,
                                  root=state.settings.course, policy=policy, dues=dues)
    except (FileNotFoundError, ValueError) as exc:
        raise ServiceError(409, "gradebook", said=str(exc)[:300]) from None
    if written.failed:
        raise ServiceError(409, "gradebook", said="; ".join(
            f"{who}: {why}" for who, why in written.failed[:3]))
    return written.students
