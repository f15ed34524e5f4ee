"""What students get: every released folder is self-sufficient and up to date with source/;
every released notebook runs top to bottom in Jupyter's order with only the stubs raising
NotImplementedError, starts by saying how to get the kit and ends with `check_all()`; every
model solution runs without an error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from autograder.course.assignments import ALL, EXERCISES, ROOT
from autograder.kit import course_catalog
from autograder.kit.build import REQUIRES, code_files
from autograder.nbgrader import stale
from autograder.quiz.bank import load_quiz
from autograder.student.catalog import index_text
from autograder.student.cells import first_cell, last_cell
from autograder.student.namespace import installed, new_module, run_cell
from autograder.student.notebook import read_path

RELEASE = ROOT / "release"
FORBIDDEN = re.compile(r"answer|solution|hidden|\.ya?ml$", re.IGNORECASE)
QUIZZES = [a for a in ALL if a.startswith("quiz_")]


def run_cells(path: Path) -> list[str]:
    """Run a notebook's cells as the grader reads them; the errors of those that raised."""
    module = new_module("__aimath_release_check__")
    with installed(module):
        failures = [run_cell(module, cell) for cell in read_path(path).cells]
    return [failure.error for failure in failures if failure]


@pytest.mark.slow
def test_committed_release_matches_source() -> None:
    """Is the committed release/ (and solutions/) what `aimath release` makes from source/?"""
    assert stale(ROOT) == []


@pytest.mark.parametrize("assignment_id", list(ALL))
def test_every_release_folder_is_self_sufficient(assignment_id: str) -> None:
    """Does each folder hold its notebook, its public tests, the conftest, requirements.txt
    and the kit's code (the same as autograder/student), and no file named like a secret?"""
    folder = RELEASE / assignment_id
    assert (folder / f"test_{assignment_id}.py").is_file()
    assert (folder / "conftest.py").read_bytes() == (
        ROOT / "autograder" / "student" / "public_conftest.py").read_bytes()
    assert (folder / "requirements.txt").read_text().split() == list(REQUIRES)
    kit = folder / "aimath_student"
    expected = code_files() | {"data/assignments.json": index_text(course_catalog()).encode()}
    assert {p.relative_to(kit).as_posix(): p.read_bytes() for p in kit.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts} == expected
    names = [p.relative_to(folder).as_posix() for p in folder.rglob("*")]
    assert [name for name in names if FORBIDDEN.search(name)] == []


@pytest.mark.parametrize("assignment_id", list(ALL))
def test_released_notebook_starts_with_the_kit_and_ends_with_check_all(assignment_id: str):
    """Is the first cell how to get the kit and the last one `check_all()` for this id?"""
    cells = json.loads((RELEASE / assignment_id / f"{assignment_id}.ipynb").read_text())["cells"]
    first, last = first_cell(assignment_id), last_cell(assignment_id)
    assert (cells[0]["id"], cells[-1]["id"]) == (first["id"], last["id"])
    assert "".join(cells[-1]["source"]) == last["source"]
    assert "%pip install aimath_student" in "".join(cells[0]["source"])


@pytest.mark.parametrize("assignment_id", [a.id for a in EXERCISES])
def test_released_notebook_raises_only_from_stubs(assignment_id: str) -> None:
    """Does the released exercise run top to bottom, failing only with NotImplementedError?"""
    raised = run_cells(RELEASE / assignment_id / f"{assignment_id}.ipynb")
    assert raised, "a released exercise with nothing left to write"
    assert set(raised) == {"NotImplementedError"}


@pytest.mark.parametrize("assignment_id", list(ALL))
def test_model_solution_runs_cleanly(assignment_id: str) -> None:
    """Does every model solution (exercise or quiz) run top to bottom without an error?"""
    assert run_cells(ROOT / "solutions" / assignment_id / f"{assignment_id}.ipynb") == []


@pytest.mark.parametrize("assignment_id", QUIZZES)
def test_released_quiz_runs_and_leaves_every_answer_blank(assignment_id: str) -> None:
    """Does a released quiz run cleanly with every answer None, and hold no answer key?"""
    path = RELEASE / assignment_id / f"{assignment_id}.ipynb"
    assert run_cells(path) == []
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(c["source"]) for c in cells)
    assert "BEGIN SOLUTION" not in text
    for item in load_quiz(assignment_id).items:
        assert item.explanation.strip() not in text, f"{item.id}'s explanation leaked"
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert all(line.split("=")[1].split("#")[0].strip() == "None"
               for line in code.splitlines() if re.match(r"q\d+\s*=", line))


@pytest.mark.parametrize("assignment_id", QUIZZES)
def test_a_quiz_folder_checks_one_form_per_item(assignment_id: str) -> None:
    """Does a quiz's public test file have one test per item, named after it?"""
    text = (RELEASE / assignment_id / f"test_{assignment_id}.py").read_text(encoding="utf-8")
    items = [item.id for item in load_quiz(assignment_id).items]
    assert re.findall(r"def test_(q\d+)\(student, forms\)", text) == items
