"""Equivalence of formulas by evaluation at random points: right, wrong, bounded in time."""

import time

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.grading.equivalence import equivalent
from autograder.student.formulas import FUNCTIONS, FormulaError, parse_formula

x, y, z = sp.symbols("x y z")


def _formulas(depth: int) -> st.SearchStrategy[str]:
    """Random formulas from the whitelisted grammar, nested up to `depth` levels."""
    leaves = st.sampled_from(["x", "y", "2", "0.5", "pi", "E", "0", "1e3", "-1"])
    if depth == 0:
        return leaves
    inner = _formulas(depth - 1)
    return st.one_of(
        leaves,
        st.builds("({} {} {})".format, inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner),
        st.builds("{}({})".format, st.sampled_from(sorted(FUNCTIONS)), inner),
        st.builds("-({})".format, inner))


@pytest.mark.parametrize(("a", "b"), [
    ("2*(x+1)", "2*x+2"),
    ("(x+y)**2", "x**2 + 2*x*y + y**2"),
    ("1 - tanh(x)**2", "1/cosh(x)**2"),
    ("sigmoid(x)*(1 - sigmoid(x))", "exp(-x)/(1 + exp(-x))**2"),
    ("exp(1000*x)", "exp(500*x)**2"),
    ("x, 2*y", "x, y + y"),
    ("(x+1)**50", "(1+x)**50"),
])
def test_equivalent_forms_are_equal(a, b):
    """Are different ways of writing the same function recognised as equal?"""
    names = ["x", "y"]
    assert equivalent(parse_formula(a, names), parse_formula(b, names))


@pytest.mark.parametrize(("a", "b"), [
    ("abs(x)", "x"),
    ("(x+1)**2", "x**2 + 1"),
    ("x**5", "x**6"),
    ("x + 1/1000", "x"),
    ("x, y", "x"),
    ("x, y", "y, x"),
    ("exp(100000*x**2)*(x+y+1)**100", "exp(100000*x**2)*(x+y+2)**100"),
])
def test_different_functions_are_not_equal(a, b):
    """Are expressions that differ somewhere (or in length) told apart, quickly?"""
    started = time.process_time()
    assert not equivalent(parse_formula(a, ["x", "y"]), parse_formula(b, ["x", "y"]))
    assert time.process_time() - started < 2.0


def test_equivalence_ignores_symbol_assumptions():
    """Does a reference symbol with assumptions match the student's plain symbol?"""
    assert equivalent(sp.Symbol("x", real=True) * 2, parse_formula("x + x", ["x"]))


@settings(max_examples=200, deadline=None)
@given(a=_formulas(4), b=_formulas(4))
def test_random_formulas_parse_and_compare_quickly(a, b):
    """Does any whitelisted formula parse (or fail cleanly) and compare within a second (of
    CPU time: a machine that stalls for seconds is not a slow formula)?"""
    started = time.process_time()
    try:
        left, right = parse_formula(a, ["x", "y"]), parse_formula(b, ["x", "y"])
    except FormulaError:
        return
    assert equivalent(left, left)
    assert isinstance(equivalent(left, right), bool)
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_deeply_nested_calls_stay_fast(function):
    """Is tanh(tanh(...)) 90 deep (exponential for SymPy's own evaluation) read in bounded time?"""
    text = f"{function}(" * 90 + "x" + ")" * 90
    started = time.process_time()
    formula = parse_formula(text, ["x"])
    assert equivalent(formula, parse_formula(text, ["x"]))
    assert not equivalent(formula, parse_formula(text + " + 1", ["x"]))
    assert time.process_time() - started < 2.0
