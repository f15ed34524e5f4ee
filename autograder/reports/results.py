"""results.json: the one serializer of `SubmissionResult`, both ways.

The file follows Gradescope's schema (`score`, `max_score`, `execution_time`, `output`, `tests`
with `name`, `score`, `max_score`, `status`, `output`, `visibility`); the English `output` texts
are rendered from the records, and the records themselves travel in `extra_data` so that
`load` rebuilds them exactly. Every string has a cap and the whole file a budget, whatever a
submission printed or raised.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autograder import __version__
from autograder.grading.model import (
    CellProblem,
    Failure,
    Origin,
    SandboxWarning,
    Status,
    SubmissionResult,
    TestResult,
    Visibility,
)
from autograder.message import Message, capped
from autograder.reports.i18n import submission_lines, test_lines

BUDGET = 2 * 2**20  # bytes of one results.json, whatever the submission did
PRINTED_CAP = 4000
PARAM_CAP = 2000


class ResultsError(ValueError):
    """A results.json that this version cannot read back (damaged or from elsewhere)."""


def _message(message: Message) -> dict[str, Any]:
    params = {k: capped(v, PARAM_CAP) if isinstance(v, str) else v
              for k, v in message.params.items()}
    return {"key": message.key, "params": params}


def _test(test: TestResult, lean: bool) -> dict[str, Any]:
    details = test.details[:3] if lean else test.details[:20]
    extra = {"function": test.function, "key": test.key, "duration": round(test.duration, 4),
             "details": [_message(m) for m in details],
             "hints": [capped(h, 500) for h in test.hints[:5]], "mistake": test.mistake,
             "failure": test.failure.value if test.failure else None, "item": test.item,
             "answer": None if test.answer is None else capped(test.answer, 200),
             "explanation": test.explanation,
             "values": None if test.values is None else capped(test.values, 500)}
    shown = TestResult(test.name, test.function, test.score, test.max_score, test.visibility,
                       details, test.hints[:5], test.mistake, test.failure)
    return {"name": test.name, "score": test.score, "max_score": test.max_score,
            "status": "passed" if test.passed else "failed",
            "output": "\n".join(test_lines(shown, "en")), "visibility": test.visibility.value,
            "extra_data": extra}


def to_json(result: SubmissionResult, lean: bool = False) -> dict[str, Any]:
    """The results.json dict; `lean` keeps fewer details (used only to meet the budget)."""
    printed = capped(result.printed, 500 if lean else PRINTED_CAP)
    cells = result.cells[:10] if lean else result.cells[:200]
    shown = SubmissionResult(result.student, result.assignment, result.status, result.origin,
                             problem=result.problem, cells=cells, notes=result.notes[:50],
                             printed=printed, warnings=result.warnings)
    origin = result.origin
    extra = {
        "student": result.student, "assignment": result.assignment,
        "status": result.status.value, "seed": result.seed, "suite": result.suite,
        "graded_at": result.graded_at, "aimath": __version__,
        "submission": origin.filename, "sha256": origin.sha256,
        "source_sha256": origin.source_sha256, "submitted_at": origin.submitted_at,
        "declared_at": origin.declared_at,
        "problem": None if result.problem is None else _message(result.problem),
        "cells": [{"cell": c.cell, "message": _message(c.message), "failure": c.failure.value}
                  for c in cells],
        "notes": [_message(n) for n in result.notes[:50]], "printed": printed,
        "warnings": [w.layer for w in result.warnings],
    }
    return {"score": result.score, "max_score": result.max_score,
            "execution_time": round(result.execution_time, 3),
            "output": "\n".join(submission_lines(shown, "en")),
            "tests": [_test(t, lean) for t in result.tests], "extra_data": extra}


def dumps(result: SubmissionResult) -> str:
    """results.json as text, within the budget (details are trimmed only if needed)."""
    text = json.dumps(to_json(result), ensure_ascii=False, indent=1)
    if len(text.encode()) > BUDGET:
        text = json.dumps(to_json(result, lean=True), ensure_ascii=False)
    return text


def _failure(value: Any) -> Failure | None:
    return None if value is None else Failure(value)


def _load_test(data: dict[str, Any]) -> TestResult:
    extra = data["extra_data"]
    return TestResult(
        name=str(data["name"]), function=str(extra["function"]), score=float(data["score"]),
        max_score=float(data["max_score"]), visibility=Visibility(data["visibility"]),
        details=tuple(Message.from_json(m) for m in extra["details"]),
        hints=tuple(str(h) for h in extra["hints"]), mistake=extra["mistake"],
        failure=_failure(extra["failure"]), key=str(extra["key"]),
        duration=float(extra["duration"]), answer=extra["answer"],
        explanation=extra["explanation"], values=extra["values"], item=bool(extra["item"]))


def from_json(data: Any) -> SubmissionResult:
    """Rebuild the record `to_json` wrote; ResultsError for anything else."""
    try:
        extra = data["extra_data"]
        problem = extra["problem"]
        return SubmissionResult(
            student=str(extra["student"]), assignment=str(extra["assignment"]),
            status=Status(extra["status"]),
            origin=Origin(str(extra["submission"]), str(extra["sha256"]),
                          str(extra["source_sha256"]), extra["submitted_at"],
                          extra["declared_at"]),
            tests=tuple(_load_test(t) for t in data["tests"]),
            problem=None if problem is None else Message.from_json(problem),
            cells=tuple(CellProblem(str(c["cell"]), Message.from_json(c["message"]),
                                    Failure(c["failure"])) for c in extra["cells"]),
            notes=tuple(Message.from_json(n) for n in extra["notes"]),
            printed=str(extra["printed"]),
            warnings=tuple(SandboxWarning(str(w)) for w in extra["warnings"]),
            seed=int(extra["seed"]), suite=str(extra["suite"]),
            graded_at=str(extra["graded_at"]), execution_time=float(data["execution_time"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResultsError(f"not a results.json of aimath {__version__}: "
                           f"{type(exc).__name__}: {exc}"[:300]) from None


def load(path: Path) -> SubmissionResult:
    """Read one results.json; ResultsError when it is missing, damaged or foreign."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResultsError(f"{path}: {exc}") from None
    return from_json(data)

