"""Check an assignment's suite against known answers: the model solution scores full marks,
the released stub scores zero, and every mutant in the catalogue (`tests/mutants/<id>.py`)
loses points on a test named after the function it breaks.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from autograder.batch.worker import WorkerConfig, grade_stream
from autograder.course import assignments
from autograder.grading.plugin import Graded


@dataclass(frozen=True)
class Mutant:
    """A realistic mistake: a full redefinition of one contract function."""

    function: str
    mistake: str
    code: str


@dataclass
class Verdict:
    """The outcome of validating one assignment."""

    assignment: str
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    tests: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def notebook_code(path: Path) -> list[str]:
    """The code cells of a notebook, as text."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c.get("cell_type") == "code"]


def wrong_answer(item: Any) -> Any:
    """A plausible wrong answer of the item's own form (so it grades as wrong, not invalid)."""
    if item.type == "choice":
        return next(k for k in item.options if k != str(item.answer).upper())
    if item.type == "multi":
        picked = {str(a).upper() for a in item.answer}
        return sorted(k for k in item.options if k not in picked)[:1] or sorted(picked)[:-1]
    if item.type == "bool":
        return not item.answer
    if item.type == "numeric":
        return float(item.answer) * 2 + 1
    if item.type == "array":
        return (np.asarray(item.answer, dtype=float) + 1).tolist()
    return ", ".join(f"({part}) + 1" for part in str(item.answer).split(","))


def mutants(assignment_id: str) -> list[Mutant]:
    """The mutant catalogue of an assignment; for a quiz, one wrong answer per item."""
    if assignments.get(assignment_id).is_quiz:
        from autograder.quiz.bank import load_quiz

        return [Mutant(item.id, f"wrong answer {wrong_answer(item)!r}",
                       f"{item.id} = {wrong_answer(item)!r}")
                for item in load_quiz(assignment_id).items]
    path = assignments.get(assignment_id).suite_dir / "mutants.py"
    if not path.is_file():
        return []
    spec = importlib.util.spec_from_file_location(f"_mutants_{assignment_id}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.MUTANTS)


def _notebook(cells: list[str]) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "code", "metadata": {}, "source": c,
                                  "outputs": [], "execution_count": None} for c in cells]})


def _candidates(assignment_id: str, folder: Path) -> Iterator[tuple[str, dict, Mutant | None]]:
    root = assignments.ROOT
    solution = notebook_code(root / "solutions" / assignment_id / f"{assignment_id}.ipynb")
    stub = root / "release" / assignment_id / f"{assignment_id}.ipynb"
    variants: list[tuple[str, list[str], Mutant | None]] = [
        ("solution", solution, None), ("stub", notebook_code(stub), None)]
    variants += [(f"mutant-{i:02d}", [*solution, m.code], m)
                 for i, m in enumerate(mutants(assignment_id))]
    for name, cells, mutant in variants:
        path = folder / f"{name}.ipynb"
        path.write_text(_notebook(cells), encoding="utf-8")
        yield name, {"student": name, "path": str(path)}, mutant


def validate(assignment_id: str, *, call_timeout: float = 10.0) -> Verdict:
    """Grade the solution, the stub and every mutant in the sandbox; report what is wrong."""
    verdict = Verdict(assignment_id)
    with tempfile.TemporaryDirectory(prefix="aimath-validate-") as tmp:
        folder = Path(tmp)
        candidates = list(_candidates(assignment_id, folder))
        by_name = {name: mutant for name, _, mutant in candidates}
        config = WorkerConfig(assignment=assignment_id, out=str(folder / "out"),
                              call_timeout=call_timeout)

        def judge(graded: Graded) -> None:
            name = graded.submission.student
            verdict.tests = len(graded.outcomes)
            verdict.checked.append(name)
            problem = _judge(name, by_name[name], graded)
            if problem:
                verdict.problems.append(problem)

        grade_stream((task for _, task, _ in candidates), config, judge)
    missing = {name for name, _, _ in candidates} - set(verdict.checked)
    verdict.problems += [f"{name}: was not graded (the suite did not run)" for name in missing]
    return verdict


def _judge(name: str, mutant: Mutant | None, graded: Graded) -> str | None:
    score = sum(o.score for o in graded.outcomes)
    total = sum(o.max_score for o in graded.outcomes)
    if name == "solution" and score < total:
        failed = [f"{o.name}: {o.output[:300]}" for o in graded.outcomes if not o.passed]
        return f"the model solution scores {score:g}/{total:g}; failing: " + "; ".join(failed)
    if name == "stub" and score > 0:
        passed = [o.name for o in graded.outcomes if o.score > 0]
        return f"the released stub scores {score:g}/{total:g}; passing: " + "; ".join(passed)
    if mutant is not None:
        hit = [o for o in graded.outcomes
               if o.function == mutant.function and o.score < o.max_score]
        if not hit:
            return (f"mutant {mutant.function}: '{mutant.mistake}' is not caught by any "
                    f"`{mutant.function}:` test")
    return None
