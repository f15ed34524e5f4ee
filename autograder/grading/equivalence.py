"""Are two SymPy expressions the same function? Decided by evaluation at random points.

Used on expressions `autograder.student.formulas` built from untrusted text: bounded, never
`simplify`d; each point is evaluated by `autograder.student.numbers`.
"""

from __future__ import annotations

import random
from typing import Any

import mpmath
import sympy as sp

from autograder.student.formulas import Formula, FormulaError
from autograder.student.numbers import DIGITS, NoValue, evaluate

POINTS, MIN_AGREEING, TOLERANCE = 8, 3, 1e-12
# |coordinates| of the sample points and the absolute floor of the tolerance; the second
# scale is tried only when the first is inconclusive (e.g. exp(1000*x) overflows there).
SCALES = ((0.25, 1.75, 1.0), (0.01, 0.2, 1e-30))


def equivalent(a: Formula, b: Formula) -> bool:
    """Do `a` and `b` (expressions, or tuples of them) denote the same function?

    Identity testing at random points: both sides are evaluated in 50-digit precision at
    points drawn from a fixed seed; any clear disagreement means "no", agreement at enough
    points "yes"; identical trees are equal outright. `simplify` is never called: on small
    hostile inputs it ran for minutes. Points where a side has no finite value (or one beyond
    2**1000) are skipped; if too few remain (or the trees are too deep to walk), "no".
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
    with mpmath.workdps(DIGITS):
        for _ in range(POINTS):
            point = {n: mpmath.mpf(rng.choice((-1, 1)) * rng.uniform(low, high)) for n in names}
            try:
                va, vb = evaluate(a, point), evaluate(b, point)
            except NoValue:
                continue
            if abs(va - vb) > TOLERANCE * max(floor, abs(va), abs(vb)):
                return False
            agreeing += 1
    return True if agreeing >= MIN_AGREEING else None
