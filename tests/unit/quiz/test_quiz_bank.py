"""Quiz banks: the YAML schema and its FILE:LINE messages."""

from fractions import Fraction

import pytest

from autograder.quiz.bank import BankError, load_bank

HEADER = """\
id: quiz_03
title: "Quiz 3"
lecture: 3
items:
"""

GOOD_ITEMS = """\
  - id: q1
    title: a choice
    type: choice
    points: 1
    prompt: Which?
    options: {A: one, B: two}
    answer: B
    explanation: Because.
  - id: q2
    title: a multi-select
    type: multi
    points: 2
    prompt: Which ones?
    options: {A: one, B: two, C: three}
    answer: [C, A]
    explanation: Because.
  - id: q3
    title: a yes/no
    type: bool
    points: 1
    prompt: Yes?
    answer: false
    explanation: Because.
  - id: q4
    title: a number
    type: numeric
    points: 1
    rtol: 0.01
    prompt: How much?
    answer: 3.5
    explanation: Because.
  - id: q5
    title: a matrix
    type: array
    points: 1
    prompt: Which matrix?
    answer: [[1, 0], [0, 1]]
    explanation: Because.
  - id: q6
    title: a gradient
    type: expression
    symbols: [x, y]
    points: 2
    prompt: Which gradient?
    answer: "2*x, 3"
    explanation: Because.
"""


def write(tmp_path, items: str, header: str = HEADER, name: str = "quiz_03.yaml"):
    path = tmp_path / name
    path.write_text(header + items, encoding="utf-8")
    return path


def problems(path) -> list[str]:
    with pytest.raises(BankError) as info:
        load_bank(path)
    return info.value.problems


RANDOMISED = """\
  - id: q1
    title: a posterior
    type: numeric
    points: 1
    params:
      p: {min: 0.05, max: 0.3, step: 0.05}
      s: {choices: [0.9, 0.99]}
    require: ["s - p"]
    prompt: With your p and s?
    answer: "s*p/(s*p + 0.1*(1 - p))"
    explanation: "P(+) = {{s*p + 0.1*(1 - p)}}"
  - id: q2
    title: a gradient
    type: expression
    symbols: [x]
    points: 1
    params:
      a: {min: 2, max: 9, step: 1}
    prompt: d/dx of a x^2?
    answer: "2*a*x"
    explanation: "{{2*a}} x"
  - id: q3
    title: a vector
    type: array
    points: 1
    params:
      a: {min: -3, max: 3, step: 1}
    prompt: a times [1, 2]?
    answer: ["a", "2*a"]
    explanation: "[{{a}}, {{2*a}}]"
"""


def test_a_randomised_item_loads_with_exact_parameters(tmp_path):
    """Are parameters read exactly (0.05 is 1/20), with their conditions and formula answers?"""
    q1, q2, q3 = load_bank(write(tmp_path, RANDOMISED)).items
    low = q1.params[0]
    assert (low.name, low.low, low.high, low.step, low.size) == (
        "p", Fraction("0.05"), Fraction("0.3"), Fraction("0.05"), 6)
    assert q1.params[1].choices == (Fraction("0.9"), Fraction("0.99"))
    assert q1.require == ("s - p",) and q1.names == ("p", "s")
    assert q2.form().symbols == ("x",) and q3.form().shape == (2,)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("p: {min: 0.05, max: 0.3, step: 0.05}", "p: {min: 0.05, max: 0.32, step: 0.05}",
     "item q1: numeric item parameter 'p' needs {min, max, step}"),
    ("s: {choices: [0.9, 0.99]}", "s: {choices: []}", "parameter 's' needs"),
    ("s: {choices: [0.9, 0.99]}", "sin: {choices: [0.9, 0.99]}", "'sin' needs a name"),
    ('answer: "s*p/(s*p + 0.1*(1 - p))"', 'answer: "s*p/q"',
     "numeric item needs 'answer' as a formula in p, s (unknown name 'q'"),
    ('require: ["s - p"]', 'require: ["s - 2"]',
     "numeric item has no value for a sample draw: q1: no draw in 100"),
    ('answer: "s*p/(s*p + 0.1*(1 - p))"', 'answer: "s/(p - p)"', "has no value for a sample"),
    ('explanation: "P(+) = {{s*p + 0.1*(1 - p)}}"', 'explanation: "{{s p}}"',
     "numeric item has a place {{s p}} that is not a formula in p, s"),
    ("    symbols: [x]\n", "    symbols: [x, a]\n",
     "expression item needs parameter names other than the symbols"),
    ('answer: ["a", "2*a"]', 'answer: ["a", "2*b"]', "array item needs 'answer' as a formula"),
    ('answer: ["a", "2*a"]', 'answer: ["a", [1]]', "array item needs 'answer' as a nested list"),
])
def test_each_parameter_rule_is_reported(tmp_path, old, new, expected):
    """Does a bad parameter, condition, formula answer or explanation place name its line?"""
    assert old in RANDOMISED
    path = write(tmp_path, RANDOMISED.replace(old, new, 1))
    found = problems(path)
    assert len(found) == 1 and expected in found[0], found
    line = int(found[0].split(":")[1])
    assert path.read_text().splitlines()[line - 1].strip()


def test_only_numbers_arrays_and_formulas_take_parameters(tmp_path):
    """Is `params` on a choice item an unknown field?"""
    bad = GOOD_ITEMS.replace("    answer: B\n", "    answer: B\n    params: {p: {choices: [1]}}\n")
    assert "field 'params' is not used by a choice item" in problems(write(tmp_path, bad))[0]


def test_a_good_bank_loads_with_defaults(tmp_path):
    """Does a well-formed bank load, with sorted multi keys and default tolerances?"""
    bank = load_bank(write(tmp_path, GOOD_ITEMS))
    assert (bank.id, bank.title, bank.lecture) == ("quiz_03", "Quiz 3", 3)
    q1, q2, q3, q4, q5, q6 = bank.items
    assert q1.answer == "B" and q1.title == "a choice" and q1.explanation == "Because."
    assert q2.answer == ("A", "C") and q2.options == {"A": "one", "B": "two", "C": "three"}
    assert q3.answer is False
    assert (q4.rtol, q4.atol) == (0.01, 1e-8)
    assert q5.answer == ((1, 0), (0, 1)) and (q5.rtol, q5.atol) == (0.0, 1e-6)
    assert q6.symbols == ("x", "y") and q6.points == 2


def test_a_numeric_item_without_a_number_names_file_line_and_field(tmp_path):
    """Is the message `quiz_03.yaml:LINE: item q4: numeric item needs 'answer' as a number`?"""
    bad = GOOD_ITEMS.replace("    answer: 3.5\n", "    answer: three and a half\n")
    path = write(tmp_path, bad)
    line = path.read_text().splitlines().index("    answer: three and a half") + 1
    assert problems(path) == [
        f"quiz_03.yaml:{line}: item q4: numeric item needs 'answer' as a number"]


def test_a_missing_field_points_at_its_item(tmp_path):
    """Is a missing answer reported at the line where its item starts?"""
    path = write(tmp_path, GOOD_ITEMS.replace("    answer: false\n", ""))
    line = path.read_text().splitlines().index("  - id: q3") + 1
    assert problems(path) == [f"quiz_03.yaml:{line}: item q3: bool item needs 'answer' as "
                              "true or false"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    answer: B\n", "    answer: E\n", "item q1: choice item needs 'answer' as one of"),
    ("options: {A: one, B: two}", "options: {B: one, A: two}", "needs 'options' as a mapping"),
    ("answer: [C, A]", "answer: [C, C]", "needs 'answer' as a list of distinct option letters"),
    ("answer: [[1, 0], [0, 1]]", "answer: [[1, 0], [0]]", "needs 'answer' as a nested list"),
    ("answer: \"2*x, 3\"", "answer: \"2*x + z\"", "needs 'answer' as a formula in x, y"),
    ("symbols: [x, y]", "symbols: x", "needs 'symbols' as a list of names"),
    ("rtol: 0.01", "rtol: -1", "needs 'rtol' as a number >= 0"),
    ("  - id: q2\n", "  - id: q7\n", "item q7: needs 'id' 'q2'"),
    ("type: bool", "type: boolean", "'type' must be one of"),
    ("    points: 2\n    prompt: Which ones?", "    points: 0\n    prompt: Which ones?",
     "item q2: needs 'points' as a positive number"),
    ("prompt: Yes?", "prompt: ''", "item q3: needs 'prompt' as text"),
    ("title: a number", "title: a number\n    explaination: typo",
     "item q4: field 'explaination' is not used by a numeric item"),
    ("    symbols: [x, y]\n", "    symbols: [x, y]\n    options: {A: a, B: b}\n",
     "field 'options' is not used by a expression item"),
])
def test_each_schema_rule_is_reported(tmp_path, old, new, expected):
    """Does every kind of mistake produce one FILE:LINE message naming the field?"""
    assert old in GOOD_ITEMS
    found = problems(write(tmp_path, GOOD_ITEMS.replace(old, new, 1)))
    assert len(found) == 1 and expected in found[0], found
    assert found[0].startswith("quiz_03.yaml:")


def test_every_problem_is_listed_at_once(tmp_path):
    """Are several mistakes in different items reported together, in file order?"""
    bad = GOOD_ITEMS.replace("answer: B", "answer: Z").replace("answer: 3.5", "answer: x")
    found = problems(write(tmp_path, bad))
    assert [p.split(": ", 2)[1] for p in found] == ["item q1", "item q4"]


@pytest.mark.parametrize(("header", "expected"), [
    (HEADER.replace("id: quiz_03", "id: quiz_04"), "bank needs 'id' equal to 'quiz_03'"),
    (HEADER.replace("lecture: 3", "lecture: three"), "bank needs 'lecture' as a whole number"),
    (HEADER + "  []\n", "bank needs 'items' as a non-empty list"),
    (HEADER.replace("title:", "tittle:"), "bank needs 'title' as text"),
])
def test_bank_level_fields_are_checked(tmp_path, header, expected):
    """Are the bank's own id, title, lecture and items checked too?"""
    items = "" if header.endswith("[]\n") else GOOD_ITEMS
    found = problems(write(tmp_path, items, header=header))
    assert any(expected in p for p in found), found


@pytest.mark.parametrize("text", ["just text\n", "a: [unclosed\n", ""])
def test_not_a_bank_at_all(tmp_path, text):
    """Is a file that is not a YAML mapping reported without a traceback?"""
    path = tmp_path / "quiz_03.yaml"
    path.write_text(text)
    assert problems(path)[0].startswith("quiz_03.yaml")
