"""From pytest's reports to `TestResult`s: name, points, visibility, what went wrong, and the
rule that edge cases earn points only beside a passed ordinary case of the same function (one
on random inputs, where the function has such tests).

The message comes from the exception alone (never pytest's long report, which would show the
suite's source and the hidden inputs in its locals). Student text in a hidden test's message
is cut to the contract's 200 characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum

import pytest

from autograder.grading.checks import RETURNED_NONE, CheckFailure
from autograder.grading.model import Failure, TestResult, Visibility
from autograder.message import Message, capped, msg, text
from autograder.sandbox.failures import (
    BadReturn,
    MissingFunction,
    OutputLimit,
    StudentCrashed,
    StudentError,
    StudentFailure,
    StudentTimeout,
)
from autograder.student.plugin import shown

DID_NOT_RAISE = re.compile(r"DID NOT RAISE <class '(?:builtins\.)?([\w.]+)'>")
HIDDEN_SAID = 200  # characters of student text a hidden test may show (contract)
STUDENT_TEXT = ("said", "where")  # the message values that carry the student's own text
_KINDS: tuple[tuple[type[StudentFailure], Failure], ...] = (
    (StudentError, Failure.RAISED), (StudentTimeout, Failure.TIMEOUT),
    (OutputLimit, Failure.OUTPUT), (StudentCrashed, Failure.CRASH),
    (MissingFunction, Failure.MISSING), (BadReturn, Failure.BAD_RETURN))


class PartialCredit(Exception):
    """Raised by a test that earns a fraction of its points (a multi-select quiz item)."""

    def __init__(self, fraction: float, message: str | Message) -> None:
        self.fraction = min(1.0, max(0.0, float(fraction)))
        self.message = message if isinstance(message, Message) else text(message)
        super().__init__(str(message))


@dataclass(frozen=True)
class Verdict:
    """What a failed phase of a test means for the student."""

    failure: Failure
    details: tuple[Message, ...]
    hints: tuple[str, ...] = ()
    mistake: str | None = None
    fraction: float = 0.0


def test_name(item: pytest.Item) -> str:
    """The public name: a `title` mark, else the docstring's first line, else the node id."""
    mark = item.get_closest_marker("title")
    if mark and mark.args:
        return str(mark.args[0])
    doc = getattr(getattr(item, "function", None), "__doc__", None)
    if doc and doc.strip():
        return doc.strip().splitlines()[0].strip()
    return item.nodeid


def test_key(item: pytest.Item) -> str:
    """A stable id for a test within its suite, e.g. `test_angle::test_angle_zero_vector`."""
    return f"{item.path.stem}::{item.name}"


def test_points(item: pytest.Item) -> float:
    """The points a test is worth (the `points` mark, default 1)."""
    mark = item.get_closest_marker("points")
    return float(mark.args[0]) if mark and mark.args else 1.0


def _said_capped(message: Message, limit: int) -> Message:
    params = {k: capped(v, limit) if k in STUDENT_TEXT and isinstance(v, str) else v
              for k, v in message.params.items()}
    return Message(message.key, params)


def verdict(excinfo: pytest.ExceptionInfo[BaseException], when: str,
            show_source: bool = False, returned_none: tuple[str, ...] = ()) -> Verdict:
    """The teaching verdict of a failed phase (setup, call or teardown); `show_source` lets a
    bare `assert` of a public test be described by its own line (never a hidden test's);
    `returned_none`, the functions the test saw return None, adds the hint a check gives."""
    exc = excinfo.value
    if when != "call":
        return Verdict(Failure.GRADER, (msg("test.could_not_run", type=type(exc).__name__,
                                            said=str(exc)[:300]),))
    if isinstance(exc, CheckFailure):
        return Verdict(Failure.WRONG, exc.details, exc.hints, exc.mistake)
    if isinstance(exc, PartialCredit):
        return Verdict(Failure.WRONG, (exc.message,), fraction=exc.fraction)
    if isinstance(exc, StudentFailure):
        kind = next((k for cls, k in _KINDS if isinstance(exc, cls)), Failure.CRASH)
        return Verdict(kind, (exc.message,))
    if isinstance(exc, AssertionError | pytest.fail.Exception):
        hints = (RETURNED_NONE,) if returned_none else ()
        return Verdict(Failure.WRONG, (_assertion(excinfo, show_source),), hints)
    # the test's own code tripped: on a None the student's function returned (`mean, std =
    # None`), which is the student's to mend, else on something of the check's own
    return Verdict(Failure.WRONG if returned_none else Failure.GRADER,
                   (msg("test.check_incomplete", type=type(exc).__name__, said=str(exc)[:300]),),
                   (RETURNED_NONE,) if returned_none else ())


def _assertion(excinfo: pytest.ExceptionInfo[BaseException], show_source: bool) -> Message:
    """A failed assertion: its own message, pytest.raises' "DID NOT RAISE", or (a public
    test's bare `assert`) the failing line of the test itself."""
    said = str(excinfo.value)[:2000]
    raised = DID_NOT_RAISE.fullmatch(said)
    if raised:
        return msg("check.did_not_raise", exc=raised.group(1))
    if said:
        return text(shown(said) if show_source else said)
    try:
        line = _failing_line(excinfo) if show_source else ""
    except (IndexError, AttributeError):
        line = ""
    return msg("check.assert_failed", statement=line) if line else msg("test.check_failed")


_LINES: dict[tuple[str, int], str] = {}  # a test file's failing statements, by file and line


def _failing_line(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    """The statement that failed, read once per file and line: pytest parses the whole test
    file to find it, and the same assertion fails for many students."""
    entry = excinfo.traceback[-1]
    key = (str(entry.path), entry.lineno)
    if key not in _LINES:
        _LINES[key] = str(entry.statement).strip()[:300]
    return _LINES[key]


class Role(Enum):
    """What a test is to the edge-case rule."""

    EXAMPLE = "example"  # an ordinary case on inputs fixed in the suite (its title may show them)
    RANDOM = "random"  # an ordinary case on inputs drawn for the submission (`rng`)
    EDGE = "edge"  # a raised error, a special value, untouched inputs


@dataclass
class _Pending:
    """A test while its phases report."""

    result: TestResult  # before it ran: name, points, visibility
    role: Role
    public: bool  # marked visible (a public test): the rest is hidden, however it is shown
    verdict: Verdict | None = None
    properties: dict[str, object] = field(default_factory=dict)
    duration: float = 0.0


class OutcomeCollector:
    """Builds a TestResult per test from its setup/call/teardown reports."""

    def __init__(self, visibility: Visibility) -> None:
        self.visibility = visibility
        self._pending: dict[str, _Pending] = {}
        self._done: list[_Pending] = []
        self._blank: dict[str, tuple[TestResult, Role, bool]] = {}  # per test, once

    def start(self, item: pytest.Item) -> None:
        self._pending[item.nodeid] = _Pending(*self._blank_of(item))

    def _blank_of(self, item: pytest.Item) -> tuple[TestResult, Role, bool]:
        blank = self._blank.get(item.nodeid)
        if blank is None:
            blank = self._blank[item.nodeid] = self._unscored(item)
        return blank

    def _unscored(self, item: pytest.Item) -> tuple[TestResult, Role, bool]:
        """A test's result before it runs (name, points, visibility), its role and whether it
        is public (marked visible; a course may show hidden tests at once, which stay hidden
        tests): the same for every submission of the session."""
        visible = item.get_closest_marker("visible") is not None
        name = test_name(item)
        result = TestResult(name, name.split(":", 1)[0].strip(), 0.0, test_points(item),
                            Visibility.VISIBLE if visible else self.visibility,
                            key=test_key(item))
        if item.get_closest_marker("edge") is not None:
            return result, Role.EDGE, visible
        drawn = "rng" in getattr(item, "fixturenames", ())
        return result, Role.RANDOM if drawn else Role.EXAMPLE, visible

    def record(self, item: pytest.Item, found: Verdict | None, duration: float,
               properties: dict[str, object]) -> None:
        """A test run without pytest's protocol (`grading.direct`): its whole outcome."""
        self._done.append(_Pending(*self._blank_of(item), found, properties, duration))

    def add(self, report: pytest.TestReport) -> None:
        pending = self._pending.get(report.nodeid)
        if pending is None:
            return
        pending.properties.update(dict(report.user_properties))
        pending.duration += report.duration
        found: Verdict | None = getattr(report, "aimath_verdict", None)
        if report.failed and pending.verdict is None:
            pending.verdict = found or Verdict(Failure.GRADER, (msg("test.check_failed"),))
        elif report.skipped and pending.verdict is None:
            pending.verdict = Verdict(Failure.GRADER, (msg("test.skipped"),))
        if report.when == "teardown":
            self._done.append(self._pending.pop(report.nodeid))

    def take(self) -> list[TestResult]:
        """The results gathered since the last call, with the edge-case rule applied."""
        done, self._done = self._done, []
        return edge_rule([(_finish(p), p.role) for p in done])


def _finish(pending: _Pending) -> TestResult:
    """The test's result, made in one step from its blank one and what it left."""
    result, found, shown = pending.result, pending.verdict, pending.properties
    score, details, hints, mistake, failure = (result.max_score, result.details, result.hints,
                                               result.mistake, result.failure)
    if found is not None:
        score = round(found.fraction * result.max_score, 6)
        details, hints, mistake = found.details, found.hints, found.mistake
        if not pending.public:  # a hidden test shown at once (a course's setting) included
            details = tuple(_said_capped(m, HIDDEN_SAID) for m in details)
        # a quiz answer not of the item's form is invalid, not wrong
        invalid = shown.get("status") == "invalid"
        failure = None if found.fraction >= 1 else Failure.INVALID if invalid else found.failure
    return replace(result, score=score, details=details, hints=hints, mistake=mistake,
                   failure=failure, duration=pending.duration, item="answer" in shown,
                   answer=_text(shown.get("answer")), explanation=_text(shown.get("explanation")),
                   values=_text(shown.get("values")))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def edge_rule(results: list[tuple[TestResult, Role]]) -> list[TestResult]:
    """Edge-case tests (a raised ValueError, a special value, untouched inputs) keep their
    points only when an ordinary test of the same function passed, one on random inputs if
    the function has any: a function that always raises or always returns 0.0 earns nothing,
    and neither does one that returns the answer an example's title shows."""
    drawn = {r.function for r, role in results if role is Role.RANDOM and r.max_score > 0}
    ordinary = {r.function for r, role in results if role is not Role.EDGE and r.passed
                and r.max_score > 0 and (role is Role.RANDOM or r.function not in drawn)}
    shown = []
    for result, role in results:
        if role is Role.EDGE and result.score > 0 and result.function not in ordinary:
            key = "test.edge_without_random" if result.function in drawn else \
                "test.edge_without_ordinary"
            result = replace(result, score=0.0, failure=Failure.DEGENERATE,
                             details=(msg(key, function=result.function),))
        shown.append(result)
    return shown
