"""The grading loop: one collected suite runs once per submission, and each submission leaves
as one `SubmissionResult`.

It is a pytest plugin object (`pytest_runtestloop` takes over the run), so suites stay ordinary
pytest files whose results come from pytest's own report hooks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from _pytest.runner import runtestprotocol

from autograder.course.secret import submission_seed, test_seed
from autograder.grading.direct import is_direct, run_direct
from autograder.grading.model import (
    Failure,
    Prepared,
    Rejected,
    Status,
    SubmissionResult,
    TestResult,
    Visibility,
    utc_now,
)
from autograder.grading.outcomes import OutcomeCollector, test_key, test_name, test_points
from autograder.grading.proxy import Student
from autograder.grading.public import as_given, marks_of
from autograder.message import msg
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
class Context:
    """What every submission of one grading session shares."""

    assignment: str
    course: Path
    secret: bytes
    suite: str = ""  # fingerprint of what decides the grade
    visibility: Visibility = Visibility.AFTER_DUE_DATE  # of the hidden tests


class GradingLoop:
    """Runs every collected test once per submission, streaming one result at a time."""

    def __init__(self, submissions: Iterable[Prepared | Rejected], context: Context,
                 open_backend: Callable[[Prepared], Backend],
                 on_result: Callable[[SubmissionResult], None],
                 on_ready: Callable[[GradingLoop], None] | None = None) -> None:
        self.submissions = submissions
        self.context = context
        self.open_backend = open_backend
        self.on_result = on_result
        self.on_ready = on_ready
        self.collector = OutcomeCollector(context.visibility)
        self.collect_errors: list[str] = []
        self.started = False
        # the tests run without pytest's protocol: whether each is public, what it forbids,
        # and its key
        self.direct: dict[pytest.Item, tuple[bool, tuple[str, ...], str]] = {}

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors.append(f"{report.nodeid}: {report.longreprtext}")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        self.started = True
        if session.testsfailed:
            raise session.Interrupted(f"{session.testsfailed} error(s) while collecting the suite")
        for item in session.items:  # students see outcomes.verdict, never pytest's report
            item.repr_failure = lambda excinfo, style=None: excinfo.exconly()  # type: ignore
        self.direct = {item: (*marks_of(item), test_key(item))
                       for item in session.items if is_direct(item)}
        if self.on_ready:
            self.on_ready(self)
        for submission in self.submissions:
            self.on_result(self._guarded(session, submission))
        return True

    def _guarded(self, session: pytest.Session,
                 submission: Prepared | Rejected) -> SubmissionResult:
        """Grade one submission; a failure of the grader itself is that student's error."""
        try:
            return self.grade(session, submission)
        except Exception as exc:
            self.collector.take()
            problem = msg("grader.error", type=type(exc).__name__, said=str(exc)[:300])
            return self._result(Rejected(submission.student, submission.origin, Status.ERROR,
                                         problem, submission.notes), Status.ERROR,
                                self._not_run(session), LoadReport(fatal=problem), 0,
                                time.monotonic())

    def grade(self, session: pytest.Session,
              submission: Prepared | Rejected) -> SubmissionResult:
        """One submission through every test (or none, when it cannot run)."""
        started = time.monotonic()
        if isinstance(submission, Rejected):
            return self._result(submission, submission.status, self._not_run(session),
                                LoadReport(fatal=submission.problem), 0, started)
        seed = submission_seed(self.context.secret, self.context.assignment,
                               submission.origin.sha256)
        backend = self.open_backend(submission)
        try:
            load = backend.load()
            if load.fatal:
                return self._result(submission, Status.ERROR, self._not_run(session), load,
                                    seed, started)
            failed = {problem.cell for problem in load.cells}
            unloaded = tuple(cell for cell in submission.cells if cell.label in failed)
            self._stash(session, Student(backend, unloaded), submission, seed)
            for index, item in enumerate(session.items):
                following = session.items[index + 1] if index + 1 < len(session.items) else None
                self._run(item, following)
        finally:
            backend.close()
            if CURRENT in session.config.stash:
                del session.config.stash[CURRENT]
        return self._result(submission, Status.GRADED, self.collector.take(), load, seed,
                            started)

    def _stash(self, session: pytest.Session, student: Student, submission: Prepared,
               seed: int) -> None:
        self.current_student = student
        self.current_info = SubmissionInfo(submission.student, self.context.assignment, seed,
                                           self.context.course)
        session.config.stash[CURRENT] = self.current_student
        session.config.stash[IDENTITY] = self.current_info

    def _run(self, item: pytest.Item, following: pytest.Item | None) -> None:
        if item in self.direct:
            public, forbid, key = self.direct[item]
            info = self.current_info
            ran = run_direct(item, {
                "student": lambda: as_given(self.current_student, public, forbid),
                "submission": lambda: info,
                "rng": lambda: np.random.default_rng(test_seed(info.seed, key))})
            self.collector.record(item, ran.verdict, ran.duration, ran.properties)
            return
        self.collector.start(item)
        item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        runtestprotocol(item, nextitem=following, log=True)
        item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)

    def _not_run(self, session: pytest.Session) -> list[TestResult]:
        """Every test, failed as not run; a public (`visible`) test stays visible."""
        return [TestResult(test_name(i), test_name(i).split(":", 1)[0].strip(), 0.0,
                           test_points(i), Visibility.VISIBLE if i.get_closest_marker("visible")
                           else self.context.visibility, (msg("test.not_run"),),
                           failure=Failure.NOT_RUN, key=test_key(i))
                for i in session.items]

    def _result(self, submission: Prepared | Rejected, status: Status,
                tests: list[TestResult], load: LoadReport, seed: int,
                started: float) -> SubmissionResult:
        return SubmissionResult(
            student=submission.student, assignment=self.context.assignment, status=status,
            origin=submission.origin, tests=tuple(tests), problem=load.fatal,
            cells=tuple(load.cells), notes=submission.notes, printed=load.printed,
            warnings=tuple(load.warnings), seed=seed, suite=self.context.suite,
            graded_at=utc_now(), execution_time=time.monotonic() - started)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.collector.add(report)
