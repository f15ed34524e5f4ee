"""The pure rules of the service: which attempt counts, late penalties, when hidden tests
show, who is graded next; and the shipped migrations describe exactly the models."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from autograder.course.settings import LatePolicy, Policy
from autograder.grading.model import Visibility
from autograder.service.jobs import _Candidate, fair
from autograder.service.policies import Attempt, Standing, counted

DUE = datetime(2026, 3, 20, 23, 59, tzinfo=UTC)


def attempt(number: int, score: float | None, late_days: float = -1.0) -> Attempt:
    return Attempt(number, number, DUE + timedelta(days=late_days),
                   "graded" if score is not None else "queued", score, 10.0)


@pytest.mark.parametrize(("counts", "expected"), [("last", 2), ("best", 1)])
def test_which_attempt_counts(counts: str, expected: int) -> None:
    """Does `last` pick the newest attempt and `best` the highest score?"""
    found = counted([attempt(1, 9.0), attempt(2, 6.0)], Policy(counts=counts), DUE)
    assert found is not None and found.submission == expected


def test_best_compares_scores_after_the_late_penalty() -> None:
    """Is a late 10 (minus 30%) worse than an on-time 8 when the best counts?"""
    policy = Policy(counts="best", late_policy=LatePolicy.parse("linear:10:50"))
    found = counted([attempt(1, 8.0), attempt(2, 10.0, late_days=2.5)], policy, DUE)
    assert found is not None and (found.submission, found.score) == (1, 8.0)
    late = counted([attempt(2, 10.0, late_days=2.5)], policy, DUE)
    assert late is not None and late.penalty == pytest.approx(0.3) and late.score == 7.0


def test_the_last_attempt_counts_even_while_it_waits() -> None:
    """Is a queued last attempt what counts (no score yet), not the graded one before it?"""
    found = counted([attempt(1, 9.0), attempt(2, None)], Policy(), DUE)
    assert found is not None and found.submission == 2 and found.score is None


@pytest.mark.parametrize(("rule", "published", "after_due", "shown"), [
    (Visibility.VISIBLE, False, False, True), (Visibility.HIDDEN, True, True, False),
    (Visibility.AFTER_DUE_DATE, False, False, False),
    (Visibility.AFTER_DUE_DATE, False, True, True),
    (Visibility.AFTER_PUBLISHED, False, True, False),
    (Visibility.AFTER_PUBLISHED, True, False, True)])
def test_when_hidden_tests_show(rule: Visibility, published: bool, after_due: bool,
                                shown: bool) -> None:
    """Are hidden tests shown exactly as Gradescope's visibility values say?"""
    place = Standing(Policy(hidden_visibility=rule), DUE, published, 1, None)
    at = DUE + timedelta(seconds=1 if after_due else -1)
    assert place.reveals_hidden(at) is shown
    assert (Visibility.AFTER_DUE_DATE in place.shown(at)) is shown


def test_attempts_and_cooldown() -> None:
    """Are attempts left counted down and the cooldown measured from the last attempt?"""
    place = Standing(Policy(max_attempts=3, cooldown_minutes=10), DUE, False, 2, DUE)
    assert place.attempts_left == 1 and place.next_allowed() == DUE + timedelta(minutes=10)
    assert Standing(Policy(), None, False, 7, DUE).attempts_left is None


def candidate(job: int, student: str, priority: int = 0) -> _Candidate:
    return _Candidate(job, priority, 0, job, student, "01_vectors", "a.py", "0" * 64, ".py", DUE)


def test_fair_runs_at_most_one_job_per_student() -> None:
    """With mallory's three jobs queued first, do alice, bob and then carol's regrade go,
    never a second job of mallory's (whose 30 s uploads held both workers while another
    student waited), and none of hers while one is running?"""
    queued = [candidate(1, "mallory"), candidate(2, "mallory"), candidate(3, "mallory"),
              candidate(4, "alice"), candidate(5, "carol", priority=1), candidate(6, "bob")]
    picked = fair(queued, 4, Counter(), {})
    assert [c.student for c in picked] == ["mallory", "alice", "bob", "carol"]
    running = fair(queued, 2, Counter({"mallory": 1}), {})
    assert [c.student for c in running] == ["alice", "bob"]
    assert fair(queued[:3], 2, Counter({"mallory": 1}), {}) == []


def test_the_migrations_describe_the_models(tmp_path: Path) -> None:
    """Does upgrading an empty database give exactly the tables the models declare?"""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from autograder.service.db import Database
    from autograder.service.models import Base

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    Database(url).migrate()
    engine = create_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """It holds password hashes, emails and grades: are the file and its WAL files 0600
    whatever the umask, while an existing file keeps the mode its owner gave it?"""
    import os

    from autograder.service.db import Database

    fresh, kept = tmp_path / "fresh.db", tmp_path / "kept.db"
    kept.touch(mode=0o640)
    os.chmod(kept, 0o640)
    previous = os.umask(0o022)
    try:
        for path in (fresh, kept):
            db = Database(f"sqlite:///{path}")
            db.migrate()
            with db.read() as session:
                session.execute(text("SELECT 1"))
    finally:
        os.umask(previous)
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes["fresh.db"] == 0o600 and modes["kept.db"] == 0o640
    assert modes.get("fresh.db-wal") == modes.get("fresh.db-shm") == 0o600
