"""What a hidden suite imports (`autograder.grading.suite`): `assert_raises` and
`assert_unchanged` take a `hint` as `assert_close` does, and `msg` builds a suite's own keyed
failure."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from support.students import Honest, Mutating

from autograder.grading import checks
from autograder.grading.checks import CheckFailure, describe
from autograder.grading.plugin import MARKERS
from autograder.message import Message, msg
from autograder.sandbox.failures import StudentError

HINT = "compare the shapes first"


@pytest.fixture(scope="module")
def suite(pytestconfig: pytest.Config) -> Any:
    """The module, imported once the grading plugin's marks are known (its `edge` is one), as
    in a grading session."""
    for line in MARKERS:
        pytestconfig.addinivalue_line("markers", line)
    from autograder.grading import suite

    return suite


def raises_value_error(*args: Any) -> Any:
    raise StudentError("ValueError", ["ValueError", "Exception"], "bad shapes")


def test_assert_raises_gives_its_hint_only_when_it_fails(suite: Any) -> None:
    """Does a function that returns fail with the checks' message and the hint, and one that
    raises pass?"""
    with pytest.raises(CheckFailure) as raised:
        suite.assert_raises("ValueError", lambda x: 1.0, 3, call="f(3)", hint=HINT)
    assert raised.value.hints == (HINT,)
    assert raised.value.details == (msg("check.returned_instead", call="f(3)",
                                        exc="ValueError", got=describe(1.0)),)
    suite.assert_raises("ValueError", raises_value_error, 3, call="f(3)", hint=HINT)


def test_assert_raises_without_a_hint_is_the_checks_one(suite: Any) -> None:
    """Without `hint`, is the failure exactly `checks.assert_raises`'s?"""
    with pytest.raises(CheckFailure) as ours:
        suite.assert_raises("ValueError", lambda: 1.0, call="f()")
    with pytest.raises(CheckFailure) as theirs:
        checks.assert_raises("ValueError", lambda: 1.0, call="f()")
    assert (ours.value.details, ours.value.hints) == (theirs.value.details, ())


def test_assert_unchanged_gives_its_hint_and_returns_the_result(suite: Any) -> None:
    """Is an in-place change reported with the hint, and an honest call's result returned?"""
    x = np.arange(3.0)
    with pytest.raises(CheckFailure) as raised:
        suite.assert_unchanged(Mutating(), "relu", x, hint=HINT)
    assert raised.value.hints == (HINT,)
    assert raised.value.details[0].key == "check.modified"
    assert suite.assert_unchanged(Honest(), "relu", x, hint=HINT) == 2.0


def test_msg_builds_a_keyed_message_for_a_suite(suite: Any) -> None:
    """Does `msg` give the suites a catalogue message (key and values)?"""
    assert suite.msg is msg and suite.CheckFailure is CheckFailure
    found = msg("check.returns_tuple", call="f(x)", names="(H, cache)", got="None")
    assert found == Message("check.returns_tuple",
                            {"call": "f(x)", "names": "(H, cache)", "got": "None"})


@pytest.mark.parametrize("shape", [2, 6, 7, (3, 4)])
def test_mixed_signs_has_both_signs_whatever_the_seed(suite: Any, shape: Any) -> None:
    """`rng.normal(size=6)` is all positive for one seed in 64; `mixed_signs` never is."""
    for seed in range(500):
        x = suite.mixed_signs(np.random.default_rng(seed), shape)
        assert x.shape == np.empty(shape).shape
        assert (x < -0.4).sum() >= x.size // 2 and (x > 0.4).sum() >= x.size // 2, seed


def test_mixed_signs_repeats_for_a_seed_and_differs_between_seeds(suite: Any) -> None:
    def draw(seed: int) -> np.ndarray:
        return suite.mixed_signs(np.random.default_rng(seed), 8)

    assert np.array_equal(draw(1), draw(1)) and not np.array_equal(draw(1), draw(2))
