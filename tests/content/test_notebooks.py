"""The nbgrader source notebooks, their public tests and the conftest that ships with them.

Each source notebook must be valid, define every contract function in exactly one solution
cell, run top to bottom, pass its public tests, and fail every public test once its solution
regions are stubbed the way nbgrader releases them.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.course.assignments import EXERCISES, ROOT, Assignment
from autograder.student.cells import first_cell, last_cell
from autograder.student.namespace import installed, new_module, run_cell
from autograder.student.notebook import read_path
from autograder.student.plugin import SUBMISSION_VARIABLE

pytest_plugins = ["pytester"]

SOURCE = ROOT / "source"
CANONICAL_CONFTEST = ROOT / "autograder" / "student" / "public_conftest.py"
REGION = re.compile(
    r"^([ \t]*)### BEGIN SOLUTION[ \t]*\n.*?^[ \t]*### END SOLUTION[ \t]*$", re.M | re.S
)
IDS = [a.id for a in EXERCISES]
ALL = {a.id: a for a in EXERCISES}
by_id = pytest.mark.parametrize("assignment", EXERCISES, ids=IDS)


def notebook_path(assignment: Assignment) -> Path:
    return SOURCE / assignment.id / f"{assignment.id}.ipynb"


def read(assignment: Assignment) -> nbformat.NotebookNode:
    return nbformat.read(notebook_path(assignment), as_version=4)


def nbgrader_meta(cell: nbformat.NotebookNode) -> dict:
    return cell.metadata.get("nbgrader", {})


def stub(notebook: dict) -> dict:
    """Replace every solution region by `raise NotImplementedError()`, as nbgrader does."""
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = REGION.sub(lambda m: m.group(1) + "raise NotImplementedError()", source)
    return notebook


def copy_folder(assignment: Assignment, destination: Path, stubbed: bool = False) -> Path:
    """Copy `source/<id>/` to `destination/<id>/`, optionally with its solutions stubbed."""
    folder = destination / assignment.id
    shutil.copytree(SOURCE / assignment.id, folder, ignore=shutil.ignore_patterns("__pycache__"))
    if stubbed:
        target = folder / f"{assignment.id}.ipynb"
        target.write_text(json.dumps(stub(json.loads(target.read_text(encoding="utf-8")))))
    return folder


def public_test_names(assignment: Assignment) -> dict[str, str]:
    """Test function name -> its docstring, read from the public test file without importing it."""
    path = SOURCE / assignment.id / f"test_{assignment.id}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: ast.get_docstring(node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def run_public_tests(pytester: pytest.Pytester, stubbed: bool = False) -> dict[str, dict]:
    """Run every assignment's public tests in one in-process session, warnings as errors.

    Returns, per assignment id, the reports of its passed, skipped and failed tests.
    """
    for assignment in EXERCISES:
        copy_folder(assignment, pytester.path, stubbed)
    recorder = pytester.inline_run("-p", "no:cacheprovider", "-W", "error", "--tb=short", *IDS)
    assert not recorder.getfailedcollections(), "the public tests did not collect"
    outcomes = zip(("passed", "skipped", "failed"), recorder.listoutcomes(), strict=True)
    grouped: dict[str, dict] = {a: {"passed": [], "skipped": [], "failed": []} for a in IDS}
    for outcome, reports in outcomes:
        for report in reports:
            grouped[report.nodeid.split("/", 1)[0]][outcome].append(report)
    return grouped


@by_id
def test_notebook_is_valid_nbformat_with_python_kernel(assignment: Assignment) -> None:
    """Is the source notebook valid nbformat 4 with a Python 3 kernelspec?"""
    notebook = read(assignment)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    assert notebook.metadata.kernelspec.name == "python3"


@by_id
def test_each_contract_function_has_one_solution_cell(assignment: Assignment) -> None:
    """Does every contract function have exactly one solution cell with one marked region?"""
    cells = [c for c in read(assignment).cells if nbgrader_meta(c).get("solution")]
    assert sorted(nbgrader_meta(c)["grade_id"] for c in cells) == sorted(assignment.functions)
    for cell in cells:
        name = nbgrader_meta(cell)["grade_id"]
        assert cell.cell_type == "code" and f"def {name}(" in cell.source
        assert cell.source.count("### BEGIN SOLUTION") == 1, name
        assert cell.source.count("### END SOLUTION") == 1, name
        assert not nbgrader_meta(cell)["locked"], name


@by_id
def test_other_cells_hold_no_solution_and_no_grading(assignment: Assignment) -> None:
    """Are markers only in solution cells, and is there no nbgrader grade or test cell?"""
    for cell in read(assignment).cells:
        meta = nbgrader_meta(cell)
        if not meta.get("solution"):
            assert "### BEGIN SOLUTION" not in cell.source
        assert not meta.get("grade") and not meta.get("task")


@by_id
def test_grade_ids_are_unique_and_explanations_locked(assignment: Assignment) -> None:
    """Are grade_ids unique, and are the markdown and imports cells read-only?"""
    notebook = read(assignment)
    ids = [nbgrader_meta(c)["grade_id"] for c in notebook.cells if nbgrader_meta(c)]
    assert len(ids) == len(set(ids))
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    assert "import numpy as np" in first_code.source
    for cell in [c for c in notebook.cells if c.cell_type == "markdown"] + [first_code]:
        assert nbgrader_meta(cell)["locked"] and nbgrader_meta(cell)["schema_version"] == 3


@by_id
def test_source_notebook_runs_top_to_bottom(assignment: Assignment) -> None:
    """Does every code cell of the source notebook run without an error?"""
    module = new_module("__aimath_source_check__")
    with installed(module):
        failures = [run_cell(module, cell) for cell in read_path(notebook_path(assignment)).cells]
    assert [f for f in failures if f] == []
    assert all(callable(getattr(module, name, None)) for name in assignment.functions)


@by_id
def test_source_notebook_starts_and_ends_with_the_kit(assignment: Assignment) -> None:
    """Is the first cell how to get the kit (with `check` shown on the first function) and
    the last one `check_all()` of this assignment, both locked?"""
    cells = read(assignment).cells
    expected = (first_cell(assignment.id, assignment.functions[0]), last_cell(assignment.id))
    for cell, wanted in zip((cells[0], cells[-1]), expected, strict=True):
        assert (cell.cell_type, cell.id, cell.source) == (
            wanted["cell_type"], wanted["id"], wanted["source"])
        assert cell.metadata == wanted["metadata"] and nbgrader_meta(cell)["locked"]


@by_id
def test_public_tests_are_named_after_functions(assignment: Assignment) -> None:
    """Is every public test named "<function>: <what>", with 2-4 tests per function?"""
    docstrings = public_test_names(assignment).values()
    prefixes = [doc.split(":", 1)[0] for doc in docstrings]
    assert set(prefixes) <= set(assignment.functions), "a docstring names no contract function"
    for name in assignment.functions:
        assert 2 <= prefixes.count(name) <= 4, name


def test_public_tests_pass_on_source(pytester: pytest.Pytester) -> None:
    """Does every model solution pass every one of its public tests?"""
    for assignment_id, outcomes in run_public_tests(pytester).items():
        assert not outcomes["failed"], [report.nodeid for report in outcomes["failed"]]
        expected = len(public_test_names(ALL[assignment_id]))
        assert len(outcomes["passed"]) == expected, assignment_id


def test_public_tests_fail_on_stubs(pytester: pytest.Pytester) -> None:
    """Does every public test fail with NotImplementedError on the released stubs?"""
    for assignment_id, outcomes in run_public_tests(pytester, stubbed=True).items():
        assert not outcomes["passed"], [report.nodeid for report in outcomes["passed"]]
        assert len(outcomes["failed"]) == len(public_test_names(ALL[assignment_id]))
        for report in outcomes["failed"]:
            assert "NotImplementedError" in report.longreprtext, report.nodeid


def test_conftest_copies_are_identical() -> None:
    """Is every source folder's conftest.py a verbatim copy of the canonical conftest?"""
    canonical = CANONICAL_CONFTEST.read_bytes()
    for assignment in EXERCISES:
        assert (SOURCE / assignment.id / "conftest.py").read_bytes() == canonical, assignment.id


def write_notebook(path: Path, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# title")] + [
        nbformat.v4.new_code_cell(source) for source in sources
    ]
    nbformat.write(notebook, path)
    return path


def test_pytest_in_a_folder_uses_the_one_reader(pytester: pytest.Pytester) -> None:
    """Does plain `pytest` beside a notebook keep `%%time` code, skip shell lines, survive a
    raising cell and list it by the grader's numbering ("code cell N", code cells only)?"""
    shutil.copy(CANONICAL_CONFTEST, pytester.path / "conftest.py")
    write_notebook(pytester.path / "nb.ipynb", "%%time\ndef double(x):\n    return 2 * x",
                   "!pip install numpy\ndef f():\n    raise NotImplementedError()\n\nf()",
                   "from dataclasses import dataclass\n@dataclass\nclass P:\n    x: int")
    pytester.makepyfile(test_nb='''
        def test_double(student):
            assert student.double(2) == 4

        def test_dataclass(student):
            assert student.P(3).x == 3
    ''')
    result = pytester.runpytest("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*cells that did not load*",
                                 "code cell 2, line 3 (raise NotImplementedError()): "
                                 "NotImplementedError"])


def test_python_submission_via_environment(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does AIMATH_SUBMISSION point the public tests at a .py file instead of the notebook?"""
    assignment = EXERCISES[0]
    folder = copy_folder(assignment, pytester.path, stubbed=True)
    cells = [c.source for c in read(assignment).cells if c.cell_type == "code"]
    submission = pytester.path / "answer.py"
    submission.write_text("\n\n".join(cells), encoding="utf-8")
    monkeypatch.setenv(SUBMISSION_VARIABLE, str(submission))
    recorder = pytester.inline_run("-p", "no:cacheprovider", "-W", "error", str(folder))
    passed, _, failed = recorder.listoutcomes()
    assert not failed and len(passed) == len(public_test_names(assignment))
