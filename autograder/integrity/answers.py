"""Quizzes compared by their answers: the same rare answer to the same item.

A quiz's code is a few `q1 = ...` lines of one shape for everyone, so its fingerprints say
nothing: two copies scored 40% and two students with different answers 100%. What does say
something is two students giving the same answer that almost nobody else gave: the same wrong
answer, or the value of an item randomised per student (one student's right answer is then the
other's wrong one). An answer more students gave (`Settings.rare_limit`: a fixed item's right
answer, a popular mistake) is no evidence, as common code is none, and an item both answered
that way says nothing either way: the score is the shared rare answers over the other items
(so a copy of a strong student is found by the randomised values it copied). An item's answer
is the last assignment to its name outside functions, read as written (never run): literals
by their value (`'B'`, `"b "` and `"B"` alike; `23` and `23.0` alike), anything else by its
code. Without the key, a small class cannot tell a right answer few gave from a shared one.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from autograder.integrity.model import Match, Pair, Settings, StudentCode

ITEM = re.compile(r"q[0-9]{1,3}\Z")
FLOOR = 2  # the fewest items a score is divided by: one shared answer cannot score 100%
FORMULA = ("items both answered alike with an answer at most rare_limit submissions gave / "
           "max(items of the quiz less those both answered with a common answer, 2)")


@dataclass(frozen=True)
class Answer:
    """One item's answer as written, normalised, and the line it is on."""

    text: str
    line: int


def answers_of(code: StudentCode) -> dict[str, Answer]:
    """Each item's answer in `code`: the last assignment to its name outside any function
    (inside `if` or `for` blocks too, tuple targets item by item); a cell that does not
    parse, or an answer that cannot be read back, gives none."""
    found: dict[str, Answer] = {}
    for cell in code.cells:
        try:
            body = ast.parse(cell.code).body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in _statements(body):
            for target, value in _assignments(node):
                text = _normal(value)
                if isinstance(target, ast.Name) and ITEM.match(target.id) and text is not None:
                    found[target.id] = Answer(text, cell.first_line + node.lineno - 1)
    return found


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of `body` in order, those of its blocks included, but not of its
    functions and classes (their assignments are not the notebook's answers)."""
    for node in body:
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for block in ("body", "orelse", "finalbody"):
                yield from _statements(getattr(node, block, None) or [])


def _assignments(node: ast.stmt) -> list[tuple[ast.expr, ast.expr]]:
    """(target, value) of each name a statement assigns: `q1 = q2 = 'B'` assigns two, and
    `q1, q2 = 3, 'B'` each its own."""
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        return [(node.target, node.value)]
    if not isinstance(node, ast.Assign):
        return []
    pairs, value = [], node.value
    for target in node.targets:
        if not isinstance(target, ast.Tuple | ast.List):
            pairs.append((target, value))
        elif isinstance(value, ast.Tuple | ast.List) and len(target.elts) == len(value.elts):
            pairs += list(zip(target.elts, value.elts, strict=True))
    return pairs


def _normal(node: ast.expr) -> str | None:
    """The answer as compared: a literal by its value, anything else by its code; None when
    it cannot be read back (nested thousands deep)."""
    try:
        return repr(_value(ast.literal_eval(node)))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    try:
        return ast.unparse(node)
    except (ValueError, RecursionError, MemoryError):
        return None


def _value(value: Any) -> Any:
    """A literal as an answer is read: strings trimmed and in lower case, numbers as floats,
    sequences item by item."""
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


def answer_pairs(codes: Sequence[StudentCode], settings: Settings,
                 starter: StudentCode | None) -> list[Pair]:
    """Every pair that shares rare answers on at least `threshold` of the quiz's items, most
    similar first; an answer left as the starter has it is no answer."""
    blank = answers_of(starter) if starter is not None else {}
    given = {code.student: {item: answer for item, answer in answers_of(code).items()
                            if blank.get(item) is None or answer.text != blank[item].text}
             for code in codes}
    items = len(blank) or len({item for answers in given.values() for item in answers})
    holders: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for student, answers in given.items():
        for item, answer in answers.items():
            holders[(item, answer.text)].append(student)
    limit = settings.rare_limit(len(codes))
    common = {key for key, students in holders.items() if len(students) > limit}
    shared: defaultdict[tuple[str, str], list[str]] = defaultdict(list)  # pair -> its items
    for (item, _), students in sorted(holders.items()):
        if len(students) <= limit:
            for pair in combinations(sorted(students), 2):
                shared[pair].append(item)
    pairs = []
    for (a, b), alike in shared.items():
        both_common = sum(1 for item in set(given[a]) & set(given[b])
                          if (item, given[a][item].text) in common
                          and (item, given[b][item].text) in common)
        value = len(alike) / max(items - both_common, FLOOR)
        if value >= settings.threshold:
            pairs.append(_pair(a, b, value, alike, given))
    return sorted(pairs, key=lambda p: (-p.score, p.a, p.b))


def _pair(a: str, b: str, value: float, items: list[str],
          given: dict[str, dict[str, Answer]]) -> Pair:
    lines = sorted((given[a][item].line, given[b][item].line) for item in items)
    return Pair(a, b, min(1.0, value), len(items),
                tuple(Match(line_a, line_a, line_b, line_b) for line_a, line_b in lines))
