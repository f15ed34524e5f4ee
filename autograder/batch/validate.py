"""Check an assignment's suite against known answers: the model solution scores full marks,
the released stub scores zero, every mutant in the catalogue (`autograder/suites/<id>/mutants.py`)
loses points on a test named after the function it breaks, and a function that computes
nothing (always raises, always returns 0.0 or None) earns nothing.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.batch.tasks import WorkerConfig
from autograder.batch.worker import Session
from autograder.course import assignments
from autograder.grading.model import SubmissionResult
from autograder.grading.points import collect_suite
from autograder.intake.discover import Source
from autograder.reports.i18n import render
from autograder.student.limits import Limits
from autograder.student.notebook import read_path


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
    tests: int = 0  # in the hidden suite, as `aimath list` counts them

    @property
    def ok(self) -> bool:
        return not self.problems


def notebook_code(path: Path) -> list[str]:
    """The code cells of a notebook as the one notebook reader runs them."""
    return [cell.code for cell in read_path(path).cells]


def mutant_name(index: int) -> str:
    """The student id the `index`-th mutant is graded under (a quiz's values depend on it)."""
    return f"mutant-{index:02d}"


def mutants(assignment_id: str) -> list[Mutant]:
    """The mutant catalogue of an assignment; for a quiz, wrong answers per item and variant."""
    if assignments.get(assignment_id).is_quiz:
        from autograder.quiz.mutants import quiz_mutants

        return [Mutant(*wrong) for wrong in quiz_mutants(assignment_id, mutant_name)]
    path = assignments.get(assignment_id).suite_dir / "mutants.py"
    if not path.is_file():
        return []
    spec = importlib.util.spec_from_file_location(f"_mutants_{assignment_id}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.MUTANTS)


DEGENERATE = {  # answers that must earn nothing, whatever a suite's edge cases are
    "always raises ValueError": "    raise ValueError('degenerate')",
    "always returns 0.0": "    return 0.0",
    "always returns None": "    return None",
}


def degenerate_mutants(assignment_id: str) -> list[Mutant]:
    """For every function of an exercise, stand-ins that compute nothing: each must score 0
    on that function's tests (edge cases earn points only beside an ordinary case)."""
    item = assignments.get(assignment_id)
    return [Mutant(fn, what, f"def {fn}(*args, **kwargs):\n{body}\n")
            for fn in item.functions for what, body in DEGENERATE.items()]


def _notebook(cells: list[str]) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "code", "metadata": {}, "source": c,
                                  "outputs": [], "execution_count": None} for c in cells]})


def _candidates(assignment_id: str, folder: Path) -> Iterator[tuple[Source, Mutant | None]]:
    root = assignments.ROOT
    solution = notebook_code(root / "solutions" / assignment_id / f"{assignment_id}.ipynb")
    stub = root / "release" / assignment_id / f"{assignment_id}.ipynb"
    variants: list[tuple[str, list[str], Mutant | None]] = [
        ("solution", solution, None), ("stub", notebook_code(stub), None)]
    variants += [(mutant_name(i), [*solution, m.code], m)
                 for i, m in enumerate(mutants(assignment_id))]
    variants += [(f"degenerate-{i:02d}", [*solution, m.code], m)
                 for i, m in enumerate(degenerate_mutants(assignment_id))]
    for name, cells, mutant in variants:
        (folder / f"{name}.ipynb").write_text(_notebook(cells), encoding="utf-8")
        yield Source(name, folder, PurePosixPath(f"{name}.ipynb"), raw=name), mutant


def validate(assignment_id: str, *, call_timeout: float = 10.0) -> Verdict:
    """Grade the solution, the stub and every mutant in the sandbox; report what is wrong."""
    verdict = Verdict(assignment_id, tests=collect_suite(assignment_id)[0])
    with tempfile.TemporaryDirectory(prefix="aimath-validate-") as tmp:
        folder = Path(tmp)
        candidates = list(_candidates(assignment_id, folder))
        by_name = {source.student: mutant for source, mutant in candidates}
        config = WorkerConfig(assignment_id, str(folder / "out"), str(folder / "course"),
                              Limits(call_timeout=call_timeout))

        def judge(result: SubmissionResult) -> None:
            verdict.checked.append(result.student)
            problem = _judge(result.student, by_name[result.student], result)
            if problem:
                verdict.problems.append(problem)

        Session(config, lambda key: None, judge).grade(s for s, _ in candidates)
    missing = set(by_name) - set(verdict.checked)
    verdict.problems += [f"{name}: was not graded (the suite did not run)" for name in missing]
    return verdict


def _judge(name: str, mutant: Mutant | None, result: SubmissionResult) -> str | None:
    score, total = result.score, result.max_score
    if name == "solution" and score < total:
        failed = [f"{t.name}: {'; '.join(render(m, 'en') for m in t.details)[:300]}"
                  for t in result.tests if not t.passed]
        return f"the model solution scores {score:g}/{total:g}; failing: " + "; ".join(failed)
    if name == "stub" and score > 0:
        passed = [t.name for t in result.tests if t.score > 0]
        return f"the released stub scores {score:g}/{total:g}; passing: " + "; ".join(passed)
    if mutant is None:
        return None
    mine = [t for t in result.tests if t.function == mutant.function]
    if name.startswith("degenerate"):
        earned = [t.name for t in mine if t.score > 0]
        return None if not earned else (f"{mutant.function} that {mutant.mistake} earns "
                                         f"points on: {'; '.join(earned)}")
    if not any(t.score < t.max_score for t in mine):
        return (f"mutant {mutant.function}: '{mutant.mistake}' is not caught by any "
                f"`{mutant.function}:` test")
    return None
