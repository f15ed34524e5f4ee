"""Reading submissions for comparison (the one place that uses the intake loaders)."""

from __future__ import annotations

import json

from autograder.integrity.source import load_code, starter_code
from autograder.reports.i18n import render

SOLUTION_NB = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
     "source": "import numpy as np\n"},
    {"cell_type": "markdown", "metadata": {}, "source": "# notes"},
    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
     "source": ["def f(x):\n", "    return x\n"]},
]}


def test_notebook_lines_run_on_from_cell_to_cell(tmp_path):
    """Are a notebook's code cells numbered, and their lines laid end to end?"""
    (tmp_path / "ann.ipynb").write_text(json.dumps(SOLUTION_NB), encoding="utf-8")
    (codes, skipped) = load_code(tmp_path, "01_vectors", tmp_path / "work")
    assert skipped == []
    (code,) = codes
    assert (code.student, code.filename) == ("ann", "ann.ipynb")
    assert [(c.number, c.first_line, c.code) for c in code.cells] == [
        (1, 1, "import numpy as np"), (2, 2, "def f(x):\n    return x")]


def test_a_py_file_keeps_its_own_lines(tmp_path):
    """Is a .py file one text whose line N is the file's line N (comments between top-level
    statements come back blank; those inside a function stay)?"""
    text = "import numpy as np\n\n# helper\n\ndef f(x):\n    # mine\n    return x\n"
    (tmp_path / "ben.py").write_text(text, encoding="utf-8")
    ((code,), _) = load_code(tmp_path, "01_vectors", tmp_path / "work")
    assert [(c.number, c.first_line) for c in code.cells] == [(None, 1)]
    assert code.cells[0].lines == ["import numpy as np", "", "", "", "def f(x):",
                                   "    # mine", "    return x"]


def test_an_unreadable_submission_is_skipped_with_its_reason(tmp_path):
    """Is a broken notebook listed with the reason, while the others are still read?"""
    (tmp_path / "ann.ipynb").write_text(json.dumps(SOLUTION_NB), encoding="utf-8")
    (tmp_path / "cat.ipynb").write_text('{"cells": [', encoding="utf-8")
    (tmp_path / "dan.py").write_bytes(b"")
    codes, skipped = load_code(tmp_path, "01_vectors", tmp_path / "work")
    assert [c.student for c in codes] == ["ann"]
    assert [s.student for s in skipped] == ["cat", "dan"]
    reasons = [render(s.problem, "en") for s in skipped]
    assert "not valid notebook JSON" in reasons[0] and "empty" in reasons[1]


def test_the_starter_code_is_the_released_notebook():
    """Is the starter code the released notebook's code cells, named by its course path?"""
    starter = starter_code("01_vectors")
    assert starter is not None
    assert starter.filename == "release/01_vectors/01_vectors.ipynb"
    assert any("raise NotImplementedError()" in cell.code for cell in starter.cells)
    assert starter_code("no_such_assignment") is None


def test_a_course_with_its_own_release_starts_from_its_notebooks(tmp_path):
    """An instructor's own nbgrader course releases `release/01_vectors/hw.ipynb`: is that
    the starter code (its notebooks together, named by their path in the course), not
    aimath's bundled notebook every hand-in of this course shares nothing with? A quiz, and
    a course without a release, keep aimath's."""
    folder = tmp_path / "release" / "01_vectors"
    folder.mkdir(parents=True)
    (folder / "hw.ipynb").write_text(json.dumps(SOLUTION_NB), encoding="utf-8")
    (folder / "more.ipynb").write_text(json.dumps(SOLUTION_NB), encoding="utf-8")
    starter = starter_code("01_vectors", tmp_path)
    assert starter is not None
    assert starter.filename == "release/01_vectors/hw.ipynb, release/01_vectors/more.ipynb"
    assert [c.code for c in starter.cells].count("def f(x):\n    return x") == 2
    bundled = starter_code("01_vectors")
    assert bundled is not None
    assert starter_code("01_vectors", tmp_path / "elsewhere") == bundled
    (tmp_path / "release" / "quiz_01").mkdir()
    (tmp_path / "release" / "quiz_01" / "q.ipynb").write_text(json.dumps(SOLUTION_NB))
    assert starter_code("quiz_01", tmp_path) == starter_code("quiz_01")
