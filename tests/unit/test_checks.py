"""The teaching assertions used by hidden suites."""

import numpy as np
import pytest

from autograder.grading.checks import assert_close, assert_raises, assert_unchanged, describe
from autograder.grading.proxy import CallResult, StudentError


def test_describe_summarises_an_array_without_dumping_it():
    """Does a summary give shape, dtype and only a short preview?"""
    text = describe(np.arange(100.0).reshape(10, 10))
    assert text.startswith("array (10, 10) float64 [0, 1, 2, 3, ...")
    assert "99" not in text


def test_close_values_pass():
    """Are values within tolerance accepted, nested in tuples and dicts too?"""
    assert_close((np.array([1.0, 2.0]), {"a": 3.0}), (np.array([1.0, 2.0 + 1e-12]), {"a": 3.0}),
                 call="f()")


def test_shape_mismatch_says_both_shapes():
    """Does a wrong shape name the expected and the received shape?"""
    with pytest.raises(AssertionError, match=r"expected shape \(3,\).*got shape \(1, 3\)"):
        assert_close(np.ones((1, 3)), np.ones(3), call="f(x)")


def test_first_mismatch_is_located():
    """Does a value mismatch point at the first differing entry and count the others?"""
    got, expected = np.array([[1.0, 2.0], [3.0, 9.0]]), np.array([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(AssertionError, match=r"1 of 4 entries differ; first at \[1, 1\]: "
                                             r"expected 4, got 9"):
        assert_close(got, expected, call="f(x)")


def test_known_mistake_is_named():
    """Is a result equal to a known wrong answer reported as that mistake, with the hint?"""
    with pytest.raises(AssertionError, match=r"(?s)known mistake: divided by N-1.*Hint: use N"):
        assert_close(2.5, 2.0, call="var(x)", mistakes={"divided by N-1": 2.5}, hint="use N")


def test_nan_is_reported_as_a_mismatch():
    """Is nan never accepted in place of a number?"""
    with pytest.raises(AssertionError, match="expected 1, got nan"):
        assert_close(float("nan"), 1.0, call="f()")


def test_a_string_is_not_a_number():
    """Is a non-numeric result rejected with what was received?"""
    with pytest.raises(AssertionError, match="expected number, got '3'"):
        assert_close("3", 3.0, call="f()")


def test_assert_raises_accepts_a_subclass_by_name():
    """Does a ValueError subclass satisfy assert_raises('ValueError')?"""

    def raising(*_):
        raise StudentError("MyError", ["MyError", "ValueError", "Exception"], "bad")

    assert_raises("ValueError", raising, 1, call="f(1)")


def test_assert_raises_fails_when_the_function_returns():
    """Does returning instead of raising fail with what was returned?"""
    with pytest.raises(AssertionError, match="expected ValueError, but it returned 5"):
        assert_raises("ValueError", lambda: 5, call="f()")


class _Mutating:
    """A stand-in student whose function zeroes its first argument."""

    def call(self, name, *args, **kwargs):
        changed = [np.zeros_like(a) if isinstance(a, np.ndarray) else a for a in args]
        return CallResult(1.0, tuple(changed), kwargs)


def test_assert_unchanged_catches_an_in_place_change():
    """Is modifying an input array reported?"""
    with pytest.raises(AssertionError, match="modified its argument 1"):
        assert_unchanged(_Mutating(), "f", np.ones(3), "label")
