"""Per-student values of randomised quiz items, drawn identically by the kit and the grader.

A randomised item declares parameters, each taking one of finitely many exact values (a
range `min`..`max` by `step`, or a list of `choices`), so every value is "nice" at the
item's declared precision. A student's values come from HMAC-SHA256 under the course's
published values key of (quiz, student id, item, attempt); when one of the item's `require`
formulas (over its parameters) is not > 0 the item is drawn again with the next attempt,
which keeps degenerate draws (parallel vectors, an empty output) away. The values key is
derived from the course secret for this purpose only, so publishing it reveals nothing
else the secret protects; this file holds the generator, never an answer or its formula.
Pure: standard library, plus this folder's `formulas` and `numbers` for `require`.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import sympy as sp

from . import identity
from .forms import SUFFIX
from .formulas import Formula, FormulaError, parse_formula
from .numbers import real_value

LABEL = "quiz-values"
MAX_ATTEMPTS = 100
Number = int | float


@dataclass(frozen=True)
class Param:
    """One parameter: `choices`, else the grid `low`, `low + step`, ..., `high`."""

    name: str
    low: Fraction = Fraction(0)
    high: Fraction = Fraction(0)
    step: Fraction = Fraction(1)
    choices: tuple[Fraction, ...] = ()

    @property
    def size(self) -> int:
        """How many values the parameter may take."""
        return len(self.choices) or int((self.high - self.low) // self.step) + 1

    def value(self, index: int) -> Fraction:
        return self.choices[index] if self.choices else self.low + index * self.step

    def to_json(self) -> dict[str, Any]:
        """Values as decimal text ("0.05"): exact, since every value is a bank's decimal."""
        if self.choices:
            return {"name": self.name, "choices": [str(plain(c)) for c in self.choices]}
        return {"name": self.name, "min": str(plain(self.low)), "max": str(plain(self.high)),
                "step": str(plain(self.step))}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Param:
        if "choices" in data:
            return cls(str(data["name"]), choices=tuple(Fraction(c) for c in data["choices"]))
        return cls(str(data["name"]), Fraction(data["min"]), Fraction(data["max"]),
                   Fraction(data["step"]))


@dataclass(frozen=True)
class ItemParams:
    """The parameters of one randomised item and the conditions a draw must meet."""

    id: str  # the item: "q2"
    params: tuple[Param, ...]
    require: tuple[str, ...] = ()  # formulas in the parameters, each must be > 0

    def to_json(self) -> dict[str, Any]:
        found = {"params": [p.to_json() for p in self.params], "require": list(self.require)}
        return {key: value for key, value in found.items() if value}


@dataclass(frozen=True)
class QuizValues:
    """What the kit needs to show a quiz's values: its id, the values key, the parameters."""

    quiz: str
    key: bytes
    items: tuple[ItemParams, ...]


def draw(spec: ItemParams, key: bytes, quiz: str, student: str) -> dict[str, Fraction]:
    """One student's exact values for one item (the grader computes its key from these)."""
    names = tuple(param.name for param in spec.params)
    for attempt in range(MAX_ATTEMPTS):
        words = _words(key, LABEL, quiz, student_id(student), spec.id, str(attempt))
        values = {param.name: param.value(_below(words, param.size)) for param in spec.params}
        if all(_positive(condition, names, values) for condition in spec.require):
            return values
    raise ValueError(f"{spec.id}: no draw in {MAX_ATTEMPTS} meets its 'require' conditions")


def values_for(spec: Iterable[ItemParams], key: bytes, assignment: str,
               student: str) -> dict[str, dict[str, Number]]:
    """Every randomised item's values for one student, as plain numbers: {"q2": {"p": 0.12}}."""
    return {item.id: {name: plain(value) for name, value in
                        draw(item, key, assignment, student).items()} for item in spec}


def student_id(student: str) -> str:
    """The id as values are drawn for it: the id the grader files the submission under (the
    one rule, `identity`: NFC, no spaces around it, other characters mapped), so `alice
    smith` typed in the notebook draws what `alice smith.ipynb` is graded with, and a Korean
    name typed on a Mac what the grader draws."""
    return identity.student_id(str(student)).value


def plain(value: Fraction) -> Number:
    """An exact value as an int, or as the float whose shortest text is that decimal."""
    return int(value) if value.denominator == 1 else float(value)


def load_values(path: str | Path) -> QuizValues:
    """The values spec of one quiz from its `<quiz>.forms.json`."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    items = tuple(ItemParams(str(entry["id"]),
                             tuple(Param.from_json(p) for p in entry["params"]),
                             tuple(entry.get("require", ())))
                  for entry in document["items"] if entry.get("params"))
    return QuizValues(str(document["quiz"]), bytes.fromhex(document.get("values_key", "")),
                      items)


def row_text(row: Mapping[str, Fraction | Number]) -> str:
    """One item's values as text: "p = 0.12, s = 0.95"."""
    return ", ".join(f"{name} = {plain(value) if isinstance(value, Fraction) else value}"
                     for name, value in row.items())


def values_text(values: Mapping[str, Mapping[str, Fraction | Number]]) -> str:
    """One line per item: "q2: p = 0.12, s = 0.95"."""
    return "\n".join(f"{item}: {row_text(row)}" for item, row in values.items())


def show_values(quiz: str, student: str, folder: str | Path | None = None) -> None:
    """Print `student`'s values for every randomised item of `quiz` (the notebook's cell);
    the forms file is looked for in `folder` (default: here), then beside this module."""
    if not str(student).strip():
        print("STUDENT_ID 에 학번을 쓰고 이 셀을 다시 실행하세요 "
              "(write your student id in STUDENT_ID and run this cell again).")
        return
    name = f"{quiz}{SUFFIX}"
    places = [Path(folder or Path.cwd()) / name, Path(__file__).resolve().parent / "forms" / name]
    path = next((p for p in places if p.is_file()), None)
    if path is None:
        print(f"{name} 을 찾을 수 없습니다 (not found): open the notebook in its own folder.")
        return
    spec = load_values(path)
    graded_as = student_id(student)
    if graded_as != str(student).strip():
        print(f"{str(student).strip()!r} 은(는) {graded_as} 로 채점됩니다 "
              f"(the grader files it as {graded_as}: these are its values).")
    print(f"학번 (student id) {graded_as} 의 값 (your values):")
    print(values_text(values_for(spec.items, spec.key, spec.quiz, student)))


def _words(key: bytes, *labels: str) -> Iterator[int]:
    """An endless stream of 64-bit words: HMAC-SHA256 of the labels and a block counter."""
    message = "\x1f".join(labels)
    for block in itertools.count():
        digest = hmac.new(key, f"{message}\x1f{block}".encode(), hashlib.sha256).digest()
        yield from (int.from_bytes(digest[i:i + 8], "big") for i in range(0, 32, 8))


def _below(words: Iterator[int], n: int) -> int:
    """A uniform integer in [0, n): rejection sampling, so no value is favoured."""
    limit = 2**64 - 2**64 % n
    return next(word % n for word in words if word < limit)


def _positive(condition: str, names: tuple[str, ...], values: dict[str, Fraction]) -> bool:
    """Whether `condition` is > 0 at `values` (a condition without a value is not)."""
    exact = {sp.Symbol(n): sp.Rational(v.numerator, v.denominator) for n, v in values.items()}
    formula = _parsed(condition, names)
    try:
        return all(real_value(part.xreplace(exact)) > 0
                   for part in (formula if isinstance(formula, tuple) else (formula,)))
    except FormulaError:
        return False


@functools.lru_cache(maxsize=256)
def _parsed(text: str, names: tuple[str, ...]) -> Formula:
    return parse_formula(text, names)
