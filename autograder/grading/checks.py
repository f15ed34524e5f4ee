"""Assertions for hidden suites whose failures teach, as data.

A failure says what was called, summarises the inputs (shape, dtype and range: a hidden input
is never shown in full), gives expected vs got or the first mismatch, and names a known
mistake when the student's answer matches one. It is raised as `CheckFailure`, whose lines are
`Message`s and whose hints and mistake are fields, so pages translate them and nothing parses
text back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from autograder.grading.returned import comparable, numbers_of
from autograder.message import Message, msg
from autograder.sandbox import wire
from autograder.sandbox.failures import StudentError

PREVIEW = 4


RETURNED_NONE = ("the function returned None: is its `return` missing, or does it print the "
                 "result instead of returning it?")

class CheckFailure(AssertionError):
    """A check failed: the lines that say how, the suite's hints and a known mistake."""

    def __init__(self, details: Sequence[Message], hints: Sequence[str] = (),
                 mistake: str | None = None) -> None:
        self.details = tuple(details)
        self.hints = tuple(hints)
        self.mistake = mistake
        super().__init__("; ".join(f"{m.key} {dict(m.params)}" for m in self.details))


def describe(value: Any) -> str:
    """A one-line summary: type, shape, dtype and range of an array, never its entries."""
    if isinstance(value, np.ndarray):
        return f"array {tuple(value.shape)} {value.dtype}{_range(value)}"
    if isinstance(value, list | tuple):
        kind = type(value).__name__
        numbers = numbers_of(value)
        if numbers is not None:  # a hidden input as a list: summarised like an array
            size = len(value) if numbers.ndim == 1 else f"shape {tuple(numbers.shape)} of"
            return f"{kind} of {size} numbers{_range(numbers)}"
        inner = ", ".join(describe(v) for v in value[:PREVIEW])
        return f"{kind} of {len(value)} [{inner}{', ...' if len(value) > PREVIEW else ''}]"
    if isinstance(value, dict):
        return "dict with keys " + ", ".join(repr(k)[:40] for k in list(value)[:8])
    if isinstance(value, float | np.floating):
        return _fmt(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _range(value: np.ndarray) -> str:
    if value.size == 0 or value.dtype.kind not in "iuf":
        return ""
    finite = value[np.isfinite(value)] if value.dtype.kind == "f" else value
    if finite.size == 0:
        return " (no finite entries)"
    low, high = finite.min(), finite.max()
    return f" = {_fmt(low)}" if low == high else f" in [{_fmt(low)}, {_fmt(high)}]"


def _fmt(v: Any, digits: int = 6) -> str:
    """A number as a short string: 6 significant digits for floats (or `digits`)."""
    if isinstance(v, np.generic):
        v = v.item()
    return f"{v:.{digits}g}" if isinstance(v, float) else repr(v)


def _apart(expected: Any, got: Any) -> dict[str, str]:
    """Both numbers with the digits it takes to show how far apart they are: two significant
    digits of their difference (0.2516664 against 0.2516665, never 0.251666 against 0.251667,
    which looks ten times further apart), at least 6 and at most 17."""
    e, g = (v.item() if isinstance(v, np.generic) else v for v in (expected, got))
    digits = 6
    if isinstance(e, float) and isinstance(g, float) and math.isfinite(e - g) and e != g:
        scale = max(abs(e), abs(g))
        digits = min(17, max(6, math.ceil(math.log10(scale / abs(e - g))) + 2))
    return {"expected": _fmt(e, digits), "got": _fmt(g, digits)}


def called(call: str, args: Mapping[str, Any] | None) -> Message:
    """The first line of a failure: what was called, with its inputs summarised."""
    if not args:
        return msg("check.call", call=call)
    summary = "; ".join(f"{k}: {describe(v)}" for k, v in args.items())
    return msg("check.call_with", call=call, args=summary)


def _kind(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return "array"
    if isinstance(value, bool | np.bool_):
        return "bool"
    if isinstance(value, int | float | np.integer | np.floating):
        return "number"
    return type(value).__name__


def mismatch(got: Any, expected: Any, rtol: float, atol: float,
             path: str = "") -> Message | None:
    """The first way `got` differs from `expected`, or None when close enough."""
    where = f"{path}: " if path else ""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return msg("check.expected_kind", where=where, kind="dict", got=describe(got))
        missing = [k for k in expected if k not in got]
        if missing:
            return msg("check.missing_key", where=where, key=repr(missing[0]),
                       keys=", ".join(sorted(map(str, got)))[:200])
        return _first(mismatch(got[k], expected[k], rtol, atol, f"{path}[{k!r}]")
                      for k in expected)
    if isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            return msg("check.expected_sequence", where=where, kind=type(expected).__name__,
                       count=len(expected), got=describe(got))
        return _first(mismatch(g, e, rtol, atol, f"{path}[{i}]")
                      for i, (g, e) in enumerate(zip(got, expected, strict=True)))
    return _numeric_mismatch(got, expected, rtol, atol, where)


def _first(items: Any) -> Message | None:
    return next((m for m in items if m), None)


def _close_floats(got: Any, expected: Any, rtol: float, atol: float) -> bool:
    """`np.isclose` on two plain numbers (equal, both nan, or within the tolerance), without
    NumPy's per-call cost: most scalar checks pass, and pass here."""
    if type(got) not in (float, int) or type(expected) not in (float, int):
        return False
    try:
        if got == expected or (math.isnan(got) and math.isnan(expected)):
            return True
        finite = math.isfinite(got) and math.isfinite(expected)  # inf is close to inf only
        return finite and abs(got - expected) <= atol + rtol * abs(expected)
    except OverflowError:  # an int too large for a float: NumPy's path says what it is
        return False


def far_apart(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """Where `got` is not `np.isclose` to `expected` (nan matching nan); with every entry
    finite, the same comparison without `np.isclose`'s per-call cost (its error-state
    switch costs more than the comparison of a small array)."""
    wide = np.asarray(expected, dtype=np.result_type(expected, 1.0))
    if np.isfinite(got).all() and np.isfinite(wide).all():
        return np.asarray(abs(got - wide) > atol + rtol * abs(wide))
    return ~np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def _numeric_mismatch(got: Any, expected: Any, rtol: float, atol: float,
                      where: str) -> Message | None:
    got = comparable(got, expected)
    if _close_floats(got, expected, rtol, atol):
        return None
    if isinstance(got, bool) != isinstance(expected, bool) or not _is_numeric(got):
        return msg("check.expected_kind", where=where, kind=_kind(expected), got=describe(got))
    exp, arr = np.asarray(expected), np.asarray(got)
    if arr.dtype.kind == "O":  # ints beyond any float (10**400): close to no float
        shown = f"{str(got)[:20]}... ({len(str(got))} digits)" if isinstance(got, int) \
            else describe(got)
        return msg("check.value", where=where, expected=_fmt(expected), got=shown)
    if isinstance(expected, np.ndarray) and not isinstance(got, np.ndarray):
        return msg("check.expected_array", where=where, shape=str(exp.shape), got=describe(got))
    if arr.shape != exp.shape:
        return msg("check.shape", where=where, expected=str(exp.shape), got=str(arr.shape))
    bad = far_apart(arr, exp, rtol, atol)
    if not bad.any():
        return None
    if exp.ndim == 0:
        return msg("check.value", where=where, **_apart(exp.item(), arr.item()))
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    return msg("check.entries", where=where, count=int(bad.sum()), size=exp.size,
               index=str(list(idx)), **_apart(exp[idx], arr[idx]))


def _is_numeric(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "biufc"
    return isinstance(value, bool | int | float | complex | np.number | np.bool_)


def _matches(got: Any, wrong: Any, rtol: float, atol: float) -> bool:
    try:
        return mismatch(got, wrong, rtol, atol) is None
    except (TypeError, ValueError):
        return False


def assert_close(got: Any, expected: Any, *, call: str, args: Mapping[str, Any] | None = None,
                 rtol: float = 1e-6, atol: float = 1e-9,
                 mistakes: Mapping[str, Any] | None = None, hint: str | None = None) -> None:
    """Fail unless `got` matches `expected` in structure, shape and value within tolerance."""
    problem = mismatch(got, expected, rtol, atol)
    if problem is None:
        return
    known = [name for name, wrong in (mistakes or {}).items() if _matches(got, wrong, rtol, atol)]
    hints = [hint] if hint else []
    if got is None and expected is not None:  # the commonest slip: teach it by name
        hints.insert(0, RETURNED_NONE)
    raise CheckFailure([called(call, args), problem], hints, known[0] if known else None)


def assert_raises(exc_name: str, fn: Callable[..., Any], *args: Any, call: str,
                  **kwargs: Any) -> None:
    """Fail unless the student's function raises `exc_name` (or a subclass of it)."""
    try:
        result = fn(*args, **kwargs)
    except StudentError as exc:
        if exc_name in exc.mro_names:
            return
        if exc.type_name == "NotImplementedError":  # a stub: said as every other test says it
            raise CheckFailure([msg("check.call", call=call), exc.message]) from None
        if not exc.said:  # nothing to quote after the type's name
            raise CheckFailure([msg("check.raised_other_bare", call=call, exc=exc_name,
                                    type=exc.type_name)]) from None
        raise CheckFailure([msg("check.raised_other", call=call, exc=exc_name,
                                type=exc.type_name, said=exc.said[:200])]) from None
    raise CheckFailure([msg("check.returned_instead", call=call, exc=exc_name,
                            got=describe(result))])


def assert_unchanged(student: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """Call `name` and fail if it modified any of its arguments; return its result. An
    argument that comes back missing (replaced by something that cannot travel back) was
    modified too."""
    outcome = student.call(name, *args, **kwargs)
    after = list(outcome.args_after)
    pairs: list[tuple[str | int, Any, Any]] = [
        (i + 1, before, after[i] if i < len(after) else None) for i, before in enumerate(args)]
    pairs += [(key, before, outcome.kwargs_after.get(key)) for key, before in kwargs.items()]
    for which, before, now in pairs:
        if not wire.is_mutable_plain(before):
            continue
        if now is None or mismatch(now, before, 0.0, 0.0) is not None:
            key = "check.modified" if isinstance(which, int) else "check.modified_named"
            raise CheckFailure([msg(key, name=name, which=which, value=describe(before))])
    return outcome.result


def finite_difference(loss: Callable[[], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of `loss()` with respect to every entry of `x`.

    `loss` reads `x`, which is perturbed in place one entry at a time and restored after.
    """
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = loss()
        x[i] = old - h
        grad[i] = (up - loss()) / (2 * h)
        x[i] = old
    return grad


def assert_expr_equal(got: Any, expected: Any, *, call: str) -> None:
    """Fail unless the student's SymPy result is symbolically equal to `expected`."""
    from autograder.grading import equivalence
    from autograder.student import formulas as exprs

    if isinstance(expected, list | tuple):
        if not isinstance(got, list | tuple) or len(got) != len(expected):
            raise CheckFailure([msg("check.expr_list", call=call, count=len(expected),
                                    got=describe(got))])
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            assert_expr_equal(g, e, call=f"{call}[{i}]")
        return
    if not isinstance(got, wire.Expr):
        raise CheckFailure([msg("check.expr_type", call=call, got=describe(got))])
    try:
        parsed = exprs.parse_srepr(got.srepr)
    except exprs.FormulaError as exc:
        raise CheckFailure([msg("check.expr_unreadable", call=call,
                                said=str(exc)[:200])]) from None
    if not equivalence.equivalent(parsed, expected):
        raise CheckFailure([msg("check.expr_value", call=call, expected=str(expected)[:200],
                                got=str(parsed)[:200])])
