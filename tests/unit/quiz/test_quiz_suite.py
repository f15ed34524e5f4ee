"""The hidden quiz suite end to end: the grading loop over real `qN = ...` submissions."""

import pytest

from autograder.course.assignments import SUITES
from autograder.grading.plugin import Graded, GradingLoop
from autograder.intake.submission import load_bytes
from autograder.quiz.bank import load_quiz
from autograder.quiz.render import solution_literal
from autograder.sandbox.host.backend import LocalBackend

QUIZ = "quiz_02"  # has every kind of outcome: arrays, a multi-select, a bool, a choice
BANK = load_quiz(QUIZ)
SOLUTION = "".join(f"{item.id} = {solution_literal(item)}\n" for item in BANK.items)
BLANK = "".join(f"{item.id} = None\n" for item in BANK.items)
MIXED = (SOLUTION.replace('q2 = ["A", "C", "E"]', 'q2 = "a, c, d"')
         .replace("q3 = False", "q3 = 0").replace('q6 = "B"', 'q6 = " b "')
         .replace("q7 = [[-5, 3], [5, 2]]\n", ""))


def grade_all(tmp_path_factory, *sources: tuple[str, str]) -> list[Graded]:
    graded: list[Graded] = []
    subs = [load_bytes(code.encode(), f"{name}.py", name) for name, code in sources]
    loop = GradingLoop(subs, LocalBackend, graded.append)
    rootdir = tmp_path_factory.mktemp("quiz-suite")
    code = pytest.main([str(SUITES / "quiz"), "-p", "autograder.grading.plugin",
                        "-p", "no:terminal",
                        "--assignment", QUIZ, "--rootdir", str(rootdir), "-c", "/dev/null",
                        "-p", "no:cacheprovider"], plugins=[loop])
    assert code in (0, 1)
    return graded


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    graded = grade_all(tmp_path_factory, ("key", SOLUTION), ("blank", BLANK), ("mixed", MIXED))
    return {g.submission.student: {o.name.split(":")[0]: o for o in g.outcomes} for g in graded}


def test_the_key_scores_full_marks(outcomes):
    """Does the bank's own key earn every point, item by item?"""
    key = outcomes["key"]
    assert [o.score for o in key.values()] == [item.points for item in BANK.items]
    assert all(o.passed for o in key.values())


def test_a_blank_quiz_scores_zero(outcomes):
    """Does the released notebook, every qN = None, earn nothing, saying the answer is missing?"""
    blank = outcomes["blank"]
    assert sum(o.score for o in blank.values()) == 0
    assert blank["q1"].output.startswith("q1: expected a nested list of numbers")
    assert blank["q1"].output.endswith("got None (no answer)")


def test_items_are_named_and_weighted_from_the_bank(outcomes):
    """Is each test named `qN: title` and worth the item's points?"""
    names = [o.name for o in outcomes["key"].values()]
    assert names == [f"{item.id}: {item.title}" for item in BANK.items]
    assert [o.max_score for o in outcomes["key"].values()] == [i.points for i in BANK.items]


def test_partial_invalid_and_missing_answers(outcomes):
    """Do a half-right selection, a 1 for a yes/no and a missing q7 score as the rules say?"""
    mixed = outcomes["mixed"]
    # q2: picks A, C right (2/3), D wrong (1/2 of two wrong options): 1/6 of 2 points.
    assert mixed["q2"].score == pytest.approx(2 / 6)
    assert "partly correct" in mixed["q2"].output
    assert mixed["q3"].score == 0 and "ambiguous" in mixed["q3"].output
    assert mixed["q6"].passed
    assert mixed["q7"].score == 0 and "`q7` is not defined" in mixed["q7"].output


def test_answer_and_explanation_are_recorded_for_feedback(outcomes):
    """Does every item record the normalised answer and its explanation?"""
    mixed = outcomes["mixed"]
    for item in BANK.items:
        assert mixed[item.id].properties["explanation"] == item.explanation
    assert mixed["q2"].properties["answer"] == "A, C, D"
    assert mixed["q3"].properties["answer"] is None
    assert mixed["q6"].properties["answer"] == "B"
    assert mixed["q7"].properties["answer"] is None


@pytest.mark.parametrize("option", [[], ["--assignment", "01_vectors"]])
def test_the_suite_needs_a_quiz_id(tmp_path, capsys, option):
    """Does collecting the quiz suite without --assignment quiz_XX fail loudly?"""
    code = pytest.main([str(SUITES / "quiz"), "-p", "autograder.grading.plugin",
                        "--collect-only", "-q",
                        "--rootdir", str(tmp_path), "-c", "/dev/null", "-p", "no:cacheprovider",
                        *option])
    assert code != 0
    assert "the quiz suite needs --assignment quiz_XX" in capsys.readouterr().out
