"""Quiz banks: one YAML file per quiz, read and checked against the schema below.

A bank has `id` (the file's stem), `title`, `lecture` and `items`. Every item has `id`
(q1, q2, ... in order), `title` (a short public name), `prompt` (markdown with LaTeX),
`type`, `answer`, `points` and `explanation`, plus per type (one class per type in
`autograder/quiz/items/`, which also holds each type's answer rules):

| type | answer | extra fields |
|---|---|---|
| choice | one option letter | `options`: letter -> text (A, B, ... in order) |
| multi | a list of option letters | `options` |
| bool | true / false | |
| numeric | a number | `rtol` (default 1e-3), `atol` (default 1e-8) |
| array | a nested list of numbers | `atol` (default 1e-6), `rtol` (default 0) |
| expression | a formula string | `symbols`: the variable names it may use |

Per-student values (numeric, array and expression items) are declared with `params`, a
mapping of names to `{min, max, step}` (every multiple of `step` from `min` to `max`: the
item's precision, so values are "nice") or `{choices: [numbers]}`. The answer is then a
formula in the parameters, in the formula language students use (array: any entry may be
one; expression: a formula in the symbols and the parameters), which the grader evaluates
exactly for each student. `require` lists formulas in the parameters that must all be > 0,
e.g. `s - f` (a draw that fails one is drawn again), to keep degenerate values out. The
prompt names the parameters (the notebook prints each student's values above the items);
the explanation shows the student's own numbers through `{{formula}}` places such as
`{{s*p}}`. On load, sample draws must give every key and explanation a finite value.

A malformed bank raises `BankError` listing every problem as `FILE:LINE: message`, the line
taken from YAML's node marks, e.g. `quiz_03.yaml:41: item q4: numeric item needs 'answer'
as a number`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from autograder.course.assignments import QUIZBANK
from autograder.quiz.items import REGISTRY, Item
from autograder.quiz.items.fields import Fields, is_number, params
from autograder.quiz.variants import formula, placeholders
from autograder.student.formulas import FormulaError

COMMON = {"id", "title", "prompt", "type", "answer", "points", "explanation"}
RANDOMISED = {"params", "require"}
SAMPLES, SAMPLE_KEY = 20, b"bank check"  # draws that must all give finite keys


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
    """The bank of `quiz_id` (e.g. "quiz_03") from `autograder/quiz/banks/`."""
    path = QUIZBANK / f"{quiz_id}.yaml"
    return _load_cached(path, path.stat().st_mtime_ns)


def bank_paths() -> list[Path]:
    """Every bank file, in quiz order."""
    return sorted(QUIZBANK.glob("quiz_*.yaml"))


@functools.lru_cache(maxsize=32)
def _load_cached(path: Path, mtime: int) -> Bank:
    return load_bank(path)


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


class _Checker:
    """Collects problems with their line numbers while turning YAML data into a Bank."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def fail(self, node: Any, message: str) -> None:
        line = f":{node.start_mark.line + 1}" if node is not None else ""
        self.problems.append(f"{self.path.name}{line}: {message}")

    def bank(self, root: Any, data: Any) -> Bank:
        """The bank's own fields, then every item; raise BankError listing all problems."""
        if not isinstance(data, dict):
            raise BankError([f"{self.path.name}: a bank must be a mapping with id, title, "
                             "lecture and items"])
        top = Fields(data, root, "bank", self.fail)
        if data.get("id") != self.path.stem:
            top.fail("id", f"needs 'id' equal to {self.path.stem!r}")
        if not isinstance(data.get("title"), str) or not data["title"].strip():
            top.need("title", "text")
        if not isinstance(data.get("lecture"), int) or isinstance(data.get("lecture"), bool):
            top.need("lecture", "a whole number")
        for key in sorted(set(data) - {"id", "title", "lecture", "items"}):
            self.fail(root, f"unknown field {key!r} in the bank")
        items_node, raw_items = top.child("items"), data.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            top.need("items", "a non-empty list")
            raw_items = []
        items = [self.item(items_node.value[i], raw, i) for i, raw in enumerate(raw_items)]
        if self.problems:
            raise BankError(self.problems)
        return Bank(data["id"], data["title"], data["lecture"],
                    tuple(item for item in items if item is not None))

    def item(self, node: Any, data: Any, index: int) -> Item | None:
        """One item: the common fields here, the rest by its type's class (None if wrong)."""
        if not isinstance(data, dict):
            self.fail(node, f"item #{index + 1} must be a mapping")
            return None
        where = f"item {data.get('id', f'q{index + 1}')}"
        common = Fields(data, node, f"{where}:", self.fail)
        self._common(common, f"q{index + 1}")
        kind = data.get("type")
        cls = REGISTRY.get(kind) if isinstance(kind, str) else None
        if cls is None:
            common.fail("type", f"'type' must be one of {', '.join(REGISTRY)}")
            return None
        fields = Fields(data, node, f"{where}: {cls.kind} item", self.fail)
        allowed = COMMON | cls.fields | (RANDOMISED if cls.randomisable else set())
        for key in sorted(set(data) - allowed):
            common.fail(key, f"field {key!r} is not used by a {cls.kind} item")
        declared, require = params(fields)
        if fields.failed:
            return None
        extra = cls.read(fields, tuple(p.name for p in declared))
        if common.failed or fields.failed:
            return None
        item = cls(id=data["id"], title=data["title"].strip(), prompt=data["prompt"].strip(),
                   points=data["points"], explanation=data["explanation"].strip(),
                   params=declared, require=require, **extra)
        self._samples(item, fields)
        return None if fields.failed else item

    def _common(self, fields: Fields, expected_id: str) -> None:
        if fields.get("id") != expected_id:
            fields.fail("id", f"needs 'id' {expected_id!r}")
        for key in ("title", "prompt", "explanation"):
            if not isinstance(fields.get(key), str) or not fields.get(key).strip():
                fields.need(key, "text")
        if not is_number(fields.get("points")) or fields.get("points") <= 0:
            fields.need("points", "a positive number")

    def _samples(self, item: Item, fields: Fields) -> None:
        """A randomised item's placeholders parse and sample draws give finite keys."""
        if not item.params:
            return
        for text in placeholders(item.explanation):
            try:
                formula(text, item.names)
            except FormulaError as exc:
                fields.fail("explanation", f"has a place {{{{{text}}}}} that is not a formula "
                                           f"in {', '.join(item.names)} ({exc})")
                return
        for n in range(SAMPLES):
            try:
                item.explanation_for(item.variant(SAMPLE_KEY, self.path.stem, f"sample-{n}"))
            except (ValueError, ArithmeticError) as exc:
                fields.fail("answer", f"has no value for a sample draw: {exc}")
                return
