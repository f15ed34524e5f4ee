"""LocalBackend: trusted code in this process (suite development and these unit tests), which
still sends every value through the wire so it behaves like the sandboxed backend."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.grading.model import Failure
from autograder.grading.proxy import Student
from autograder.sandbox.failures import MissingFunction, StudentError
from autograder.sandbox.host.backend import LocalBackend
from autograder.student.notebook import Cell


def backend(*codes: str) -> LocalBackend:
    return LocalBackend([Cell(i, f"code cell {i}", code) for i, code in enumerate(codes, 1)])


def test_a_failing_cell_is_reported_and_later_cells_still_run() -> None:
    """Is a cell that raises reported with its label and message, the next cell still run?"""
    local = backend("x = 1", "raise ValueError('no ' + 'good')", "def f():\n    return x")
    report = local.load()
    (problem,) = report.cells
    assert (problem.cell, problem.failure) == ("code cell 2", Failure.RAISED)
    assert problem.message.params["said"] == "no good"
    assert Student(local).f() == 1


def test_values_arrive_as_fresh_plain_data() -> None:
    """Does a returned subclass of float or ndarray arrive as a plain float or ndarray, and
    are the arguments the student's function changed reported back?"""
    local = backend("import numpy as np\n"
                    "class Liar(float):\n    def __eq__(self, other):\n        return True\n"
                    "def f(x):\n    x[0] = 99.0\n    return Liar(1.0), x.view(np.matrix)")
    local.load()
    outcome = Student(local).call("f", np.zeros(3))
    liar, array = outcome.result
    assert type(liar) is float and liar != 2.0
    assert type(array) is np.ndarray
    np.testing.assert_array_equal(outcome.args_after[0], [99.0, 0.0, 0.0])


def test_student_failures_cross_as_exceptions_of_the_grader() -> None:
    """Do a raised error and a missing function reach the test as StudentError and
    MissingFunction?"""
    local = backend("def f():\n    raise KeyError('k')")
    local.load()
    with pytest.raises(StudentError) as raised:
        Student(local).f()
    assert raised.value.mro_names[:2] == ["KeyError", "LookupError"]
    with pytest.raises(MissingFunction):
        Student(local).g()


def test_close_forgets_the_submission() -> None:
    """After close, is nothing of the submission's namespace left?"""
    local = backend("def f():\n    return 1")
    local.load()
    local.close()
    with pytest.raises(MissingFunction):
        Student(local).f()
