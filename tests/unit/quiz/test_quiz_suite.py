"""The hidden quiz suite end to end: the grading loop over real `qN = ...` submissions."""

import pytest

from autograder.course.assignments import ROOT, SUITES
from autograder.grading.loop import Context, GradingLoop
from autograder.grading.model import Failure, Origin, Prepared, SubmissionResult
from autograder.quiz.bank import load_quiz
from autograder.quiz.render import solution_literal
from autograder.quiz.variants import values_key
from autograder.reports.i18n import render
from autograder.sandbox.host.backend import LocalBackend
from autograder.student.notebook import read_bytes

QUIZ = "quiz_02"  # has every kind of outcome: arrays, a multi-select, a bool, a choice
BANK = load_quiz(QUIZ)
SOLUTION = "".join(f"{item.id} = {solution_literal(QUIZ, item)}\n" for item in BANK.items)
BLANK = "".join(f"{item.id} = None\n" for item in BANK.items)
MIXED = (SOLUTION.replace('q2 = ["A", "C", "E"]', 'q2 = "a, c, d"')
         .replace("q3 = False", "q3 = 1").replace('q6 = "B"', 'q6 = " b "'))
MIXED = "\n".join(line for line in MIXED.splitlines() if not line.startswith("q7 ")) + "\n"


def keys_of(student: str, claimed: str | None = None) -> str:
    """Every item's key for `student`, in a notebook that claims to be `claimed`'s."""
    lines = [f'STUDENT_ID = "{claimed or student}"']
    lines += [f"{item.id} = {item.literal(item.variant(values_key(), QUIZ, student).key)}"
              for item in BANK.items]
    return "\n".join(lines) + "\n"


def grade_all(tmp_path_factory, *sources: tuple[str, str]) -> list[SubmissionResult]:
    """Grade `(student, code)` pairs with the quiz suite, in this process."""
    results: list[SubmissionResult] = []
    subs = [Prepared(name, Origin(f"{name}.py"), tuple(read_bytes(code.encode(), f"{name}.py")
                                                      .cells)) for name, code in sources]
    loop = GradingLoop(subs, Context(QUIZ, ROOT, b"test secret"),
                       lambda sub: LocalBackend(list(sub.cells)), results.append)
    rootdir = tmp_path_factory.mktemp("quiz-suite")
    code = pytest.main([str(SUITES / "quiz"), "-p", "autograder.grading.plugin",
                        "-p", "no:terminal", "--assignment", QUIZ, "--rootdir", str(rootdir),
                        "-c", "/dev/null", "-p", "no:cacheprovider"], plugins=[loop])
    assert code in (0, 1)
    return results


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    results = grade_all(tmp_path_factory, ("solution", SOLUTION), ("blank", BLANK),
                        ("mixed", MIXED), ("alice", keys_of("alice")),
                        ("bob", keys_of("alice", claimed="alice")))
    return {r.student: {t.function: t for t in r.tests} for r in results}


def test_the_key_scores_full_marks(outcomes):
    """Does the model solution (student `solution`'s keys) earn every point, item by item?"""
    key = outcomes["solution"]
    assert [t.score for t in key.values()] == [item.points for item in BANK.items]
    assert all(t.passed for t in key.values())


def test_a_blank_quiz_scores_zero(outcomes):
    """Does the released notebook, every qN = None, earn nothing?"""
    assert sum(t.score for t in outcomes["blank"].values()) == 0
    assert outcomes["blank"]["q1"].answer is None  # the page says "no answer" in its language


def test_items_are_named_and_weighted_from_the_bank(outcomes):
    """Is each test named `qN: title` and worth the item's points?"""
    tests = list(outcomes["solution"].values())
    assert [t.name for t in tests] == [f"{item.id}: {item.title}" for item in BANK.items]
    assert [t.max_score for t in tests] == [item.points for item in BANK.items]


def test_partial_invalid_and_missing_answers(outcomes):
    """Do a half-right selection, a 1 for a yes/no and a missing q7 score as the rules say?"""
    mixed = outcomes["mixed"]
    # q2: picks A, C right (2/3), D wrong (1/2 of two wrong options): 1/6 of 2 points.
    assert mixed["q2"].score == pytest.approx(2 / 6)
    assert mixed["q3"].score == 0 and mixed["q6"].passed and mixed["q7"].score == 0


def test_answer_and_explanation_are_recorded_for_feedback(outcomes):
    """Does every item record its explanation and the answer, an invalid one as given?"""
    mixed = outcomes["mixed"]
    for item in BANK.items:
        assert mixed[item.id].explanation is not None and mixed[item.id].item
    assert mixed["q2"].answer == "A, C, D"
    assert mixed["q3"].answer == "1"
    assert mixed["q6"].answer == "B"
    assert mixed["q7"].answer is None


def test_verdicts_are_keyed_messages_said_in_either_language(outcomes):
    """Is a partial selection, an invalid answer and a wrong one each a keyed detail that a
    Korean page says in Korean (the form words too), with the failure kind kept?"""
    mixed, bob = outcomes["mixed"], outcomes["bob"]
    partial, invalid = mixed["q2"].details[0], mixed["q3"].details[0]
    assert (partial.key, invalid.key) == ("quiz.partial", "quiz.invalid")
    assert mixed["q3"].failure == Failure.INVALID and mixed["q2"].failure == Failure.WRONG
    assert render(partial, "ko").startswith("q2: 부분 정답입니다 (정답 보기 3개 중 2개")
    assert render(invalid, "ko").startswith("q3: 형식이 맞지 않는 답입니다: 기대한 형식은 "
                                            "True 또는 False, 받은 값은 int 값 1")
    assert render(invalid, "en") == ("q3: expected True or False, got int 1 (1 and 0 are "
                                     "ambiguous here: write True or False)")
    wrong = next(t for t in bob.values() if not t.passed)
    assert wrong.details[0].key in ("quiz.wrong", "quiz.wrong_entries", "quiz.wrong_picks")
    assert render(wrong.details[0], "ko").startswith(f"{wrong.function}: 정답이 아닙니다")


def test_each_student_is_graded_with_their_own_values(outcomes):
    """Does alice's notebook with alice's keys earn full marks, with her numbers in the
    explanation of a randomised item?"""
    alice = outcomes["alice"]
    assert all(t.passed for t in alice.values())
    variant = BANK.items[3].variant(values_key(), QUIZ, "alice")
    assert alice["q4"].explanation == BANK.items[3].explanation_for(variant)


def test_a_notebook_claiming_another_id_is_graded_as_its_collector(outcomes):
    """Is bob's notebook, which says STUDENT_ID = "alice" and holds alice's keys, graded with
    bob's values, so that the randomised items earn nothing?"""
    bob = outcomes["bob"]
    randomised = [item.id for item in BANK.items if item.params]
    assert randomised and all(bob[i].score == 0 for i in randomised)
    assert all(bob[item.id].passed for item in BANK.items if not item.params)


@pytest.mark.parametrize("option", [[], ["--assignment", "01_vectors"]])
def test_the_suite_needs_a_quiz_id(tmp_path, capsys, option):
    """Does collecting the quiz suite without --assignment quiz_XX fail loudly?"""
    code = pytest.main([str(SUITES / "quiz"), "-p", "autograder.grading.plugin",
                        "--collect-only", "-q",
                        "--rootdir", str(tmp_path), "-c", "/dev/null", "-p", "no:cacheprovider",
                        *option])
    assert code != 0
    assert "the quiz suite needs --assignment quiz_XX" in capsys.readouterr().out
