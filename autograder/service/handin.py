"""Handing in: check the file, store its bytes, record the attempt and queue its grading,
all before the upload is answered.

A double click is one attempt: the same idempotency token, or the same bytes within
`SAME_BYTES_SECONDS`, returns the attempt already made. Attempt numbers are unique per student
and assignment in the database, so two uploads racing each other cannot both take the last
attempt: the loser retries and sees the limit (or its twin).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from autograder.course import assignments
from autograder.service.accounts import Account
from autograder.service.errors import ServiceError
from autograder.service.models import Blob, Job, Submission, now
from autograder.service.standing import standing
from autograder.service.state import ServiceState
from autograder.student.catalog import belongs_elsewhere, defined_names
from autograder.student.notebook import SUFFIXES, NotebookError, Source, read_bytes

SAME_BYTES_SECONDS = 10
NAME_CHARS = 200  # of an upload's file name kept (the column holds 255)
RETRIES = 3


@dataclass(frozen=True)
class Upload:
    """What a student sent: the file's name and bytes, and the form's idempotency token."""

    filename: str
    data: bytes
    token: str | None = None


@dataclass(frozen=True)
class HandedIn:
    """The attempt an upload made (or had already made: `repeated`)."""

    submission: int
    attempt: int
    repeated: bool


def known_assignment(assignment: str) -> str:
    if assignment not in assignments.ALL:
        raise ServiceError(404, "unknown_assignment", assignment=assignment[:64])
    return assignment


def checked_upload(upload: Upload, limit_mb: float) -> tuple[str, str, Source]:
    """The upload's safe file name, suffix and cells; ServiceError for what cannot be
    graded."""
    name = PurePosixPath(upload.filename.replace("\\", "/")).name.strip()
    name = "".join(c for c in name if c.isprintable()) or "submission"
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ServiceError(415, "not_notebook", file=name[:NAME_CHARS])
    if len(name) > NAME_CHARS:  # cut before its suffix, which is kept
        name = name[: NAME_CHARS - len(suffix)] + name[len(name) - len(suffix):]
    if len(upload.data) > limit_mb * 2**20:
        raise ServiceError(413, "too_large", mb=f"{limit_mb:g}")
    if not upload.data.strip():
        raise ServiceError(400, "empty_file", file=name)
    try:
        source = read_bytes(upload.data, name)
    except NotebookError as exc:
        raise ServiceError(400, "malformed", said=str(exc)[:300]) from None
    return name, suffix, source


def _misfit(source: Source, name: str, assignment: str) -> ServiceError | None:
    """Why a file cannot be this assignment's hand-in, if it cannot: without code, or
    plainly another assignment's (graded, each scored 0 and took an attempt)."""
    if not any(cell.code.strip() for cell in source.cells):
        return ServiceError(400, "no_code", file=name)
    other = belongs_elsewhere(defined_names(source), assignments.get(assignment).functions,
                              {a.id: a.functions for a in assignments.ALL.values()})
    if other is not None:
        return ServiceError(400, "other_assignment", file=name, assignment=assignment,
                            other=other)
    return None


def _repeat(session: Session, user: str, assignment: str, sha: str,
            token: str | None) -> Submission | None:
    """The attempt this upload repeats: the same token, or the same bytes just now."""
    mine = select(Submission).where(Submission.user_id == user,
                                    Submission.assignment == assignment)
    if token:
        found = session.scalars(mine.where(Submission.idempotency == token)).first()
        if found and found.blob_sha256 != sha:  # a form sent again with another file
            raise ServiceError(422, "token_reused", n=found.attempt)
        if found:
            return found
    latest = session.scalars(mine.order_by(Submission.id.desc()).limit(1)).first()
    if latest is None or latest.blob_sha256 != sha:  # X, Y, then X again: a new hand-in
        return None
    recent = now() - timedelta(seconds=SAME_BYTES_SECONDS)
    return session.scalars(mine.where(Submission.id == latest.id,
                                      Submission.submitted_at >= recent)).first()


def _allowed(state: ServiceState, session: Session, account: Account, assignment: str,
             at: datetime) -> int:
    """The next attempt's number, or ServiceError saying why there is none."""
    place = standing(state, session, account.id, assignment)
    if not place.is_open(at):
        raise ServiceError(403, "not_open", when=place.policy.opens.isoformat()
                           if place.policy.opens else "")
    if place.attempts_left == 0:
        raise ServiceError(409, "no_attempts", n=place.policy.max_attempts)
    ready = place.next_allowed()
    if ready is not None and at < ready:
        raise ServiceError(429, "cooldown", when=ready.strftime("%Y-%m-%d %H:%M:%S UTC"),
                           seconds=int((ready - at).total_seconds()) + 1)
    return place.attempts_used + 1


def _record(state: ServiceState, account: Account, assignment: str, upload: Upload,
            stored: tuple[str, str, str], misfit: ServiceError | None) -> HandedIn:
    sha, suffix, name = stored
    with state.db.write() as session:
        twin = _repeat(session, account.id, assignment, sha, upload.token)
        if twin is not None:
            return HandedIn(twin.id, twin.attempt, True)
        at = now()
        number = _allowed(state, session, account, assignment, at)
        if misfit is not None:  # after: a closed assignment says it is closed
            raise misfit
        if session.get(Blob, sha) is None:
            session.add(Blob(sha256=sha, suffix=suffix, size=len(upload.data)))
        row = Submission(user_id=account.id, assignment=assignment, attempt=number,
                         blob_sha256=sha, filename=name, idempotency=upload.token or None,
                         submitted_at=at)
        session.add(row)
        session.flush()
        session.add(Job(submission_id=row.id, kind="submit", priority=0))
        return HandedIn(row.id, number, False)


def hand_in(state: ServiceState, account: Account, assignment: str, upload: Upload) -> HandedIn:
    """Store the upload and queue its grading; the attempt is durable when this returns."""
    if account.role != "student":
        raise ServiceError(403, "students_only")
    known_assignment(assignment)
    with state.upload_turns.turn(account.id):  # one student's uploads: one at a time
        name, suffix, source = checked_upload(upload, state.settings.limits.upload_mb)
        misfit = _misfit(source, name, assignment)  # read here, never inside the transaction
        sha = state.store.put(upload.data, suffix)
        for _ in range(RETRIES):
            try:
                made = _record(state, account, assignment, upload, (sha, suffix, name), misfit)
            except IntegrityError:  # a concurrent upload took this attempt number: look again
                continue
            if not made.repeated:
                state.wake()
            return made
    raise ServiceError(409, "busy")

