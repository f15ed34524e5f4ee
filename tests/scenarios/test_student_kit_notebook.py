"""The kit inside Jupyter: a released folder opened as a student opens it, the notebook run
by a real kernel (nbclient), `check(...)` cells and the released last cell printing tables."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.course.assignments import ROOT

pytestmark = pytest.mark.slow


def grade_id(cell: nbformat.NotebookNode) -> str:
    return str(cell.metadata.get("nbgrader", {}).get("grade_id", ""))


def printed(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> list[nbformat.NotebookNode]:
    """release/01_vectors/ copied as handed out, l1_norm written, two check cells added,
    then run top to bottom by a python3 kernel in that folder."""
    folder = tmp_path_factory.mktemp("student") / "01_vectors"
    shutil.copytree(ROOT / "release" / "01_vectors", folder)
    path = folder / "01_vectors.ipynb"
    notebook = nbformat.read(path, as_version=4)
    solution = {grade_id(c): c.source for c in nbformat.read(
        ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb", as_version=4).cells}
    at = next(n for n, c in enumerate(notebook.cells) if grade_id(c) == "l1_norm")
    notebook.cells[at].source = solution["l1_norm"]
    notebook.cells.insert(at + 1, nbformat.v4.new_code_cell(
        'from aimath_student import check\ncheck("l1_norm")\ncheck("l2_norm", lang="ko")'))
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    return list(notebook.cells)


def test_check_prints_one_functions_table(executed: list[nbformat.NotebookNode]) -> None:
    """Does `check("l1_norm")` print l1_norm's three public tests, all passing, under the
    course's limits?"""
    text = printed(next(c for c in executed if c.cell_type == "code"
                        and 'check("l1_norm")' in c.source))
    first = text.split("\n\n")[0].splitlines()
    assert first[0] == "this notebook: 01_vectors public tests"
    assert [line for line in first if line.startswith(("PASS", "FAIL"))] == [
        "PASS    l1_norm: x = [1, -2, 3] has L1 norm 6",
        "PASS    l1_norm: the zero vector has norm 0",
        "PASS    l1_norm: negative components count with their absolute value"]
    assert "Limits: 10 s per call (a cell is one call), 512 MB of memory." in text


def test_check_speaks_korean_when_asked(executed: list[nbformat.NotebookNode]) -> None:
    """Does `check("l2_norm", lang="ko")`, run before l2_norm's cell, say in Korean that
    l2_norm is not defined (the check replays what the kernel ran, not the file)?"""
    text = printed(next(c for c in executed if c.cell_type == "code"
                        and 'check("l1_norm")' in c.source))
    korean = text.split("this notebook: 01_vectors 공개 테스트")[1]
    assert korean.count("실패    l2_norm:") == 3
    assert "코드에 l2_norm이(가) 정의되어 있지 않습니다" in korean
    assert "공개 테스트 3개 중 0개 통과" in korean


def test_the_released_last_cell_checks_everything(executed: list[nbformat.NotebookNode]) -> None:
    """Does the released last cell, `check_all(...)`, print all 13 public tests with only
    l1_norm's passing, and no error?"""
    last = executed[-1]
    assert "check_all(" in last.source
    assert not [o for o in last.outputs if o.output_type == "error"]
    rows = [line for line in printed(last).splitlines() if line.startswith(("PASS", "FAIL"))]
    assert len(rows) == 13
    assert [row for row in rows if row.startswith("PASS")] == [
        row for row in rows if row.startswith("PASS    l1_norm")] != []
