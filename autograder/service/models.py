"""The service's tables (SQLAlchemy 2): people, stored files, attempts, jobs and gradings.

Every attempt is kept; a job grades one submission under a lease; a grading is written once
per job (`job_id` is unique), so a regrade adds a row and history stays. Times are UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime in every database (SQLite keeps no zone: stored naive, in UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def now() -> datetime:
    """The current time as the service stores it (UTC, microseconds kept for ordering)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


class User(Base):
    """A student, TA or instructor; the id follows `intake.identity`."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # student | ta | instructor
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    section: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    session_version: Mapped[int] = mapped_column(Integer, default=0)  # bumps: old cookies die
    created_at: Mapped[datetime] = mapped_column(default=now)


class LoginCode(Base):
    """A student's one-time login code (only its keyed hash is kept)."""

    __tablename__ = "login_codes"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]


class Blob(Base):
    """A stored upload, addressed by its sha256 (the file is `blobs/<sha[:2]>/<sha><suffix>`)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    suffix: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=now)


class Submission(Base):
    """One attempt: who, which assignment, which bytes, when (the time that counts)."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("user_id", "assignment", "attempt"),
                      UniqueConstraint("user_id", "assignment", "idempotency"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    assignment: Mapped[str] = mapped_column(String(64))
    attempt: Mapped[int] = mapped_column(Integer)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    idempotency: Mapped[str | None] = mapped_column(String(100), default=None)
    submitted_at: Mapped[datetime] = mapped_column(default=now)


class Job(Base):
    """Grading one submission: queued -> grading (leased) -> done | failed."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state", "state", "priority", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # submit | regrade
    priority: Mapped[int] = mapped_column(Integer, default=0)  # lower first
    state: Mapped[str] = mapped_column(String(16), default="queued")
    lease: Mapped[str | None] = mapped_column(String(32), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=now)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class Grading(Base):
    """One result of one job (results.json as text), with the sums the pages need."""

    __tablename__ = "gradings"
    __table_args__ = (Index("ix_gradings_submission", "submission_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    visible_score: Mapped[float] = mapped_column(Float)  # public tests only
    visible_max_score: Mapped[float] = mapped_column(Float)
    suite: Mapped[str] = mapped_column(String(64), default="")
    result: Mapped[str] = mapped_column(Text)
    graded_at: Mapped[datetime] = mapped_column(default=now)


class AssignmentPolicy(Base):
    """An instructor's settings for one assignment: they replace the course file's whole."""

    __tablename__ = "assignment_policies"
    assignment: Mapped[str] = mapped_column(String(64), primary_key=True)
    opens: Mapped[datetime | None] = mapped_column(default=None)
    due: Mapped[datetime | None] = mapped_column(default=None)
    late_policy: Mapped[str] = mapped_column(String(40), default="none")
    max_attempts: Mapped[int | None] = mapped_column(Integer, default=None)
    cooldown_minutes: Mapped[float] = mapped_column(Float, default=0.0)
    counts: Mapped[str] = mapped_column(String(8), default="last")
    hidden_visibility: Mapped[str] = mapped_column(String(20), default="after_due_date")


class Publication(Base):
    """When an instructor published an assignment's grades (`after_published` tests show)."""

    __tablename__ = "publications"
    assignment: Mapped[str] = mapped_column(String(64), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(default=now)


class Extension(Base):
    """A student's own due date for one assignment."""

    __tablename__ = "extensions"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    assignment: Mapped[str] = mapped_column(String(64), primary_key=True)
    due: Mapped[datetime]
