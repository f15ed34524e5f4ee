"""The whole nbgrader round trip on a toy course: release, submit, gradebook, export, feedback."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from support.factories import result, test

from autograder.course.assignments import ROOT
from autograder.grading.model import SubmissionResult
from autograder.nbgrader import release, write_gradebook, write_nbgrader_feedback

ID = "01_toy"
NBGRADER = Path(sys.executable).parent / "nbgrader"


def _toy_course(root: Path) -> None:
    """One exercise with one solution cell, plus the real nbgrader_config.py."""
    shutil.copy(ROOT / "nbgrader_config.py", root)
    cell = new_code_cell(
        "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
        metadata={"nbgrader": {"grade": False, "solution": True, "locked": False,
                               "schema_version": 3, "grade_id": "double"}})
    notebook = new_notebook(cells=[cell])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    (root / "source" / ID).mkdir(parents=True)
    nbformat.write(notebook, root / "source" / ID / f"{ID}.ipynb")


def _submit(root: Path, student: str) -> None:
    """What `nbgrader collect` leaves: the notebook, a timestamp and the submission secret."""
    folder = root / "submitted" / student / ID
    folder.mkdir(parents=True)
    shutil.copy(root / "release" / ID / f"{ID}.ipynb", folder)
    (folder / "timestamp.txt").write_text("2025-03-02 00:30:00 UTC")
    (folder / "submission_secret.txt").write_text(f"secret-of-{student}")


def _results(student: str, first: float, second: float) -> SubmissionResult:
    return result(student, test("double: small numbers", first, 1.0),
                  test("double: negative numbers", second, 2.0), assignment=ID,
                  submitted_at="2025-03-02T00:30:00+00:00")


def _export(root: Path) -> dict[str, dict[str, str]]:
    """Run the real `nbgrader export` in the course and read its CSV by student."""
    subprocess.run([str(NBGRADER), "export"], cwd=root, check=True, capture_output=True,
                   timeout=120)
    with open(root / "grades.csv", newline="") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


@pytest.mark.slow
def test_graded_students_appear_in_nbgrader_export_and_get_feedback(tmp_path: Path) -> None:
    """Do two graded students show up in `nbgrader export` and get their feedback pages?"""
    _toy_course(tmp_path)
    release([ID], tmp_path)
    for student in ("alice", "bob"):
        _submit(tmp_path, student)
    write_gradebook([_results("alice", 1, 2), _results("bob", 1, 0)], ID, root=tmp_path)

    rows = _export(tmp_path)
    assert {s: (rows[s]["score"], rows[s]["max_score"]) for s in rows} == {
        "alice": ("3.0", "3.0"), "bob": ("1.0", "3.0")}
    assert rows["alice"]["timestamp"] == "2025-03-02 00:30:00"

    for student in ("alice", "bob"):
        page = write_nbgrader_feedback(student, ID, f"{ID}.ipynb", f"<p>{student}</p>", tmp_path)
        assert page == tmp_path / "feedback" / student / ID / f"{ID}.html"
        assert (page.parent / "timestamp.txt").is_file()


@pytest.mark.slow
def test_release_still_works_after_grading(tmp_path: Path) -> None:
    """Can the instructor re-release a fixed notebook once grades are in the gradebook?"""
    _toy_course(tmp_path)
    release([ID], tmp_path)
    write_gradebook([_results("alice", 1, 2)], ID, root=tmp_path)
    source = tmp_path / "source" / ID / f"{ID}.ipynb"
    source.write_text(source.read_text().replace("def double", "def double "))
    release([ID], tmp_path)
    assert "def double (x)" in (tmp_path / "release" / ID / f"{ID}.ipynb").read_text()
    assert _export(tmp_path)["alice"]["score"] == "3.0"


@pytest.mark.slow
def test_nbgrader_export_counts_the_courses_late_penalty(tmp_path: Path) -> None:
    """With the course's due date and late policy, does `nbgrader export` show that due date,
    the penalty, and the final score `aimath export` counts (3.0 less 10% for one started
    day late)?"""
    from datetime import UTC, datetime

    from autograder.course.settings import LatePolicy, Policy

    _toy_course(tmp_path)
    release([ID], tmp_path)
    policy = Policy(due=datetime(2025, 3, 1, 12, tzinfo=UTC),
                    late_policy=LatePolicy("linear", 10.0, 50.0))
    write_gradebook([_results("alice", 1, 2)], ID, root=tmp_path, policy=policy)
    row = _export(tmp_path)["alice"]
    assert (row["duedate"], row["raw_score"], row["late_submission_penalty"], row["score"]) == (
        "2025-03-01 12:00:00", "3.0", "0.3", "2.7")
