"""Per-student values: drawn from (values key, quiz, student id), the same in the kit and the
grader, nice, never degenerate, and each student's key is the answer for their own values."""

import ast
import unicodedata
from fractions import Fraction

import pytest

from autograder.course.secret import derive
from autograder.course.settings import load_settings
from autograder.quiz.bank import bank_paths, load_bank
from autograder.quiz.render import forms_text
from autograder.quiz.variants import create_values_key, values_key
from autograder.student.values import (
    ItemParams,
    Param,
    draw,
    load_values,
    show_values,
    values_for,
)

BANKS = [load_bank(path) for path in bank_paths()]
RANDOMISED = [(bank.id, item) for bank in BANKS for item in bank.items if item.params]
IDS = [f"{quiz}-{item.id}" for quiz, item in RANDOMISED]
STUDENTS = ["20231234", "20231235", "kim", "김민호", "jisoo", "a.b-c_d"]


def test_every_quiz_has_at_least_two_randomised_items():
    """Does each of the ten quizzes give every student their own values on two items or more?"""
    for bank in BANKS:
        assert sum(bool(item.params) for item in bank.items) >= 2, bank.id


@pytest.mark.parametrize(("quiz", "item"), RANDOMISED, ids=IDS)
def test_two_students_get_different_values(quiz, item):
    """Do two students see different values (and so have different keys) on each item?"""
    a, b = (item.variant(values_key(), quiz, s) for s in ("20231234", "20231235"))
    assert a.values != b.values


@pytest.mark.parametrize(("quiz", "item"), RANDOMISED, ids=IDS)
@pytest.mark.parametrize("student", STUDENTS)
def test_each_students_own_key_earns_full_marks(quiz, item, student):
    """Is a student's key, written as the model solution writes it, worth full marks for them?"""
    variant = item.variant(values_key(), quiz, student)
    assert item.grade(ast.literal_eval(item.literal(variant.key)), variant.key).score == 1.0


@pytest.mark.parametrize(("quiz", "item"), RANDOMISED, ids=IDS)
def test_a_swapped_answer_earns_nothing(quiz, item):
    """Is A's correct answer, graded as B's (whose values differ), worth 0?"""
    a, b = (item.variant(values_key(), quiz, s) for s in ("20231234", "kim"))
    if a.key == b.key:
        pytest.skip("these two students drew the same key")
    assert item.grade(ast.literal_eval(item.literal(a.key)), b.key).score == 0.0


@pytest.mark.parametrize("bank", BANKS, ids=[b.id for b in BANKS])
def test_the_kits_generator_agrees_with_the_graders(tmp_path, bank):
    """Does the kit, reading only the released forms file, show every student the values the
    grader grades them with?"""
    path = tmp_path / f"{bank.id}.forms.json"
    path.write_text(forms_text(bank), encoding="utf-8")
    spec = load_values(path)
    assert spec.key == values_key()
    for student in STUDENTS:
        shown = values_for(spec.items, spec.key, spec.quiz, student)
        graded = {item.id: {name: float(v) for name, v in
                            item.variant(values_key(), bank.id, student).values.items()}
                  for item in bank.items if item.params}
        assert shown == graded


def test_values_are_nice_and_meet_their_conditions():
    """Is every value on its parameter's grid, and is every `require` condition met?"""
    spec = ItemParams("q1", (Param("p", Fraction(1, 10), Fraction(9, 10), Fraction(1, 10)),
                             Param("q", choices=(Fraction(1, 10), Fraction(1, 2)))), ("p - q",))
    for n in range(200):
        values = draw(spec, b"key", "quiz_08", f"s{n}")
        assert (values["p"] * 10).denominator == 1 and values["q"] in spec.params[1].choices
        assert values["p"] > values["q"]


def test_the_id_is_read_as_the_grader_stores_it():
    """Do a decomposed Korean name (as a Mac types it) and spaces around an id draw the same?"""
    spec = ItemParams("q1", (Param("n", Fraction(1), Fraction(10**6)),))
    nfd = unicodedata.normalize("NFD", "김민호")
    assert draw(spec, b"k", "quiz_01", f" {nfd} ") == draw(spec, b"k", "quiz_01", "김민호")
    assert draw(spec, b"k", "quiz_01", "김민호") != draw(spec, b"k", "quiz_02", "김민호")


def test_an_id_outside_the_rule_draws_what_it_is_graded_as():
    """Does `alice smith` (or an email) typed in the notebook draw the values of the id the
    grader files `alice smith.ipynb` under, and does the cell say that id?"""
    spec = ItemParams("q1", (Param("n", Fraction(1), Fraction(10**6)),))
    assert draw(spec, b"k", "quiz_01", "alice smith") == draw(spec, b"k", "quiz_01", "alice_smith")
    assert draw(spec, b"k", "quiz_01", "a@uni.edu") == draw(spec, b"k", "quiz_01", "a_uni.edu")


def test_an_impossible_condition_is_reported():
    """Does a `require` no draw can meet raise instead of looping?"""
    spec = ItemParams("q1", (Param("p", Fraction(0), Fraction(1)),), ("p - 5",))
    with pytest.raises(ValueError, match="q1: no draw"):
        draw(spec, b"k", "quiz_01", "kim")


@pytest.mark.parametrize(("quiz", "item"), RANDOMISED, ids=IDS)
def test_the_explanation_uses_the_students_own_numbers(quiz, item):
    """Does the recorded explanation show this student's values in place of every {{...}}?"""
    variant = item.variant(values_key(), quiz, "kim")
    text = item.explanation_for(variant)
    assert "{{" not in text and text != item.explanation


@pytest.mark.parametrize(("text", "values", "shown"), [
    ("f'(x) = {{2*a}} x + ({{b}})", {"a": 8, "b": -5}, "f'(x) = 16 x - 5"),
    ("f'(x) = {{2*a}} x + ({{b}})", {"a": 8, "b": 5}, "f'(x) = 16 x + 5"),
    ("x - ({{b}})", {"a": 0, "b": -5}, "x + 5"),
    ("{{a}} - 0.2 \\cdot {{2*a}} = {{a - 0.4*a}}", {"a": -2, "b": 0},
     "-2 - 0.2 \\cdot (-4) = -1.2"),
    ("{{a}}^{ {{b}} } + {{a}}", {"a": -3, "b": 2}, "(-3)^{ 2 } + (-3)"),
    ("|{{a}}| = {{abs(a)}}, ({{a}}, {{b}})", {"a": -3, "b": -1}, "|-3| = 3, (-3, -1)"),
])
def test_an_explanation_writes_negative_values_as_a_person_does(text, values, shown):
    """A student's negative value in an explanation: is it in parentheses after an operator
    or under a power, and is a sign around one in parentheses merged, where the page read
    `16x+(−5)` and `0.2·−4` (an outside reviewer's finding)?"""
    from autograder.quiz.variants import fill

    assert fill(text, ("a", "b"), {k: Fraction(v) for k, v in values.items()}) == shown


def test_the_values_key_is_derived_from_the_secret_and_recorded(tmp_path, monkeypatch):
    """Is a new course's key HMAC(secret, "quiz-values"), written once into pyproject.toml,
    without the secret itself?"""
    monkeypatch.delenv("AIMATH_SECRET_FILE", raising=False)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "c"\n\n[tool.aimath]\njobs = 2\n')
    key = create_values_key(tmp_path)
    secret = bytes.fromhex((tmp_path / ".aimath" / "secret").read_text().strip())
    assert key == derive(secret, "quiz-values") and key != secret
    assert values_key(tmp_path) == key == create_values_key(tmp_path)
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.count(key.hex()) == 1 and secret.hex() not in text


@pytest.mark.parametrize("header", ["[tool.aimath]  # course settings", " [ tool.aimath ]"])
def test_the_key_goes_into_the_existing_table_whatever_its_header_line_holds(
        tmp_path, monkeypatch, header):
    """A `[tool.aimath]` line with a comment after it (or spaces in it): is the key written
    into that table, leaving one table that loads, never a second one?"""
    monkeypatch.delenv("AIMATH_SECRET_FILE", raising=False)
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "c"\n\n{header}\njobs = 1\n')
    key = create_values_key(tmp_path)
    settings = load_settings(tmp_path)
    assert (settings.jobs, settings.quiz_values_key) == (1, key.hex())
    assert (tmp_path / "pyproject.toml").read_text().count("aimath") == 1


def test_the_notebook_cell_prints_the_students_values(tmp_path, capsys):
    """Does `show_values` print this student's values, and ask for an id when there is none?"""
    bank = BANKS[-1]
    (tmp_path / f"{bank.id}.forms.json").write_text(forms_text(bank), encoding="utf-8")
    show_values(bank.id, "kim", tmp_path)
    shown = capsys.readouterr().out
    for item in bank.items:
        if item.params:
            values = item.variant(values_key(), bank.id, "kim").values
            line = f"{item.id}: " + ", ".join(f"{n} = {float(v):g}" for n, v in values.items())
            assert line in shown.splitlines()
    show_values(bank.id, "  ", tmp_path)
    assert "STUDENT_ID" in capsys.readouterr().out
    show_values(bank.id, "kim lee", tmp_path)
    assert "the grader files it as kim_lee" in capsys.readouterr().out
