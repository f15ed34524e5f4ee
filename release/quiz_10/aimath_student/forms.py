"""Quiz answer forms: the one check of whether an answer has its item's form.

A `Form` says what an item takes (its type, option letters, array shape, formula symbols
and count), never the answer or the explanation. The grader's item classes read every
answer through `read_answer`, and the student kit's self-check calls `form_problem`, so the
two never disagree: an answer the kit calls well formed is graded right or wrong, never
invalid. Forms ship per quiz as `<quiz>.forms.json` beside the released notebook.

Values are what a notebook holds in the kit and what crosses the sandbox in the grader:
an object with a `srepr` text attribute is a SymPy expression sent as text, one with a
`type_name` attribute a value that could not be sent (named, never rebuilt). The rules per
type are in `autograder/quiz/items/` and the README ("Quiz answers").

Why an answer is not of its form is data (`problem`: a `Phrase` of the form expected, what
was given and why), said in English or Korean by `text.words`: the kit and the grader's quiz
details (`autograder/quiz/items/base.py`) say the same words.
Pure: standard library, NumPy, SymPy and this folder's `exact`, `formulas`, `numbers` and `text`.
"""

from __future__ import annotations

import json
import re
import reprlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from .exact import fraction_srepr
from .formulas import Formula, FormulaError, parse_formula, parse_srepr
from .numbers import real_value
from .text import Phrase, phrase, words

SUFFIX = ".forms.json"
TRUE_WORDS = frozenset({"true", "yes", "y", "예", "네", "참", "o"})
FALSE_WORDS = frozenset({"false", "no", "n", "아니오", "아니요", "아니", "거짓", "x"})
_SHORT = reprlib.Repr()  # bounded text of what a student wrote, for messages and feedback
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxstring = 3, 4, 4, 40

DECIMAL_COMMA = re.compile(r"\s*[+-]?\d+,\d+\s*")  # "-3,2": a decimal written with a comma


@dataclass(frozen=True)
class Form:
    """What one quiz item's answer looks like: enough to check it, nothing to grade it."""

    id: str  # the item: "q3"
    type: str
    letters: tuple[str, ...] = ()  # choice, multi: the option letters
    shape: tuple[int, ...] = ()  # array: the expected shape
    symbols: tuple[str, ...] = ()  # expression: the variables a formula may use
    count: int = 1  # expression: how many comma-separated formulas

    def to_json(self) -> dict[str, Any]:
        """The fields that differ from their defaults, tuples as lists."""
        found = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: list(value) if isinstance(value, tuple) else value
                for name, value in found.items() if value not in ((), 1) or name == "id"}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Form:
        return cls(id=str(data["id"]), type=str(data["type"]),
                   letters=tuple(data.get("letters", ())), shape=tuple(data.get("shape", ())),
                   symbols=tuple(data.get("symbols", ())), count=int(data.get("count", 1)))


MAX_ANSWER = 10_000  # characters of a text answer, entries of a list or array: far past any


class FormError(ValueError):
    """An answer not of its item's form; `reason` says why (None: the form says it all)."""

    def __init__(self, reason: Phrase | None = None) -> None:
        self.reason = reason
        super().__init__("" if reason is None else words("en", reason))


def load_forms(path: str | Path) -> list[Form]:
    """The forms of one quiz from its `<quiz>.forms.json`, in item order."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    return [Form.from_json(entry) for entry in document["items"]]


def problem(form: Form, value: Any) -> Phrase | None:
    """Why `value` is not of `form` (the form expected, what was given and, if it says more,
    the reason), or None when it is."""
    try:
        read_answer(form, value)
    except FormError as exc:
        if exc.reason is None:
            return phrase("form_problem", expected=expected(form), given=given(value))
        return phrase("form_problem_because", expected=expected(form), given=given(value),
                      reason=exc.reason)
    return None


def form_problem(form: Form, value: Any, lang: str = "en") -> str | None:
    """Why `value` is not of `form`, e.g. "expected True or False, got int 1 (1 and 0 are
    ambiguous here: write True or False)", in `lang`; None when it is of the form."""
    found = problem(form, value)
    return None if found is None else words(lang, found)


def read_answer(form: Form, value: Any) -> Any:
    """`value` normalised for its type (a letter, letters, bool, float, array or formula);
    one too large for any answer is refused here, where the kit and the grader both read it
    (the grader would otherwise refuse a megabyte of spaces the kit strips)."""
    if _too_large(value):
        raise FormError(phrase("form_answer_too_large", limit=f"{MAX_ANSWER:,}"))
    return _READERS[form.type][0](form, value)


def _too_large(value: Any) -> bool:
    if isinstance(value, str | list | tuple | set | frozenset | dict):
        return len(value) > MAX_ANSWER
    return isinstance(value, np.ndarray) and value.size > MAX_ANSWER


def expected(form: Form) -> Phrase:
    """The answer's form, e.g. `form_expect_numeric` ("a number such as 3.5")."""
    return _READERS[form.type][1](form)


def given(value: Any) -> Phrase:
    """What a student wrote, shortly: its kind and a bounded text ("int 1", "a list [[0, 1]]",
    "the string 'maybe'"), never more than a few dozen characters of it."""
    if value is None:
        return phrase("form_given_none")
    if isinstance(value, str):
        return phrase("form_given_string", text=_SHORT.repr(value))
    if _srepr(value) is not None:
        return phrase("form_given_sympy")
    if isinstance(value, np.ndarray):
        return phrase("form_given_array", shape=str(value.shape))
    if isinstance(value, bool | int | float):
        text = repr(value)
        return phrase("form_given_number", type=type(value).__name__,
                      text=text if len(text) <= 20 else text[:17] + "...")
    if isinstance(value, list | tuple):
        text = _SHORT.repr(value)
        return phrase("form_given_sequence", type=type(value).__name__,
                      text=text if len(text) <= 60 else text[:57] + "...")
    name = getattr(value, "type_name", None)  # a value the sandbox could not send
    return phrase("form_given_object", type=name if isinstance(name, str) else
                  type(value).__name__)


def describe(value: Any, lang: str = "en") -> str:
    """What a student wrote, in `lang`: "int 1", "the string 'maybe'", "a list [[0, 1]]"."""
    return words(lang, given(value))


def _srepr(value: Any) -> str | None:
    """The `srepr` text of a SymPy value or a fraction (the kit's own, or one sent from the
    sandbox)."""
    if isinstance(value, sp.Basic):
        return sp.srepr(value)
    if isinstance(value, Fraction):
        return fraction_srepr(value)
    text = getattr(value, "srepr", None)
    return text if isinstance(text, str) and not isinstance(value, type) else None


def _choice(form: Form, value: Any) -> str:
    if not isinstance(value, str):
        raise FormError
    letter = value.strip().upper()
    if letter not in form.letters:
        raise FormError(phrase("form_not_option", text=repr(value.strip()[:10])))
    return letter


def _multi(form: Form, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        tokens = [t for t in re.split(r"[\s,;/]+", value.upper()) if t]
        if not tokens:
            raise FormError
        letters = [ch for token in tokens for ch in token] if all(
            t.isalpha() for t in tokens) else tokens
    elif isinstance(value, list | tuple | set | frozenset) and all(
            isinstance(v, str) for v in value):
        letters = [v.strip().upper() for v in value]
    else:
        raise FormError
    unknown = sorted({letter for letter in letters if letter not in form.letters})
    if unknown:
        raise FormError(phrase("form_not_options",
                               texts=", ".join(repr(u[:10]) for u in unknown[:3])))
    return tuple(sorted(set(letters)))


def _bool(form: Form, value: Any) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().casefold() in TRUE_WORDS
    if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
        raise FormError(phrase("form_ambiguous"))
    raise FormError


def _numeric(form: Form, value: Any) -> float:
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    try:
        if isinstance(value, str) or _srepr(value) is not None:
            return _constant(value)
        if isinstance(value, bool | np.bool_) or not isinstance(
                value, int | float | np.integer | np.floating):
            raise FormError
        number = float(value)
    except OverflowError:
        raise FormError(phrase("form_too_large")) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise FormError(phrase("form_not_finite"))
    return number


def _constant(value: Any) -> float:
    """A number written as text ("1/2") or as a SymPy number."""
    text = _srepr(value)
    try:
        parsed = parse_formula(value) if text is None else parse_srepr(text)
        if isinstance(parsed, tuple):
            if isinstance(value, str) and DECIMAL_COMMA.fullmatch(value):
                raise FormError(phrase("form_decimal_comma",
                                       number=value.strip().replace(",", ".")))
            raise FormError(phrase("form_not_one_number"))
        return real_value(parsed)
    except FormulaError as exc:
        raise FormError(phrase("form_formula", said=str(exc))) from None


def _array(form: Form, value: Any) -> np.ndarray:
    if isinstance(value, np.ndarray) and value.dtype.kind not in "iuf":
        raise FormError(phrase("form_dtype", dtype=str(value.dtype)))
    if not isinstance(value, list | tuple | np.ndarray):
        raise FormError
    rows = _floats(value, 0)
    try:
        array = np.array(rows, dtype=float)
    except ValueError:
        raise FormError(phrase("form_ragged")) from None
    if array.shape != form.shape:
        raise FormError(phrase("form_shape", shape=str(array.shape)))
    return array


def _floats(value: Any, depth: int) -> Any:
    """Nested lists of floats from nested lists/tuples/arrays of real numbers."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        return value.astype(float).tolist()
    if isinstance(value, list | tuple | np.ndarray) and depth < 8:
        return [_floats(v, depth + 1) for v in value]
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(
            value, bool | np.bool_):
        try:
            return float(value)
        except OverflowError:
            raise FormError(phrase("form_too_large_to_compare")) from None
    raise FormError(phrase("form_contains", given=given(value)))


def _expression(form: Form, value: Any) -> Formula:
    try:
        if isinstance(value, str) or _srepr(value) is not None:
            parsed = _formula(form, value)
        elif isinstance(value, list | tuple) and value and all(
                isinstance(v, str) or _srepr(v) is not None for v in value):
            parts = [_formula(form, v) for v in value]
            if any(isinstance(p, tuple) for p in parts):
                raise FormError(phrase("form_nested_list"))
            parsed = tuple(parts)
        else:
            raise FormError
    except FormulaError as exc:
        raise FormError(phrase("form_formula", said=str(exc))) from None
    return _counted(form, parsed)


def _formula(form: Form, value: Any) -> Formula:
    text = _srepr(value)
    return parse_srepr(text) if text is not None else parse_formula(value, form.symbols)


def _counted(form: Form, parsed: Formula) -> Formula:
    """One formula, or a tuple of exactly `form.count` of them."""
    if isinstance(parsed, tuple) and len(parsed) == 1 and form.count == 1:
        return parsed[0]
    count = len(parsed) if isinstance(parsed, tuple) else 1
    if count != form.count:
        raise FormError(phrase("form_count", count=str(count), expected=str(form.count)))
    return parsed


def _expect_array(form: Form) -> Phrase:
    size = int(np.prod(form.shape))
    example = np.arange(1.0, size + 1).reshape(form.shape).tolist() if size <= 6 else "[...]"
    return phrase("form_expect_array", shape=str(form.shape), example=str(example))


def _expect_expression(form: Form) -> Phrase:
    names = ", ".join(form.symbols)
    if form.count > 1:
        return phrase("form_expect_formulas", count=str(form.count), names=names)
    return phrase("form_expect_formula", names=names)


_READERS: dict[str, tuple[Callable[[Form, Any], Any], Callable[[Form], Phrase]]] = {
    "choice": (_choice, lambda form: phrase("form_expect_choice",
                                            letters=", ".join(form.letters))),
    "multi": (_multi, lambda form: phrase("form_expect_multi")),
    "bool": (_bool, lambda form: phrase("form_expect_bool")),
    "numeric": (_numeric, lambda form: phrase("form_expect_numeric")),
    "array": (_array, _expect_array),
    "expression": (_expression, _expect_expression),
}
TYPES = tuple(_READERS)
