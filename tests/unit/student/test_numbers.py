"""Numbers written as formulas: their values in bounded time, the same for the kit and the
grader (equivalence evaluates its sample points with the same `evaluate`)."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from autograder.student.formulas import FormulaError, parse_formula
from autograder.student.numbers import NoValue, constant_value, evaluate, real_value


def test_constant_value_of_a_number_written_as_text():
    """Are "1/2" and "sqrt(2)" numbers, and a formula with a variable not?"""
    assert constant_value(parse_formula("1/2")) == 0.5
    assert abs(constant_value(parse_formula("sqrt(2)")) - 2**0.5) < 1e-15
    with pytest.raises(FormulaError):
        constant_value(parse_formula("x", ["x"]))


@pytest.mark.parametrize("text", ["exp(exp(100))", "exp(800)", "log(0)", "1/(1-1)"])
def test_values_without_a_finite_size_fail_fast(text):
    """Is a value beyond 2**1000 (or none at all) refused at once, not computed?"""
    with pytest.raises(FormulaError, match="no finite value"):
        constant_value(parse_formula(text))


def test_a_complex_number_is_not_real():
    """Does real_value refuse sqrt(-1) but accept sqrt(4)?"""
    assert real_value(parse_formula("sqrt(4)")) == 2.0
    with pytest.raises(FormulaError, match="not a real number"):
        real_value(parse_formula("sqrt(-1)"))


def test_evaluate_sets_the_symbols_from_the_point():
    """Is 2*x + sin(y) evaluated at the point given, and exp(x) at x = 10**6 refused?"""
    x, y = sp.symbols("x y")
    with mpmath.workdps(50):
        value = evaluate(2 * x + sp.sin(y), {"x": mpmath.mpf(3), "y": mpmath.mpf(0)})
        assert value == 6
        with pytest.raises(NoValue):
            evaluate(sp.exp(x), {"x": mpmath.mpf(10**6)})
