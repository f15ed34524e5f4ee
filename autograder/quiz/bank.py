"""Quiz banks: one YAML file per quiz, read and checked against the schema below.

A bank has `id` (the file's stem), `title`, `lecture` and `items`. Every item has `id`
(q1, q2, ... in order), `title` (a short public name), `prompt` (markdown with LaTeX),
`type`, `answer`, `points` and `explanation`, plus per type:

| type | answer | extra fields |
|---|---|---|
| choice | one option letter | `options`: letter -> text (A, B, ... in order) |
| multi | a list of option letters | `options` |
| bool | true / false | |
| numeric | a number | `rtol` (default 1e-3), `atol` (default 1e-8) |
| array | a nested list of numbers | `atol` (default 1e-6), `rtol` (default 0) |
| expression | a formula string | `symbols`: the variable names it may use |

A malformed bank raises `BankError` listing every problem as `FILE:LINE: message`, the line
taken from YAML's node marks, e.g. `quiz_03.yaml:41: item q4: numeric item needs 'answer'
as a number`.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from autograder.course.assignments import QUIZBANK
from autograder.grading import exprs

TYPES = ("choice", "multi", "bool", "numeric", "array", "expression")
TOLERANCES = {"numeric": (1e-3, 1e-8), "array": (0.0, 1e-6)}  # (rtol, atol)
COMMON = {"id", "title", "prompt", "type", "answer", "points", "explanation"}
EXTRA = {"choice": {"options"}, "multi": {"options"}, "bool": set(),
         "numeric": {"rtol", "atol"}, "array": {"rtol", "atol"}, "expression": {"symbols"}}


@dataclass(frozen=True)
class Item:
    """One quiz question with its key; `answer` is a str, tuple, bool or number by type."""

    id: str
    title: str
    prompt: str
    type: str
    answer: Any
    points: float
    explanation: str
    options: dict[str, str] = field(default_factory=dict)
    rtol: float = 0.0
    atol: float = 0.0
    symbols: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bank:
    """A lecture quiz: its items in order."""

    id: str
    title: str
    lecture: int
    items: tuple[Item, ...]


class BankError(ValueError):
    """A bank that does not follow the schema; `problems` holds one `FILE:LINE: ...` each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def load_quiz(quiz_id: str) -> Bank:
    """The bank of `quiz_id` (e.g. "quiz_03") from `autograder/quizbank/`."""
    return load_bank(QUIZBANK / f"{quiz_id}.yaml")


def bank_paths() -> list[Path]:
    """Every bank file, in quiz order."""
    return sorted(QUIZBANK.glob("quiz_*.yaml"))


def load_bank(path: Path) -> Bank:
    """Read and check one bank file; raise BankError with every problem found."""
    path = Path(path)
    loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise BankError([f"{path.name}: not valid YAML: {exc}"]) from None
    finally:
        loader.dispose()
    return _Checker(path).bank(root, data)


def _child(node: Any, key: str) -> Any:
    """The value node under `key` in a mapping node (None if absent)."""
    for key_node, value_node in getattr(node, "value", []):
        if getattr(key_node, "value", None) == key:
            return value_node
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _Checker:
    """Collects problems with their line numbers while turning YAML data into a Bank."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def fail(self, node: Any, message: str) -> None:
        line = f":{node.start_mark.line + 1}" if node is not None else ""
        self.problems.append(f"{self.path.name}{line}: {message}")

    def bank(self, root: Any, data: Any) -> Bank:
        if not isinstance(data, dict):
            raise BankError([f"{self.path.name}: a bank must be a mapping with id, title, "
                             "lecture and items"])
        if data.get("id") != self.path.stem:
            self.at(root, "id", f"bank needs 'id' equal to {self.path.stem!r}")
        if not isinstance(data.get("title"), str) or not data["title"].strip():
            self.at(root, "title", "bank needs 'title' as text")
        if not isinstance(data.get("lecture"), int) or isinstance(data.get("lecture"), bool):
            self.at(root, "lecture", "bank needs 'lecture' as a whole number")
        for key in sorted(set(data) - {"id", "title", "lecture", "items"}):
            self.fail(root, f"unknown field {key!r} in the bank")
        items_node, raw_items = _child(root, "items"), data.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            self.fail(items_node or root, "bank needs 'items' as a non-empty list")
            raw_items = []
        items = [self.item(items_node.value[i], raw, i) for i, raw in enumerate(raw_items)]
        if self.problems:
            raise BankError(self.problems)
        return Bank(data["id"], data["title"], data["lecture"],
                    tuple(item for item in items if item is not None))

    def at(self, node: Any, key: str, message: str) -> None:
        """A problem with field `key` of a mapping node (at the mapping if the key is absent)."""
        self.fail(_child(node, key) or node, message)

    def item(self, node: Any, data: Any, index: int) -> Item | None:
        if not isinstance(data, dict):
            self.fail(node, f"item #{index + 1} must be a mapping")
            return None
        where = f"item {data.get('id', f'q{index + 1}')}"
        before = len(self.problems)
        self._common(node, data, where, f"q{index + 1}")
        kind = data.get("type")
        if kind not in TYPES:
            self.at(node, "type", f"{where}: 'type' must be one of {', '.join(TYPES)}")
            return None
        for key in sorted(set(data) - COMMON - EXTRA[kind]):
            self.fail(_child(node, key), f"{where}: field {key!r} is not used by a {kind} item")
        extra = getattr(self, f"_{kind}")(node, data, f"{where}: {kind} item")
        if len(self.problems) > before:
            return None
        return Item(id=data["id"], title=data["title"].strip(), prompt=data["prompt"].strip(),
                    type=kind, points=data["points"], explanation=data["explanation"].strip(),
                    **extra)

    def _common(self, node: Any, data: dict, where: str, expected_id: str) -> None:
        if data.get("id") != expected_id:
            self.at(node, "id", f"{where}: needs 'id' {expected_id!r}")
        for key in ("title", "prompt", "explanation"):
            if not isinstance(data.get(key), str) or not data[key].strip():
                self.at(node, key, f"{where}: needs {key!r} as text")
        if not _is_number(data.get("points")) or data["points"] <= 0:
            self.at(node, "points", f"{where}: needs 'points' as a positive number")

    def _answer_problem(self, node: Any, where: str, what: str) -> dict[str, Any]:
        self.at(node, "answer", f"{where} needs 'answer' as {what}")
        return {}

    def _options(self, node: Any, data: dict, where: str) -> dict[str, str]:
        options = data.get("options")
        letters = list(string.ascii_uppercase[: len(options)]) if isinstance(options, dict) else []
        if (not isinstance(options, dict) or len(options) < 2 or list(options) != letters
                or not all(isinstance(text, str) and text.strip() for text in options.values())):
            self.at(node, "options",
                    f"{where} needs 'options' mapping the letters A, B, ... in order to text")
            return {}
        return {letter: str(text).strip() for letter, text in options.items()}

    def _choice(self, node: Any, data: dict, where: str) -> dict[str, Any]:
        options = self._options(node, data, where)
        if options and data.get("answer") not in options:
            return self._answer_problem(node, where, f"one of the letters {', '.join(options)}")
        return {"options": options, "answer": data.get("answer")}

    def _multi(self, node: Any, data: dict, where: str) -> dict[str, Any]:
        options, answer = self._options(node, data, where), data.get("answer")
        if options and (not isinstance(answer, list) or not answer or len(set(answer)) < len(answer)
                        or not all(a in options for a in answer)):
            return self._answer_problem(node, where, "a list of distinct option letters")
        return {"options": options, "answer": tuple(sorted(answer or ()))}

    def _bool(self, node: Any, data: dict, where: str) -> dict[str, Any]:
        if not isinstance(data.get("answer"), bool):
            return self._answer_problem(node, where, "true or false")
        return {"answer": data["answer"]}

    def _numeric(self, node: Any, data: dict, where: str) -> dict[str, Any]:
        if not _is_number(data.get("answer")):
            return self._answer_problem(node, where, "a number")
        return {"answer": data["answer"], **self._tolerances(node, data, where, "numeric")}

    def _array(self, node: Any, data: dict, where: str) -> dict[str, Any]:
        answer = _nested_tuple(data.get("answer"))
        if answer is None:
            return self._answer_problem(node, where, "a nested list of numbers with equal rows")
        return {"answer": answer, **self._tolerances(node, data, where, "array")}

    def _tolerances(self, node: Any, data: dict, where: str, kind: str) -> dict[str, float]:
        found = dict(zip(("rtol", "atol"), TOLERANCES[kind], strict=True))
        for key in found:
            if key in data and (not _is_number(data[key]) or data[key] < 0):
                self.fail(_child(node, key), f"{where} needs {key!r} as a number >= 0")
            elif key in data:
                found[key] = float(data[key])
        return found

    def _expression(self, node: Any, data: dict, where: str) -> dict[str, Any]:
        symbols, answer = data.get("symbols"), data.get("answer")
        if not isinstance(symbols, list) or not symbols or not all(
                isinstance(s, str) and s.isidentifier() for s in symbols):
            self.at(node, "symbols", f"{where} needs 'symbols' as a list of names")
            return {}
        if not isinstance(answer, str):
            return self._answer_problem(node, where, f"a formula string in {', '.join(symbols)}")
        try:
            exprs.parse_formula(answer, symbols)
        except exprs.FormulaError as exc:
            return self._answer_problem(node, where, f"a formula in {', '.join(symbols)} ({exc})")
        return {"answer": data["answer"].strip(), "symbols": tuple(symbols)}


def _nested_tuple(value: Any) -> tuple | None:
    """A rectangular nested list of numbers as nested tuples, else None."""
    if not isinstance(value, list) or not value:
        return None
    if all(_is_number(v) for v in value):
        return tuple(value)
    rows = [_nested_tuple(v) for v in value]
    if any(r is None for r in rows) or len({_shape(r) for r in rows}) != 1:
        return None
    return tuple(rows)


def _shape(value: Any) -> tuple[int, ...]:
    return (len(value), *_shape(value[0])) if isinstance(value, tuple) else ()
