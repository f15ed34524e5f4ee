"""The grading loop: one collected suite, many submissions, outcomes from report hooks."""

import textwrap

import pytest

from autograder.grading.plugin import Graded, GradingLoop, Unreadable
from autograder.intake.submission import load_bytes
from autograder.sandbox.host.backend import LocalBackend

SUITE = '''
import pytest
from autograder.grading.suite import PartialCredit, assert_close, points

SECRET_INPUT = [31337.0, 4242.0]


@points(2)
def test_double(student):
    """double: doubles a number"""
    assert_close(student.double(SECRET_INPUT[0]), 2 * SECRET_INPUT[0], call="double(x)")


def test_half(student):
    """half: halves a number"""
    assert_close(student.half(4.0), 2.0, call="half(4)")


@points(4)
def test_partial(student):
    """pick: two of four options"""
    raise PartialCredit(0.5, "one of two correct picks")


@pytest.mark.title("q1: the title mark wins")
def test_titled(student):
    assert student.value("q1") == "B", "q1 should be B"
'''

HONEST = "def double(x):\n    return 2 * x\n\nq1 = 'B'\n"
WRONG = "def double(x):\n    return x + 1\n\ndef half(x):\n    raise ValueError('nope')\n"


def grade(tmp_path, *sources):
    """Grade each (name, code) with the suite above; return the Graded list."""
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "test_demo.py").write_text(textwrap.dedent(SUITE))
    graded: list[Graded] = []
    subs = [load_bytes(code.encode(), f"{name}.py", name) for name, code in sources]
    subs.append(Unreadable("eve", "eve.ipynb", "eve.ipynb is empty"))
    loop = GradingLoop(subs, LocalBackend, graded.append)
    pytest.main([str(suite), "-p", "autograder.grading.plugin", "-p", "no:terminal",
                 "--assert=plain",
                 "-p", "no:cacheprovider", "--rootdir", str(suite), "-c", "/dev/null"],
                plugins=[loop])
    return graded


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return grade(tmp_path_factory.mktemp("plugin"), ("alice", HONEST), ("bob", WRONG))


def by_name(result: Graded) -> dict:
    return {o.name: o for o in result.outcomes}


def test_every_submission_is_graded_in_order(graded):
    """Is every submission graded once, in the order given?"""
    assert [g.submission.student for g in graded] == ["alice", "bob", "eve"]


def test_names_come_from_docstrings_and_title_marks(graded):
    """Are public names taken from the title mark, else the docstring's first line?"""
    assert set(by_name(graded[0])) == {"double: doubles a number", "half: halves a number",
                                       "pick: two of four options", "q1: the title mark wins"}


def test_points_and_partial_credit(graded):
    """Do passed tests earn their points, failed ones none, partial credit its fraction?"""
    alice = by_name(graded[0])
    assert alice["double: doubles a number"].score == 2.0
    assert alice["half: halves a number"].score == 0.0
    assert alice["pick: two of four options"].score == 2.0
    assert not alice["pick: two of four options"].passed
    assert alice["q1: the title mark wins"].score == 1.0


def test_messages_teach_without_leaking_the_suite(graded):
    """Do failure messages say what went wrong, without the suite's source or hidden inputs?"""
    bob = by_name(graded[1])
    assert "raised ValueError: nope" in bob["half: halves a number"].output
    assert "half: halves a number" in bob
    double = bob["double: doubles a number"].output
    assert "expected 62674" in double
    assert "SECRET_INPUT" not in double and "assert_close(" not in double
    assert "`half` is not defined" in by_name(graded[0])["half: halves a number"].output


def test_an_unreadable_submission_fails_every_test_with_the_reason(graded):
    """Does an unreadable submission get every test, each failed with the loader's message?"""
    eve = graded[2]
    assert len(eve.outcomes) == 4
    assert all(not o.passed and o.output == "not run: eve.ipynb is empty" for o in eve.outcomes)
    assert eve.load.fatal == "eve.ipynb is empty"
