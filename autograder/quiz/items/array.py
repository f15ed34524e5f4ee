"""Array: a nested list or a numeric array of the item's shape, compared entry by entry.

A different shape is a form problem (invalid, 0 points). Entries are right within
|got - key| <= atol + rtol * |key| (defaults atol 1e-6, rtol 0). In a randomised item an
entry of the answer may be a formula string in the parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from autograder.message import Message, msg
from autograder.quiz.items.base import Item
from autograder.quiz.items.fields import Fields, is_number, read_formula, tolerances
from autograder.quiz.variants import number_at
from autograder.student.forms import Form


@dataclass(frozen=True)
class ArrayItem(Item):
    """A vector or matrix; `answer` is nested tuples of numbers (or of formula strings)."""

    rtol: float = 0.0
    atol: float = 1e-6

    kind: ClassVar[str] = "array"
    fields: ClassVar[frozenset[str]] = frozenset({"rtol", "atol"})
    randomisable: ClassVar[bool] = True

    @classmethod
    def read(cls, fields: Fields, names: tuple[str, ...]) -> dict[str, Any]:
        answer = _nested(fields.get("answer"), lambda v: is_number(v) or (
            bool(names) and isinstance(v, str)))
        if answer is None:
            fields.need("answer", "a nested list of numbers with equal rows"
                        + (" (or formulas in the parameters)" if names else ""))
        for leaf in _leaves(answer or ()):
            if isinstance(leaf, str) and isinstance(read_formula(fields, "answer", leaf, names),
                                                    tuple):
                fields.need("answer", f"one formula per entry, not {leaf!r}")
        return {"answer": answer, **tolerances(fields, 0.0, 1e-6)}

    def form(self) -> Form:
        return Form(self.id, self.kind, shape=tuple(np.shape(self.answer)))

    def key(self, values: Mapping[str, Fraction]) -> Any:
        if not self.params:
            return self.answer
        return _map(self.answer, lambda leaf: number_at(leaf, self.names, values)
                    if isinstance(leaf, str) else leaf)

    def score(self, value: np.ndarray, key: Any) -> tuple[float, str, Message | None]:
        expected = np.array(key, dtype=float)
        shown = str(value.tolist()) if value.size <= 100 else np.array2string(
            value, threshold=100, edgeitems=3, separator=", ")
        close = np.abs(value - expected) <= self.atol + self.rtol * np.abs(expected)
        if close.all():
            return 1.0, shown, None
        first = tuple(int(i) for i in np.argwhere(~close)[0])
        return 0.0, shown, msg("quiz.wrong_entries", item=self.id, count=int((~close).sum()),
                               size=int(expected.size), index=str(first))

    def literal(self, key: Any) -> str:
        return repr(_map(key, lambda leaf: leaf, list))

    def wrong_answer(self, key: Any) -> list:
        return (np.asarray(key, dtype=float) + 1).tolist()


def _nested(value: Any, leaf: Callable[[Any], bool]) -> tuple | None:
    """A rectangular nested list of accepted leaves as nested tuples, else None."""
    if not isinstance(value, list) or not value:
        return None
    if not any(isinstance(v, list) for v in value):
        return tuple(value) if all(leaf(v) for v in value) else None
    rows = [row for row in (_nested(v, leaf) for v in value) if row is not None]
    if len(rows) != len(value) or len({np.shape(row) for row in rows}) != 1:
        return None
    return tuple(rows)


def _leaves(value: Any) -> list[Any]:
    return [x for v in value for x in _leaves(v)] if isinstance(value, tuple) else [value]


def _map(value: Any, function: Callable[[Any], Any], container: type = tuple) -> Any:
    if isinstance(value, tuple | list):
        return container(_map(v, function, container) for v in value)
    return function(value)
