"""Numeric: a number (or a constant formula such as "7/2"), right within the item's tolerance.

Correct when |got - key| <= atol + rtol * |key| (defaults rtol 1e-3, atol 1e-8). A randomised
item's answer is a formula in its parameters, evaluated exactly for each student's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from autograder.message import Message
from autograder.quiz.items.base import Item
from autograder.quiz.items.fields import Fields, is_number, read_formula, tolerances
from autograder.quiz.variants import number_at
from autograder.student.forms import Form


@dataclass(frozen=True)
class NumericItem(Item):
    """A number; `answer` is a number, or a formula string in the item's parameters."""

    rtol: float = 1e-3
    atol: float = 1e-8

    kind: ClassVar[str] = "numeric"
    fields: ClassVar[frozenset[str]] = frozenset({"rtol", "atol"})
    randomisable: ClassVar[bool] = True

    @classmethod
    def read(cls, fields: Fields, names: tuple[str, ...]) -> dict[str, Any]:
        answer = fields.get("answer")
        if names:
            parsed = read_formula(fields, "answer", answer, names)
            if isinstance(parsed, tuple):
                fields.need("answer", "one formula, not a list")
            answer = answer.strip() if isinstance(answer, str) else answer
        elif not is_number(answer):
            fields.need("answer", "a number")
        return {"answer": answer, **tolerances(fields, 1e-3, 1e-8)}

    def form(self) -> Form:
        return Form(self.id, self.kind)

    def key(self, values: Mapping[str, Fraction]) -> float:
        if not self.params:
            return self.answer
        return number_at(self.answer, self.names, values)

    def score(self, value: float, key: float) -> tuple[float, str, Message | None]:
        close = abs(value - key) <= self.atol + self.rtol * abs(key)
        return float(close), f"{value:.10g}", None

    def literal(self, key: float) -> str:
        return repr(key)

    def wrong_answer(self, key: float) -> float:
        return float(key) * 2 + 1
