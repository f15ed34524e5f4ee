"""Yes/no: True or False, or a word such as "yes", "no", "예", "아니오" (1 and 0 are refused)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from autograder.message import Message
from autograder.quiz.items.base import Item
from autograder.quiz.items.fields import Fields
from autograder.student.forms import Form


@dataclass(frozen=True)
class BoolItem(Item):
    """A yes/no question; the answer is a bool."""

    kind: ClassVar[str] = "bool"

    @classmethod
    def read(cls, fields: Fields, names: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(fields.get("answer"), bool):
            fields.need("answer", "true or false")
        return {"answer": fields.get("answer")}

    def form(self) -> Form:
        return Form(self.id, self.kind)

    def score(self, value: bool, key: bool) -> tuple[float, str, Message | None]:
        return float(value == key), str(value), None

    def literal(self, key: bool) -> str:
        return repr(key)

    def wrong_answer(self, key: bool) -> bool:
        return not key
