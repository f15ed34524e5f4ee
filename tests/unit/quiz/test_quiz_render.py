"""Banks -> nbgrader source notebooks: the cells, their metadata, and nothing secret."""

import ast
import re

import nbformat
import pytest

from autograder.quiz import render
from autograder.quiz.bank import bank_paths, load_bank

REGION = re.compile(r"^### BEGIN SOLUTION\n.*?^### END SOLUTION\n?", re.M | re.S)
BANKS = [load_bank(path) for path in bank_paths()]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every quiz rendered into a fresh source folder."""
    root = tmp_path_factory.mktemp("source")
    render.render_all(root)
    return root


def released(path) -> tuple[nbformat.NotebookNode, str]:
    """The notebook with its solution regions removed, and all its text as one string."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.source = REGION.sub("", cell.source)
    return notebook, nbformat.writes(notebook)


def answer_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The answer cells, one per item."""
    return [c for c in notebook.cells if c.get("id", "").endswith("-answer")]


def cell(notebook: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    """The cell with this nbgrader grade id."""
    return next(c for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == grade_id)


@pytest.mark.parametrize("bank", BANKS, ids=[b.id for b in BANKS])
def test_no_answer_or_explanation_survives_the_release(rendered, bank):
    """Once solution regions are gone, is every key and every explanation absent?"""
    notebook, text = released(render.notebook_path(bank, rendered))
    for item in bank.items:
        literal = render.solution_literal(bank.id, item)
        assert f"{item.id} = {literal}" not in text
        if literal.startswith(("[", '"')) and len(literal) > 3:
            assert literal not in text, (item.id, literal)
        assert item.explanation not in text
        assert item.explanation.splitlines()[0] not in text
    answers = [c.source.strip().splitlines() for c in answer_cells(notebook)]
    for item, lines in zip(bank.items, answers, strict=True):
        assert len(lines) == 1 and lines[0].startswith(f"{item.id} = None  # 답 (answer): ")


@pytest.mark.parametrize("bank", BANKS, ids=[b.id for b in BANKS])
def test_cells_carry_nbgrader_metadata(rendered, bank):
    """Is the intro locked, the student-id cell editable, each prompt locked and each answer
    an ungraded solution cell?"""
    notebook = nbformat.read(render.notebook_path(bank, rendered), as_version=4)
    nbformat.validate(notebook)
    meta = {c.metadata["nbgrader"]["grade_id"]: (c.cell_type, c.metadata["nbgrader"])
            for c in notebook.cells}
    assert meta["intro"] == ("markdown", {"grade": False, "grade_id": "intro", "locked": True,
                                          "schema_version": 3, "solution": False, "task": False})
    assert meta["student-id"] == ("code", {"grade": False, "grade_id": "student-id",
                                           "locked": False, "schema_version": 3,
                                           "solution": True, "task": False})
    for item in bank.items:
        assert meta[f"{item.id}-prompt"] == ("markdown", {
            "grade": False, "grade_id": f"{item.id}-prompt", "locked": True,
            "schema_version": 3, "solution": False, "task": False})
        assert meta[item.id] == ("code", {"grade": False, "grade_id": item.id, "locked": False,
                                          "schema_version": 3, "solution": True, "task": False})


def test_the_student_id_cell_shows_values_through_the_kit():
    """Does the student-id cell leave the id blank on release and call the kit, and does a
    randomised prompt name its parameters?"""
    notebook = render.render_notebook(BANKS[7])
    source = cell(notebook, "student-id").source
    assert source.startswith('STUDENT_ID = ""  # 학번')
    assert 'STUDENT_ID = "solution"' in REGION.search(source + "\n").group(0)
    assert 'show_values("quiz_08", STUDENT_ID)' in source
    assert "**내 값 (your values)**: `p`, `s`, `f`" in cell(notebook, "q1-prompt").source
    assert "내 값" not in cell(notebook, "q5-prompt").source


def test_an_answer_cell_reads_like_the_example():
    """Does a choice item's cell start with `q1 = None  # 답 (answer): "A"-"D" 중 하나`?"""
    bank = load_bank(bank_paths()[8])
    assert cell(render.render_notebook(bank), "q1").source == (
        'q1 = None  # 답 (answer): "A"-"D" 중 하나 (one letter)\n'
        '### BEGIN SOLUTION\nq1 = "A"\n### END SOLUTION')


@pytest.mark.parametrize("bank", BANKS, ids=[b.id for b in BANKS])
def test_the_solution_cells_set_the_key(bank):
    """Does running the solution regions define every qN as its key?"""
    namespace: dict = {}
    for code in answer_cells(render.render_notebook(bank)):
        exec(compile(code.source, f"<{code.id}>", "exec"), namespace)
    for item in bank.items:
        assert namespace[item.id] == ast.literal_eval(render.solution_literal(bank.id, item))


def test_prompts_show_options_and_form_but_not_the_key():
    """Does a prompt cell list its options and the answer's form?"""
    bank = load_bank(bank_paths()[1])
    prompt = cell(render.render_notebook(bank), "q2-prompt").source
    assert "- **E.** $A^\\top C$" in prompt
    assert "답의 형식 (answer form): 글자의 리스트" in prompt
    assert prompt.startswith("### q2. 행렬곱이 정의되는 경우 (when a product exists) · 2점")


def test_committed_notebooks_are_up_to_date():
    """Are the notebooks and forms files under source/ exactly what the banks render to today?"""
    assert render.render_all(check=True) == [], "run `python -m autograder.quiz.render`"


def test_the_command_writes_then_reports_nothing_stale(tmp_path, capsys):
    """Does `--check` fail before rendering and pass after, without writing?"""
    assert render.main(["--out", str(tmp_path), "--check"]) == 1
    assert not list(tmp_path.iterdir())
    assert render.main(["--out", str(tmp_path)]) == 0
    assert render.main(["--out", str(tmp_path), "--check"]) == 0
    assert "written: " in capsys.readouterr().out
    assert len(list(tmp_path.glob("quiz_*/quiz_*.ipynb"))) == len(BANKS)
    assert len(list(tmp_path.glob("quiz_*/quiz_*.forms.json"))) == len(BANKS)
