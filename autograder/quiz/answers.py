"""Grade one quiz answer: normalise what the student wrote, then compare it with the key.

Rules per item type (anything else, None included, is invalid: 0 points and a message that
names the expected form):

* choice: one option letter as a string; case and surrounding spaces do not matter
  (`" b "` == `"B"`). A letter that is not an option is invalid.
* multi: a list/tuple/set of letters, or one string such as `"A, C"`, `"A C"` or `"AC"`.
  Each correct pick earns 1/(number of correct options), each wrong pick costs
  1/(number of wrong options); the total is never below 0. An empty list scores 0.
* bool: `True`/`False`, or (case-insensitive) "yes"/"no", "y"/"n", "true"/"false",
  "예"/"아니오"/"아니요", "네"/"아니", "참"/"거짓", "O"/"X". The numbers 1/0 are NOT accepted
  (ambiguous): they are invalid with a hint to write True or False.
* numeric: an int or float (not a bool), a 0-d array, a SymPy number, or a string that is a
  constant formula (`"3.5"`, `"1/2"`, `"sqrt(2)"`, read by `autograder.grading.exprs`, never
  evaluated). Correct when |got - key| <= atol + rtol * |key|. nan/inf are invalid.
* array: a nested list/tuple or a numeric ndarray (bools and strings are invalid). The shape
  must match (a different shape is wrong, not invalid); then element-wise tolerance.
* expression: a formula string (comma-separated for a list such as a gradient), a SymPy
  expression (it arrives as `autograder.sandbox.wire.Expr`), or a list of either; graded by
  equivalence with `autograder.grading.equivalence.equivalent` (`2*(x+1)` == `2*x+2`).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.grading import equivalence, exprs
from autograder.quiz.bank import Item
from autograder.sandbox.wire import Expr

TRUE_WORDS = frozenset({"true", "yes", "y", "예", "네", "참", "o"})
FALSE_WORDS = frozenset({"false", "no", "n", "아니오", "아니요", "아니", "거짓", "x"})
SHOWN = 200  # characters of a normalised answer kept for feedback and item analysis


@dataclass(frozen=True)
class ItemResult:
    """The graded answer: score fraction in [0, 1], status, message and normalised answer.

    `status` is "correct", "partial", "wrong" or "invalid"; `answer` is the normalised
    answer as short text (None when invalid), for feedback and item analysis.
    """

    score: float
    status: str
    message: str
    answer: str | None


class _Invalid(Exception):
    """The raw answer is not of the item's form; the argument says why (may be empty)."""


def form_problem(item: Item, raw: Any) -> str | None:
    """Why `raw` is not of `item`'s form, or None: a self-check that reveals no correctness."""
    try:
        _NORMALISE[item.type](item, raw)
    except _Invalid as exc:
        reason = f" ({exc})" if str(exc) else ""
        return f"expected {expected_form(item)}, got {describe(raw)}{reason}"
    return None


def grade(item: Item, raw: Any) -> ItemResult:
    """Normalise `raw` for `item`'s type and score it against the key."""
    problem = form_problem(item, raw)
    if problem is not None:
        return ItemResult(0.0, "invalid", f"{item.id}: {problem}", None)
    value = _NORMALISE[item.type](item, raw)
    score, shown, detail = _SCORE[item.type](item, value)
    shown = shown if len(shown) <= SHOWN else shown[: SHOWN - 3] + "..."
    if score >= 1.0:
        return ItemResult(1.0, "correct", f"{item.id}: correct", shown)
    status = "partial" if score > 0 else "wrong"
    verdict = "partly correct" if score > 0 else "not correct"
    note = f" ({detail})" if detail else ""
    return ItemResult(score, status, f"{item.id}: {shown} is {verdict}{note}", shown)


def expected_form(item: Item) -> str:
    """The answer's expected form in words, e.g. 'a number such as 3.5'."""
    if item.type == "choice":
        return f"one of the letters {', '.join(item.options)} as a string, such as \"B\""
    if item.type == "multi":
        return "a list of option letters, such as [\"A\", \"C\"]"
    if item.type == "bool":
        return "True or False"
    if item.type == "numeric":
        return "a number such as 3.5"
    if item.type == "array":
        shape = np.shape(item.answer)
        return f"a nested list of numbers of shape {shape}, such as {_example(shape)}"
    names = ", ".join(item.symbols)
    if isinstance(_key(item), tuple):
        return f"comma-separated formulas in {names} as one string, such as \"2*x, 3*y**2, -1\""
    return f"a formula in {names} as a string, such as \"2*x**2 + 1\""


def describe(raw: Any) -> str:
    """A short description of what the student wrote, for messages."""
    if raw is None:
        return "None (no answer)"
    if isinstance(raw, str):
        return f"the string {raw[:40]!r}" + ("..." if len(raw) > 40 else "")
    if isinstance(raw, Expr):
        return "a SymPy expression"
    if isinstance(raw, np.ndarray):
        return f"an array of shape {raw.shape}"
    if isinstance(raw, bool | int | float):
        text = repr(raw)
        return f"{type(raw).__name__} {text if len(text) <= 20 else text[:17] + '...'}"
    return f"a {type(raw).__name__}"


def _example(shape: tuple[int, ...]) -> str:
    return "[1.0, 2.0]" if len(shape) == 1 else "[[1.0, 2.0], [3.0, 4.0]]"


def _choice(item: Item, raw: Any) -> str:
    if not isinstance(raw, str):
        raise _Invalid("")
    letter = raw.strip().upper()
    if letter not in item.options:
        raise _Invalid(f"{raw.strip()[:10]!r} is not one of the options")
    return letter


def _multi(item: Item, raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        tokens = [t for t in re.split(r"[\s,;/]+", raw.upper()) if t]
        if not tokens:
            raise _Invalid("")
        letters = [ch for token in tokens for ch in token] if all(
            t.isalpha() for t in tokens) else tokens
    elif isinstance(raw, list | tuple | set | frozenset) and all(isinstance(r, str) for r in raw):
        letters = [r.strip().upper() for r in raw]
    else:
        raise _Invalid("")
    unknown = sorted({letter for letter in letters if letter not in item.options})
    if unknown:
        raise _Invalid(f"not options: {', '.join(repr(u[:10]) for u in unknown[:3])}")
    return tuple(sorted(set(letters)))


def _bool(item: Item, raw: Any) -> bool:
    if isinstance(raw, bool | np.bool_):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().casefold() in TRUE_WORDS | FALSE_WORDS:
        return raw.strip().casefold() in TRUE_WORDS
    if isinstance(raw, int | float) and raw in (0, 1):
        raise _Invalid("1 and 0 are ambiguous here: write True or False")
    raise _Invalid("")


def _numeric(item: Item, raw: Any) -> float:
    if isinstance(raw, np.ndarray) and raw.ndim == 0 and raw.dtype.kind in "iuf":
        raw = raw.item()
    try:
        if isinstance(raw, str | Expr):
            value = _constant(raw)
        elif isinstance(raw, int | float | np.integer | np.floating) and not isinstance(
                raw, bool | np.bool_):
            value = float(raw)
        else:
            raise _Invalid("")
    except (OverflowError, exprs.FormulaError) as exc:
        raise _Invalid(str(exc) or "too large") from None
    if not math.isfinite(value):
        raise _Invalid("not a finite number")
    return value


def _constant(raw: str | Expr) -> float:
    """A number written as text ("1/2") or sent as a SymPy number."""
    parsed = exprs.parse_formula(raw) if isinstance(raw, str) else exprs.parse_srepr(raw.srepr)
    if isinstance(parsed, tuple):
        raise exprs.FormulaError("a list, not one number")
    value = equivalence.constant_value(parsed)
    if value.imag != 0:
        raise exprs.FormulaError("not a real number")
    return value.real


def _array(item: Item, raw: Any) -> np.ndarray:
    if isinstance(raw, np.ndarray):
        if raw.dtype.kind not in "iuf":
            raise _Invalid(f"an array of {raw.dtype} values, expected numbers")
        return raw.astype(float)
    if not isinstance(raw, list | tuple):
        raise _Invalid("")
    try:
        return np.array(_floats(raw, 0), dtype=float)
    except ValueError:
        raise _Invalid("rows of different lengths") from None


def _floats(raw: Any, depth: int) -> Any:
    """Nested lists of floats from nested lists/tuples/arrays of real numbers."""
    if isinstance(raw, list | tuple | np.ndarray) and depth < 8:
        return [_floats(r, depth + 1) for r in raw]
    if isinstance(raw, int | float | np.integer | np.floating) and not isinstance(
            raw, bool | np.bool_):
        try:
            return float(raw)
        except OverflowError:
            raise _Invalid("a number too large to compare") from None
    raise _Invalid(f"contains {describe(raw)}, expected only numbers")


def _expression(item: Item, raw: Any) -> exprs.Formula:
    try:
        if isinstance(raw, str | Expr):
            return _formula(item, raw)
        if isinstance(raw, list | tuple) and raw and all(isinstance(r, str | Expr) for r in raw):
            parts = [_formula(item, r) for r in raw]
            if any(isinstance(p, tuple) for p in parts):
                raise exprs.FormulaError("a list inside a list")
            return tuple(parts)
    except exprs.FormulaError as exc:
        raise _Invalid(str(exc)) from None
    raise _Invalid("")


def _formula(item: Item, raw: str | Expr) -> exprs.Formula:
    if isinstance(raw, Expr):
        return exprs.parse_srepr(raw.srepr)
    return exprs.parse_formula(raw, item.symbols)


@functools.lru_cache(maxsize=256)
def _parsed_key(answer: str, symbols: tuple[str, ...]) -> exprs.Formula:
    return exprs.parse_formula(answer, symbols)


def _key(item: Item) -> exprs.Formula:
    return _parsed_key(item.answer, item.symbols)


def _score_exact(item: Item, value: Any) -> tuple[float, str, str]:
    return float(value == item.answer), str(value), ""


def _score_multi(item: Item, picks: tuple[str, ...]) -> tuple[float, str, str]:
    right, wrong = set(item.answer), set(item.options) - set(item.answer)
    hits, misses = len(set(picks) & right), len(set(picks) - right)
    score = hits / len(right) - (misses / len(wrong) if wrong else 0.0)
    shown = ", ".join(picks) or "(nothing selected)"
    detail = f"{hits} of {len(right)} correct options chosen, {misses} wrong option(s) chosen"
    return max(0.0, min(1.0, score)), shown, detail


def _score_numeric(item: Item, value: float) -> tuple[float, str, str]:
    ok = abs(value - item.answer) <= item.atol + item.rtol * abs(item.answer)
    return float(ok), f"{value:.10g}", ""


def _score_array(item: Item, value: np.ndarray) -> tuple[float, str, str]:
    key = np.array(item.answer, dtype=float)
    shown = str(value.tolist()) if value.size <= 100 else f"an array of shape {value.shape}"
    if value.shape != key.shape:
        return 0.0, shown, f"expected shape {key.shape}, got {value.shape}"
    close = np.abs(value - key) <= item.atol + item.rtol * np.abs(key)
    if close.all():
        return 1.0, shown, ""
    first = tuple(int(i) for i in np.argwhere(~close)[0])
    return 0.0, shown, f"{int((~close).sum())} of {key.size} entries are off, the first at {first}"


def _score_expression(item: Item, value: exprs.Formula) -> tuple[float, str, str]:
    key = _key(item)
    if isinstance(value, tuple) and len(value) == 1 and not isinstance(key, tuple):
        value = value[0]
    shown = _formula_text(value)
    if isinstance(key, tuple) != isinstance(value, tuple) or (
            isinstance(key, tuple) and len(key) != len(value)):
        count = len(key) if isinstance(key, tuple) else 1
        return 0.0, shown, f"expected {count} formula(s) separated by commas"
    return float(equivalence.equivalent(value, key)), shown, ""


def _formula_text(value: exprs.Formula) -> str:
    """SymPy's text for a formula; printing a very deep tree can exhaust the recursion limit."""
    try:
        return ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
    except RecursionError:
        return "(a formula too deeply nested to print)"


_NORMALISE: dict[str, Callable[[Item, Any], Any]] = {
    "choice": _choice, "multi": _multi, "bool": _bool, "numeric": _numeric, "array": _array,
    "expression": _expression,
}
_SCORE: dict[str, Callable[[Item, Any], tuple[float, str, str]]] = {
    "choice": _score_exact, "multi": _score_multi, "bool": _score_exact,
    "numeric": _score_numeric, "array": _score_array, "expression": _score_expression,
}
