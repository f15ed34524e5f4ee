"""Everything a hidden suite imports, in one place: `from autograder.grading.suite import ...`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from autograder.grading.checks import (
    assert_close,
    assert_expr_equal,
    assert_raises,
    assert_unchanged,
    describe,
    finite_difference,
)
from autograder.grading.outcomes import PartialCredit
from autograder.grading.proxy import (
    BadReturn,
    MissingFunction,
    StudentCrashed,
    StudentError,
    StudentFailure,
    StudentTimeout,
)
from autograder.sandbox.callables import named

F = TypeVar("F", bound=Callable[..., Any])


def points(n: float) -> Callable[[F], F]:
    """Mark a test as worth `n` points (default 1)."""
    return pytest.mark.points(n)  # type: ignore[no-any-return]


__all__ = [
    "BadReturn", "MissingFunction", "PartialCredit", "StudentCrashed", "StudentError",
    "StudentFailure", "StudentTimeout", "assert_close", "assert_expr_equal", "assert_raises",
    "assert_unchanged", "describe", "finite_difference", "named", "points",
]
