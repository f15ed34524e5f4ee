"""Assertions for hidden suites whose failure messages teach.

A message says what was called, summarises the inputs (shape, dtype, a short preview, never
a full hidden input), gives expected vs got or the first mismatch, and names a known
mistake when the student's answer matches one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from autograder.grading.proxy import StudentError
from autograder.sandbox import wire

PREVIEW = 4
KNOWN_MISTAKE = "This looks like a known mistake: {name}."  # translated by autograder.reports.hints


def describe(value: Any) -> str:
    """A one-line summary of a value: type, shape, dtype and a few leading entries."""
    if isinstance(value, np.ndarray):
        flat = value.ravel()[:PREVIEW]
        items = ", ".join(_fmt(v) for v in flat)
        more = ", ..." if value.size > PREVIEW else ""
        return f"array {tuple(value.shape)} {value.dtype} [{items}{more}]"
    if isinstance(value, list | tuple):
        kind = type(value).__name__
        inner = ", ".join(describe(v) for v in value[:PREVIEW])
        return f"{kind} of {len(value)} [{inner}{', ...' if len(value) > PREVIEW else ''}]"
    if isinstance(value, dict):
        return "dict with keys " + ", ".join(repr(k) for k in list(value)[:8])
    if isinstance(value, float | np.floating):
        return _fmt(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _fmt(v: Any) -> str:
    """A number as a short string: 6 significant digits for floats."""
    if isinstance(v, np.generic):
        v = v.item()
    return f"{v:.6g}" if isinstance(v, float) else repr(v)


def _called(call: str, args: Mapping[str, Any] | None) -> str:
    if not args:
        return call
    return f"{call} with " + "; ".join(f"{k}: {describe(v)}" for k, v in args.items())


def _kind(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return "array"
    if isinstance(value, bool | np.bool_):
        return "bool"
    if isinstance(value, int | float | np.integer | np.floating):
        return "number"
    return type(value).__name__


def _mismatch(got: Any, expected: Any, rtol: float, atol: float, path: str = "") -> str | None:
    """Describe the first way `got` differs from `expected`, or None when close enough."""
    where = f" at {path}" if path else ""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"expected a dict{where}, got {describe(got)}"
        missing = [k for k in expected if k not in got]
        if missing:
            return f"missing key {missing[0]!r}{where} (got keys {sorted(map(str, got))})"
        return _first(_mismatch(got[k], expected[k], rtol, atol, f"{path}[{k!r}]")
                      for k in expected)
    if isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            return f"expected a {type(expected).__name__} of {len(expected)}{where}, got " \
                   f"{describe(got)}"
        return _first(_mismatch(g, e, rtol, atol, f"{path}[{i}]")
                      for i, (g, e) in enumerate(zip(got, expected, strict=True)))
    return _numeric_mismatch(got, expected, rtol, atol, where)


def _first(items: Any) -> str | None:
    return next((m for m in items if m), None)


def _numeric_mismatch(got: Any, expected: Any, rtol: float, atol: float, where: str) -> str | None:
    if isinstance(got, bool) != isinstance(expected, bool) or not _is_numeric(got):
        return f"expected {_kind(expected)}{where}, got {describe(got)}"
    exp, arr = np.asarray(expected), np.asarray(got)
    if isinstance(expected, np.ndarray) and not isinstance(got, np.ndarray):
        return f"expected an array of shape {exp.shape}{where}, got {describe(got)}"
    if arr.shape != exp.shape:
        return f"expected shape {exp.shape}{where}, got shape {arr.shape}"
    bad = ~np.isclose(arr, exp, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    if exp.ndim == 0:
        return f"expected {_fmt(exp.item())}{where}, got {_fmt(arr.item())}"
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    count = int(bad.sum())
    return (f"{count} of {exp.size} entries differ{where}; first at {list(idx)}: expected "
            f"{_fmt(exp[idx])}, got {_fmt(arr[idx])}")


def _is_numeric(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "biufc"
    return isinstance(value, bool | int | float | complex | np.number | np.bool_)


def _matches(got: Any, wrong: Any, rtol: float, atol: float) -> bool:
    try:
        return _mismatch(got, wrong, rtol, atol) is None
    except (TypeError, ValueError):
        return False


def assert_close(got: Any, expected: Any, *, call: str, args: Mapping[str, Any] | None = None,
                 rtol: float = 1e-6, atol: float = 1e-9,
                 mistakes: Mapping[str, Any] | None = None, hint: str | None = None) -> None:
    """Fail unless `got` matches `expected` in structure, shape and value within tolerance."""
    problem = _mismatch(got, expected, rtol, atol)
    if problem is None:
        return
    lines = [f"{_called(call, args)}:", problem]
    known = [name for name, wrong in (mistakes or {}).items() if _matches(got, wrong, rtol, atol)]
    if known:
        lines.append(KNOWN_MISTAKE.format(name=known[0]))
    if hint:
        lines.append(f"Hint: {hint}")
    raise AssertionError("\n".join(lines))


def assert_raises(exc_name: str, fn: Callable[..., Any], *args: Any, call: str,
                  **kwargs: Any) -> None:
    """Fail unless the student's function raises `exc_name` (or a subclass of it)."""
    try:
        result = fn(*args, **kwargs)
    except StudentError as exc:
        if exc_name in exc.mro_names:
            return
        raise AssertionError(f"{call}: expected {exc_name}, but it raised {exc.type_name}: "
                             f"{exc.message[:200]}") from None
    raise AssertionError(f"{call}: expected {exc_name}, but it returned {describe(result)}")


def assert_unchanged(student: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """Call `name` and fail if it modified any of its arguments; return its result."""
    outcome = student.call(name, *args, **kwargs)
    for i, (before, after) in enumerate(zip(args, outcome.args_after, strict=False)):
        if after is None or not isinstance(before, np.ndarray | list | dict):
            continue
        if _mismatch(after, before, 0.0, 0.0) is not None:
            raise AssertionError(f"{name}() modified its argument {i + 1} ({describe(before)}); "
                                 "functions must not change their inputs: work on a copy")
    for key, before in kwargs.items():
        if outcome.kwargs_after.get(key) is None or not isinstance(before, np.ndarray | list
                                                                      | dict):
            continue
        if _mismatch(outcome.kwargs_after.get(key), before, 0.0, 0.0) is not None:
            raise AssertionError(f"{name}() modified its argument {key!r}; work on a copy")
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
    from autograder.grading import equivalence, exprs

    if isinstance(expected, list | tuple):
        if not isinstance(got, list | tuple) or len(got) != len(expected):
            raise AssertionError(f"{call}: expected a list of {len(expected)} expressions, got "
                                 f"{describe(got)}")
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            assert_expr_equal(g, e, call=f"{call}[{i}]")
        return
    if not isinstance(got, wire.Expr):
        raise AssertionError(f"{call}: expected a SymPy expression, got {describe(got)}")
    try:
        parsed = exprs.parse_srepr(got.srepr)
    except exprs.FormulaError as exc:
        raise AssertionError(f"{call}: the returned expression could not be read: {exc}") from None
    if not equivalence.equivalent(parsed, expected):
        raise AssertionError(f"{call}: expected {expected}, got {parsed}")
