"""A failed `== pytest.approx(...)` in the self-check: one line, returned then expected."""

import numpy as np
import pytest

from autograder.student.compare import approx_compare


def test_an_approx_comparison_is_one_line():
    """Is `6.0 == approx(3.74...)` said as the two values, whichever side approx is on?"""
    assert approx_compare("==", 6.0, pytest.approx(5.0)) == ["6.0 == 5.0 ± 5.0e-06"]
    assert approx_compare("==", pytest.approx(5.0), 6.0) == ["5.0 ± 5.0e-06 == 6.0"]


def test_a_returned_array_stays_on_one_line_and_is_capped():
    """Is a large returned array one line of at most 160 characters?"""
    [line] = approx_compare("==", np.arange(1000.0).reshape(10, 100), pytest.approx(0.0))
    assert "\n" not in line and len(line.split(" == ")[0]) == 160


def test_other_comparisons_are_left_to_pytest():
    """Is anything without approx (or another operator) left alone (None)?"""
    assert approx_compare("==", 1, 2) is None
    assert approx_compare("<", 1.0, pytest.approx(2.0)) is None
