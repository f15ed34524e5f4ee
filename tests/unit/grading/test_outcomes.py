"""From pytest's reports to TestResults: the verdict of each kind of failure, the cap on student
text in hidden tests, and the rule that edge cases earn points only beside an ordinary case of
the same function."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from _pytest._code.code import TracebackEntry
from support.factories import test as make_test

from autograder.grading.checks import RETURNED_NONE, CheckFailure
from autograder.grading.model import Failure, TestResult, Visibility
from autograder.grading.outcomes import (
    HIDDEN_SAID,
    OutcomeCollector,
    PartialCredit,
    Role,
    Verdict,
    edge_rule,
    verdict,
)
from autograder.message import FREE_TEXT, Message, msg
from autograder.sandbox import failures
from autograder.sandbox.failures import (
    BadReturn,
    MissingFunction,
    OutputLimit,
    StudentCrashed,
    StudentError,
    StudentFailure,
    StudentTimeout,
)

LONG = "x" * 1500


def excinfo(exc: BaseException) -> pytest.ExceptionInfo[BaseException]:
    try:
        raise exc
    except BaseException:
        return pytest.ExceptionInfo.from_current()


@pytest.mark.parametrize(("exc", "kind"), [
    (StudentError("ValueError", ["ValueError", "Exception"], "bad"), Failure.RAISED),
    (StudentTimeout(msg("sandbox.timed_out", seconds="10")), Failure.TIMEOUT),
    (OutputLimit(msg("sandbox.output_limit", mb="64")), Failure.OUTPUT),
    (StudentCrashed(msg("sandbox.killed", signal="SIGSEGV")), Failure.CRASH),
    (MissingFunction(msg("student.not_defined", name="f")), Failure.MISSING),
    (BadReturn(msg("student.unreadable_value", what="f()", said="")), Failure.BAD_RETURN),
])
def test_each_kind_of_student_failure_has_its_verdict(exc: StudentFailure,
                                                      kind: Failure) -> None:
    """Is each way a student's call can fail reported as its own kind, with its message?"""
    found = verdict(excinfo(exc), "call")
    assert (found.failure, found.details, found.fraction) == (kind, (exc.message,), 0.0)


def every_subclass(cls: type) -> list[type]:
    return [cls] + [s for sub in cls.__subclasses__() for s in every_subclass(sub)]


@pytest.mark.parametrize("cls", every_subclass(StudentFailure), ids=lambda c: c.__name__)
def test_every_student_failure_has_a_verdict(cls: type[StudentFailure]) -> None:
    """Does every StudentFailure class (the base too) give a student-side verdict, never an
    error of the grader itself?"""
    exc = cls("E", ["E"], "said") if cls is StudentError else cls(msg("sandbox.ended"))
    found = verdict(excinfo(exc), "call")
    assert found.failure not in (Failure.GRADER, None)
    assert cls.__module__ == failures.__name__ or cls.__module__.startswith("tests")


def test_a_check_failure_keeps_its_lines_hints_and_mistake() -> None:
    """Is a failed check WRONG with its own lines, hints and known mistake?"""
    lines = [msg("check.call", call="f()"), msg("check.value", where="", expected="1", got="2")]
    found = verdict(excinfo(CheckFailure(lines, ["use N"], "divided by N-1")), "call")
    assert found == Verdict(Failure.WRONG, tuple(lines), ("use N",), "divided by N-1")


def test_a_public_assertion_after_a_none_gets_the_checks_hint() -> None:
    """Does a public test's failed `assert` whose test saw a function return None get the
    hint a hidden check gives (return missing, or printed), and only then?"""
    failed = excinfo(AssertionError("assert None == 6.0"))
    assert verdict(failed, "call", show_source=True, returned_none=("l1_norm",)).hints == (
        RETURNED_NONE,)
    assert verdict(failed, "call", show_source=True).hints == ()


def test_a_test_tripping_on_a_returned_none_is_the_students_with_the_hint() -> None:
    """A public test unpacking what a function returned (`mean, std = ...`) after it
    printed instead: is that the student's wrong answer with the hint, not an incomplete
    check of the grader's own (which it stays without a None)?"""
    tripped = excinfo(TypeError("cannot unpack non-iterable NoneType object"))
    found = verdict(tripped, "call", show_source=True, returned_none=("mc_integrate",))
    assert (found.failure, found.hints) == (Failure.WRONG, (RETURNED_NONE,))
    assert verdict(tripped, "call", show_source=True).failure == Failure.GRADER


def test_partial_credit_keeps_its_fraction() -> None:
    """Does PartialCredit earn its fraction (clamped to [0, 1]) with its message?"""
    assert verdict(excinfo(PartialCredit(0.5, "one of two")), "call").fraction == 0.5
    assert verdict(excinfo(PartialCredit(7, "too much")), "call").fraction == 1.0
    assert verdict(excinfo(PartialCredit(-1, "too little")), "call").fraction == 0.0


def words(found: Verdict) -> list[str]:
    """Every key and value of a verdict's lines (whichever catalogue sentence shows them)."""
    return [str(v) for line in found.details for v in (line.key, *line.params.values())]


def says_check_failed(found: Verdict) -> bool:
    return words(found) in (["test.check_failed"], [FREE_TEXT, "the check failed"])


def test_a_plain_assertion_is_wrong_with_its_text() -> None:
    """Is a suite's plain `assert ..., "message"` WRONG with that message as free text, and
    one without a message WRONG with "the check failed"?"""
    found = verdict(excinfo(AssertionError("q1 should be B")), "call")
    assert found.failure == Failure.WRONG
    assert found.details == (Message(FREE_TEXT, {"text": "q1 should be B"}),)
    assert says_check_failed(verdict(excinfo(AssertionError()), "call"))


def test_did_not_raise_is_wrong() -> None:
    """Is pytest.raises' "DID NOT RAISE" (a pytest.fail) WRONG, naming the exception?"""
    found = verdict(excinfo(pytest.fail.Exception("DID NOT RAISE <class 'ValueError'>")),
                    "call")
    assert found.failure == Failure.WRONG
    assert any("ValueError" in word for word in words(found))


def suite_file(path: Path, source: str) -> ModuleType:
    """`source` written to `path` and imported from there (so tracebacks can read it)."""
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_bare_assert_shows_its_line_only_in_a_public_test(tmp_path: Path) -> None:
    """Is the failing line of a bare `assert` (not rewritten, as in grading sessions) shown for
    a public test, and a hidden test's source never?"""
    suite = suite_file(tmp_path / "suite_module.py",
                       "def bare():\n    secret_input = 31337\n    assert secret_input + 1 == 3\n")
    with pytest.raises(AssertionError) as info:
        suite.bare()
    public = verdict(info, "call", show_source=True)
    hidden = verdict(info, "call")
    assert any("assert secret_input + 1 == 3" in word for word in words(public))
    assert says_check_failed(hidden)
    assert not any("secret_input" in word for word in words(hidden))


def test_each_failing_line_is_shown_as_its_own_and_read_once(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    """Do two bare asserts of one file each show their own line, however often they fail,
    with the file's source read once per line (not once per student)?"""
    suite = suite_file(tmp_path / "suite_lines.py",
                       "def first():\n    assert 1 == 2\n\n\ndef second():\n    assert 3 == 4\n")
    reads: list[int] = []
    statement = TracebackEntry.statement
    monkeypatch.setattr(TracebackEntry, "statement",
                        property(lambda entry: reads.append(entry.lineno) or
                                 statement.fget(entry)))  # type: ignore[attr-defined]
    shown = []
    for function in (suite.first, suite.second, suite.first, suite.second):
        with pytest.raises(AssertionError) as info:
            function()
        shown.append([w for w in words(verdict(info, "call", show_source=True)) if "==" in w])
    assert [len(line) for line in shown] == [1, 1, 1, 1]
    assert [line[0] for line in shown] == ["assert 1 == 2", "assert 3 == 4"] * 2
    assert len(reads) == 2


def test_other_exceptions_are_the_graders() -> None:
    """Is an unexpected error in the check, or any failure outside the call, the grader's?"""
    assert verdict(excinfo(KeyError("k")), "call").failure == Failure.GRADER
    setup = verdict(excinfo(StudentTimeout(msg("sandbox.ended"))), "setup")
    assert setup.failure == Failure.GRADER and setup.details[0].key == "test.could_not_run"


# -- the collector, with stand-ins for pytest's items and reports ------------------------------


@dataclass
class Mark:
    args: tuple[Any, ...] = ()


@dataclass
class Item:
    """Enough of a pytest.Item for the collector: marks, a docstring, a path and ids."""

    name: str
    doc: str
    marks: dict[str, Mark] = field(default_factory=dict)

    @property
    def nodeid(self) -> str:
        return f"test_demo.py::{self.name}"

    @property
    def path(self) -> Path:
        return Path("test_demo.py")

    @property
    def function(self) -> Any:
        def function() -> None: ...
        function.__doc__ = self.doc
        return function

    def get_closest_marker(self, name: str) -> Mark | None:
        return self.marks.get(name)


@dataclass
class Report:
    nodeid: str
    when: str
    outcome: str = "passed"
    duration: float = 0.01
    user_properties: list[tuple[str, object]] = field(default_factory=list)
    aimath_verdict: Verdict | None = None

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"

    @property
    def skipped(self) -> bool:
        return self.outcome == "skipped"


def run(collector: OutcomeCollector, item: Item, found: Verdict | None = None,
        when: str = "call") -> None:
    """One test's three phases; `found` is the verdict of the phase `when`, if it failed."""
    collector.start(item)  # type: ignore[arg-type]
    for phase in ("setup", "call", "teardown"):
        failed = found is not None and phase == when
        collector.add(Report(item.nodeid, phase, "failed" if failed else "passed",  # type: ignore[arg-type]
                             aimath_verdict=found if failed else None))


def raised(said: str, where: str = "") -> Verdict:
    exc = StudentError("ValueError", ["ValueError"], said, where)
    return Verdict(Failure.RAISED, (exc.message,))


@pytest.mark.parametrize("visibility", [Visibility.AFTER_DUE_DATE, Visibility.HIDDEN,
                                        Visibility.AFTER_PUBLISHED, Visibility.VISIBLE])
def test_student_text_in_a_hidden_test_is_capped_at_200_characters(
        visibility: Visibility) -> None:
    """Does a hidden test show at most 200 characters of what the student's code raised (its
    message and its traceback)?"""
    collector = OutcomeCollector(visibility)
    run(collector, Item("test_f", "f: hidden"), raised(LONG, LONG))
    (result,) = collector.take()
    params = result.details[0].params
    assert len(str(params["said"])) <= HIDDEN_SAID == 200
    assert len(str(params["where"])) <= HIDDEN_SAID
    assert str(params["said"]).startswith("x" * 150)
    assert result.visibility == visibility  # a course may show hidden tests at once: capped


def test_a_public_test_keeps_more_of_the_students_text() -> None:
    """Does a public test keep the student's message beyond 200 characters?"""
    collector = OutcomeCollector(Visibility.AFTER_DUE_DATE)
    run(collector, Item("test_f", "f: public", {"visible": Mark()}), raised(LONG))
    (result,) = collector.take()
    assert result.visibility == Visibility.VISIBLE
    assert len(str(result.details[0].params["said"])) > 1000


def test_the_suites_own_text_is_not_capped() -> None:
    """Are the grader's own values (the call, expected and got summaries) left whole?"""
    call = "f(" + "a" * 300 + ")"
    collector = OutcomeCollector(Visibility.AFTER_DUE_DATE)
    run(collector, Item("test_f", "f: hidden"),
        Verdict(Failure.WRONG, (msg("check.call", call=call),)))
    assert collector.take()[0].details[0].params["call"] == call


def test_names_points_and_partial_scores() -> None:
    """Are the name (title mark, else docstring), the function, the points and a partial
    score taken as the suite declares them?"""
    collector = OutcomeCollector(Visibility.AFTER_DUE_DATE)
    run(collector, Item("test_a", "double: doubles\n\nmore text", {"points": Mark((2,))}))
    run(collector, Item("test_b", "ignored", {"title": Mark(("q1: the title wins",))}))
    run(collector, Item("test_c", "pick: two of four", {"points": Mark((4,))}),
        Verdict(Failure.WRONG, (msg("test.check_failed"),), fraction=0.5))
    a, b, c = collector.take()
    assert (a.name, a.function, a.score, a.max_score, a.passed) == (
        "double: doubles", "double", 2.0, 2.0, True)
    assert (b.name, b.function, b.key) == ("q1: the title wins", "q1", "test_demo::test_b")
    assert (c.score, c.max_score, c.passed, c.failure) == (2.0, 4.0, False, Failure.WRONG)


def test_a_skipped_test_earns_nothing() -> None:
    """Does a test that skipped earn nothing (a skip is never a pass)?"""
    collector = OutcomeCollector(Visibility.AFTER_DUE_DATE)
    item = Item("test_a", "f: skipped")
    collector.start(item)  # type: ignore[arg-type]
    collector.add(Report(item.nodeid, "setup", "skipped"))  # type: ignore[arg-type]
    collector.add(Report(item.nodeid, "teardown"))  # type: ignore[arg-type]
    (result,) = collector.take()
    assert (result.score, result.failure) == (0.0, Failure.GRADER)


# -- the edge rule -----------------------------------------------------------------------------


def edge_case(name: str, score: float) -> tuple[TestResult, Role]:
    return make_test(name, score), Role.EDGE


def ordinary(name: str, score: float) -> tuple[TestResult, Role]:
    return make_test(name, score), Role.EXAMPLE


def drawn(name: str, score: float) -> tuple[TestResult, Role]:
    return make_test(name, score), Role.RANDOM


def test_an_edge_case_keeps_its_points_beside_a_passed_ordinary_case() -> None:
    """Does an edge test keep its points when an ordinary test of its function passed?"""
    shown = edge_rule([ordinary("mean: of 1, 2, 3", 1.0),
                       edge_case("mean: empty raises ValueError", 1.0)])
    assert [t.score for t in shown] == [1.0, 1.0] and all(t.passed for t in shown)


def test_a_function_that_always_raises_value_error_earns_nothing() -> None:
    """Does `def mean(x): raise ValueError` earn nothing for its 'raises ValueError' edge?"""
    shown = edge_rule([ordinary("mean: of 1, 2, 3", 0.0),
                       edge_case("mean: empty raises ValueError", 2.0)])
    assert [t.score for t in shown] == [0.0, 0.0]
    assert shown[1].failure == Failure.DEGENERATE
    assert shown[1].details == (msg("test.edge_without_ordinary", function="mean"),)


def test_a_function_that_always_returns_zero_earns_nothing() -> None:
    """Does `def variance(x): return 0.0` earn nothing for 'of a constant is 0.0'?"""
    shown = edge_rule([edge_case("variance: of a constant is 0.0", 1.0),
                       ordinary("variance: of 1, 2, 3", 0.0),
                       ordinary("variance: random samples", 0.0)])
    assert sum(t.score for t in shown) == 0.0
    assert shown[0].failure == Failure.DEGENERATE


def test_an_ordinary_case_of_another_function_does_not_count() -> None:
    """Is an edge of `variance` zero even when an ordinary test of `mean` passed?"""
    shown = edge_rule([ordinary("mean: of 1, 2, 3", 1.0),
                       edge_case("variance: of a constant is 0.0", 1.0)])
    assert [t.score for t in shown] == [1.0, 0.0]


def test_a_partly_passed_ordinary_case_does_not_count() -> None:
    """Does an ordinary test with partial credit (not passed) leave edges at zero?"""
    partial = make_test("mean: random samples", 0.5, max_score=1.0)
    shown = edge_rule([(partial, Role.EXAMPLE), edge_case("mean: empty raises ValueError", 1.0)])
    assert [t.score for t in shown] == [0.5, 0.0]


def test_a_failed_edge_case_keeps_its_own_verdict() -> None:
    """Is a failed edge test left as it failed (not relabelled)?"""
    failed = make_test("mean: empty raises ValueError", 0.0)
    shown = edge_rule([ordinary("mean: of 1, 2, 3", 0.0), (failed, Role.EDGE)])
    assert shown[1] == failed


def test_a_shown_example_answered_by_rote_does_not_unlock_the_edges() -> None:
    """Does passing only the example whose title shows its answer (`return 10.0`) leave the
    edge cases at zero when the function has random-input tests, saying why?"""
    shown = edge_rule([ordinary("l1_norm: [1, -7, 2] has L1 norm 10", 2.0),
                       drawn("l1_norm: random vectors", 0.0),
                       edge_case("l1_norm: the input is not modified", 1.0)])
    assert [t.score for t in shown] == [2.0, 0.0, 0.0]
    assert shown[2].details == (msg("test.edge_without_random", function="l1_norm"),)


def test_a_passed_random_case_unlocks_the_edges() -> None:
    """Do the edges count once a random-input test of the function passed?"""
    shown = edge_rule([ordinary("l1_norm: [1, -7, 2] has L1 norm 10", 0.0),
                       drawn("l1_norm: random vectors", 2.0),
                       edge_case("l1_norm: the input is not modified", 1.0)])
    assert [t.score for t in shown] == [0.0, 2.0, 1.0]


def test_a_stub_that_still_raises_is_not_written_yet_as_the_kit_says() -> None:
    """A function that still raises NotImplementedError is 'not written yet' in the grade,
    as in the kit's check (it read 'raised NotImplementedError' with a traceback)."""
    from autograder.reports.i18n import render

    stub = StudentError("NotImplementedError", ["NotImplementedError"], "", "code cell 3")
    assert render(stub.message, "en").startswith("not written yet (the function still raises")
    other = StudentError("ValueError", ["ValueError"], "nope")
    assert render(other.message, "en").startswith("raised ValueError: nope")
