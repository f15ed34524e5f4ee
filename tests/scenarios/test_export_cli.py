"""`aimath export canvas|moodle|gradescope` as an instructor runs them: the installed command,
from their own course folder, with relative paths, after a real `aimath grade`."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from support.cli import aimath, results, solution_code

pytestmark = pytest.mark.slow
ID = "01_vectors"
SETTINGS = """[tool.aimath.assignments.01_vectors]
due = "2026-03-20T23:59:00+09:00"
late_policy = "linear:10:50"
"""
ROSTER = """student_id,name,email,section
alice,"=cmd|' /C calc'!A0",alice@example.org,A
bob,Bob,bob@example.org,B
choi,Choi,choi@example.org,A
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course folder after `aimath grade subs --out graded-01`: alice right on time, bob
    with a wrong l2_norm 1.5 days late, 김민지 right, half a day late, but missing from the
    roster."""
    course = tmp_path_factory.mktemp("course")
    (course / "pyproject.toml").write_text(SETTINGS)
    (course / "roster.csv").write_text(ROSTER, encoding="utf-8")
    subs = course / "subs"
    subs.mkdir()
    solution = solution_code(ID)
    wrong = solution.replace("def l2_norm(x):", "def l2_norm(x):\n    return -1.0\n\n\n"
                                                "def _old(x):")
    due = datetime.fromisoformat("2026-03-20T23:59:00+09:00").timestamp()
    for name, code, when in (("alice", solution, due - 3600), ("bob", wrong, due + 1.5 * 86400),
                             ("김민지", solution, due + 0.5 * 86400)):
        (subs / f"{name}.py").write_text(code, encoding="utf-8")
        os.utime(subs / f"{name}.py", (when, when))
    run = aimath(course, "grade", "subs", "--assignment", ID, "--out", "graded-01")
    assert run.returncode == 0, run.stderr
    return course


def read(path: Path) -> list[list[str]]:
    """The rows of an import file, after checking its UTF-8 byte-order mark."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_canvas_file_from_relative_paths_with_roster_and_late_penalty(graded: Path):
    """From the course folder, does `export canvas graded-01 --roster roster.csv` write the
    documented columns, roster names made inert, bob's 20% late penalty, and a report line
    for choi (no submission) and 김민지 (not in the roster)?"""
    run = aimath(graded, "export", "canvas", "graded-01", "--out", "canvas.csv",
                 "--roster", "roster.csv")
    assert run.returncode == 0, run.stderr
    table = read(graded / "canvas.csv")
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ID]
    full = results(graded / "graded-01", "alice")["max_score"]
    bob = results(graded / "graded-01", "bob")["score"]
    assert table[1] == ["Points Possible", "", "", "", "", f"{full:g}"]
    assert table[2] == ["'=cmd|' /C calc'!A0", "", "alice", "alice@example.org", "A",
                        f"{full:g}"]
    assert table[3][:5] == ["Bob", "", "bob", "bob@example.org", "B"]
    assert 0 < bob < full and float(table[3][5]) == pytest.approx(round(bob * 0.8, 2))
    assert len(table) == 4
    assert "choi: in the roster, no submission for 01_vectors" in run.stdout
    assert "김민지: graded for 01_vectors but not in the roster" in run.stdout
    assert "김민지 (01_vectors): 1 day late" not in run.stdout  # not exported: no penalty said
    assert (f"bob (01_vectors): 2 days late; the late policy takes 20%: {bob:g} -> "
            f"{round(bob * 0.8, 2):g} of {full:g}") in run.stdout


def test_moodle_file_from_relative_paths(graded: Path):
    """Does `export moodle` write ID number, email and name columns, one grade column, and
    the same late score, for the roster's students only?"""
    run = aimath(graded, "export", "moodle", "graded-01", "--out", "moodle.csv",
                 "--roster", "roster.csv")
    assert run.returncode == 0, run.stderr
    table = read(graded / "moodle.csv")
    assert table[0] == ["ID number", "Email address", "Full name", ID]
    assert [row[:2] for row in table[1:]] == [["alice", "alice@example.org"],
                                              ["bob", "bob@example.org"]]
    bob = results(graded / "graded-01", "bob")["score"]
    assert float(table[2][3]) == pytest.approx(round(bob * 0.8, 2))


def test_without_a_roster_every_graded_student_is_written(graded: Path):
    """Without --roster, is every graded student in the file under their own id?"""
    run = aimath(graded, "export", "moodle", "graded-01", "--out", "all.csv")
    assert run.returncode == 0, run.stderr
    assert [row[0] for row in read(graded / "all.csv")[1:]] == ["alice", "bob", "김민지"]


def test_gradescope_zip_is_written_where_the_command_runs(graded: Path):
    """Does `export gradescope ID --out FILE` write the zip in the course folder, with both
    scripts at its root, and say what it baked in?"""
    run = aimath(graded, "export", "gradescope", ID, "--out", "autograder.zip")
    assert run.returncode == 0, run.stderr
    names = zipfile.ZipFile(graded / "autograder.zip").namelist()
    assert {"setup.sh", "run_autograder"} <= set(names)
    assert "late policy linear:10:50" in run.stdout


def test_bad_arguments_are_one_line_never_a_traceback(graded: Path):
    """Does each wrong argument end in one 'Error' line naming it and a non-zero exit?"""
    (graded / "bad.csv").write_text("student_id,name,email\nkim lee,Kim,\n")
    cases = [
        (("export", "gradescope", "01_vector", "--out", "a.zip"), "unknown assignment"),
        (("export", "gradescope", ID, "--out", "subs"), "is a folder"),
        (("export", "gradescope", ID, "--out", "nowhere/a.zip"), "does not exist"),
        (("export", "canvas", "missing", "--out", "c.csv"), "missing: not a folder"),
        (("export", "canvas", "subs", "--out", "c.csv"), "no <student>/results.json"),
        (("export", "moodle", "graded-01", "--out", "m.csv", "--roster", "none.csv"),
         "none.csv"),
        (("export", "canvas", "graded-01", "--out", "c.csv", "--roster", "bad.csv"),
         "bad.csv: line 2: 'kim lee' is not a valid student id"),
        (("export", "canvas", "graded-01", "--out", "c.csv", "--course", "nope"),
         "not a folder"),
        (("export", "canvas", "--out", "c.csv"), "Missing argument"),
    ]
    for args, said in cases:
        run = aimath(graded, *args)
        assert run.returncode != 0, args
        assert "Traceback" not in run.stderr and said in run.stderr, (args, run.stderr)
        assert len([line for line in run.stderr.splitlines()
                    if line.startswith("Error")]) == 1, (args, run.stderr)
