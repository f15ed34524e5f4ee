"""`aimath roster invite` as an instructor runs it, from the course folder: once for the
class, then again when a late student joins. The second run must not replace the codes
already handed out, nor reset the accounts students already use."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import aimath

from autograder.course.settings import load_settings
from autograder.service.errors import ServiceError
from autograder.service.server import open_state

ROSTER = "student_id,name,email\nalice,Alice,a@x.org\ncarl,Carl,c@x.org\n"


def codes(course: Path, *args: str) -> dict[str, str]:
    run = aimath(course, "roster", "invite", *args)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    found = dict(line.split(",") for line in lines)
    assert len(found) == len(lines), lines  # one code per student
    return found


def test_inviting_a_late_student_leaves_everyone_else_alone(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assert aimath(tmp_path, "roster", "import", "roster.csv").returncode == 0
    first = codes(tmp_path)
    assert sorted(first) == ["alice", "carl"]
    state = open_state(load_settings(tmp_path), None)
    state.accounts.login_with_code("alice", first["alice"], "alice-password-1")
    (tmp_path / "roster.csv").write_text(ROSTER + "dora,Dora,d@x.org\n", encoding="utf-8")
    assert aimath(tmp_path, "roster", "import", "roster.csv").returncode == 0

    assert list(codes(tmp_path)) == ["dora"]  # the newcomer only
    state.accounts.login("alice", "alice-password-1")  # her password still works
    state.accounts.login_with_code("carl", first["carl"], "carl-password-1")  # his code too
    again = aimath(tmp_path, "roster", "invite")
    assert again.stdout == "" and "no student is waiting for a code" in again.stderr

    reset = codes(tmp_path, "--student", "alice", "--student", "alice")  # one new code, even
    assert len(reset) == 1  # once signed in; a repeated id is one student (its code works)
    state.accounts.login_with_code("alice", reset["alice"], "alice-password-2")
    with pytest.raises(ServiceError):
        state.accounts.login("alice", "alice-password-1")
    state.db.close()
