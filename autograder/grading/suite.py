"""Everything a hidden suite imports, in one place: `from autograder.grading.suite import ...`.

A suite's own failure is a keyed message, so pages translate it:
`raise CheckFailure([msg("check.returns_tuple", call=call, names="(H, cache)", got=...)])`
with the sentence in `autograder/reports/messages/{en,ko}.yaml`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np
import pytest

from autograder.grading import checks
from autograder.grading.checks import (
    CheckFailure,
    assert_close,
    assert_expr_equal,
    describe,
    finite_difference,
)
from autograder.grading.outcomes import PartialCredit
from autograder.message import msg
from autograder.sandbox.callables import named
from autograder.sandbox.failures import (
    BadReturn,
    MissingFunction,
    StudentCrashed,
    StudentError,
    StudentFailure,
    StudentTimeout,
)

F = TypeVar("F", bound=Callable[..., Any])

edge = pytest.mark.edge
"""Mark an edge-case test (a raised ValueError, a special value, untouched inputs): its points
count only when an ordinary test of the same function passes (one on `rng` inputs, where the
function has one), so a function that always raises, always returns 0.0 or returns the answer
an example's title shows earns nothing."""


def forbids(*names: str) -> pytest.MarkDecorator:
    """Mark a test (or a module, as `pytestmark`) whose calls may not use these library
    functions (dotted: "numpy.linalg.pinv"): they raise `ForbiddenFunction` in the student's
    process, for an exercise that asks for the formula they stand for."""
    return pytest.mark.forbids(*names)


def points(n: float) -> Callable[[F], F]:
    """Mark a test as worth `n` points (default 1)."""
    return pytest.mark.points(n)  # type: ignore[no-any-return]


@contextmanager
def _hinted(hint: str | None) -> Iterator[None]:
    """A check failing inside the block also gives `hint` (as `assert_close(hint=...)` does)."""
    try:
        yield
    except CheckFailure as failure:
        if hint is None:
            raise
        raise CheckFailure(failure.details, (*failure.hints, hint), failure.mistake) from None


def assert_raises(exc_name: str, fn: Callable[..., Any], *args: Any, call: str,
                  hint: str | None = None, **kwargs: Any) -> None:
    """Fail unless the student's function raises `exc_name` (`checks.assert_raises`); a
    failure gives `hint`."""
    with _hinted(hint):
        checks.assert_raises(exc_name, fn, *args, call=call, **kwargs)


def assert_unchanged(student: Any, name: str, *args: Any, hint: str | None = None,
                     **kwargs: Any) -> Any:
    """Call `name` and fail if it modified any of its arguments (`checks.assert_unchanged`);
    a failure gives `hint`. Returns the call's result."""
    with _hinted(hint):
        return checks.assert_unchanged(student, name, *args, **kwargs)


def mixed_signs(rng: np.random.Generator, shape: int | tuple[int, ...]) -> np.ndarray:
    """Random values, half negative and half positive in random places, none near zero:
    an input that exposes sign mistakes (an in-place `abs`, negatives zeroed in place)
    whatever the seed, where `rng.normal` would draw all positives now and then."""
    magnitudes = rng.uniform(0.5, 2.0, size=shape)
    signs = np.where(np.arange(magnitudes.size) % 2 == 0, -1.0, 1.0)
    return magnitudes * rng.permutation(signs).reshape(magnitudes.shape)


__all__ = [
    "BadReturn", "CheckFailure", "MissingFunction", "PartialCredit", "StudentCrashed",
    "StudentError", "StudentFailure", "StudentTimeout", "assert_close", "assert_expr_equal",
    "assert_raises", "assert_unchanged", "describe", "edge", "finite_difference", "forbids",
    "mixed_signs", "msg", "named", "points",
]


def default_rng_is_seed(function: Callable[..., Any], got: Any, *args: Any) -> bool:
    """Did `function(*args)` (which gave `got`) give what it gives with
    rng=np.random.default_rng(0)? Then its default generator is right and a wrong result has
    another cause (a hint about the default would blame the wrong thing)."""
    try:
        return repr(function(*args, rng=np.random.default_rng(0))) == repr(got)
    except StudentFailure:
        return False
