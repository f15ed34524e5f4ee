"""Expression: a formula string (comma-separated for a list such as a gradient), a SymPy
expression, or a list of either; graded by equivalence (`2*(x+1)` == `2*x+2`).

The number of formulas is part of the form. In a randomised item the answer may also use
the parameters, which each student's values replace exactly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import sympy as sp

from autograder.grading import equivalence
from autograder.message import Message
from autograder.quiz.items.base import Item
from autograder.quiz.items.fields import Fields, read_formula
from autograder.quiz.variants import exact, formula
from autograder.student.forms import Form
from autograder.student.formulas import Formula


@dataclass(frozen=True)
class ExpressionItem(Item):
    """A formula in `symbols`; `answer` is its text (parameters allowed when randomised)."""

    symbols: tuple[str, ...] = ()

    kind: ClassVar[str] = "expression"
    fields: ClassVar[frozenset[str]] = frozenset({"symbols"})
    randomisable: ClassVar[bool] = True

    @classmethod
    def read(cls, fields: Fields, names: tuple[str, ...]) -> dict[str, Any]:
        symbols, answer = fields.get("symbols"), fields.get("answer")
        if not isinstance(symbols, list) or not symbols or not all(
                isinstance(s, str) and s.isidentifier() for s in symbols):
            fields.need("symbols", "a list of names")
            return {}
        if set(symbols) & set(names):
            fields.fail("params", "needs parameter names other than the symbols")
        read_formula(fields, "answer", answer, (*symbols, *names))
        return {"answer": str(answer).strip(), "symbols": tuple(symbols)}

    def parsed(self) -> Formula:
        """The answer formula as written (parameters still symbols)."""
        return formula(self.answer, (*self.symbols, *self.names))

    def form(self) -> Form:
        parsed = self.parsed()
        count = len(parsed) if isinstance(parsed, tuple) else 1
        return Form(self.id, self.kind, symbols=self.symbols, count=count)

    def key(self, values: Mapping[str, Fraction]) -> Formula:
        parsed, subs = self.parsed(), exact(values)
        if not subs:
            return parsed
        return tuple(p.xreplace(subs) for p in parsed) if isinstance(parsed, tuple) \
            else parsed.xreplace(subs)

    def score(self, value: Formula, key: Formula) -> tuple[float, str, Message | None]:
        return float(equivalence.equivalent(value, key)), _text(value), None

    def literal(self, key: Formula) -> str:
        """The key as the model solution writes it, in SymPy's usual order (a key is ours:
        printing it never meets a student's formula)."""
        parts = key if isinstance(key, tuple) else (key,)
        return json.dumps(", ".join(map(str, parts)) if self.params else self.answer)

    def wrong_answer(self, key: Formula) -> str:
        parts = key if isinstance(key, tuple) else (key,)
        return ", ".join(f"({part}) + 1" for part in parts)


def _text(value: Formula) -> str:
    """SymPy's text for a formula, its terms in the order they are stored: SymPy's usual
    order sorts them by value, which evaluated sigmoid(exp(10**10)) numerically for minutes.
    Printing a very deep tree can exhaust the recursion limit (then "...": the answer shown
    is code, the same in every language)."""
    parts = value if isinstance(value, tuple) else (value,)
    try:
        return ", ".join(sp.sstr(part, order="none") for part in parts)
    except RecursionError:
        return "..."
