"""The teaching assertions hidden suites use: a failure is a CheckFailure whose lines are
Messages; inputs are summarised by shape, dtype and range, never shown entry by entry."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from support.students import Honest, Mutating

from autograder.grading.checks import (
    RETURNED_NONE,
    CheckFailure,
    assert_close,
    assert_expr_equal,
    assert_raises,
    assert_unchanged,
    called,
    describe,
    far_apart,
    finite_difference,
    mismatch,
)
from autograder.grading.proxy import Student
from autograder.message import Message, msg
from autograder.reports.i18n import render, translate
from autograder.sandbox.callables import named
from autograder.sandbox.failures import StudentError
from autograder.sandbox.host.backend import LocalBackend
from autograder.sandbox.wire import Expr
from autograder.student.notebook import Cell

SECRET = np.array([[31337.25, -4242.5], [17.125, 99.0]])


def failure(got: Any, expected: Any, **options: Any) -> CheckFailure:
    with pytest.raises(CheckFailure) as raised:
        assert_close(got, expected, **{"call": "f(x)", **options})
    return raised.value


def test_describe_gives_shape_dtype_and_range_never_entries() -> None:
    """Does an array's summary give its shape, dtype and range, and none of its entries?"""
    text = describe(SECRET)
    assert text == "array (2, 2) float64 in [-4242.5, 31337.2]"
    assert "17.125" not in text and "99" not in text


@pytest.mark.parametrize(("value", "expected"), [
    (np.zeros((0, 3)), "array (0, 3) float64"),
    (np.full(4, 7), "array (4,) int64 = 7"),
    (np.array([np.nan, np.inf]), "array (2,) float64 (no finite entries)"),
    (np.array([True, False]), "array (2,) bool"),
    (np.array([1 + 2j]), "array (1,) complex128"),
])
def test_describe_special_arrays(value: np.ndarray, expected: str) -> None:
    """Are empty, constant, non-finite, boolean and complex arrays summarised sensibly?"""
    assert describe(value) == expected


@pytest.mark.parametrize("value", [
    [31337.25, -4242.5, 17.125, 99.0, 5.5],
    (31337.25, -4242.5),
    [[31337.25, -4242.5], [17.125, 99.0]],
])
def test_describe_never_shows_the_entries_of_a_list_of_numbers(value: Any) -> None:
    """Is a hidden input given as a list (or tuple, or nested list) of numbers summarised like
    an array: how many, and their range, none of its entries in between?"""
    text = describe(value)
    assert "17.125" not in text and "99" not in text
    assert str(len(value)) in text


def test_describe_a_structure_of_arrays_shows_each_summary() -> None:
    """Does a tuple of arrays (a result like (dx, dw, db)) show each array's summary?"""
    text = describe((np.zeros(3), np.ones((2, 2))))
    assert text == "tuple of 2 [array (3,) float64 = 0, array (2, 2) float64 = 1]"


def test_describe_dicts_strings_and_scalars() -> None:
    """Does a dict show its keys, a long string a cut repr, a float 6 digits?"""
    assert describe({"dW1": 1, "db1": 2}) == "dict with keys 'dW1', 'db1'"
    assert describe("x" * 200).endswith("...") and len(describe("x" * 200)) == 80
    assert describe(np.float64(1 / 3)) == "0.333333"


def test_the_call_line_summarises_the_inputs() -> None:
    """Is the first line the call with its inputs summarised, never dumped?"""
    line = called("f(x)", {"x": SECRET})
    assert line == msg("check.call_with", call="f(x)",
                       args="x: array (2, 2) float64 in [-4242.5, 31337.2]")
    assert called("f()", None) == msg("check.call", call="f()")


def test_close_values_pass() -> None:
    """Are values within tolerance accepted, nested in tuples and dicts too?"""
    assert_close((np.array([1.0, 2.0]), {"a": 3.0}), (np.array([1.0, 2.0 + 1e-12]), {"a": 3.0}),
                 call="f()")


def test_a_shape_mismatch_names_both_shapes() -> None:
    """Does a wrong shape name the expected and the received shape?"""
    found = failure(np.ones((1, 3)), np.ones(3), args={"x": SECRET})
    assert found.details == (called("f(x)", {"x": SECRET}),
                             msg("check.shape", where="", expected="(3,)", got="(1, 3)"))


def test_the_first_mismatch_is_located_and_the_others_counted() -> None:
    """Does a value mismatch point at the first differing entry and count the others?"""
    got, expected = np.array([[1.0, 2.0], [3.0, 9.0]]), np.array([[1.0, 2.0], [3.0, 4.0]])
    assert failure(got, expected).details[1] == msg(
        "check.entries", where="", count=1, size=4, index="[1, 1]", expected="4", got="9")


def test_a_nested_mismatch_says_where() -> None:
    """Is a mismatch inside a dict or tuple located by its path?"""
    found = failure({"dW": np.zeros(2), "db": 1.0}, {"dW": np.zeros(2), "db": 2.0})
    assert found.details[1] == msg("check.value", where="['db']: ", expected="2", got="1")
    missing = failure({"dW": 1.0}, {"dW": 1.0, "db": 2.0})
    assert missing.details[1].key == "check.missing_key"


def test_a_known_mistake_is_named_with_the_hint() -> None:
    """Is a result equal to a known wrong answer reported as that mistake, with the hint?"""
    found = failure(2.5, 2.0, mistakes={"divided by N-1": 2.5, "forgot the mean": 9.0},
                    hint="use N")
    assert (found.mistake, found.hints) == ("divided by N-1", ("use N",))


def test_nan_is_never_a_number() -> None:
    """Is nan never accepted in place of a number?"""
    assert failure(float("nan"), 1.0).details[1] == msg("check.value", where="",
                                                          expected="1", got="nan")


@pytest.mark.parametrize(("got", "kind"), [("3", "number"), (True, "number"), (None, "number"),
                                           ([1.0], "number")])
def test_what_is_not_a_number_is_refused_with_what_came(got: Any, kind: str) -> None:
    """Is a string, a bool, None or a list in place of a number refused, saying what came?"""
    line = failure(got, 3.0).details[1]
    assert line.key in ("check.expected_kind", "check.shape")
    assert mismatch(got, 3.0, 1e-6, 1e-9) is not None


def test_a_list_of_numbers_where_an_array_is_expected_is_compared_as_that_array() -> None:
    """Is a list of the right numbers taken where an array is expected (as the public tests'
    `np.testing` takes it), wrong entries named as in an array, and a ragged list, a list of
    text or a number where an array is expected still refused, saying what came?"""
    assert_close([[1.0, 2.0], [3.0, 4.0]], np.array([[1.0, 2.0], [3.0, 4.0]]), call="f(x)")
    assert_close((1, 2), np.array([1.0, 2.0]), call="f(x)")
    assert failure([1.0, 2.5], np.array([1.0, 2.0])).details[1].key == "check.entries"
    assert failure([[1.0], [2.0, 3.0]], np.array([[1.0, 2.0], [3.0, 4.0]])).details[1].params[
        "kind"] == "array"
    assert failure(["1", "2"], np.array([1.0, 2.0])).details[1].key == "check.expected_kind"
    assert failure(3.0, np.array([1.0, 2.0])).details[1] == msg(
        "check.expected_array", where="", shape="(2,)", got="3")


def test_a_sympy_number_is_compared_as_the_number_it_is() -> None:
    """Is a SymPy Float, Integer or Rational (what `evalf()` returns, crossing as its srepr)
    compared as its number, in a tuple or a list too, while a wrong one still fails with its
    value and any other expression is refused as not a number?"""
    import sympy as sp

    half = Expr(sp.srepr(sp.Float(0.5)))
    assert_close(half, 0.5, call="f(x)")
    assert_close((Expr(sp.srepr(sp.Rational(1, 4))), Expr(sp.srepr(sp.Integer(7)))), (0.25, 7),
                 call="f(x)")
    assert_close([half, Expr(sp.srepr(sp.Float(-2.0)))], np.array([0.5, -2.0]), call="f(x)")
    assert failure(half, 0.75).details[1] == msg("check.value", where="", expected="0.75",
                                                 got="0.5")
    for other in (sp.sqrt(2), sp.Symbol("x"), sp.oo, sp.Float(0.5) + sp.Symbol("y")):
        assert failure(Expr(sp.srepr(other)), 1.0).details[1].key == "check.expected_kind"


def test_describe_lists_of_numbers_exactly() -> None:
    """Is a list of numbers described by its length and range, a ragged one item by item?"""
    assert describe([3, 1, 2]) == "list of 3 numbers in [1, 3]"
    assert describe([[1.5, 2.0], [3.0, 4.0]]) == "list of shape (2, 2) of numbers in [1.5, 4]"
    assert describe([]) == "list of 0 []"
    assert describe([[1.0], [2.0, 3.0]]) == \
        "list of 2 [list of 1 numbers = 1, list of 2 numbers in [2, 3]]"


def test_a_check_failure_is_an_assertion_error_of_messages() -> None:
    """Is a CheckFailure an AssertionError whose lines are Messages?"""
    found = failure(1.0, 2.0)
    assert isinstance(found, AssertionError)
    assert all(isinstance(line, Message) for line in found.details)


def raising(type_name: str, *mro: str, said: str = "bad") -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        raise StudentError(type_name, [type_name, *mro], said)

    return call


def test_assert_raises_accepts_a_subclass_by_name() -> None:
    """Does a ValueError subclass satisfy assert_raises('ValueError')?"""
    assert_raises("ValueError", raising("MyError", "ValueError", "Exception"), 1, call="f(1)")


def test_assert_raises_names_another_exception_with_capped_text() -> None:
    """Is another exception named, with at most 200 characters of its message?"""
    with pytest.raises(CheckFailure) as raised:
        assert_raises("ValueError", raising("TypeError", "Exception", said="z" * 500),
                      call="f(1)")
    (line,) = raised.value.details
    assert (line.key, line.params["type"]) == ("check.raised_other", "TypeError")
    assert len(str(line.params["said"])) <= 200


def test_assert_raises_on_a_stub_says_not_written_yet() -> None:
    """A stub raising NotImplementedError where ValueError is expected: is it "not written
    yet", as every other test of a stub says, where the line ended in a bare colon (an
    outside reviewer's finding)? Another error with no message ends at its type's name."""
    with pytest.raises(CheckFailure) as raised:
        assert_raises("ValueError", raising("NotImplementedError", "RuntimeError"), call="f(1)")
    assert [line.key for line in raised.value.details] == ["check.call", "student.not_written"]
    with pytest.raises(CheckFailure) as raised:
        assert_raises("ValueError", raising("KeyError", "LookupError", said=""), call="f(1)")
    assert raised.value.details == (msg("check.raised_other_bare", call="f(1)",
                                        exc="ValueError", type="KeyError"),)


def test_assert_raises_fails_when_the_function_returns() -> None:
    """Does returning instead of raising fail with a summary of what was returned?"""
    with pytest.raises(CheckFailure) as raised:
        assert_raises("ValueError", lambda: SECRET, call="f()")
    assert raised.value.details == (msg("check.returned_instead", call="f()", exc="ValueError",
                                        got=describe(SECRET)),)


def test_assert_unchanged_catches_an_in_place_change() -> None:
    """Is modifying an input array reported, with the input summarised only?"""
    with pytest.raises(CheckFailure) as raised:
        assert_unchanged(Mutating(), "f", SECRET.copy(), "label")
    (line,) = raised.value.details
    assert line == msg("check.modified", name="f", which=1, value=describe(SECRET))


def test_a_changed_keyword_argument_is_named() -> None:
    """Is a keyword argument changed in place named by its keyword, and a positional one by
    its number counted from 1 (`argument number 1`, never an index that reads as 0-based)?"""
    with pytest.raises(CheckFailure) as raised:
        assert_unchanged(Mutating(), "f", "label", probs=SECRET.copy())
    assert raised.value.details == (msg("check.modified_named", name="f", which="probs",
                                        value=describe(SECRET)),)
    assert "argument number 1, counting from 1" in render(
        msg("check.modified", name="f", which=1, value="x"), "en")


def test_assert_unchanged_returns_the_result_of_an_honest_call() -> None:
    """Does a function that leaves its inputs alone pass, its result returned?"""
    assert assert_unchanged(Honest(), "f", SECRET.copy()) == 2.0


def loaded(code: str) -> Student:
    """A student whose one cell `code` has run, in this process (its code is ours)."""
    backend = LocalBackend([Cell(1, "code cell 1", code)])
    assert backend.load().cells == []
    return Student(backend)


HIDES_ITS_CHANGE = """
import sys

def scale(x):
    x *= 2
    frame = sys._getframe(1)
    while "args" not in frame.f_locals:
        frame = frame.f_back
    frame.f_locals["args"][0] = object()  # what the executor would send back, replaced
    return float(x.sum())
"""


def test_an_argument_that_cannot_come_back_counts_as_modified() -> None:
    """Does a function that changes its input and then replaces the grader's reference to
    it (so nothing comparable comes back) fail as one that modified it?"""
    student = loaded(HIDES_ITS_CHANGE)
    with pytest.raises(CheckFailure) as raised:
        assert_unchanged(student, "scale", np.ones(3))
    assert raised.value.details == (msg("check.modified", name="scale", which=1,
                                        value=describe(np.ones(3))),)


def test_an_argument_that_never_comes_back_is_not_judged() -> None:
    """A test's own function (not plain data) does not travel back: no verdict on it."""
    student = loaded("import numpy as np\n\ndef apply(f, x):\n    return f(np.asarray(x))")
    assert assert_unchanged(student, "apply", named("sum_sin"), [1.0]) == pytest.approx(
        np.sin(1.0))


def test_finite_differences_restore_the_input() -> None:
    """Are central differences right and the perturbed array restored exactly?"""
    x = np.array([1.0, -2.0, 3.0])
    before = x.copy()
    grad = finite_difference(lambda: float(np.sum(x**2)), x)
    np.testing.assert_allclose(grad, 2 * before, rtol=1e-6)
    np.testing.assert_array_equal(x, before)


def test_expressions_are_compared_by_value_not_by_form() -> None:
    """Is a student's expression compared symbolically, and a wrong one refused?"""
    import sympy as sp

    x = sp.Symbol("x")
    assert_expr_equal(Expr(sp.srepr(2 * (x + 1))), 2 * x + 2, call="derivative(f, x)")
    with pytest.raises(CheckFailure) as raised:
        assert_expr_equal(Expr(sp.srepr(x**2)), 2 * x, call="derivative(f, x)")
    assert raised.value.details[0].key == "check.expr_value"
    with pytest.raises(CheckFailure) as raised:
        assert_expr_equal("2*x", 2 * x, call="derivative(f, x)")
    assert raised.value.details[0].key == "check.expr_type"


SPECIAL = [0.0, -0.0, 1.0, 1.0 + 1e-9, 1.0 + 1e-5, -1.0, 1e-12, 3, 1e308, float("inf"),
           -float("inf"), float("nan")]


@pytest.mark.parametrize("expected", SPECIAL)
def test_plain_numbers_are_judged_as_numpy_judges_them(expected):
    """Does the shortcut for two plain numbers agree with np.isclose (equal_nan) on every
    pair of special values, infinities and nan included?"""
    for got in SPECIAL:
        numpy_says = bool(np.isclose(got, expected, rtol=1e-7, atol=1e-9, equal_nan=True))
        assert (mismatch(got, expected, rtol=1e-7, atol=1e-9) is None) == numpy_says


def test_an_int_beyond_any_float_is_a_wrong_value_not_a_grader_error():
    """Does a returned 10**400 read as a wrong value (what a student can fix), rather than
    an OverflowError that would make the test a grader error?"""
    found = mismatch(10**400, 1.0, rtol=1e-7, atol=1e-9)
    assert found is not None and found.key == "check.value" and "401 digits" in found.params["got"]


@pytest.mark.parametrize(("got", "expected", "shown"), [
    (0.2516665, 0.2516664, ("0.2516664", "0.2516665")),  # apart by 1e-7, shown so
    (0.26, 0.25, ("0.25", "0.26")),  # far apart: the usual 6 digits
    (1.0 + 2e-16, 1.0, ("1", "1.0000000000000002")),  # as close as floats get: 17 digits
    (np.float32(0.5000001), np.float32(0.5), ("0.5", "0.500000119")),
])
def test_close_numbers_are_shown_with_the_digits_that_tell_them_apart(got, expected, shown):
    """Does "expected X, got Y" show X and Y as far apart as they are, not rounded to the
    same or a misleading last digit?"""
    line = failure(got, expected, rtol=0, atol=0).details[1]
    assert (line.params["expected"], line.params["got"]) == shown


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.complex128, np.bool_])
def test_far_apart_agrees_with_numpy_isclose(dtype):
    """Does the fast comparison flag exactly the entries `np.isclose` does not accept, for
    every numeric kind, next to both edges of the tolerance, and with inf and nan?"""
    rng = np.random.default_rng(7)
    for _ in range(300):
        shape = tuple(rng.integers(1, 4, size=rng.integers(0, 3)))
        expected = (rng.normal(size=shape) * 10.0 ** rng.integers(-3, 4)).astype(dtype)
        rtol, atol = rng.choice([1e-6, 0.1]), rng.choice([1e-9, 0.5])
        relative = rng.choice([0.0, 0.95, 1.05], size=shape) * rtol
        absolute = rng.choice([0.0, 0.95, 1.05], size=shape) * atol
        got = (expected * (1 + relative) + absolute).astype(dtype) if dtype != np.bool_ \
            else ~expected
        if rng.random() < 0.3 and got.size and dtype in (np.float64, np.float32):
            got.flat[0] = rng.choice([np.inf, -np.inf, np.nan])
            expected.flat[-1] = rng.choice([np.inf, np.nan, expected.flat[-1]])
        reference = ~np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
        assert np.array_equal(far_apart(got, expected, rtol, atol), reference)


def test_far_apart_accepts_a_difference_of_exactly_the_tolerance():
    """Is a difference equal to the tolerance close, as `np.isclose` has it?"""
    assert not far_apart(np.array([1.0, 2.0]), np.array([1.5, 2.0]), 0.0, 0.5).any()
    assert far_apart(np.array([1.0]), np.array([1.75]), 0.0, 0.5).all()


def test_a_function_that_returned_none_is_told_why_that_may_be():
    """Forgetting `return` (or printing the result) is the commonest slip: is it named in a
    hint, first, beside the suite's own, rather than only "expected number, got None"? And
    never when the answer itself is None, or a value that is merely wrong?"""
    with pytest.raises(CheckFailure) as failed:
        assert_close(None, 1.5, call="f(x)", hint="the suite's own")
    assert failed.value.hints == (RETURNED_NONE, "the suite's own")
    with pytest.raises(CheckFailure) as wrong:
        assert_close(2.5, 1.5, call="f(x)")
    assert RETURNED_NONE not in wrong.value.hints
    assert translate(RETURNED_NONE, "ko") != RETURNED_NONE
