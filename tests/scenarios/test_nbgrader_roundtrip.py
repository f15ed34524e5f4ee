"""The README's nbgrader round trip on a fresh course, as written: generate and release with
nbgrader, a student fetches and submits, the instructor collects, `aimath grade --gradebook`,
`nbgrader release_feedback`, and the student fetches a feedback page that shows their score."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import SOLUTIONS, aimath, results

from autograder.course.assignments import ROOT

pytestmark = pytest.mark.slow
ID = "01_vectors"
NBGRADER = str(Path(sys.executable).parent / "nbgrader")
# What a fresh course adds to its nbgrader_config.py (README, "nbgrader round trip").
EXCHANGE = "\nc.Exchange.root = {root!r}\n"


def nbgrader(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`nbgrader ARGS` as run in an activated environment (nbgrader calls `alembic` by name)."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run([NBGRADER, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PATH": path})
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
    return done


@pytest.fixture(scope="module")
def semester(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _semester(tmp_path_factory.mktemp("semester"))


def _semester(base: Path) -> dict[str, Path]:
    """A course, a student and an exchange, each a folder of its own."""
    exchange, course, student = base / "exchange", base / "course", base / "student"
    for folder in (exchange, course, student):
        folder.mkdir()
    exchange.chmod(0o777)
    settings = (ROOT / "nbgrader_config.py").read_text() + EXCHANGE.format(root=str(exchange))
    (course / "nbgrader_config.py").write_text(settings)
    exchange_line = EXCHANGE.format(root=str(exchange))
    (student / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = 'aimath'{exchange_line}")
    shutil.copytree(ROOT / "source" / ID, course / "source" / ID)
    return {"course": course, "student": student}


def test_the_round_trip_works_as_the_readme_says(semester: dict[str, Path]):
    """Does every step succeed, the gradebook hold the score, and the student's fetched
    feedback page show it?"""
    course, student = semester["course"], semester["student"]
    nbgrader(course, "generate_assignment", ID, "--force")
    nbgrader(course, "release_assignment", ID, "--force")
    nbgrader(student, "fetch_assignment", ID)
    shutil.copy(SOLUTIONS / ID / f"{ID}.ipynb", student / ID / f"{ID}.ipynb")
    nbgrader(student, "submit", ID)
    nbgrader(course, "collect", ID)
    run = aimath(course, "grade", "submitted", "--assignment", ID, "--out", f"graded-{ID}",
                 "--gradebook")
    assert run.returncode == 0, run.stderr
    [who] = [p.name for p in (course / "submitted").iterdir()]
    graded = results(course / f"graded-{ID}", who)
    assert graded["score"] == graded["max_score"] > 0
    nbgrader(course, "release_feedback", ID)
    nbgrader(student, "fetch_feedback", ID)
    pages = list((student / ID / "feedback").rglob(f"{ID}.html"))
    assert len(pages) == 1
    assert f"{graded['score']:g}" in pages[0].read_text()
    assert _formgrader_sees(course) == [(who, True, graded["score"])]


def _formgrader_sees(course: Path) -> list[tuple[str, bool, float]]:
    """What nbgrader's formgrader lists for the assignment: (student, autograded, score)."""
    script = ("import json; from nbgrader.apps.api import NbGraderAPI; "
              "from nbgrader.coursedir import CourseDirectory; "
              "from traitlets.config.loader import PyFileConfigLoader; "
              "cfg = PyFileConfigLoader('nbgrader_config.py', path='.').load_config(); "
              "api = NbGraderAPI(CourseDirectory(config=cfg), config=cfg); "
              f"print(json.dumps([(s['student'], s['autograded'], s['score']) "
              f"for s in api.get_submissions({ID!r})]))")
    done = subprocess.run([sys.executable, "-c", script], cwd=course, capture_output=True,
                          text=True, timeout=300, check=True)
    return [tuple(row) for row in json.loads(done.stdout.strip().splitlines()[-1])]


def test_a_renamed_notebook_gets_its_feedback_through_nbgrader(tmp_path: Path):
    """A student who saved their work as a copy (01_vectors-Copy1.ipynb) and handed that in:
    fetch_feedback looks for a page named after each notebook they handed in, so the page
    is named after the notebook graded (it was 01_vectors.html, never fetched)."""
    folders = _semester(tmp_path)
    course, student = folders["course"], folders["student"]
    nbgrader(course, "generate_assignment", ID, "--force")
    nbgrader(course, "release_assignment", ID, "--force")
    nbgrader(student, "fetch_assignment", ID)
    (student / ID / f"{ID}.ipynb").unlink()
    shutil.copy(SOLUTIONS / ID / f"{ID}.ipynb", student / ID / f"{ID}-Copy1.ipynb")
    nbgrader(student, "submit", ID)
    nbgrader(course, "collect", ID)
    run = aimath(course, "grade", "submitted", "--assignment", ID, "--out", "out", "--gradebook")
    assert run.returncode == 0, run.stderr
    nbgrader(course, "release_feedback", ID)
    nbgrader(student, "fetch_feedback", ID)
    assert len(list((student / ID / "feedback").rglob(f"{ID}-Copy1.html"))) == 1


def test_a_student_whose_login_is_no_id_keeps_it_in_nbgrader(tmp_path: Path):
    """A student nbgrader collected as `O'Brien` (aimath's id: `O_Brien`): from the course
    folder, does `aimath grade --gradebook` give nbgrader's own student their score (in
    `nbgrader export`, no second student `O_Brien`) and their feedback page, which
    `release_feedback` then releases?"""
    folders = _semester(tmp_path)
    course, student = folders["course"], folders["student"]
    nbgrader(course, "generate_assignment", ID, "--force")
    nbgrader(course, "release_assignment", ID, "--force")
    nbgrader(student, "fetch_assignment", ID)
    shutil.copy(SOLUTIONS / ID / f"{ID}.ipynb", student / ID / f"{ID}.ipynb")
    nbgrader(student, "submit", ID)
    nbgrader(course, "collect", ID)
    [collected] = (course / "submitted").iterdir()
    collected.rename(course / "submitted" / "O'Brien")  # as collected from that login
    run = aimath(course, "grade", "submitted", "--assignment", ID, "--out", "out", "--gradebook")
    assert run.returncode == 0, run.stderr
    assert "nbgrader's gradebook and feedback keep \"O'Brien\"" in run.stderr
    assert (course / "feedback" / "O'Brien" / ID / f"{ID}.html").is_file()
    nbgrader(course, "release_feedback", ID)
    nbgrader(course, "export")
    exported = (course / "grades.csv").read_text()
    assert "O'Brien" in exported and "O_Brien" not in exported
    assert results(course / "out", "O_Brien")["score"] > 0


@pytest.mark.parametrize("assignment", ["quiz_07", "06_mle"])
def test_nbgrader_itself_writes_the_notebook_aimath_release_writes(semester: dict[str, Path],
                                                                   assignment: str):
    """Does `nbgrader generate_assignment` in a course with this nbgrader_config.py give the
    students the code cells of the committed release: a quiz's answer cells blank to fill in
    (its STUDENT_ID cell and values cell intact), an exercise's bodies raising
    NotImplementedError?"""
    course = semester["course"]
    shutil.copytree(ROOT / "source" / assignment, course / "source" / assignment)
    nbgrader(course, "generate_assignment", assignment, "--force")
    released = course / "release" / assignment / f"{assignment}.ipynb"
    ours = ROOT / "release" / assignment / f"{assignment}.ipynb"
    assert _code(released) == _code(ours)
    if assignment.startswith("quiz_"):
        assert not any("NotImplementedError" in cell for cell in _code(released))


def _code(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            for c in cells if c["cell_type"] == "code"]


def test_a_course_whose_notebook_nbgrader_grades_itself_is_refused_before_grading(
        tmp_path: Path):
    """An instructor's own course: its source notebook has an "Autograder tests" cell worth
    2 points. nbgrader would add aimath's hidden tests to that cell (every total out of 24,
    not 22, and its own autograde later resets aimath's scores): is `--gradebook` refused
    before anyone is graded, naming the cell and what to do, while grading without it
    works?"""
    course = _semester(tmp_path)["course"]
    source = course / "source" / ID / f"{ID}.ipynb"
    notebook = json.loads(source.read_text(encoding="utf-8"))
    notebook["cells"].append({
        "cell_type": "code", "execution_count": None, "outputs": [],
        "metadata": {"nbgrader": {"grade": True, "solution": False, "locked": True,
                                  "grade_id": "my_tests", "points": 2, "schema_version": 3}},
        "source": "assert l1_norm(np.array([1, -2])) == 3"})
    source.write_text(json.dumps(notebook), encoding="utf-8")
    nbgrader(course, "generate_assignment", ID, "--force")
    folder = course / "submitted" / "ann" / ID
    folder.mkdir(parents=True)
    shutil.copy(SOLUTIONS / ID / f"{ID}.ipynb", folder / f"{ID}.ipynb")
    refused = aimath(course, "grade", "submitted", "--assignment", ID, "--out", "out",
                     "--gradebook")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    said = " ".join((refused.stdout + refused.stderr).split())
    assert "my_tests" in said and "2 points" in said and "without --gradebook" in said
    assert not (course / "out" / "ann").exists()
    graded = aimath(course, "grade", "submitted", "--assignment", ID, "--out", "out")
    assert graded.returncode == 0 and results(course / "out", "ann")["score"] == 22
