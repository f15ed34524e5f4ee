"""The base of every quiz item type, and the registry that finds a type by its name.

A type (one module in this folder, its class setting `kind`) owns what differs between
types: reading its bank fields (`read`), its answer form (`form`, checked by
`autograder.student.forms`, which the kit shares), its key for a student's values (`key`),
scoring a well-formed answer (`score`), the key as notebook source (`literal`), a wrong
answer for `aimath validate` (`wrong_answer`) and its jinja snippet `templates/items/<kind>.j2`
(macros `how()`, `short(form)`, `details(item)`). Grading itself is the same for every type.

A verdict is a keyed message (`quiz.correct`, `quiz.wrong`, `quiz.partial`, `quiz.invalid`, ...
in `autograder/reports/messages/`), so pages say it in the reader's language. An invalid
answer's problem is said by the kit's own form words (`autograder/student/text.py`, shared with
the self-check): the message carries it in every language, `problem_en` and `problem_ko`.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from reprlib import Repr
from typing import Any, ClassVar

import numpy as np

from autograder.message import Message, msg
from autograder.quiz import variants
from autograder.quiz.items.fields import Fields
from autograder.student import forms
from autograder.student.text import words
from autograder.student.values import ItemParams, Param, draw

SHOWN = 200  # characters of an answer kept for feedback and item analysis
GIVEN = 60  # characters of an invalid answer kept as it was given
REGISTRY: dict[str, type[Item]] = {}
_GIVEN = Repr()  # bounded text of an invalid answer, as forms.given bounds it
_GIVEN.maxlevel, _GIVEN.maxlist, _GIVEN.maxtuple, _GIVEN.maxstring = 3, 4, 4, 40


@dataclass(frozen=True)
class ItemResult:
    """A graded answer: score fraction in [0, 1], status, keyed message and the answer.

    `status` is "correct", "partial", "wrong" or "invalid"; `answer` is the normalised
    answer as text, or for an invalid one what was given, as code (`1`, `'maybe'`), None for
    None: the same in every language.
    """

    score: float
    status: str
    message: Message
    answer: str | None


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
    def score(self, value: Any, key: Any) -> tuple[float, str, Message | None]:
        """(fraction, the answer as text, the verdict when the type says more than
        `quiz.wrong`) of a normalised answer."""

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

    def grade(self, raw: Any, key: Any) -> ItemResult:
        """Check `raw`'s form, normalise it and score it against `key`."""
        form = self.form()
        problem = forms.problem(form, raw)
        if problem is not None:
            said = msg("quiz.invalid", item=self.id, problem_en=words("en", problem),
                       problem_ko=words("ko", problem))
            return ItemResult(0.0, "invalid", said, given_as_code(raw))
        score, shown, verdict = self.score(forms.read_answer(form, raw), key)
        shown = _cut(shown, SHOWN)
        if score >= 1.0:
            return ItemResult(1.0, "correct", msg("quiz.correct", item=self.id), shown)
        return ItemResult(max(0.0, score), "partial" if score > 0 else "wrong",
                          verdict or msg("quiz.wrong", item=self.id), shown)


def given_as_code(raw: Any) -> str | None:
    """An invalid answer as it was given, as code, shortly: `1`, `'maybe'`, `[[0, 1]]`,
    `array([0., 0.])`, a SymPy expression's srepr, `<set>` for a value the sandbox could not
    send; None for None (no answer)."""
    if raw is None:
        return None
    srepr = getattr(raw, "srepr", None)  # a SymPy expression, sent as its text
    if isinstance(srepr, str):
        return _cut(srepr, GIVEN)
    if isinstance(raw, np.ndarray):
        text = np.array2string(raw, threshold=20, edgeitems=2, separator=", ")
        return _cut(f"array({text})", GIVEN)
    if isinstance(raw, str | bool | int | float | np.generic | list | tuple):
        return _cut(_GIVEN.repr(raw), GIVEN)
    name = getattr(raw, "type_name", None)
    return f"<{name if isinstance(name, str) else type(raw).__name__}>"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
