"""pytest plugin: the `student` and `rng` fixtures, `points`/`title` marks, and a run loop
that grades many submissions with one collected suite.

Batch grading registers a `GradingLoop`; suite authors grade one file with
`pytest -p autograder.grading.plugin autograder/suites/<id> --submission FILE [--no-sandbox]`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _pytest.runner import runtestprotocol

from autograder.grading.outcomes import (
    Outcome,
    OutcomeCollector,
    failure_message,
    test_name,
    test_points,
)
from autograder.grading.proxy import Student
from autograder.intake.submission import Submission, SubmissionError, load_path
from autograder.sandbox.host.backend import Backend, LoadReport

CURRENT = pytest.StashKey[Student]()
IDENTITY = pytest.StashKey["SubmissionInfo"]()


@dataclass(frozen=True)
class SubmissionInfo:
    """Whose submission a test is grading: the collected id, never one the code claims."""

    student: str
    assignment: str
    seed: int = 0
    course: Path = Path(".")  # the course folder: its settings and secret


@dataclass(frozen=True)
class Unreadable:
    """A submission the loader rejected; every test fails with `message`."""

    student: str
    filename: str
    message: str
    sha256: str = ""
    submitted_at: str | None = None
    source_sha256: str = ""


@dataclass
class Graded:
    """Everything known about one graded submission, handed to the result writer."""

    submission: Submission | Unreadable
    load: LoadReport
    outcomes: list[Outcome]
    elapsed: float


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("aimath", "aimath grading")
    group.addoption("--assignment", default=None, help="assignment or quiz id being graded")
    group.addoption("--submission", default=None, help="grade this one .py/.ipynb file")
    group.addoption("--no-sandbox", action="store_true",
                    help="run the submission in this process (trusted code only)")
    group.addoption("--call-timeout", type=float, default=10.0, help="seconds per call")
    group.addoption("--memory-mb", type=int, default=512, help="memory limit of the sandbox")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "points(n): the test is worth n points")
    config.addinivalue_line("markers", "title(name): the test's public name")
    path = config.getoption("submission", None)
    if path and not config.pluginmanager.has_plugin("aimath-loop"):
        loop = GradingLoop([_read(Path(path))], _standalone_backend(config), lambda g: None)
        config.pluginmanager.register(loop, "aimath-loop")


def _read(path: Path) -> Submission | Unreadable:
    try:
        return load_path(path)
    except (SubmissionError, OSError) as exc:
        return Unreadable(path.stem, path.name, str(exc))


def _standalone_backend(config: pytest.Config) -> Callable[[Submission], Backend]:
    from autograder.course import assignments
    from autograder.sandbox.host.backend import open_backend

    assignment = config.getoption("assignment")
    preload = assignments.get(assignment).preload if assignment else ("sympy",)
    return lambda sub: open_backend(sub, sandbox=not config.getoption("no_sandbox"),
                                    call_timeout=config.getoption("call_timeout"),
                                    memory_mb=config.getoption("memory_mb"), preload=preload)


@pytest.fixture
def student(request: pytest.FixtureRequest) -> Student:
    """The submission under test; each call runs in the student's process."""
    current = request.config.stash.get(CURRENT, None)
    if current is None:
        raise pytest.UsageError("no submission: use --submission FILE or `aimath grade`")
    return current


@pytest.fixture
def submission(request: pytest.FixtureRequest) -> SubmissionInfo:
    """Who is being graded (the id the submission was collected under) and its seed."""
    info = request.config.stash.get(IDENTITY, None)
    if info is None:
        raise pytest.UsageError("no submission: use --submission FILE or `aimath grade`")
    return info


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> np.random.Generator:
    """A generator seeded from the test's id: the same hidden inputs for every student."""
    seed = int.from_bytes(hashlib.sha256(request.node.nodeid.encode()).digest()[:8], "big")
    return np.random.default_rng(seed)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if call.excinfo is not None and report.failed:
        report.aimath_failure = failure_message(call.excinfo, call.when)
    return report


class GradingLoop:
    """Runs every collected test once per submission, streaming one `Graded` at a time."""

    def __init__(self, submissions: Iterable[Submission | Unreadable],
                 open_backend: Callable[[Submission], Backend],
                 on_graded: Callable[[Graded], None]) -> None:
        self.submissions = submissions
        self.open_backend = open_backend
        self.on_graded = on_graded
        self.collector = OutcomeCollector()
        self.graded: list[Graded] = []
        self.collect_errors: list[str] = []
        self.started = False

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors.append(f"{report.nodeid}: {report.longreprtext}")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        self.started = True
        if session.testsfailed:
            raise session.Interrupted(f"{session.testsfailed} error(s) while collecting the suite")
        for item in session.items:  # students see outcomes.failure_message, never pytest's
            item.repr_failure = lambda excinfo, style=None: excinfo.exconly()  # type: ignore
        for submission in self.submissions:
            started = time.monotonic()
            load, outcomes = self._grade(session, submission)
            graded = Graded(submission, load, outcomes, time.monotonic() - started)
            self.on_graded(graded)
            if session.config.getoption("submission", None):
                self.graded.append(graded)
        return True

    def _grade(self, session: pytest.Session,
               submission: Submission | Unreadable) -> tuple[LoadReport, list[Outcome]]:
        if isinstance(submission, Unreadable):
            return LoadReport(fatal=submission.message), self._not_run(session, submission.message)
        backend = self.open_backend(submission)
        try:
            load = backend.load()
            if load.fatal:
                return load, self._not_run(session, load.fatal)
            session.config.stash[CURRENT] = Student(backend)
            session.config.stash[IDENTITY] = SubmissionInfo(
                submission.student, str(session.config.getoption("assignment") or ""))
            for index, item in enumerate(session.items):
                following = session.items[index + 1] if index + 1 < len(session.items) else None
                self._run(item, following)
        finally:
            backend.close()
            if CURRENT in session.config.stash:
                del session.config.stash[CURRENT]
        return load, self.collector.take()

    def _run(self, item: pytest.Item, following: pytest.Item | None) -> None:
        self.collector.start(item)
        item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        runtestprotocol(item, nextitem=following, log=True)
        item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)

    def _not_run(self, session: pytest.Session, reason: str) -> list[Outcome]:
        return [Outcome(test_name(i), test_points(i), 0.0, False, f"not run: {reason}", 0.0, {})
                for i in session.items]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.collector.add(report)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        for graded in self.graded:
            score = sum(o.score for o in graded.outcomes)
            total = sum(o.max_score for o in graded.outcomes)
            terminalreporter.write_sep("=", f"{graded.submission.student}: {score:g} / {total:g}")
            for line in graded.load.messages():
                terminalreporter.write_line(line)
            for o in graded.outcomes:
                if not o.passed:
                    terminalreporter.write_line(f"FAILED {o.name} ({o.score:g}/{o.max_score:g})")
                    terminalreporter.write_line("    " + o.output.replace("\n", "\n    "))
