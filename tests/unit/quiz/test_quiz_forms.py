"""One form check for the kit and the grader: what `aimath check` accepts is never invalid."""

import json

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.quiz.bank import bank_paths, load_bank
from autograder.quiz.render import forms_text
from autograder.quiz.variants import values_key
from autograder.reports.i18n import render
from autograder.sandbox import wire
from autograder.student.forms import Form, describe, form_problem, load_forms

BANKS = [load_bank(path) for path in bank_paths()]
ITEMS = [(bank.id, item) for bank in BANKS for item in bank.items]
x, y = sp.symbols("x y")


def sent(value: object) -> object:
    """`value` as the grader receives it from the sandbox (SymPy as srepr text, the rest named)."""
    def extension(value: object, encoder: object, depth: int) -> object:
        if isinstance(value, sp.Basic):
            return {"__expr__": sp.srepr(value)}
        return {"__unsupported__": type(value).__name__}

    tree, buffers = wire.encode(value, extension)
    return wire.decode(json.loads(json.dumps(tree)), buffers)


ATOMS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(), st.complex_numbers(),
    st.text(max_size=12),
    st.sampled_from(["A", "b", " c ", "A, C", "AC", "yes", "아니오", "O", "3.5", "1/2", "1/0",
                     "sqrt(2)", "2*x+2", "18*x, 15*y**2, -3", "x, y", "x**99999", "x.__class__",
                     "sin(x)", "pi/4", "log(0)"]),
    st.sampled_from([sp.Integer(3), sp.Rational(7, 2), 2 * x + 2, sp.sin(x), sp.zoo, sp.I]),
    st.sampled_from([np.float64(0.5), np.int64(1), np.bool_(True), np.array(2.5)]),
    hnp.arrays(st.sampled_from([np.float64, np.int32, np.bool_]), hnp.array_shapes(max_dims=2)),
)
ANSWERS = st.recursive(ATOMS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=3), inner, max_size=2)), max_leaves=10)


# One item of each kind and form (options, shapes, symbol lists, a count of formulas).
FORMS = list({(type(item), item.form().letters, item.form().shape, item.form().count):
              (quiz, item) for quiz, item in ITEMS}.values())


@pytest.mark.parametrize(("quiz", "item"), FORMS, ids=[f"{q}-{i.id}" for q, i in FORMS])
@settings(max_examples=150, deadline=None)
@given(raw=st.one_of(ATOMS, ANSWERS))
def test_the_kit_and_the_grader_agree_on_every_form(quiz, item, raw):
    """For any value, is it well formed for the kit exactly when the grader (which receives it
    through the sandbox) does not call it invalid?"""
    key = item.variant(values_key(), quiz, "kim").key
    result = item.grade(sent(raw), key)
    assert (form_problem(item.form(), raw) is None) == (result.status != "invalid"), (
        render(result.message, "en"))


@pytest.mark.parametrize(("form", "value"), [
    (Form("q7", "array", shape=(4,)), [[0, 1, 0.5, 1.25]]),
    (Form("q3", "bool"), 1),
    (Form("q3", "expression", symbols=("x", "y", "z"), count=3), "18*x, 15*y**2"),
])
def test_what_the_grader_refuses_the_self_check_flags(form, value):
    """Does the self-check flag a wrong shape, an ambiguous 1 and a missing formula, which the
    grader scores as invalid?"""
    assert form_problem(form, value) is not None


def test_a_wrong_shape_names_the_shape_expected():
    """Does `[[0, 1, 0.5, 1.25]]` for a vector of 4 say which shape is wanted, in English and
    in Korean?"""
    form, value = Form("q7", "array", shape=(4,)), [[0, 1, 0.5, 1.25]]
    assert form_problem(form, value) == (
        "expected a nested list of numbers of shape (4,), such as [1.0, 2.0, 3.0, 4.0], "
        "got a list [[0, 1, 0.5, 1.25]] (shape (1, 4))")
    assert form_problem(form, value, "ko") == (
        "기대한 형식은 shape 가 (4,) 인 숫자의 중첩 리스트(nested list) (예: [1.0, 2.0, 3.0, "
        "4.0]), 받은 값은 list 값 [[0, 1, 0.5, 1.25]] (shape 가 (1, 4) 입니다)")


def test_the_kit_and_the_grader_say_the_same_words():
    """Is the grader's detail of an invalid answer the kit's own sentence, in each language
    (the form words exist once, in autograder/student/text.py)?"""
    for quiz, item in FORMS:
        key = item.variant(values_key(), quiz, "kim").key
        detail = item.grade(1 + 2j, key).message
        for lang in ("en", "ko"):
            assert render(detail, lang).endswith(form_problem(item.form(), 1 + 2j, lang))


@pytest.mark.parametrize(("value", "text", "korean"), [
    (1, "int 1", "int 값 1"), (None, "None (no answer)", "None (답 없음)"),
    ("yes", "the string 'yes'", "문자열 'yes'"), (2 * x, "a SymPy expression", "SymPy 수식"),
    (wire.Expr("Symbol('x')"), "a SymPy expression", "SymPy 수식"),
    (wire.Unsupported("set"), "a set", "set 객체"), ({"A"}, "a set", "set 객체"),
    (np.eye(2), "an array of shape (2, 2)", "shape 가 (2, 2) 인 배열(array)"),
])
def test_what_was_given_is_described_the_same_on_both_sides(value, text, korean):
    """Is a value described by its type and a short text, whether it is the kit's own object or
    its stand-in from the sandbox, in either language?"""
    assert (describe(value), describe(value, "ko")) == (text, korean)


@pytest.mark.parametrize("bank", BANKS, ids=[b.id for b in BANKS])
def test_the_forms_file_holds_every_form_and_no_answer(tmp_path, bank):
    """Does `<quiz>.forms.json` give the kit each item's form, and never a key or explanation?"""
    path = tmp_path / f"{bank.id}.forms.json"
    path.write_text(forms_text(bank), encoding="utf-8")
    assert load_forms(path) == [item.form() for item in bank.items]
    text = path.read_text(encoding="utf-8")
    for item in bank.items:
        assert item.explanation.splitlines()[0] not in text
        if isinstance(item.answer, str) and len(item.answer) > 1:
            assert json.dumps(item.answer) not in text, item.id
    assert "answer" not in text and "explanation" not in text


def test_a_decimal_comma_is_refused_with_the_number_it_means():
    """Does "-3,2" for one number say to write the decimal with a point, as -3.2, while a real
    pair of numbers is still "a list"?"""
    form = Form("q4", "numeric")
    assert form_problem(form, "-3,2") == (
        "expected a number such as 3.5, got the string '-3,2' (a list, not one number: write "
        "a decimal with a point, as in -3.2)")
    assert "write a decimal" not in str(form_problem(form, "1, 2, 3"))
