"""results.json: the one serializer of `SubmissionResult`, both ways.

The file follows Gradescope's schema (`score`, `max_score`, `execution_time`, `output`, `tests`
with `name`, `score`, `max_score`, `status`, `output`, `visibility`); the English `output` texts
are rendered from the records, and the records themselves travel in `extra_data` so that
`load` rebuilds them exactly. Every string a submission controls has a cap and the whole file
a budget, whatever it printed or raised: the record is trimmed first, then both the records and
the `output` texts are written from the trimmed record, so the two always agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
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
from autograder.reports.i18n import LANGUAGES, render, submission_lines, test_lines
from autograder.safefs import read_beneath

BUDGET = 2 * 2**20  # bytes of one results.json, whatever the submission did
PRINTED_CAP = 4000
PARAM_CAP = 2000
ANSWER_CAP = 200  # characters of a quiz answer (what feedback and item analysis show)
NAME_CAP = 200  # a cell label, a mistake's name, a sandbox layer


class ResultsError(ValueError):
    """A results.json that this version cannot read back (damaged or from elsewhere)."""


@dataclass(frozen=True)
class Trim:
    """How much of a result's long fields results.json keeps."""

    details: int  # messages per test (and at most 5 hints)
    param: int  # characters of a message value or a hint
    text: int  # characters of the printed output, an explanation, a test's values
    listed: int  # cell problems and notes


FULL = Trim(20, PARAM_CAP, PRINTED_CAP, 200)
LEAN = Trim(3, 200, 500, 10)
# Tried in order until the file fits the budget; the last keeps no details at all.
LEVELS = (FULL, LEAN, Trim(1, 60, 200, 3), Trim(0, 0, 0, 0))


def _capped_message(message: Message, limit: int) -> Message:
    return Message(message.key, {k: capped(v, limit) if isinstance(v, str) else v
                                 for k, v in message.params.items()})


def _optional(value: str | None, limit: int) -> str | None:
    return None if value is None else capped(value, limit)


def _trimmed_test(test: TestResult, trim: Trim) -> TestResult:
    if not (test.details or test.hints or test.mistake or test.answer or test.explanation
            or test.values):  # nothing to cut (every passed test): the same record
        return test
    return replace(
        test, details=tuple(_capped_message(m, trim.param) for m in test.details[:trim.details]),
        hints=tuple(capped(h, min(500, trim.param)) for h in test.hints[:min(5, trim.details)]),
        mistake=_optional(test.mistake, NAME_CAP), answer=_optional(test.answer, ANSWER_CAP),
        explanation=_optional(test.explanation, trim.text),
        values=_optional(test.values, trim.text))


def trimmed(result: SubmissionResult, trim: Trim = FULL) -> SubmissionResult:
    """`result` with every long field cut to `trim`: exactly what results.json keeps."""
    problem = result.problem
    return replace(
        result, tests=tuple(_trimmed_test(t, trim) for t in result.tests),
        problem=None if problem is None else _capped_message(problem, max(trim.param, 300)),
        cells=tuple(CellProblem(capped(c.cell, NAME_CAP), _capped_message(c.message, trim.param),
                                c.failure) for c in result.cells[:trim.listed]),
        notes=tuple(_capped_message(n, trim.param) for n in result.notes[:min(50, trim.listed)]),
        printed=capped(result.printed, trim.text),
        warnings=tuple(SandboxWarning(capped(w.layer, NAME_CAP)) for w in result.warnings[:20]))


def _message(message: Message) -> dict[str, Any]:
    return {"key": message.key, "params": dict(message.params)}


def _test(test: TestResult) -> dict[str, Any]:
    extra = {"function": test.function, "key": test.key, "duration": round(test.duration, 4),
             "details": [_message(m) for m in test.details], "hints": list(test.hints),
             "mistake": test.mistake, "failure": test.failure.value if test.failure else None,
             "item": test.item, "answer": test.answer, "explanation": test.explanation,
             "values": test.values}
    return {"name": test.name, "score": test.score, "max_score": test.max_score,
            "status": "passed" if test.passed else "failed",
            "output": "\n".join(test_lines(test, "en")), "visibility": test.visibility.value,
            "extra_data": extra}


def _document(result: SubmissionResult) -> dict[str, Any]:
    """The results.json dict of an already trimmed record."""
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
                  for c in result.cells],
        "notes": [_message(n) for n in result.notes], "printed": result.printed,
        "warnings": [w.layer for w in result.warnings],
    }
    return {"score": result.score, "max_score": result.max_score,
            "execution_time": round(result.execution_time, 3),
            "output": "\n".join(submission_lines(replace(result, tests=()), "en")),
            "tests": [_test(t) for t in result.tests], "extra_data": extra}


def to_json(result: SubmissionResult, lean: bool = False) -> dict[str, Any]:
    """The results.json dict; `lean` keeps fewer details (used only to meet a budget)."""
    return _document(trimmed(result, LEAN if lean else FULL))


def dumps(result: SubmissionResult) -> str:
    """results.json as text, within `BUDGET` (details are trimmed further only if needed)."""
    for trim in LEVELS:
        text = json.dumps(_document(trimmed(result, trim)), ensure_ascii=False)  # C encoder
        if len(text.encode()) <= BUDGET:
            break
    return text


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _optional_str(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"expected text or null, got {type(value).__name__}")
    return value


def _shown(data: Any) -> Message:
    """A stored message that every language can show (a known key with all its values)."""
    message = Message.from_json(data)
    for lang in LANGUAGES:
        try:
            render(message, lang)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"message {message.key!r} cannot be shown: "
                             f"{type(exc).__name__}: {exc}") from None
    return message


def _failure(value: Any) -> Failure | None:
    return None if value is None else Failure(value)


def _load_test(data: dict[str, Any]) -> TestResult:
    extra = data["extra_data"]
    if not isinstance(extra["item"], bool):
        raise TypeError("item is not true or false")
    return TestResult(
        name=str(data["name"]), function=str(extra["function"]), score=float(data["score"]),
        max_score=float(data["max_score"]), visibility=Visibility(data["visibility"]),
        details=tuple(_shown(m) for m in _list(extra["details"])),
        hints=tuple(str(h) for h in _list(extra["hints"])),
        mistake=_optional_str(extra["mistake"]), failure=_failure(extra["failure"]),
        key=str(extra["key"]), duration=float(extra["duration"]),
        answer=_optional_str(extra["answer"]), explanation=_optional_str(extra["explanation"]),
        values=_optional_str(extra["values"]), item=extra["item"])


def from_json(data: Any) -> SubmissionResult:
    """Rebuild the record `to_json` wrote; ResultsError for anything else."""
    try:
        extra = data["extra_data"]
        problem = extra["problem"]
        return SubmissionResult(
            student=str(extra["student"]), assignment=str(extra["assignment"]),
            status=Status(extra["status"]),
            origin=Origin(str(extra["submission"]), str(extra["sha256"]),
                          str(extra["source_sha256"]), _optional_str(extra["submitted_at"]),
                          _optional_str(extra["declared_at"])),
            tests=tuple(_load_test(t) for t in _list(data["tests"])),
            problem=None if problem is None else _shown(problem),
            cells=tuple(CellProblem(str(c["cell"]), _shown(c["message"]), Failure(c["failure"]))
                        for c in _list(extra["cells"])),
            notes=tuple(_shown(n) for n in _list(extra["notes"])),
            printed=str(extra["printed"]),
            warnings=tuple(SandboxWarning(str(w)) for w in _list(extra["warnings"])),
            seed=int(extra["seed"]), suite=str(extra["suite"]),
            graded_at=str(extra["graded_at"]), execution_time=float(data["execution_time"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResultsError(f"not a results.json of aimath {__version__}: "
                           f"{type(exc).__name__}: {exc}"[:300]) from None


def load(out: Path, student: str) -> SubmissionResult:
    """Read `out/<student>/results.json` without following a link; ResultsError when it is
    missing, damaged, foreign or larger than any results.json aimath writes."""
    try:
        raw = read_beneath(out, PurePosixPath(student, "results.json"), 2 * BUDGET)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise ResultsError(f"{out / student / 'results.json'}: {exc}"[:300]) from None
    return from_json(data)
