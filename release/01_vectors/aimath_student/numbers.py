"""The value of a formula without variables ("1/2", "sqrt(2)", "pi/4"), in bounded time.

A number a student writes as text, a SymPy number their code returns, a per-student key
and a parameter condition are all evaluated here: in mpmath at 50 digits, refusing any
intermediate value beyond 2**1000 (`exp(exp(100))` fails fast instead of running for
minutes). mpmath and SymPy only: this file ships in the student kit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import sympy as sp

from .formulas import FormulaError

DIGITS = 50
MAX_BITS = 1_000  # a value, or a power's size in bits, beyond this has "no finite value"
_FUNCTIONS: dict[Any, Callable[[Any], Any]] = {
    sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.tan: mpmath.tan, sp.exp: mpmath.exp,
    sp.log: mpmath.log, sp.tanh: mpmath.tanh, sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh,
    sp.sec: mpmath.sec, sp.csc: mpmath.csc, sp.cot: mpmath.cot, sp.sech: mpmath.sech,
    sp.csch: mpmath.csch, sp.coth: mpmath.coth, sp.Abs: abs,
}
_GROWING = (sp.exp, sp.sinh, sp.cosh)
_CONSTANTS: dict[Any, Any] = {sp.pi: mpmath.pi, sp.E: mpmath.e, sp.I: mpmath.j}


class NoValue(Exception):
    """A step of the evaluation has no finite value."""


def constant_value(expr: sp.Basic) -> complex:
    """The value of `expr`, which must have no variables; FormulaError if it has none."""
    if expr.free_symbols:
        raise FormulaError("expected a number, not a formula with variables")
    try:
        with mpmath.workdps(DIGITS):
            return complex(evaluate(expr, {}))
    except NoValue:
        raise FormulaError("the number has no finite value") from None


def real_value(expr: sp.Basic) -> float:
    """The value of `expr` as a float; FormulaError if it is complex or has none."""
    value = constant_value(expr)
    if value.imag != 0:
        raise FormulaError("not a real number")
    return value.real


def evaluate(expr: sp.Basic, point: Mapping[str, Any]) -> Any:
    """The mpmath value of `expr` with its symbols set from `point`, at the caller's
    precision; NoValue when a step has none or grows beyond 2**MAX_BITS."""
    if expr.is_Symbol:
        return point[expr.name]
    if expr.is_Rational:
        return mpmath.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Float:
        return mpmath.mpf(expr._mpf_)
    if expr in _CONSTANTS:
        return _CONSTANTS[expr]
    args = [evaluate(arg, point) for arg in expr.args]
    try:
        value = _combine(expr, args)
    except (ZeroDivisionError, ValueError, OverflowError):
        raise NoValue from None
    if not mpmath.isfinite(value) or mpmath.mag(value) > MAX_BITS:
        raise NoValue
    return value


def _combine(expr: sp.Basic, args: list[Any]) -> Any:
    """One node of the tree from the values of its arguments."""
    if expr.is_Add:
        return mpmath.fsum(args)
    if expr.is_Mul:
        return mpmath.fprod(args)
    if expr.is_Pow:
        base, exponent = args
        if base != 0 and abs(mpmath.re(exponent) * mpmath.log(abs(base), 2)) > MAX_BITS:
            raise NoValue
        return mpmath.power(base, exponent)
    if expr.func not in _FUNCTIONS or len(args) != 1:
        raise NoValue
    if expr.func in _GROWING and abs(mpmath.re(args[0])) > MAX_BITS:
        raise NoValue
    return _FUNCTIONS[expr.func](args[0])
