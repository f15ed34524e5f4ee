"""A semester's round trip on a temporary copy of the course, with the real grader:
release -> submitted/ -> `aimath grade --gradebook` -> `nbgrader export` -> feedback, report."""

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.course.assignments import ROOT
from autograder.nbgrader import release

pytestmark = pytest.mark.slow
ID = "01_vectors"
NBGRADER = Path(sys.executable).parent / "nbgrader"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course with three students graded into its gradebook; returns its folder."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "source" / ID, root / "source" / ID)
    release([ID], root)
    answers = {"alice": root / "solutions" / ID / f"{ID}.ipynb",
               "bob": root / "release" / ID / f"{ID}.ipynb",
               "carol": ROOT / "samples" / ID / "carol.ipynb"}
    for student, notebook in answers.items():
        folder = root / "submitted" / student / ID
        folder.mkdir(parents=True)
        shutil.copy(notebook, folder / f"{ID}.ipynb")
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00 UTC")
        (folder / "submission_secret.txt").write_text(f"secret-of-{student}")  # as collected
    result = CliRunner().invoke(main, ["grade", str(root / "submitted"), "--assignment", ID,
                                       "--out", str(root / "graded-out"), "--gradebook",
                                       "--course", str(root)])
    assert result.exit_code == 0, result.output
    return root


def scores(course: Path) -> dict[str, float]:
    return {s: json.loads((course / "graded-out" / s / "results.json").read_text())["score"]
            for s in ("alice", "bob", "carol")}


def test_nbgrader_export_lists_the_scores_aimath_gave(course):
    """Does `nbgrader export` list every student with the score in their results.json?"""
    subprocess.run([str(NBGRADER), "export"], cwd=course, check=True, capture_output=True,
                   timeout=300)
    with open(course / "grades.csv", newline="") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle) if r["assignment"] == ID}
    assert {s: float(rows[s]["score"]) for s in rows} == scores(course)
    assert scores(course)["alice"] > 0 and scores(course)["bob"] == 0


def test_submission_times_are_kept(course):
    """Is nbgrader's submission timestamp carried into the results?"""
    data = json.loads((course / "graded-out" / "alice" / "results.json").read_text())
    assert data["extra_data"]["submitted_at"] == "2026-11-20T10:00:00+00:00"


def test_feedback_is_where_release_feedback_looks(course):
    """Is each student's page in feedback/<student>/<id>/, without the hidden suite?"""
    suite_source = "\n".join(p.read_text() for p in (ROOT / "autograder" / "suites" / ID)
                             .glob("test_*.py"))
    for student in ("alice", "bob", "carol"):
        page = (course / "feedback" / student / ID / f"{ID}.html").read_text()
        assert student in page
        assert "assert_close(" not in page and "def test_" not in page
    assert "def test_" in suite_source  # the grep above looks for something that exists


def test_the_class_report_renders(course):
    """Does report.html open offline with the score histogram embedded?"""
    page = (course / "graded-out" / "report.html").read_text()
    assert '<svg class="histogram"' in page
    assert "http://" not in page and "https://" not in page
