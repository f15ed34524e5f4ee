"""Choice: one option letter as a string; case and surrounding spaces do not matter."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

from autograder.message import Message
from autograder.quiz.items.base import Item
from autograder.quiz.items.fields import Fields, options
from autograder.student.forms import Form


@dataclass(frozen=True)
class ChoiceItem(Item):
    """A single choice among `options` (letter -> text); the answer is a letter."""

    options: dict[str, str] = field(default_factory=dict)

    kind: ClassVar[str] = "choice"
    fields: ClassVar[frozenset[str]] = frozenset({"options"})

    @classmethod
    def read(cls, fields: Fields, names: tuple[str, ...]) -> dict[str, Any]:
        found = options(fields)
        if found and fields.get("answer") not in found:
            fields.need("answer", f"one of the letters {', '.join(found)}")
        return {"options": found or {}, "answer": fields.get("answer")}

    def form(self) -> Form:
        return Form(self.id, self.kind, letters=tuple(self.options))

    def score(self, value: str, key: str) -> tuple[float, str, Message | None]:
        return float(value == key), value, None

    def literal(self, key: str) -> str:
        return json.dumps(key)

    def wrong_answer(self, key: str) -> str:
        return next(letter for letter in self.options if letter != key)
