"""The base of every quiz item type, and the registry that finds a type by its name.

A type (one module in this folder, its class setting `kind`) owns what differs between
types: reading its bank fields (`read`), its answer form (`form`, checked by
`autograder.student.forms`, which the kit shares), its key for a student's values (`key`),
scoring a well-formed answer (`score`), the key as notebook source (`literal`), a wrong
answer for `aimath validate` (`wrong_answer`) and its jinja snippet `templates/items/<kind>.j2`
(macros `how()`, `short(form)`, `details(item)`). Grading itself is the same for every type.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from autograder.quiz import variants
from autograder.quiz.items.fields import Fields
from autograder.student import forms
from autograder.student.values import ItemParams, Param, draw

SHOWN = 200  # characters of an answer kept for feedback and item analysis
REGISTRY: dict[str, type[Item]] = {}


@dataclass(frozen=True)
class ItemResult:
    """A graded answer: score fraction in [0, 1], status, message and the answer as text.

    `status` is "correct", "partial", "wrong" or "invalid"; `answer` is the normalised
    answer, or for an invalid one a description of what was given ("int 1").
    """

    score: float
    status: str
    message: str
    answer: str


@dataclass(frozen=True)
class Variant:
    """One student's version of an item: the values they were shown and the key for them."""

    values: Mapping[str, Fraction]
    key: Any


@dataclass(frozen=True)
class Item(abc.ABC):
    """One quiz question; `answer` is as the bank writes it, `params` make it per-student."""

    id: str
    title: str
    prompt: str
    points: float
    explanation: str
    answer: Any = None
    params: tuple[Param, ...] = ()
    require: tuple[str, ...] = ()

    kind: ClassVar[str] = ""
    fields: ClassVar[frozenset[str]] = frozenset()  # the type's own bank fields
    randomisable: ClassVar[bool] = False  # may declare `params` and `require`

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            REGISTRY[cls.kind] = cls

    @classmethod
    @abc.abstractmethod
    def read(cls, fields: Fields, names: tuple[str, ...]) -> dict[str, Any]:
        """The type's constructor arguments (`answer` included) from its bank fields, given
        the item's parameter names; problems go to `fields` (`fields.failed` then is set)."""

    @abc.abstractmethod
    def form(self) -> forms.Form:
        """What an answer must look like, for the grader and the student kit alike."""

    @abc.abstractmethod
    def score(self, value: Any, key: Any) -> tuple[float, str, str]:
        """(fraction, the answer as text, a detail for the message) of a normalised answer."""

    @abc.abstractmethod
    def literal(self, key: Any) -> str:
        """The key as Python source for the model solution: `"B"`, `[[1, 0], [0, 1]]`."""

    @abc.abstractmethod
    def wrong_answer(self, key: Any) -> Any:
        """A plausible answer of the right form that the key does not accept."""

    def key(self, values: Mapping[str, Fraction]) -> Any:
        """The key for a student's values (a fixed item has one key: its answer)."""
        return self.answer

    @property
    def names(self) -> tuple[str, ...]:
        """The parameter names, the variables of the answer formula and explanation."""
        return tuple(param.name for param in self.params)

    @property
    def template(self) -> str:
        return f"items/{self.kind}.j2"

    def spec(self) -> ItemParams | None:
        """What the kit needs to draw this item's values (None for a fixed item)."""
        return ItemParams(self.id, self.params, self.require) if self.params else None

    def variant(self, values_key: bytes, quiz: str, student: str) -> Variant:
        """`student`'s values and key; `values_key` is unused by a fixed item."""
        spec = self.spec()
        values = draw(spec, values_key, quiz, student) if spec else {}
        return Variant(values, self.key(values))

    def explanation_for(self, variant: Variant) -> str:
        """The explanation with the student's own numbers in its `{{formula}}` places."""
        if not self.params:
            return self.explanation
        return variants.fill(self.explanation, self.names, variant.values)

    def expected_form(self) -> str:
        """The answer's form in words, as messages say it."""
        return forms.expected_form(self.form())

    def grade(self, raw: Any, key: Any) -> ItemResult:
        """Check `raw`'s form, normalise it and score it against `key`."""
        form = self.form()
        problem = forms.form_problem(form, raw)
        if problem is not None:
            return ItemResult(0.0, "invalid", f"{self.id}: {problem}", _cut(forms.describe(raw)))
        score, shown, detail = self.score(forms.read_answer(form, raw), key)
        shown = _cut(shown)
        if score >= 1.0:
            return ItemResult(1.0, "correct", f"{self.id}: correct", shown)
        status = "partial" if score > 0 else "wrong"
        verdict = "partly correct" if score > 0 else "not correct"
        note = f" ({detail})" if detail else ""
        return ItemResult(max(0.0, score), status, f"{self.id}: {shown} is {verdict}{note}",
                          shown)


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."
