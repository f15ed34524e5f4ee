"""`check` and `check_all` in a notebook: what the kernel ran is replayed in a child and
the table printed; inside a check (or the grader) they do nothing."""

import json
import sys
import types
from pathlib import Path

import pytest

from autograder.student import inline
from autograder.student.catalog import Assignment, Catalog
from autograder.student.limits import Limits
from autograder.student.protocol import CHILD_FLAG

TESTS = '''
def test_double(student):
    """double: 2 becomes 4"""
    assert student.double(2) == 4


def test_half(student):
    """half: 4 becomes 2"""
    assert student.half(4) == 2
'''


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Catalog:
    """A fake IPython kernel that ran four cells of `demo.ipynb`; the catalog of `demo`."""
    history = ["", "import numpy as np", "def double(x):\n    return 2 * x",
               "def half(x):\n    return x", "%%time\nfrom aimath_student import check\n"
               "check('double')"]
    shell = types.SimpleNamespace(
        history_manager=types.SimpleNamespace(input_hist_raw=history),
        user_ns={"__session__": str(tmp_path / "demo.ipynb")})
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "test_demo.py").write_text(TESTS, encoding="utf-8")
    monkeypatch.delenv(CHILD_FLAG, raising=False)
    return Catalog((Assignment("demo", ("double", "half")),), limits=Limits(call_timeout=2.0))


def test_check_all_replays_the_kernels_inputs_and_prints_the_table(kernel, capsys):
    """Does check_all() find the assignment from the notebook's name, run what the kernel
    ran (labelled In [N]) and print the table?"""
    inline._check("", None, "en", kernel)
    out = capsys.readouterr().out
    assert out.startswith("demo.ipynb: demo public tests")
    assert "PASS    double: 2 becomes 4" in out and "FAIL    half: 4 becomes 2" in out
    assert "assert 4 == 2" in out


def test_check_runs_one_functions_tests(kernel, capsys):
    """Does check("half") run only half's tests, in Korean when asked?"""
    inline._check("half", None, "ko", kernel)
    out = capsys.readouterr().out
    assert "double" not in out and "실패    half: 4 becomes 2" in out


def test_an_unknown_function_or_assignment_is_a_message_not_a_traceback(kernel, capsys):
    """Are a mistyped function and an unknown assignment explained in one line?"""
    inline._check("hlaf", None, "en", kernel)
    inline._check("", "99_nothing", "en", kernel)
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["check: demo has no function 'hlaf'; its functions: double, half",
                     "check: unknown assignment '99_nothing'; valid ids: demo"]


def test_an_unknown_quiz_item_is_a_message_naming_the_items(kernel, capsys):
    """Does check("q99") in a quiz name the quiz's items, rather than print an empty table?"""
    from autograder.quiz.bank import load_quiz
    from autograder.quiz.render import forms_text

    quiz = load_quiz("quiz_01")
    Path("quiz_01.forms.json").write_text(forms_text(quiz), encoding="utf-8")
    catalog = Catalog((Assignment("quiz_01", (), True),), limits=Limits(call_timeout=2.0))
    inline._check("q99", "quiz_01", "en", catalog)
    items = ", ".join(item.id for item in quiz.items)
    assert capsys.readouterr().out.splitlines() == [
        f"check: quiz_01 has no item 'q99'; its items: {items}"]


def test_inside_a_check_it_does_nothing(kernel, capsys, monkeypatch):
    """Does a check() reached while a check or the grader runs the notebook do nothing?"""
    monkeypatch.setenv(CHILD_FLAG, "1")
    inline.check_all()
    assert capsys.readouterr().out == ""


def _saved(path: Path, *cells: str) -> None:
    code = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
             "source": c} for c in cells]
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                "cells": code}), encoding="utf-8")


def test_names_only_the_kernel_defines_are_said_after_the_table(kernel, tmp_path, capsys):
    """half was run in the kernel but its cell is not in the saved notebook (deleted, or
    never saved): the check passes what the kernel holds, and says the grader will not find
    it in the file."""
    _saved(tmp_path / "demo.ipynb", "import numpy as np", "def double(x):\n    return 2 * x")
    inline._check("", None, "en", kernel)
    out = capsys.readouterr().out
    assert "NOTE  defined in this kernel but not in the saved demo.ipynb: half. The grader " \
           "reads the saved file" in out


def test_a_saved_notebook_as_the_kernel_ran_it_gets_no_note(kernel, tmp_path, capsys):
    _saved(tmp_path / "demo.ipynb", "import numpy as np", "# mine\ndef double(x):\n\n"
           "    return 2 * x", "def half(x):\n    return x")
    inline._check("", None, "en", kernel)
    assert "NOTE" not in capsys.readouterr().out


def test_a_function_the_kernel_defines_otherwise_than_the_file_is_said(kernel, tmp_path,
                                                                       capsys):
    """half was fixed in a scratch cell (or edited and not saved): the check passes what
    the kernel holds, so does it say the saved file defines half otherwise, which the
    grade will use? Only names missing from the file were said."""
    _saved(tmp_path / "demo.ipynb", "def double(x):\n    return 2 * x",
           "def half(x):\n    return x / 2")
    inline._check("", None, "en", kernel)
    out = " ".join(capsys.readouterr().out.split())
    assert "NOTE defined otherwise in this kernel than in the saved demo.ipynb: half. The " \
           "grader reads the saved file" in out
    assert "not in the saved" not in out
