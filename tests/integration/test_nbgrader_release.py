"""Releasing through nbgrader: stubs, secrets left behind, determinism and the staleness check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.course.assignments import ROOT
from autograder.nbgrader import ReleaseError, release, stale

EXERCISE_SOLUTION = "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"
QUIZ_ANSWER = 'q1 = None  # "A" or "B"\n### BEGIN SOLUTION\nq1 = "B"\n### END SOLUTION'


def _meta(grade_id: str, **flags: object) -> dict:
    base = {"grade": False, "solution": False, "locked": False, "schema_version": 3}
    return {"nbgrader": {**base, **flags, "grade_id": grade_id}}


def _write_notebook(path: Path, cells: list) -> None:
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A two-assignment course (an exercise and a quiz) with secrets beside the notebooks."""
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    exercise = root / "source" / "01_toy"
    _write_notebook(exercise / "01_toy.ipynb", [
        new_markdown_cell("# Doubling", metadata=_meta("intro", locked=True)),
        new_code_cell(EXERCISE_SOLUTION, metadata={**_meta("double", solution=True),
                                                   "ExecuteTime": {"end_time": "2025-01-01"}}),
    ])
    (exercise / "test_01_toy.py").write_text("def test_double():\n    pass\n")
    (exercise / "conftest.py").write_text("")
    (exercise / "answers.yaml").write_text("q1: B\n")
    (exercise / "hidden_tests.py").write_text("SECRET = 1\n")
    (exercise / "__pycache__").mkdir()
    (exercise / "__pycache__" / "x.pyc").write_bytes(b"\0")
    _write_notebook(root / "source" / "quiz_01" / "quiz_01.ipynb",
                    [new_code_cell(QUIZ_ANSWER, metadata=_meta("q1", solution=True))])
    return root


def _cell_sources(path: Path) -> list[str]:
    return [cell.source for cell in nbformat.read(path, as_version=4).cells]


def test_release_writes_release_and_solutions_for_every_id(course: Path) -> None:
    """Does a release with no ids produce both folders for every source notebook?"""
    written = release((), course)
    assert written == [course / "release" / "01_toy", course / "solutions" / "01_toy",
                       course / "release" / "quiz_01", course / "solutions" / "quiz_01"]
    assert all((folder / f"{folder.name}.ipynb").is_file() for folder in written)


def test_exercise_gets_nbgrader_default_stub(course: Path) -> None:
    """Is an exercise's solution replaced by `raise NotImplementedError()` for students only?"""
    release(["01_toy"], course)
    student = _cell_sources(course / "release" / "01_toy" / "01_toy.ipynb")[1]
    model = _cell_sources(course / "solutions" / "01_toy" / "01_toy.ipynb")[1]
    assert student == "def double(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert "return 2 * x" in model


def test_quiz_answer_cell_keeps_only_the_placeholder(course: Path) -> None:
    """Does a quiz answer cell become exactly its `q1 = None` line, with no stub?"""
    release(["quiz_01"], course)
    assert _cell_sources(course / "release" / "quiz_01" / "quiz_01.ipynb") == [
        'q1 = None  # "A" or "B"']
    assert 'q1 = "B"' in _cell_sources(course / "solutions" / "quiz_01" / "quiz_01.ipynb")[0]


def test_public_files_ship_and_secrets_stay_behind(course: Path) -> None:
    """Are the public tests copied while keys, hidden suites and caches are not?"""
    release(["01_toy"], course)
    public = {"01_toy.ipynb", "test_01_toy.py", "conftest.py"}
    kit = {"requirements.txt", "aimath_student"}  # what makes a release folder self-sufficient
    for folder, extra in (("release", kit), ("solutions", set())):
        shipped = {p.name for p in (course / folder / "01_toy").iterdir()}
        assert shipped == public | extra


def test_release_is_byte_for_byte_reproducible(course: Path) -> None:
    """Does releasing twice give identical files, with run timestamps removed?"""
    release((), course)
    first = {p: p.read_bytes() for p in (course / "release").rglob("*") if p.is_file()}
    release((), course)
    second = {p: p.read_bytes() for p in (course / "release").rglob("*") if p.is_file()}
    assert first == second
    assert b"ExecuteTime" not in first[course / "release" / "01_toy" / "01_toy.ipynb"]


def test_release_leaves_the_course_gradebook_alone(course: Path) -> None:
    """Is releasing independent of the course gradebook (so re-releasing after grading works)?"""
    release((), course)
    assert not (course / "gradebook.db").exists()


def test_unknown_id_lists_the_known_ones(course: Path) -> None:
    """Is a typo in an id rejected with the ids that exist?"""
    with pytest.raises(ValueError, match=r"02_nope.*known: 01_toy, quiz_01"):
        release(["02_nope"], course)


def test_broken_solution_markers_raise_with_nbgrader_message(course: Path) -> None:
    """Does a missing END SOLUTION surface nbgrader's own explanation?"""
    path = course / "source" / "01_toy" / "01_toy.ipynb"
    path.write_text(path.read_text().replace("### END SOLUTION", ""))
    with pytest.raises(ReleaseError, match="No end solution statement found"):
        release(["01_toy"], course)


def test_fresh_release_is_not_stale(course: Path) -> None:
    """Does the staleness check find nothing right after a release?"""
    release((), course)
    assert stale(course) == []


def test_stale_reports_edits_extras_and_missing_files(course: Path) -> None:
    """Does the staleness check name an outdated, an extra and a missing file?"""
    release((), course)
    source = course / "source" / "01_toy" / "01_toy.ipynb"
    source.write_text(source.read_text().replace("# Doubling", "# Doubling numbers"))
    (course / "release" / "01_toy" / "answers.yaml").write_text("q1: B\n")
    (course / "solutions" / "quiz_01" / "quiz_01.ipynb").unlink()
    assert stale(course) == [
        "release/01_toy/01_toy.ipynb: out of date, run `aimath release`",
        "release/01_toy/answers.yaml: not generated from source/",
        "solutions/01_toy/01_toy.ipynb: out of date, run `aimath release`",
        "solutions/quiz_01/quiz_01.ipynb: missing, run `aimath release`",
    ]


def test_stale_ignores_reformatting_and_test_run_caches(course: Path) -> None:
    """Are re-indented JSON and pytest caches inside release/ not reported?"""
    release((), course)
    notebook = course / "release" / "01_toy" / "01_toy.ipynb"
    notebook.write_text(json.dumps(json.loads(notebook.read_text()), indent=4))
    (course / "release" / "01_toy" / "__pycache__").mkdir()
    (course / "release" / "01_toy" / "__pycache__" / "test.cpython-311.pyc").write_bytes(b"1")
    assert stale(course) == []


@pytest.mark.slow
def test_committed_release_matches_source() -> None:
    """Is the committed release/ what `aimath release` makes from source/ (CI's check)?"""
    assert stale(ROOT) == []
