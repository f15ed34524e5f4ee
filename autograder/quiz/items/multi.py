"""Multiple select: a list of option letters (or one string such as "A, C"), partial credit.

Each correct pick earns 1/(number of correct options) and each wrong pick costs 1/(number of
wrong options); the total is never below 0, and an empty selection scores 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

from autograder.message import Message, msg
from autograder.quiz.items.base import Item
from autograder.quiz.items.fields import Fields, options
from autograder.student.forms import Form


@dataclass(frozen=True)
class MultiItem(Item):
    """Select all that apply among `options`; the answer is a tuple of letters, sorted."""

    options: dict[str, str] = field(default_factory=dict)

    kind: ClassVar[str] = "multi"
    fields: ClassVar[frozenset[str]] = frozenset({"options"})

    @classmethod
    def read(cls, fields: Fields, names: tuple[str, ...]) -> dict[str, Any]:
        found, answer = options(fields), fields.get("answer")
        if found and (not isinstance(answer, list) or not answer
                      or len(set(answer)) < len(answer) or not all(a in found for a in answer)):
            fields.need("answer", "a list of distinct option letters")
            answer = []
        return {"options": found or {}, "answer": tuple(sorted(answer or ()))}

    def form(self) -> Form:
        return Form(self.id, self.kind, letters=tuple(self.options))

    def score(self, picks: tuple[str, ...], key: tuple[str, ...]
              ) -> tuple[float, str, Message | None]:
        right, wrong = set(key), set(self.options) - set(key)
        hits, misses = len(set(picks) & right), len(set(picks) - right)
        score = max(0.0, min(1.0, hits / len(right) - (misses / len(wrong) if wrong else 0.0)))
        shown = ", ".join(picks) or "[]"
        if score > 0:
            return score, shown, msg("quiz.partial", item=self.id, hits=hits, right=len(right),
                                     misses=misses)
        return score, shown, msg("quiz.wrong_picks", item=self.id, hits=hits, right=len(right),
                                 misses=misses)

    def literal(self, key: tuple[str, ...]) -> str:
        return json.dumps(list(key))

    def wrong_answer(self, key: tuple[str, ...]) -> list[str]:
        missed = sorted(letter for letter in self.options if letter not in key)
        return missed[:1] or sorted(key)[:-1]
