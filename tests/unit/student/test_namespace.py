"""The submission's namespace: a real registered module, so code behaves as in Jupyter, and a
failing cell is described by its label, line and error instead of raising."""

import pickle
import sys

from autograder.student.namespace import (
    CellFailure,
    installed,
    new_module,
    run_cell,
    submission_module,
)
from autograder.student.notebook import Cell, read_bytes


def test_dataclasses_and_pickle_work_in_the_submission_module():
    """Do `@dataclass` and pickling a student's class work, as they do in Jupyter?"""
    module = new_module("__aimath_test__")
    code = ("from dataclasses import dataclass\n@dataclass\nclass P:\n    x: int\n"
            "p = P(3)\n")
    with installed(module):
        assert run_cell(module, Cell(1, "code cell 1", code)) is None
        assert pickle.loads(pickle.dumps(module.p)).x == 3
    assert "__aimath_test__" not in sys.modules


def test_installed_puts_back_the_previous_module():
    """Does an in-process check leave the kernel's own `__main__` in place afterwards?"""
    before = sys.modules["__main__"]
    module = new_module()
    with installed(module):
        assert sys.modules["__main__"] is module
        assert run_cell(module, Cell(1, "code cell 1", "ran = __name__")) is None
    assert sys.modules["__main__"] is before and module.ran == "__main__"


def test_submission_module_is_registered_under_main():
    """Is the child's submission module registered as `__main__`, like a kernel's?"""
    before = sys.modules["__main__"]
    try:
        module = submission_module()
        assert sys.modules["__main__"] is module and module.__name__ == "__main__"
    finally:
        sys.modules["__main__"] = before


def test_submission_module_registers_the_blank_module_it_is_given():
    """Does the sandbox's child run in the module the zygote made before forking it (whose
    builtins were copied once, there), registered as `__main__`?"""
    before = sys.modules["__main__"]
    blank = new_module()
    try:
        assert submission_module(blank) is blank and sys.modules["__main__"] is blank
    finally:
        sys.modules["__main__"] = before


def test_a_raising_cell_is_described_with_its_line():
    """Does a cell that raises report its label, the line that raised and the error?"""
    module = new_module("__aimath_test__")
    cell = read_bytes(b'{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "#"},'
                      b'{"cell_type": "code", "source": "def f():\\n    raise '
                      b'NotImplementedError()\\n\\nf()"}]}', "nb.ipynb").cells[0]
    failed = run_cell(module, cell)
    assert failed == CellFailure("code cell 1", "NotImplementedError", "", 2,
                                 "raise NotImplementedError()")
    assert str(failed) == "code cell 1, line 2 (raise NotImplementedError()): NotImplementedError"
    assert callable(module.f)


def test_a_py_statement_is_described_with_the_files_line():
    """Does a statement of a .py file that raises report the file's line and its text (the
    statement itself starts at its own line, not after blank lines)?"""
    module = new_module("__aimath_test__")
    cells = read_bytes(b"x = 1\n\n\ndef f():\n    return 1\n\ny = 1 / 0\n", "bob.py").cells
    assert [c.first_line for c in cells] == [1, 4, 7]
    assert run_cell(module, cells[1]) is None
    assert run_cell(module, cells[2]) == CellFailure("line 7", "ZeroDivisionError",
                                                     "division by zero", 7, "y = 1 / 0")


def test_a_syntax_error_and_exit_are_reported_not_raised():
    """Are a SyntaxError (with its line) and `exit()` reported as failures of their cell?"""
    module = new_module("__aimath_test__")
    bad = run_cell(module, Cell(2, "code cell 2", "x = 1\ndef f(:\n"))
    assert (bad.label, bad.error, bad.line, bad.text) == ("code cell 2", "SyntaxError", 2,
                                                         "def f(:")
    assert str(bad).startswith("code cell 2, line 2 (def f(:): SyntaxError: ")
    gone = run_cell(module, Cell(3, "code cell 3", "import sys\nsys.exit(3)"))
    assert (gone.error, gone.message, gone.line) == ("SystemExit", "3", 2)


def test_a_long_line_is_quoted_cut_and_marked():
    """Is a failing line longer than the quote marked where it was cut, so that the cut text
    never reads as what the student wrote?"""
    code = "def linreg_sgd(X, y, lr=0.01, n_epochs=100, batch_size=1, rng=None, verbose=Fals):"
    failed = run_cell(new_module("__aimath_test__"), Cell(1, "code cell 1", code + "\n  pass"))
    assert failed is not None and failed.error == "NameError"  # the default `Fals`
    assert len(failed.text) == 60 and failed.text.endswith("…")
    assert code.startswith(failed.text[:-1])
