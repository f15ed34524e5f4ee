"""The first schema: users, login codes, blobs, submissions, jobs, gradings, policies.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _users() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("section", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(200)),
        sa.Column("session_version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False))
    op.create_table(
        "login_codes",
        sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False))


def _submissions() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("suffix", sa.String(8), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False))
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("assignment", sa.String(64), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("blob_sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("idempotency", sa.String(100)),
        sa.Column("submitted_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("user_id", "assignment", "attempt"),
        sa.UniqueConstraint("user_id", "assignment", "idempotency"))


def _jobs() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("lease", sa.String(32)),
        sa.Column("lease_until", sa.DateTime),
        sa.Column("tries", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime))
    op.create_index("ix_jobs_state", "jobs", ["state", "priority", "id"])
    op.create_index("ix_jobs_submission_id", "jobs", ["submission_id"])
    op.create_table(
        "gradings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("job_id", sa.Integer, sa.ForeignKey("jobs.id"), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("max_score", sa.Float, nullable=False),
        sa.Column("visible_score", sa.Float, nullable=False),
        sa.Column("visible_max_score", sa.Float, nullable=False),
        sa.Column("suite", sa.String(64), nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("graded_at", sa.DateTime, nullable=False))
    op.create_index("ix_gradings_submission", "gradings", ["submission_id", "id"])


def _policies() -> None:
    op.create_table(
        "assignment_policies",
        sa.Column("assignment", sa.String(64), primary_key=True),
        sa.Column("opens", sa.DateTime),
        sa.Column("due", sa.DateTime),
        sa.Column("late_policy", sa.String(40), nullable=False),
        sa.Column("max_attempts", sa.Integer),
        sa.Column("cooldown_minutes", sa.Float, nullable=False),
        sa.Column("counts", sa.String(8), nullable=False),
        sa.Column("hidden_visibility", sa.String(20), nullable=False))
    op.create_table(
        "publications",
        sa.Column("assignment", sa.String(64), primary_key=True),
        sa.Column("published_at", sa.DateTime, nullable=False))
    op.create_table(
        "extensions",
        sa.Column("user_id", sa.String(64), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("assignment", sa.String(64), primary_key=True),
        sa.Column("due", sa.DateTime, nullable=False))


def upgrade() -> None:
    _users()
    _submissions()
    _jobs()
    _policies()


def downgrade() -> None:
    for table in ("extensions", "publications", "assignment_policies", "gradings", "jobs",
                  "submissions", "blobs", "login_codes", "users"):
        op.drop_table(table)
