"""Are two SymPy expressions the same function? Decided by evaluation at random points.

Used on expressions `autograder.grading.exprs` built from untrusted text: bounded, never
`simplify`d.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import mpmath
import sympy as sp

from autograder.student.formulas import Formula, FormulaError

POINTS, MIN_AGREEING, TOLERANCE, PRECISION = 8, 3, 1e-12, 50
# |coordinates| of the sample points and the absolute floor of the tolerance; the second
# scale is tried only when the first is inconclusive (e.g. exp(1000*x) overflows there).
SCALES = ((0.25, 1.75, 1.0), (0.01, 0.2, 1e-30))
MAX_MAGNITUDE_BITS = 1_000  # a value beyond 2**1000 makes a sample point inconclusive


class _Inconclusive(Exception):
    """A sample point where an expression has no usable finite value."""


_MP_FUNCTIONS: dict[Any, Callable[[Any], Any]] = {
    sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.tan: mpmath.tan, sp.exp: mpmath.exp,
    sp.log: mpmath.log, sp.tanh: mpmath.tanh, sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh,
    sp.Abs: abs,
}
_GROWING = (sp.exp, sp.sinh, sp.cosh)
_MP_CONSTANTS: dict[Any, Any] = {sp.pi: mpmath.pi, sp.E: mpmath.e, sp.I: mpmath.j}


def equivalent(a: Formula, b: Formula) -> bool:
    """Do `a` and `b` (expressions, or tuples of them) denote the same function?

    Identity testing at random points: both sides are evaluated in 50-digit precision at
    points drawn from a fixed seed; any clear disagreement means "no", agreement at enough
    points "yes"; identical trees are equal outright. `simplify` is never called: on small
    hostile inputs it ran for minutes. Points where a side has no finite value are skipped;
    if too few remain (or the trees are too deep to walk), "no".
    """
    try:
        return _equivalent(a, b)
    except RecursionError:
        return False


def _equivalent(a: Formula, b: Formula) -> bool:
    if isinstance(a, tuple | list) or isinstance(b, tuple | list):
        return (isinstance(a, tuple | list) and isinstance(b, tuple | list)
                and len(a) == len(b) and all(map(_equivalent, a, b)))
    a, b = _as_expr(a), _as_expr(b)
    plain = {s: sp.Symbol(s.name) for s in a.free_symbols | b.free_symbols
             if s != sp.Symbol(s.name)}  # xreplace re-evaluates what it rebuilds: only if needed
    if plain:
        a, b = a.xreplace(plain), b.xreplace(plain)
    if a == b:
        return True
    for low, high, floor in SCALES:
        verdict = _numeric_verdict(a, b, low, high, floor)
        if verdict is not None:
            return verdict
    return False


def constant_value(expr: sp.Expr) -> complex:
    """The value of an expression without variables ("1/2", "sqrt(2)"), in bounded time."""
    if expr.free_symbols:
        raise FormulaError("expected a number, not a formula with variables")
    try:
        with mpmath.workdps(PRECISION):
            return complex(_evaluate(expr, {}))
    except _Inconclusive:
        raise FormulaError("the number has no finite value") from None


def _as_expr(value: Any) -> sp.Expr:
    if not isinstance(value, sp.Basic):
        raise FormulaError(f"cannot compare a {type(value).__name__} as an expression")
    return value


def _numeric_verdict(a: sp.Expr, b: sp.Expr, low: float, high: float,
                     floor: float) -> bool | None:
    """False on a clear mismatch, True on enough agreeing points, None if inconclusive."""
    rng = random.Random(20240601)
    names = sorted({s.name for s in a.free_symbols | b.free_symbols})
    agreeing = 0
    with mpmath.workdps(PRECISION):
        for _ in range(POINTS):
            point = {n: mpmath.mpf(rng.choice((-1, 1)) * rng.uniform(low, high)) for n in names}
            try:
                va, vb = _evaluate(a, point), _evaluate(b, point)
            except _Inconclusive:
                continue
            if abs(va - vb) > TOLERANCE * max(floor, abs(va), abs(vb)):
                return False
            agreeing += 1
    return True if agreeing >= MIN_AGREEING else None


def _evaluate(expr: sp.Basic, point: dict[str, Any]) -> Any:
    """The value of `expr` at `point` in mpmath, refusing values that grow out of bounds."""
    if expr.is_Symbol:
        return point[expr.name]
    if expr.is_Rational:
        return mpmath.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Float:
        return mpmath.mpf(expr._mpf_)
    if expr in _MP_CONSTANTS:
        return _MP_CONSTANTS[expr]
    args = [_evaluate(arg, point) for arg in expr.args]
    try:
        if expr.is_Add:
            value = mpmath.fsum(args)
        elif expr.is_Mul:
            value = mpmath.fprod(args)
        elif expr.is_Pow:
            value = _power(*args)
        elif expr.func in _MP_FUNCTIONS and len(args) == 1:
            if expr.func in _GROWING and abs(mpmath.re(args[0])) > MAX_MAGNITUDE_BITS:
                raise _Inconclusive
            value = _MP_FUNCTIONS[expr.func](args[0])
        else:
            raise _Inconclusive
    except (ZeroDivisionError, ValueError, OverflowError):
        raise _Inconclusive from None
    if not mpmath.isfinite(value) or mpmath.mag(value) > MAX_MAGNITUDE_BITS:
        raise _Inconclusive
    return value


def _power(base: Any, exponent: Any) -> Any:
    if base != 0 and abs(mpmath.re(exponent) * mpmath.log(abs(base), 2)) > MAX_MAGNITUDE_BITS:
        raise _Inconclusive
    return mpmath.power(base, exponent)
