"""One student's feedback page: a self-contained HTML file built from their results.json.

The page shows only what the result holds (hidden inputs and the suite's source never reach
it), escapes everything the student's code produced, and opens offline.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from autograder.course import assignments
from autograder.reports.hints import translate, translate_message
from autograder.reports.i18n import render_template
from autograder.safefs import atomic_open

HINT = re.compile(r"^\s*Hint:\s*(.*)$")


@dataclass(frozen=True)
class ShownTest:
    """One test as the page shows it: the teaching message with its hints set apart."""

    name: str
    function: str
    status: str
    score: float
    max_score: float
    message: str
    hints: tuple[str, ...]
    answer: str | None
    explanation: str | None
    is_item: bool

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def badge(self) -> str:
        """`passed`, `partial` (failed but earned points) or the status as it is."""
        return badge(self.status, self.score)


@dataclass
class FunctionSummary:
    """Tests passed and points earned for one function (or quiz item)."""

    function: str
    passed: int = 0
    total: int = 0
    score: float = 0.0
    max_score: float = 0.0
    tests: list[ShownTest] = field(default_factory=list)

    @property
    def badge(self) -> str:
        return badge("passed" if self.passed == self.total else "failed", self.score)


def badge(status: str, score: float) -> str:
    """The badge a status shows: a failed test that still earned points is `partial`."""
    return "partial" if status == "failed" and score > 0 else status


def function_of(test: Mapping[str, Any]) -> str:
    """The function or quiz item a test grades: `extra_data.function`, else the name's prefix."""
    extra = test.get("extra_data") or {}
    return str(extra.get("function") or str(test.get("name", "")).split(":", 1)[0].strip())


def split_hints(output: str) -> tuple[str, tuple[str, ...]]:
    """Separate the `Hint: ...` lines of a test's message from the rest of it."""
    body, hints = [], []
    for line in output.splitlines():
        match = HINT.match(line)
        if match:
            hints.append(match.group(1))
        else:
            body.append(line)
    return "\n".join(body).strip("\n"), tuple(hints)


def shown_test(test: Mapping[str, Any], lang: str = "en") -> ShownTest:
    """What the page needs from one entry of `tests`, its hints and known mistake in `lang`."""
    extra = test.get("extra_data") or {}
    message, hints = split_hints(str(test.get("output") or ""))
    answer = extra.get("answer")
    explanation = extra.get("explanation")
    return ShownTest(
        name=str(test.get("name", "")),
        function=function_of(test),
        status=str(test.get("status", "failed")),
        score=float(test.get("score") or 0.0),
        max_score=float(test.get("max_score") or 0.0),
        message=translate_message(message, lang),
        hints=tuple(translate(hint, lang) for hint in hints),
        answer=None if answer is None else str(answer),
        explanation=None if explanation is None else str(explanation),
        is_item="answer" in extra,
    )


def summarise(tests: list[ShownTest]) -> list[FunctionSummary]:
    """Group tests by function, in order of first appearance."""
    groups: dict[str, FunctionSummary] = {}
    for test in tests:
        group = groups.setdefault(test.function, FunctionSummary(test.function))
        group.passed += test.passed
        group.total += 1
        group.score += test.score
        group.max_score += test.max_score
        group.tests.append(test)
    return list(groups.values())


def when(stamp: str | None) -> str | None:
    """An ISO timestamp as `2026-11-20 10:00 UTC`; text that is not ISO is shown as it is."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return text
    return text + (" UTC" if not offset else moment.strftime(" %z"))


def feedback_context(result: Mapping[str, Any], lang: str = "en") -> dict[str, Any]:
    """Everything the feedback template prints, computed from one results.json dict."""
    extra = result.get("extra_data") or {}
    assignment_id = str(extra.get("assignment", ""))
    known = assignments.ALL.get(assignment_id)
    hidden = [t for t in result.get("tests", []) if t.get("visibility") == "hidden"]
    tests = [shown_test(t, lang) for t in result.get("tests", [])
             if t.get("visibility") != "hidden"]
    functions = summarise(tests)
    score, max_score = float(result.get("score") or 0), float(result.get("max_score") or 0)
    return {
        "student": str(extra.get("student", "")),
        "assignment": assignment_id,
        "title": known.title if known else "",
        "submission": extra.get("submission"),
        "sha256": str(extra.get("sha256") or "")[:12],
        "submitted_at": when(extra.get("submitted_at")),
        "graded_at": when(extra.get("graded_at")),
        "status": str(extra.get("status", "graded")),
        "score": score,
        "max_score": max_score,
        "fraction": score / max_score if max_score else None,
        "execution_time": result.get("execution_time"),
        "message": str(result.get("output") or "").strip(),
        "tests": tests,
        "hidden_count": len(hidden),
        "hidden_points": sum(float(t.get("max_score") or 0) for t in hidden),
        "passed": sum(test.passed for test in tests),
        "functions": functions,
        "grouped": any(group.total > 1 for group in functions),
    }


def render_feedback(result: Mapping[str, Any], lang: str = "en") -> str:
    """The feedback page for one student's result, in English (`en`) or Korean (`ko`)."""
    return render_template("feedback.html.j2", lang, **feedback_context(result, lang))


def write_feedback(
    result: Mapping[str, Any], path: str | os.PathLike[str], lang: str = "en"
) -> Path:
    """Write the feedback page atomically (a reader never sees half a page); returns the path."""
    with atomic_open(path) as handle:
        handle.write(render_feedback(result, lang))
    return Path(path)
