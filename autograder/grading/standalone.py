"""Grade one file from pytest's own command line, for suite authors:
`pytest -p autograder.grading.plugin autograder/suites/<id> --submission FILE [--no-sandbox]`.

The file is read and run exactly as `aimath grade` would (a throwaway course secret, the
default limits) and the result is printed at the end of pytest's report.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from autograder.course import assignments
from autograder.course.secret import course_secret
from autograder.grading.loop import Context, GradingLoop
from autograder.grading.model import Prepared, Rejected, SubmissionResult
from autograder.intake.discover import Source, collected_at
from autograder.intake.prepare import prepare
from autograder.sandbox.host.backend import Backend, open_backend
from autograder.student.limits import DEFAULT_LIMITS


class StandaloneLoop(GradingLoop):
    """A grading loop over one file that prints its result in pytest's terminal summary."""

    graded: list[SubmissionResult]

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        from autograder.reports.i18n import submission_lines, test_lines

        for result in self.graded:
            terminalreporter.write_sep("=", f"{result.student}: {result.score:g} / "
                                            f"{result.max_score:g}")
            for line in submission_lines(result, "en"):
                terminalreporter.write_line(line)
            for test in result.tests:
                if not test.passed:
                    terminalreporter.write_line(f"FAILED {test.name} ({test.score:g}/"
                                                f"{test.max_score:g})")
                    for line in test_lines(test, "en"):
                        terminalreporter.write_line("    " + line)


def standalone_loop(config: pytest.Config, path: Path) -> StandaloneLoop:
    """The loop that grades `path` in this pytest session."""
    from autograder.grading.plugin import scratch_course

    assignment = config.getoption("assignment") or path.parent.name
    known = assignments.ALL.get(assignment)
    preload = known.preload if known else ("sympy",)
    course = scratch_course()
    context = Context(str(assignment), course, course_secret(course))
    source = Source(path.stem, path.parent.resolve(), PurePosixPath(path.name),
                    collected_at(path.stat()), raw=path.stem)
    prepared: Prepared | Rejected = prepare(source, str(assignment), DEFAULT_LIMITS)
    sandbox = not config.getoption("no_sandbox")

    def backend(submission: Prepared) -> Backend:
        return open_backend(list(submission.cells), DEFAULT_LIMITS, sandbox=sandbox,
                            preload=preload, functions=len(known.functions) if known else 1)

    graded: list[SubmissionResult] = []
    loop = StandaloneLoop([prepared], context, backend, graded.append)
    loop.graded = graded
    return loop
