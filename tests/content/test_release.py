"""What students get: every released notebook runs top to bottom in Jupyter's order with only
the stubs raising NotImplementedError, and every model solution runs without an error."""

import json
from pathlib import Path

import pytest

from autograder.course.assignments import ALL, EXERCISES, ROOT
from autograder.intake.submission import load_path
from autograder.quiz.bank import load_quiz


def run_cells(path: Path) -> list[BaseException]:
    """Execute a notebook's code cells in order in one namespace; return what they raised."""
    namespace: dict = {"__name__": "__main__"}
    raised = []
    for cell in load_path(path).cells:
        try:
            exec(compile(cell.code, f"<{cell.label}>", "exec"), namespace)
        except Exception as exc:
            raised.append(exc)
    return raised


@pytest.mark.parametrize("assignment_id", [a.id for a in EXERCISES])
def test_released_notebook_raises_only_from_stubs(assignment_id):
    """Does the released exercise run top to bottom, failing only with NotImplementedError?"""
    raised = run_cells(ROOT / "release" / assignment_id / f"{assignment_id}.ipynb")
    assert raised, "a released exercise with nothing left to write"
    assert {type(e) for e in raised} == {NotImplementedError}


@pytest.mark.parametrize("assignment_id", list(ALL))
def test_model_solution_runs_cleanly(assignment_id):
    """Does every model solution (exercise or quiz) run top to bottom without an error?"""
    assert run_cells(ROOT / "solutions" / assignment_id / f"{assignment_id}.ipynb") == []


@pytest.mark.parametrize("assignment_id", [a for a in ALL if a.startswith("quiz_")])
def test_released_quiz_runs_and_leaves_every_answer_blank(assignment_id):
    """Does a released quiz run cleanly with every answer None, and hold no answer key?"""
    path = ROOT / "release" / assignment_id / f"{assignment_id}.ipynb"
    assert run_cells(path) == []
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(c["source"]) for c in cells)
    assert "BEGIN SOLUTION" not in text
    for item in load_quiz(assignment_id).items:
        assert item.explanation.strip() not in text, f"{item.id}'s explanation leaked"
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert all(line.split("=")[1].split("#")[0].strip() == "None"
               for line in code.splitlines() if line.startswith("q"))
