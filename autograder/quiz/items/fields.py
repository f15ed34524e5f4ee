"""Reading one item's bank fields with FILE:LINE problems: the helpers every type shares.

`Fields` wraps an item's YAML mapping and its node; a type reads its fields through it and
reports each problem at the line of the field (or of the item when the field is missing),
e.g. `quiz_03.yaml:41: item q4: numeric item needs 'answer' as a number`.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from autograder.quiz.variants import formula
from autograder.student.formulas import CONSTANTS, FUNCTIONS, Formula, FormulaError
from autograder.student.values import Param

MAX_VALUES = 10**6  # values one parameter may take


class Fields:
    """One item's mapping while it is read: its values, and problems reported at their line."""

    def __init__(self, data: dict[str, Any], node: Any, where: str,
                 report: Callable[[Any, str], None]) -> None:
        self.data = data
        self.node = node
        self.where = where  # "item q4: numeric item"
        self._report = report
        self.failed = False

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def fail(self, key: str, message: str) -> None:
        """Report `message` at field `key` (at the item when the field is absent)."""
        self.failed = True
        self._report(self.child(key) or self.node, f"{self.where} {message}")

    def need(self, key: str, what: str) -> None:
        self.fail(key, f"needs {key!r} as {what}")

    def child(self, key: str) -> Any:
        """The value node under `key` (None if absent)."""
        for key_node, value_node in getattr(self.node, "value", []):
            if getattr(key_node, "value", None) == key:
                return value_node
        return None


def is_number(value: Any) -> bool:
    """A finite int or float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def options(fields: Fields) -> dict[str, str] | None:
    """The `options` mapping: letters A, B, ... in order, each to a text."""
    found = fields.get("options")
    letters = list(string.ascii_uppercase[: len(found)]) if isinstance(found, dict) else []
    if (not isinstance(found, dict) or len(found) < 2 or list(found) != letters
            or not all(isinstance(text, str) and text.strip() for text in found.values())):
        fields.need("options", "a mapping of the letters A, B, ... in order to text")
        return None
    return {letter: str(text).strip() for letter, text in found.items()}


def tolerances(fields: Fields, rtol: float, atol: float) -> dict[str, float]:
    """`rtol` and `atol`, numbers >= 0, with the type's defaults."""
    found = {"rtol": rtol, "atol": atol}
    for key in found:
        value = fields.get(key)
        if value is not None and (not is_number(value) or value < 0):
            fields.need(key, "a number >= 0")
        elif value is not None:
            found[key] = float(value)
    return found


def read_formula(fields: Fields, key: str, text: Any, names: tuple[str, ...]) -> Formula | None:
    """A formula string over `names`, or None after reporting why it is not one."""
    what = f"a formula in {', '.join(names) or 'no variables'}"
    if not isinstance(text, str):
        fields.need(key, what)
        return None
    try:
        return formula(text.strip(), names)
    except FormulaError as exc:
        fields.need(key, f"{what} ({exc})")
        return None


def params(fields: Fields) -> tuple[tuple[Param, ...], tuple[str, ...]]:
    """The `params` (name -> {min, max, step} or {choices}) and `require` formulas."""
    found = fields.get("params")
    if found is None:
        return (), ()
    if not isinstance(found, dict) or not found:
        fields.need("params", "a mapping of names to {min, max, step} or {choices: [...]}")
        return (), ()
    read = tuple(_param(fields, name, spec) for name, spec in found.items())
    if fields.failed:
        return (), ()
    names = tuple(str(name) for name in found)
    require = fields.get("require", [])
    if not isinstance(require, list):
        fields.need("require", "a list of formulas in the parameters")
        require = []
    for condition in require:
        read_formula(fields, "require", condition, names)
    return tuple(p for p in read if p is not None), tuple(str(c).strip() for c in require)


def _param(fields: Fields, name: Any, spec: Any) -> Param | None:
    if not isinstance(name, str) or not name.isidentifier() or name in FUNCTIONS \
            or name in CONSTANTS:
        fields.fail("params", f"parameter {name!r} needs a name that is not a function")
        return None
    if isinstance(spec, dict) and set(spec) == {"choices"} and isinstance(spec["choices"], list) \
            and spec["choices"] and all(is_number(c) for c in spec["choices"]):
        return Param(name, choices=tuple(_exact(c) for c in spec["choices"]))
    if isinstance(spec, dict) and set(spec) == {"min", "max", "step"} \
            and all(is_number(v) for v in spec.values()):
        low, high, step = (_exact(spec[k]) for k in ("min", "max", "step"))
        if step > 0 and low <= high and (high - low) % step == 0 \
                and (high - low) / step < MAX_VALUES:
            return Param(name, low, high, step)
    fields.fail("params", f"parameter {name!r} needs {{min, max, step}} (max - min a multiple "
                          "of step > 0) or {choices: [numbers]}")
    return None


def _exact(number: float) -> Fraction:
    """A YAML number exactly as written (0.05 is 1/20)."""
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)
