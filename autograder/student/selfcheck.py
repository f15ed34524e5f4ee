"""`aimath check`: a student's own notebook against the public tests that ship with it.

It runs exactly what `pytest` runs inside `release/<id>/` (the same test file and conftest),
in this process: the code is the student's own, on the student's machine.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from autograder.course import assignments


class CheckError(ValueError):
    """The self-check cannot run (unknown assignment, no public tests)."""


@dataclass(frozen=True)
class CheckOutcome:
    """One public test: its name, whether it passed, and what went wrong."""

    name: str
    passed: bool
    message: str


def infer_assignment(path: Path) -> str:
    """The assignment id from the file name, its folder, or the notebook's metadata."""
    for candidate in (path.stem, path.parent.name):
        if candidate in assignments.ALL:
            return candidate
    for item in assignments.ALL:
        if path.stem.startswith(item) or path.stem.endswith(item):
            return item
    raise CheckError(f"cannot tell which assignment {path.name} is; pass --assignment "
                     f"(one of {', '.join(assignments.ALL)})")


class _Collector:
    def __init__(self) -> None:
        self.outcomes: list[CheckOutcome] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or report.failed:
            doc = report.head_line or report.nodeid
            name = getattr(report, "aimath_title", None) or doc
            message = _short(report.longreprtext) if report.failed else ""
            self.outcomes.append(CheckOutcome(name, report.passed, message))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item,
                                  call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
        from autograder.grading.outcomes import test_name

        report = yield
        report.aimath_title = test_name(item)
        return report


def _short(text: str) -> str:
    """The assertion's own lines (those pytest marks with `E`), else the last lines."""
    if "NotImplementedError" in text:
        return "not written yet (the function still raises NotImplementedError)"
    lines = [ln[1:].strip() for ln in text.splitlines() if ln.startswith("E ")]
    return "\n".join(lines[:8]) if lines else "\n".join(text.splitlines()[-6:])


@contextlib.contextmanager
def _environment(path: Path) -> Iterator[None]:
    old = os.environ.get("AIMATH_SUBMISSION")
    os.environ["AIMATH_SUBMISSION"] = str(path.resolve())
    try:
        yield
    finally:
        if old is None:
            del os.environ["AIMATH_SUBMISSION"]
        else:
            os.environ["AIMATH_SUBMISSION"] = old


def run_public_tests(path: Path, assignment_id: str) -> list[CheckOutcome]:
    """Run the released public tests of `assignment_id` on the file at `path`."""
    folder = assignments.ROOT / "release" / assignment_id
    tests = sorted(folder.glob("test_*.py"))
    if not tests:
        raise CheckError(f"{assignment_id} has no public tests in {folder}")
    collector = _Collector()
    args = [*map(str, tests), "-p", "no:cacheprovider", "-p", "no:terminal",
            "--rootdir", str(folder), "-c", os.devnull, "-W", "ignore"]
    with _environment(path):
        pytest.main(args, plugins=[collector])
    return collector.outcomes


def quiz_form(path: Path, assignment_id: str) -> dict[str, str | None]:
    """Per quiz item: why its answer is blank or not of the item's form, or None when fine."""
    from autograder.intake.submission import load_path
    from autograder.quiz.answers import form_problem
    from autograder.quiz.bank import load_quiz

    namespace: dict[str, object] = {}
    for cell in load_path(path).cells:
        with contextlib.suppress(Exception):
            exec(compile(cell.code, f"<{cell.label}>", "exec"), namespace)
    return {item.id: "not answered yet" if namespace.get(item.id) is None
            else form_problem(item, namespace[item.id])
            for item in load_quiz(assignment_id).items}
