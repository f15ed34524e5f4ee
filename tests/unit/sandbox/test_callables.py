"""Named functions that cross the sandbox boundary by name."""

import numpy as np
import pytest

from autograder.sandbox.callables import REGISTRY, named


def test_named_function_calls_the_registered_one():
    """Does a NamedFunction compute what its registry entry computes?"""
    f = named("exp_neg_sq")
    x = np.linspace(-1, 1, 5)
    np.testing.assert_allclose(f(x), np.exp(-(x**2)))


def test_unknown_names_are_refused():
    """Is an unregistered name an error at once, not when the student calls it?"""
    with pytest.raises(KeyError):
        named("os.system")


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_entry_accepts_an_array(name):
    """Does every registered function take a NumPy array and return finite numbers?"""
    value = np.asarray(REGISTRY[name](np.linspace(0.1, 0.9, 6)))
    assert np.all(np.isfinite(value))
