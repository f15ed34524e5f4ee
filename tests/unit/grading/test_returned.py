"""A returned value as a numeric check compares it: SymPy's literal numbers read by pattern
(never evaluated), lists of numbers as arrays where an array is expected."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.grading.returned import comparable, sympy_number
from autograder.sandbox.wire import Expr


@pytest.mark.parametrize(("srepr", "number"), [
    ("Float('-0.99999502023403786', precision=53)", -0.99999502023403786),
    ("Float('1.0e+100', precision=53)", 1e100), ("Float('2.5', precision=103)", 2.5),
    ("Integer(-1)", -1), ("Rational(1, 4)", 0.25),
    (f"Rational({10**399 + 1}, 3)", float("inf")), (f"Rational(-{10**399}, 7)", float("-inf"))])
def test_sympys_literal_numbers_are_read_as_numbers(srepr: str, number: float) -> None:
    """Is each literal SymPy number read as the Python number it stands for (a fraction
    beyond a float's range as an infinity, as 1e400 is)?"""
    assert sympy_number(Expr(srepr)) == number


@pytest.mark.parametrize("srepr", [
    "oo", "nan", "Symbol('x')", "Pow(Integer(2), Rational(1, 2))",
    "Add(Float('0.5', precision=53), Integer(1))", "Float('0.5', precision=53) ",
    f"Integer({'9' * 401})", "Rational(1, 0)"])
def test_anything_else_is_not_a_number(srepr: str) -> None:
    """Is an expression, an infinity, a padded text, an oversized integer or a forged
    Rational over 0 not taken?"""
    assert sympy_number(Expr(srepr)) is None


def test_only_where_a_number_or_array_is_compared() -> None:
    """Is a list turned into an array only where an array is expected, and an expression
    that is no literal number left as it came?"""
    assert isinstance(comparable([1, 2], np.zeros(2)), np.ndarray)
    assert comparable([1, 2], [0, 0]) == [1, 2]
    assert comparable(Expr("Symbol('x')"), 1.0) == Expr("Symbol('x')")


def test_a_list_of_rows_is_compared_as_the_matrix_it_holds() -> None:
    """Is `[a * b for a, b in zip(x, y)]` on 3 x 4 matrices (a list of row arrays) compared
    as a 3 x 4 array, as a list of numbers is and as the kit's public tests take it, where
    it failed with "expected array, got list of 3"? Ragged rows and text still are not."""
    rows = [np.arange(4.0) * k for k in range(3)]
    compared = comparable(rows, np.zeros((3, 4)))
    assert isinstance(compared, np.ndarray) and np.array_equal(compared, np.stack(rows))
    ragged = [np.zeros(2), np.zeros(3)]
    assert comparable(ragged, np.zeros((2, 2))) is ragged
    text = [np.array(["a"])]
    assert comparable(text, np.zeros(1)) is text
