"""Grading one answer per item type: right, wrong, invalid and the edge cases in between; each
verdict a keyed message, said in English or Korean."""

import time

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.quiz.items import REGISTRY, Item, ItemResult
from autograder.quiz.items.array import ArrayItem
from autograder.quiz.items.boolean import BoolItem
from autograder.quiz.items.choice import ChoiceItem
from autograder.quiz.items.expression import ExpressionItem
from autograder.quiz.items.multi import MultiItem
from autograder.quiz.items.numeric import NumericItem
from autograder.reports.i18n import render
from autograder.sandbox.wire import Expr

OPTIONS = {"A": "a", "B": "b", "C": "c", "D": "d", "E": "e"}
COMMON = {"title": "t", "prompt": "p", "explanation": "e"}
CHOICE = ChoiceItem("q1", **COMMON, points=1, answer="B", options=dict(list(OPTIONS.items())[:4]))
MULTI = MultiItem("q2", **COMMON, points=2, answer=("A", "C", "E"), options=OPTIONS)
BOOL = BoolItem("q3", **COMMON, points=1, answer=False)
NUMERIC = NumericItem("q4", **COMMON, points=1, answer=3.5, rtol=1e-3, atol=1e-8)
ARRAY = ArrayItem("q5", **COMMON, points=1, answer=((1, 0), (0, 1)), rtol=0.0, atol=1e-6)
VECTOR = ArrayItem("q6", **COMMON, points=1, answer=(1, 0), rtol=0.0, atol=1e-6)
FORMULA = ExpressionItem("q7", **COMMON, points=1, answer="2*x + 2", symbols=("x",))
GRADIENT = ExpressionItem("q8", **COMMON, points=2, answer="18*x, 15*y**2, -3",
                          symbols=("x", "y", "z"))
ALL = [CHOICE, MULTI, BOOL, NUMERIC, ARRAY, VECTOR, FORMULA, GRADIENT]


def grade(item: Item, raw: object) -> ItemResult:
    """Grade `raw` against a fixed item's one key."""
    return item.grade(raw, item.key({}))


def said(result: ItemResult, lang: str = "en") -> str:
    """The verdict as a page shows it in `lang`."""
    return render(result.message, lang)


def test_every_type_has_one_class():
    """Is each bank type a registered class, and is each used by these tests?"""
    assert set(REGISTRY) == {"choice", "multi", "bool", "numeric", "array", "expression"}
    assert {type(item) for item in ALL} == set(REGISTRY.values())


@pytest.mark.parametrize(("item", "raw"), [
    (CHOICE, "B"), (CHOICE, "b"), (CHOICE, " B "),
    (MULTI, ["A", "C", "E"]), (MULTI, ("e", "a", "c")), (MULTI, {"A", "C", "E"}),
    (MULTI, "A, C, E"), (MULTI, "a c e"), (MULTI, "ACE"), (MULTI, ["A", "A", "C", "E"]),
    (BOOL, False), (BOOL, np.False_), (BOOL, "no"), (BOOL, " No "), (BOOL, "n"), (BOOL, "FALSE"),
    (BOOL, "아니오"), (BOOL, "아니요"), (BOOL, "X"),
    (NUMERIC, 3.5), (NUMERIC, "3.5"), (NUMERIC, "7/2"), (NUMERIC, 3.501),
    (NUMERIC, np.float64(3.5)), (NUMERIC, np.array(3.5)), (NUMERIC, Expr("Rational(7, 2)")),
    (ARRAY, [[1, 0], [0, 1]]), (ARRAY, ((1.0, 0.0), (0.0, 1.0))), (ARRAY, np.eye(2)),
    (ARRAY, [[1.0000001, 0], [0, 1]]), (ARRAY, np.eye(2, dtype=np.int64)),
    (VECTOR, [1.0000001, 0]),
    (FORMULA, "2*(x+1)"), (FORMULA, "2*x+2"), (FORMULA, "x^1*2 + 2"),
    (FORMULA, Expr(sp.srepr(2 * sp.Symbol("x") + 2))), (FORMULA, ["2*(x + 1)"]),
    (GRADIENT, "18*x, 15*y**2, -3"), (GRADIENT, "(18*x, 15*y*y, -3)"),
    (GRADIENT, ["18*x", "15*y**2", "-3"]),
    (GRADIENT, [Expr("Mul(Integer(18), Symbol('x'))"), "15*y**2", Expr("Integer(-3)")]),
])
def test_right_answers_in_every_accepted_form_score_full(item, raw):
    """Is each accepted spelling of the key worth full marks?"""
    result = grade(item, raw)
    assert (result.score, result.status) == (1.0, "correct"), said(result)
    assert said(result) == f"{item.id}: correct"
    assert said(result, "ko") == f"{item.id}: 정답입니다"


@pytest.mark.parametrize(("item", "raw"), [
    (CHOICE, "A"), (BOOL, True), (BOOL, "yes"), (BOOL, "예"), (BOOL, "네"),
    (NUMERIC, 3.6), (NUMERIC, "3"), (NUMERIC, -3.5),
    (ARRAY, [[1, 0], [0, 1.1]]), (ARRAY, [[1, 0], [0, float("nan")]]), (VECTOR, [1.00001, 0]),
    (FORMULA, "2*x + 1"), (FORMULA, "2*x"), (GRADIENT, "18*x, 15*y**2, 3"),
])
def test_wrong_answers_score_zero_and_say_so(item, raw):
    """Is a well-formed but wrong answer worth 0, saying so in either language without
    repeating the answer (the page shows it beside the verdict)?"""
    result = grade(item, raw)
    assert (result.score, result.status) == (0.0, "wrong")
    assert said(result).startswith(f"{item.id}: not correct")
    assert said(result, "ko").startswith(f"{item.id}: 정답이 아닙니다")
    assert result.answer not in said(result).removeprefix(f"{item.id}: ")


@pytest.mark.parametrize("raw", ["sigmoid(exp(10**10))", "sigmoid(sigmoid(exp(10**10))), 1, 1"])
def test_an_answer_sympy_would_print_by_evaluating_is_graded_at_once(raw):
    """A formula whose usual printing sorts its terms by value (evaluating exp(exp(10**10))
    for minutes): is it graded, and shown, in well under a second of CPU?"""
    started = time.process_time()
    result = grade(GRADIENT if "," in raw else FORMULA, raw)
    assert result.status == "wrong" and "exp(10000000000)" in result.answer
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize(("item", "raw", "says"), [
    (CHOICE, None, "got None (no answer)"), (CHOICE, "F", "'F' is not one of the options"),
    (CHOICE, 2, "got int 2"), (CHOICE, ["B"], "got a list"), (CHOICE, "", "not one of the"),
    (CHOICE, "B" + " " * 20_000, "too large for an answer"),
    (MULTI, ["A", "C", "E"] * 5_000, "too large for an answer"),
    (MULTI, "A, F", "not options: 'F'"), (MULTI, [1, 2], "a list of option letters"),
    (MULTI, "", "a list of option letters"), (MULTI, None, "got None"),
    (BOOL, 1, "1 and 0 are ambiguous"), (BOOL, 0, "write True or False"),
    (BOOL, "maybe", "expected True or False"), (BOOL, None, "got None"),
    (NUMERIC, True, "got bool True"), (NUMERIC, [3.5], "a number such as 3.5, got a list"),
    (NUMERIC, "three", "unknown name"), (NUMERIC, float("nan"), "not a finite number"),
    (NUMERIC, "x", "unknown name 'x'"), (NUMERIC, 2 + 1j, "got a complex"),
    (NUMERIC, "1/0", "no finite value"), (NUMERIC, 10**400, "too large"),
    (ARRAY, 1.0, "nested list of numbers of shape (2, 2)"), (ARRAY, [[1, 0], [0]], "rows of"),
    (ARRAY, [["1", 0], [0, 1]], "contains the string '1'"), (ARRAY, [[True, 0], [0, 1]], "bool"),
    (ARRAY, np.array(["a", "b"]), "expected numbers"), (ARRAY, None, "got None"),
    (FORMULA, None, "a formula in x as a string"),
    (FORMULA, "__import__('os').system('true')", "not allowed"),
    (FORMULA, "2x + 2", "not a valid formula"), (FORMULA, 4, "got int 4"),
    (FORMULA, Expr("Symbol('x').__class__"), "attribute access"),
    (GRADIENT, ["18*x", ["15*y**2"]], "comma-separated formulas"),
    (ARRAY, [1, 0, 0, 1], "(shape (4,))"), (ARRAY, [[1, 0, 0], [0, 1, 0]], "(shape (2, 3))"),
    (GRADIENT, "18*x, 15*y**2", "(2 formula(s), expected 3)"),
    (FORMULA, "x, 2", "(2 formula(s), expected 1)"),
])
def test_invalid_answers_score_zero_and_name_the_expected_form(item, raw, says):
    """Is anything of the wrong form (a shape or a count of formulas included) worth 0, with a
    message naming the expected form?"""
    result = grade(item, raw)
    assert (result.score, result.status) == (0.0, "invalid")
    assert said(result).startswith(f"{item.id}: expected ")
    assert says in said(result), said(result)
    assert said(result, "ko").startswith(f"{item.id}: 형식이 맞지 않는 답입니다: 기대한 형식은 ")


def test_the_message_names_the_form_and_what_was_given():
    """Does an invalid number read "q4: expected a number such as 3.5, got a list [1, 2]", and
    the same in Korean, in the kit's form words?"""
    result = grade(NUMERIC, [1, 2])
    assert said(result) == "q4: expected a number such as 3.5, got a list [1, 2]"
    assert said(result, "ko") == ("q4: 형식이 맞지 않는 답입니다: 기대한 형식은 숫자 (예: 3.5), "
                                  "받은 값은 list 값 [1, 2]")


def test_an_invalid_answers_reason_is_korean_too():
    """Is the reason an answer is refused (a wrong shape, an ambiguous 1, a letter not offered)
    said in Korean on a Korean page, with no English words of the form left?"""
    shape = said(grade(VECTOR, [[0, 1]]), "ko")
    assert shape == ("q6: 형식이 맞지 않는 답입니다: 기대한 형식은 shape 가 (2,) 인 숫자의 중첩 "
                     "리스트(nested list) (예: [1.0, 2.0]), 받은 값은 list 값 [[0, 1]] "
                     "(shape 가 (1, 2) 입니다)")
    assert "1 과 0 은 모호합니다" in said(grade(BOOL, 1), "ko")
    assert "'F' 는 보기에 없습니다" in said(grade(CHOICE, "F"), "ko")
    assert "문자열 '1' 가 들어 있습니다" in said(grade(ARRAY, [["1", 0], [0, 1]]), "ko")
    for result in (grade(VECTOR, [[0, 1]]), grade(BOOL, 1), grade(MULTI, "A, F")):
        assert not {"expected", "got", "shape (", "list [", "ambiguous", "not options"} & set(
            said(result, "ko").split()), said(result, "ko")


@pytest.mark.parametrize(("item", "raw", "shown"), [
    (BOOL, 1, "1"), (CHOICE, None, None), (NUMERIC, "three", "'three'"),
    (VECTOR, [[0, 1]], "[[0, 1]]"), (ARRAY, np.zeros(3), "array([0., 0., 0.])"),
    (FORMULA, Expr("Symbol('x').__class__"), "Symbol('x').__class__"),
    (CHOICE, type("Unsupported", (), {"type_name": "set"})(), "<set>"),
])
def test_an_invalid_answer_records_what_was_given(item, raw, shown):
    """Does an invalid answer keep what was given as code, the same in every language (None
    for None: the page says "no answer" in its own language)?"""
    assert grade(item, raw).answer == shown


@pytest.mark.parametrize(("picks", "score"), [
    (["A", "C", "E"], 1.0),
    (["A", "C"], 2 / 3),
    (["A"], 1 / 3),
    (["A", "C", "E", "B"], 1 - 1 / 2),
    (["A", "C", "B"], 2 / 3 - 1 / 2),
    (["A", "B"], 0.0),
    (["B", "D"], 0.0),
    ([], 0.0),
    (["A", "B", "C", "D", "E"], 0.0),
])
def test_multi_select_partial_credit(picks, score):
    """Does each right pick earn 1/#right and each wrong pick cost 1/#wrong, never below 0?"""
    result = grade(MULTI, picks)
    assert result.score == pytest.approx(score)
    assert result.status == {1.0: "correct", 0.0: "wrong"}.get(result.score, "partial")


def test_partial_credit_explains_the_count():
    """Does a partly right selection say how many right and wrong options were picked, in
    either language, and a selection worth nothing too?"""
    result = grade(MULTI, "A, C, B")
    assert said(result) == ("q2: partly correct "
                            "(2 of 3 correct options chosen, 1 wrong option(s) chosen)")
    assert said(result, "ko") == ("q2: 부분 정답입니다 "
                                  "(정답 보기 3개 중 2개, 오답 보기 1개를 골랐습니다)")
    assert said(grade(MULTI, ["A", "B"])) == (
        "q2: not correct (1 of 3 correct options chosen, 1 wrong option(s) chosen)")
    assert grade(MULTI, []).answer == "[]"


def test_a_wrong_array_points_at_the_first_bad_entry():
    """Does a wrong matrix say how many entries are off and where the first one is?"""
    result = grade(ARRAY, [[1, 0], [0, 2]])
    assert said(result) == "q5: not correct (1 of 4 entries are off, the first at (1, 1))"
    assert said(result, "ko") == ("q5: 정답이 아닙니다 (4개 원소 중 1개가 틀렸고, 첫 번째는 "
                                  "(1, 1) 위치입니다)")
    assert "of shape (2, 2)" in said(grade(ARRAY, [1, 0, 0, 1]))


def test_normalised_answers_are_short_text():
    """Is the normalised answer text that feedback and item analysis can show and count?"""
    assert grade(CHOICE, " c ").answer == "C"
    assert grade(MULTI, ("e", "a")).answer == "A, E"
    assert grade(BOOL, "예").answer == "True"
    assert grade(NUMERIC, "7/2").answer == "3.5"
    assert grade(ARRAY, np.eye(2)).answer == "[[1.0, 0.0], [0.0, 1.0]]"
    assert grade(GRADIENT, "18*x, 15*y**2, -3").answer == "18*x, 15*y**2, -3"
    long = grade(FORMULA, " + ".join(f"x**{i}" for i in range(1, 40))).answer
    assert long.endswith("...") and len(long) == 200


def test_a_blank_submission_scores_zero_everywhere():
    """Does a notebook left as released (every qN = None) score 0 on every item?"""
    assert sum(grade(item, None).score for item in ALL) == 0


def test_a_formula_cannot_run_code(tmp_path):
    """Does a formula answer with __import__('os') score 0 without touching the disk?"""
    marker = tmp_path / "pwned"
    result = grade(FORMULA, f"__import__('os').system('touch {marker}')")
    assert result.status == "invalid" and not marker.exists()


ATOMS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.complex_numbers(),
    st.text(max_size=30), st.sampled_from(["A", "b", "A, C", "yes", "예", "3.5", "1/2", "2*x+2",
                                          "x**99999", "((((x))))", "x.__class__", "sin(x)"]),
    hnp.arrays(st.sampled_from([np.float64, np.int32, np.bool_]), hnp.array_shapes(max_dims=2)),
)
ANSWERS = st.recursive(ATOMS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=3), inner, max_size=3)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(item=st.sampled_from(ALL), raw=ANSWERS)
def test_grading_never_crashes_and_stays_in_range(item, raw):
    """Does any nested data or string give a result in [0, 1] instead of an exception?"""
    result = grade(item, raw)
    assert 0.0 <= result.score <= 1.0
    assert result.status in {"correct", "partial", "wrong", "invalid"}
    assert said(result).startswith(f"{item.id}: ") and said(result, "ko").startswith(item.id)
    assert result.answer is None if raw is None else (
        isinstance(result.answer, str) and len(result.answer) <= 200)
