"""Everything a hidden suite imports, in one place: `from autograder.grading.suite import ...`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from autograder.grading.checks import (
    CheckFailure,
    assert_close,
    assert_expr_equal,
    assert_raises,
    assert_unchanged,
    describe,
    finite_difference,
)
from autograder.grading.outcomes import PartialCredit
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
count only when an ordinary test of the same function passes, so a function that always raises
or always returns 0.0 earns nothing."""


def points(n: float) -> Callable[[F], F]:
    """Mark a test as worth `n` points (default 1)."""
    return pytest.mark.points(n)  # type: ignore[no-any-return]


__all__ = [
    "BadReturn", "CheckFailure", "MissingFunction", "PartialCredit", "StudentCrashed",
    "StudentError", "StudentFailure", "StudentTimeout", "assert_close", "assert_expr_equal",
    "assert_raises", "assert_unchanged", "describe", "edge", "finite_difference", "named",
    "points",
]
