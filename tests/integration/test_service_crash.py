"""`aimath serve` killed with SIGKILL while submissions are queued and one is being graded,
then started again: every submission is graded exactly once, none is lost, and what was
stored before the kill is still there. Also: a hostile student gets no more than their share
of the pool."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from support.service import database, login, served, wait_graded

from autograder.course.assignments import ROOT
from autograder.service import demo
from autograder.service.db import Database, database_url
from autograder.service.models import Grading, Job, Submission

pytestmark = pytest.mark.slow
STUDENTS = tuple((f"s{n}", f"Student {n}", "A") for n in range(6))
SOLUTION = (ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb").read_text()


def _slow_solution(n: int) -> bytes:
    """The model solution, two seconds slow to load (a different file for each student)."""
    code = "\n\n".join(c for c in _code_cells(SOLUTION))
    return f"import time\ntime.sleep(2)  # student {n}\n\n{code}\n".encode()


def _code_cells(text: str) -> list[str]:
    import json

    return ["".join(c["source"]) for c in json.loads(text)["cells"]
            if c["cell_type"] == "code"]


def _states(db: Database) -> dict[str, int]:
    with db.read() as session:
        rows = session.execute(select(Job.state, func.count()).group_by(Job.state))
        return {state: count for state, count in rows}


def _wait_for(db: Database, grading: int, queued: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = _states(db)
        if found.get("grading", 0) >= grading and found.get("queued", 0) >= queued:
            return
        time.sleep(0.05)
    raise AssertionError(f"never {grading} grading and {queued} queued: {_states(db)}")


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_kill_9_while_grading_then_restart_grades_each_once(tmp_path: Path, kind: str) -> None:
    """Killed (-9) with one submission grading and five queued, then restarted: is each of the
    six graded exactly once, with full marks, and every job done?"""
    with database(kind) as url:
        built = demo.build(tmp_path / "course", STUDENTS, db=url, settings="")
        db = Database(database_url(url, built.course))
        ids = {}
        with served(built.course, *(["--db", url] if url else []), workers=1) as server:
            for n, (student, _, _) in enumerate(STUDENTS):
                with server.client() as client:
                    csrf = login(client, student, code=built.codes[student],
                                 new_password=f"{student}-password")
                    answer = client.post("/api/assignments/01_vectors/submissions",
                                         files={"file": ("mine.py", _slow_solution(n))},
                                         headers={"X-CSRF-Token": csrf})
                    assert answer.status_code == 202, answer.text
                    ids[student] = answer.json()["submission"]
            _wait_for(db, grading=1, queued=4)
            server.kill9()
            with db.read() as session:
                assert session.scalar(select(func.count()).select_from(Grading)) <= 1
                assert session.scalar(select(func.count()).select_from(Submission)) == 6
        with served(built.course, *(["--db", url] if url else []), workers=2) as server:
            for student, sid in ids.items():
                with server.client() as client:
                    login(client, student, password=f"{student}-password")
                    assert wait_graded(client, sid)["status"] == "graded"
        with db.read() as session:
            rows = session.execute(select(Grading.submission_id, func.count())
                                   .group_by(Grading.submission_id))
            per = {sid: count for sid, count in rows}
            full = session.scalars(select(Grading).where(Grading.score == Grading.max_score))
            assert per == {sid: 1 for sid in ids.values()}
            assert len(list(full)) == 6
        assert _states(db) == {"done": 6}
        db.close()


LOOP = "def l1_norm(x):\n    while True:\n        pass\n\nl1_norm(1)  # {n}\n"


def test_a_hostile_student_gets_only_a_fair_share(tmp_path: Path) -> None:
    """With one worker, a student who hands in three endless loops first and an honest
    student after them: is the honest one graded before the second loop?"""
    students = (("mallory", "Mallory", "A"), ("alice", "Alice", "A"))
    built = demo.build(tmp_path / "course", students,
                       settings="call_timeout = 2\nsubmission_timeout = 6\n")
    db = Database(database_url(None, built.course))
    with served(built.course, workers=1) as server, server.client() as bad, \
            server.client() as good:
        bad_csrf = login(bad, "mallory", code=built.codes["mallory"], new_password="m" * 10)
        good_csrf = login(good, "alice", code=built.codes["alice"], new_password="a" * 10)
        loops = [bad.post("/api/assignments/01_vectors/submissions",
                          files={"file": (f"loop{n}.py", LOOP.format(n=n).encode())},
                          headers={"X-CSRF-Token": bad_csrf}).json()["submission"]
                 for n in range(3)]
        honest = good.post("/api/assignments/01_vectors/submissions",
                           files={"file": ("mine.ipynb", SOLUTION.encode())},
                           headers={"X-CSRF-Token": good_csrf}).json()["submission"]
        wait_graded(good, honest)
        for sid in loops:
            wait_graded(bad, sid)
    with db.read() as session:
        order = list(session.scalars(select(Grading.submission_id).order_by(Grading.id)))
    assert order.index(honest) < order.index(loops[1]), order
    db.close()
