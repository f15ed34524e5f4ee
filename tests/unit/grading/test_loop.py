"""The grading loop: one collected suite graded over many submissions (here in this process,
through `LocalBackend`), each leaving as one SubmissionResult; a submission that cannot run gets
every test NOT_RUN, and a failure of the grader itself is that student's ERROR alone."""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from autograder.grading.loop import Context, GradingLoop
from autograder.grading.model import (
    Failure,
    Origin,
    Prepared,
    Rejected,
    Status,
    SubmissionResult,
    Visibility,
)
from autograder.message import msg
from autograder.sandbox.host.backend import Backend, LocalBackend
from autograder.student.notebook import read_bytes

SUITE = '''
import pytest
from autograder.grading.suite import PartialCredit, assert_close, assert_raises, edge, points

SECRET_INPUT = [31337.0, 4242.0]


@points(2)
def test_double(student):
    """double: doubles a number"""
    assert_close(student.double(SECRET_INPUT[0]), 2 * SECRET_INPUT[0], call="double(x)")


@edge
def test_double_refuses_text(student):
    """double: a string raises ValueError"""
    assert_raises("ValueError", student.double, "x", call="double('x')")


def test_half(student):
    """half: halves a number"""
    assert_close(student.half(4.0), 2.0, call="half(4)")


@points(4)
def test_partial(student):
    """pick: two of four options"""
    raise PartialCredit(0.5, "one of two correct picks")


@pytest.mark.visible
@pytest.mark.title("q1: the title mark wins")
def test_titled(student):
    assert student.value("q1") == "B", "q1 should be B"


@pytest.mark.visible
def test_shout_in_public(student):
    """shout: a public call"""
    student.shout()


def test_shout_in_hiding(student):
    """shout: a hidden call"""
    student.shout()


def test_draw(student, rng):
    """draw: the hidden input this submission drew"""
    raise AssertionError(f"drew {rng.integers(10**12)}")
'''

INI = """[pytest]
addopts = -p no:cacheprovider --import-mode=importlib --assert=plain
python_files = test_*.py
"""

HONEST = '''
def double(x):
    if isinstance(x, str):
        raise ValueError("numbers only")
    return 2 * x


def shout():
    raise ValueError("y" * 1000)


q1 = "B"
'''
WRONG = "def double(x):\n    return x + 1\n\ndef half(x):\n    raise ValueError('nope')\n"
ALWAYS_RAISES = "def double(x):\n    raise ValueError('never')\n"
NAMES = {"double: doubles a number", "double: a string raises ValueError",
         "half: halves a number", "pick: two of four options", "q1: the title mark wins",
         "shout: a public call", "shout: a hidden call",
         "draw: the hidden input this submission drew"}


def prepared(student: str, code: str) -> Prepared:
    data = code.encode()
    source = read_bytes(data, f"{student}.py")
    digest = hashlib.sha256(data).hexdigest()
    return Prepared(student, Origin(f"{student}.py", digest, digest), source.cells)


def rejected(student: str) -> Rejected:
    return Rejected(student, Origin(f"{student}.ipynb"), Status.UNREADABLE,
                    msg("intake.unreadable", said=f"{student}.ipynb is empty"))


def run_loop(folder: Path, submissions: list[Prepared | Rejected],
             open_backend: Callable[[Prepared], Backend]) -> list[SubmissionResult]:
    """Collect the suite above once and grade `submissions` with it."""
    suite = folder / "suite"
    suite.mkdir()
    (suite / "test_demo.py").write_text(textwrap.dedent(SUITE))
    (folder / "pytest.ini").write_text(INI)
    graded: list[SubmissionResult] = []
    context = Context("demo", folder, bytes(32), suite="suite-key")
    loop = GradingLoop(submissions, context, open_backend, graded.append)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
        code = pytest.main([str(suite), "-c", str(folder / "pytest.ini"), "--rootdir",
                            str(folder), "-p", "autograder.grading.plugin", "-p", "no:terminal"],
                           plugins=[loop])
    assert code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED), code
    assert loop.started and loop.collect_errors == [], loop.collect_errors
    return graded


def local(submission: Prepared) -> Backend:
    if submission.student == "mallory":
        raise RuntimeError("the sandbox could not start")
    return LocalBackend(list(submission.cells))


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SubmissionResult]:
    submissions = [prepared("alice", HONEST), prepared("bob", WRONG),
                   prepared("alice_again", HONEST), prepared("carol", ALWAYS_RAISES),
                   rejected("eve"), prepared("mallory", HONEST), prepared("zed", HONEST),
                   prepared("dana", "print(1 / 0)\n\n" + HONEST
                            + "\n\ndef half(x:):\n    return x / 2\n")]
    results = run_loop(tmp_path_factory.mktemp("loop"), submissions, local)
    assert [r.student for r in results] == [s.student for s in submissions]
    return {r.student: r for r in results}


def test_every_submission_is_graded_once_with_every_test(
        graded: dict[str, SubmissionResult]) -> None:
    """Is every submission graded once, in order, through every test of the suite?"""
    for result in graded.values():
        assert {t.name for t in result.tests} == NAMES
        assert result.assignment == "demo" and result.suite == "suite-key"


def test_points_partial_credit_and_the_edge_rule(graded: dict[str, SubmissionResult]) -> None:
    """Do passed tests earn their points, failed ones none, partial credit its fraction,
    and an edge case its points only beside an ordinary case of the same function?"""
    alice = {t.name: t for t in graded["alice"].tests}
    assert alice["double: doubles a number"].score == 2.0
    assert alice["double: a string raises ValueError"].score == 1.0
    assert alice["half: halves a number"].failure == Failure.MISSING
    assert (alice["pick: two of four options"].score, alice["pick: two of four options"].passed
            ) == (2.0, False)
    assert alice["q1: the title mark wins"].score == 1.0
    carol = {t.name: t for t in graded["carol"].tests}
    assert carol["double: doubles a number"].failure == Failure.RAISED
    edge = carol["double: a string raises ValueError"]
    assert (edge.score, edge.failure) == (0.0, Failure.DEGENERATE)


def test_messages_teach_without_leaking_the_suite(graded: dict[str, SubmissionResult]) -> None:
    """Do failures say what went wrong without the suite's source or its hidden inputs?"""
    bob = {t.name: t for t in graded["bob"].tests}
    half = bob["half: halves a number"]
    assert half.failure == Failure.RAISED and half.details[0].params["said"] == "nope"
    double = bob["double: doubles a number"]
    shown = repr(double.details)
    assert double.failure == Failure.WRONG and "62674" in shown
    assert "SECRET_INPUT" not in shown and "assert_close(" not in shown
    assert "31337" not in shown  # the hidden input itself is never shown


def test_hidden_calls_show_at_most_200_characters_visible_ones_more(
        graded: dict[str, SubmissionResult]) -> None:
    """Is what a hidden call raised cut to 200 characters, a public call's kept longer, and
    each test's visibility the suite's?"""
    alice = {t.name: t for t in graded["alice"].tests}
    public, hidden = alice["shout: a public call"], alice["shout: a hidden call"]
    assert public.visibility == Visibility.VISIBLE
    assert hidden.visibility == Visibility.AFTER_DUE_DATE
    assert len(str(hidden.details[0].params["said"])) <= 200
    assert len(str(public.details[0].params["said"])) == 1000


def test_the_same_bytes_draw_the_same_seed_and_inputs(
        graded: dict[str, SubmissionResult]) -> None:
    """Do two submissions of the same bytes get the same seed and the same hidden inputs,
    and different bytes others?"""
    def drawn(student: str) -> str:
        (test,) = [t for t in graded[student].tests if t.function == "draw"]
        return str(test.details[0].params["text"])

    assert graded["alice"].seed == graded["alice_again"].seed != graded["bob"].seed
    assert drawn("alice") == drawn("alice_again") != drawn("bob")
    assert graded["alice"].seed != 0


def test_an_unreadable_submission_gets_every_test_not_run(
        graded: dict[str, SubmissionResult]) -> None:
    """Does an unreadable submission get every test, each NOT_RUN with no points, the reason
    kept, public tests still visible?"""
    eve = graded["eve"]
    assert eve.status == Status.UNREADABLE and eve.problem is not None
    assert eve.problem.params["said"] == "eve.ipynb is empty"
    assert all(t.failure == Failure.NOT_RUN and t.score == 0 for t in eve.tests)
    assert eve.max_score == graded["alice"].max_score
    visibility = {t.name: t.visibility for t in eve.tests}
    assert visibility["shout: a public call"] == Visibility.VISIBLE
    assert visibility["q1: the title mark wins"] == Visibility.VISIBLE
    assert visibility["shout: a hidden call"] == Visibility.AFTER_DUE_DATE


def test_a_grader_failure_is_that_students_error_and_the_next_is_graded(
        graded: dict[str, SubmissionResult]) -> None:
    """When the grader fails on one submission, is that student's result an ERROR naming the
    failure, and is the next student graded as usual?"""
    mallory = graded["mallory"]
    assert mallory.status == Status.ERROR and mallory.problem is not None
    assert mallory.problem.key == "grader.error"
    assert mallory.problem.params["type"] == "RuntimeError"
    assert all(t.failure == Failure.NOT_RUN for t in mallory.tests)
    zed = graded["zed"]
    assert zed.status == Status.GRADED
    assert zed.score == graded["alice"].score > 0


class BreaksWhileGrading(LocalBackend):
    """A backend whose requests fail inside the grader (not in the student's code)."""

    def request(self, *args: object, **kwargs: object) -> tuple[dict, list[memoryview]]:
        raise KeyError("lost the connection")


def test_a_failure_inside_the_tests_is_the_graders_not_the_students(tmp_path: Path) -> None:
    """When every request fails inside the grader, does each test say the check could not be
    completed (GRADER), with the next student still graded?"""
    def backend(submission: Prepared) -> Backend:
        cells = list(submission.cells)
        return BreaksWhileGrading(cells) if submission.student == "ann" else LocalBackend(cells)

    ann, ben = run_loop(tmp_path, [prepared("ann", HONEST), prepared("ben", HONEST)], backend)
    failures = {t.failure for t in ann.tests if t.function in ("double", "half", "shout")}
    assert failures == {Failure.GRADER}
    assert ben.status == Status.GRADED and ben.score > 0


def test_a_function_in_a_piece_that_did_not_load_says_so(
        graded: dict[str, SubmissionResult]) -> None:
    """Does a test of a function whose definition did not load name that piece (not the
    other piece that failed before it), while the rest of the file still earns its points?"""
    dana = {t.name: t for t in graded["dana"].tests}
    half = dana["half: halves a number"]
    assert half.failure == Failure.MISSING
    assert half.details[0].key == "student.not_defined_in"
    assert [c.cell for c in graded["dana"].cells] == ["line 1", "line 17"]
    assert half.details[0].params["cell"] == "line 17"
    assert dana["double: doubles a number"].score == 2.0
    alice_half = {t.name: t for t in graded["alice"].tests}["half: halves a number"]
    assert alice_half.details[0].key == "student.not_defined"

