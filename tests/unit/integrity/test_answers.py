"""Quizzes compared by their answers: a shared rare answer is evidence, a shared common one
(the right answer of a fixed item) is not, and answers are read as a grader reads them."""

from autograder.integrity.answers import answer_pairs, answers_of
from autograder.integrity.model import CodeCell, Settings, StudentCode

STARTER = "q1 = None\nq2 = None\nq3 = None\nq4 = None\n"


def quiz(student: str, *cells: str) -> StudentCode:
    first, built = 1, []
    for number, code in enumerate(cells, start=1):
        built.append(CodeCell(number, first, code))
        first += code.count("\n") + 1
    return StudentCode(student, f"{student}.ipynb", tuple(built))


def test_an_answer_is_the_last_line_that_sets_it_read_as_written():
    code = quiz("a", "q1 = 3\nx = 1", "q1 = 23.0  # changed my mind\nq2: str = ' B'",
                "q3 = q4 = ['A', 'c']\nq5 = np.dot(u, v)", "q6 = (")
    found = answers_of(code)
    assert {item: answer.text for item, answer in found.items()} == {
        "q1": "23.0", "q2": "'b'", "q3": "['a', 'c']", "q4": "['a', 'c']",
        "q5": "np.dot(u, v)"}
    assert (found["q1"].line, found["q4"].line, found["q5"].line) == (3, 5, 6)  # as read
    assert answers_of(quiz("b", "q1 = 23"))["q1"].text == found["q1"].text


def test_only_rare_shared_answers_count():
    """Four students give the same right answers to q1-q3; two of them share a wrong q4, two
    others gave everything alike but their own q4. Only pairs sharing rare answers show,
    scored over the items they did not both answer the common way (at least 2), and the
    starter's blanks are no answers."""
    right = "q1 = 2\nq2 = 'A'\nq3 = [1, 2]\n"
    codes = [quiz("ann", right + "q4 = 7"), quiz("ben", right + "q4 = 7"),
             quiz("cat", right + "q4 = 8"), quiz("dan", right + "q4 = 9"),
             quiz("eve", STARTER), quiz("fay", STARTER),
             quiz("gus", "q1 = 5\nq2 = 'D'\nq3 = [0, 0]\nq4 = 1"),
             quiz("hal", "q1 = 5\nq2 = 'd '\nq3 = [0.0, 0.0]\nq4 = 1.0")]
    pairs = answer_pairs(codes, Settings(threshold=0.2), quiz("starter", STARTER))
    assert [(p.a, p.b, p.score) for p in pairs] == [("gus", "hal", 1.0), ("ann", "ben", 0.5)]
    assert [m.as_json() for m in pairs[1].matches] == [[4, 4, 1]]  # q4 over q4 and 1 more


def test_answers_in_blocks_and_tuples_are_read_and_deep_nesting_is_not():
    """An answer set inside `if True:` or with `q1, q2 = ...` is read as the grader reads
    it; a value nested a thousand deep is left out, never a crash of the whole class."""
    found = answers_of(quiz("a", "if True:\n    q1, q2 = 3, 'B'\n", "def f():\n    q3 = 1",
                            "q4 = " + "-" * 1000 + "x"))
    assert {item: answer.text for item, answer in found.items()} == {"q1": "3.0", "q2": "'b'"}
