"""A returned value as a numeric check compares it, the way a public test's `pytest.approx`
and `np.testing` take it: a SymPy number (what `evalf()` gives, which crosses the sandbox as
its srepr text) is the Python number it stands for, and a list of numbers where an array is
expected is that array.

The srepr is read by pattern, never evaluated: only a literal Float, Integer or Rational
counts as a number (any other expression, however it would evaluate, stays what it is).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

import numpy as np

from autograder.sandbox import wire

_SYMPY_NUMBER = re.compile(
    r"Float\('(?P<float>-?\d+(?:\.\d*)?(?:e[-+]?\d+)?)', precision=\d{1,6}\)"
    r"|Integer\((?P<int>-?\d{1,400})\)"
    r"|Rational\((?P<num>-?\d{1,400}), (?P<den>\d{1,400})\)")


def sympy_number(value: wire.Expr) -> float | int | None:
    """The number a SymPy Float, Integer or Rational stands for; None for anything else."""
    found = _SYMPY_NUMBER.fullmatch(value.srepr)
    if found is None:
        return None
    if found["float"] is not None:
        return float(found["float"])
    if found["int"] is not None:
        return int(found["int"])
    numerator, denominator = int(found["num"]), int(found["den"])
    if denominator == 0:  # forged: no SymPy Rational has it
        return None
    try:
        return float(Fraction(numerator, denominator))
    except OverflowError:  # beyond a float, as 1e400 is: infinite
        return math.inf if numerator > 0 else -math.inf


def numbers_of(value: list | tuple) -> np.ndarray | None:
    """A non-empty (nested, rectangular) list or tuple of plain numbers, or of real arrays
    (`[a * b for a, b in zip(x, y)]` on matrices gives a list of rows), as an array."""
    def plain(item: Any) -> bool:
        if isinstance(item, list | tuple):
            return all(plain(v) for v in item)
        if isinstance(item, np.ndarray):
            return item.dtype.kind in "biuf"
        return isinstance(item, int | float | np.integer | np.floating)

    if not value or not plain(value):
        return None
    try:
        return np.asarray(value)
    except ValueError:  # ragged
        return None


def comparable(got: Any, expected: Any) -> Any:
    """`got` as it is compared with the number or array `expected` (else unchanged)."""
    if isinstance(got, wire.Expr):
        number = sympy_number(got)
        return got if number is None else number
    if isinstance(expected, np.ndarray) and isinstance(got, list | tuple):
        numbers = numbers_of(_with_numbers(got))
        return got if numbers is None else numbers
    return got


def _with_numbers(value: Any) -> Any:
    """A nested list with its SymPy numbers as Python numbers."""
    if isinstance(value, list | tuple):
        return [_with_numbers(v) for v in value]
    if isinstance(value, wire.Expr):
        number = sympy_number(value)
        return value if number is None else number
    return value
