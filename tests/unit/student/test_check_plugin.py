"""What a failed public test tells the student: the exception's own message, capped, with
the student's line; a missing function names the cell that failed to define it; a quiz answer
not of its form is refused in the check's language."""

import json

import pytest

from autograder.student.forms import Form, form_problem
from autograder.student.namespace import CellFailure, new_module, run_cell
from autograder.student.notebook import Cell
from autograder.student.plugin import (
    FormCheck,
    Loaded,
    MissingName,
    Submission,
    failure_message,
    missing_message,
)


def raised(loaded: Loaded, call: str) -> BaseException:
    with pytest.raises(BaseException) as caught:
        eval(call, {"student": Submission(loaded)})
    return caught.value


def loaded_with(*codes: str) -> Loaded:
    module = new_module("__aimath_test__")
    cells = tuple(Cell(i, f"code cell {i}", code) for i, code in enumerate(codes, start=1))
    failures = [f for f in (run_cell(module, cell) for cell in cells) if f]
    return Loaded(module, cells, failures)


def test_an_error_in_student_code_names_its_cell_and_line():
    """Does an exception raised by the student's function name the cell and line?"""
    loaded = loaded_with("def f(x):\n    return x / 0")
    error = raised(loaded, "student.f(1)")
    assert failure_message(error, loaded) == ("ZeroDivisionError: division by zero "
                                              "(code cell 1, line 2)")


def test_a_stub_says_not_written_yet():
    """Is NotImplementedError explained as a function not written yet?"""
    loaded = loaded_with("def f(x):\n    raise NotImplementedError()")
    assert failure_message(raised(loaded, "student.f(1)"), loaded).startswith(
        "not written yet (the function still raises NotImplementedError)")


def test_long_messages_are_capped():
    """Is a huge message cut to a few lines and characters?"""
    message = failure_message(AssertionError("\n".join(["x" * 500] * 50)), None)
    assert len(message) <= 600 and message.count("\n") < 8


MISSING = "f is not defined in your code (write it, or run the cell that defines it)"


@pytest.mark.parametrize(("codes", "expected"), [
    (("def g():\n    pass",), MISSING),
    (("x = 1", "def f(:\n    pass"), "f is not defined because code cell 2 did not load: "
                                     "SyntaxError: invalid syntax"),
    (("raise ValueError('no')", "print(f(1))"), MISSING),
])
def test_a_missing_function_says_why(codes, expected):
    """Does a missing name point at the failed cell that would have defined it, else say it
    is not defined, never blaming the cells that failed for calling it (the cell that
    defines it was not run)?"""
    loaded = loaded_with(*codes)
    error = raised(loaded, "student.f")
    assert isinstance(error, MissingName) and str(error) == expected
    assert failure_message(error, loaded) == expected == missing_message("f", loaded)


def test_a_timed_out_cell_is_named_too():
    """Is a cell the watchdog stopped (known only from the failure record) named as well?"""
    loaded = Loaded(new_module("__aimath_test__"),
                    (Cell(4, "code cell 4", "def f():\n    while True: pass\nf()"),),
                    [CellFailure("code cell 4", "", "timed out after 10 s")])
    assert missing_message("f", loaded) == ("f is not defined because code cell 4 did not "
                                            "load: timed out after 10 s")


@pytest.mark.parametrize(("lang", "unanswered", "refused"), [
    ("en", "not answered yet",
     "expected True or False, got int 1 (1 and 0 are ambiguous here: write True or False)"),
    ("ko", "아직 답하지 않았습니다",
     "기대한 형식은 True 또는 False, 받은 값은 int 값 1 (여기서 1 과 0 은 모호합니다: "
     "True 또는 False 로 쓰세요)"),
])
def test_the_quiz_self_check_says_the_form_in_its_language(tmp_path, lang, unanswered, refused):
    """Does the kit's form check say why an answer is refused in the check's language, with
    the grader's own form words, and pass an answer of the right form?"""
    path = tmp_path / "quiz_01.forms.json"
    path.write_text(json.dumps({"items": [Form("q1", "bool").to_json(),
                                          Form("q2", "bool").to_json()]}), encoding="utf-8")
    check = FormCheck(path, lang)
    for code, said in (("q1 = None", unanswered), ("q2 = 1", refused), ("", unanswered)):
        with pytest.raises(pytest.fail.Exception) as failed:
            check.check(Submission(loaded_with(code)), "q2" if code == "q2 = 1" else "q1")
        assert str(failed.value) == said
    check.check(Submission(loaded_with("q1 = '네'")), "q1")
    assert form_problem(Form("q2", "bool"), 1, lang) == refused


class Quiet:
    """A sink that reports nothing (the check's child reports calls and results)."""

    def emit(self, event: object) -> None:
        pass

    def start(self, name: str) -> None:
        pass

    def end(self) -> None:
        pass


def failed_assertion(loaded: Loaded, statement: str) -> str:
    loaded.sink = Quiet()
    with pytest.raises(AssertionError) as caught:
        exec(statement, {"student": Submission(loaded)})
    return failure_message(caught.value, loaded)


def test_a_function_that_printed_instead_of_returning_gets_the_graders_hint():
    """A public test's `assert student.f(3) == 6` on a function that prints its result:
    does the check add why None may have come back, as the grade's hidden tests say, where
    it showed only `assert None == 6`? A function that returned a value gets no such hint."""
    said = failed_assertion(loaded_with("def f(x):\n    print(x * 2)"),
                            "assert student.f(3) == 6")
    assert said.splitlines()[-1] == ("Hint: f returned None: is its `return` missing, or "
                                     "does it print the result instead of returning it?")
    assert "Hint" not in failed_assertion(loaded_with("def f(x):\n    return x"),
                                          "assert student.f(3) == 6")


def test_a_test_unpacking_a_printed_result_gets_the_hint_too():
    """`mean, std = student.f(3)` on a function that prints: does the TypeError the test's
    own line raises also say why None came back (the reviewer saw only the TypeError)?"""
    loaded = loaded_with("def f(x):\n    print(x, x)")
    loaded.sink = Quiet()
    with pytest.raises(TypeError) as caught:
        exec("mean, std = student.f(3)", {"student": Submission(loaded)})
    said = failure_message(caught.value, loaded)
    assert said.startswith("TypeError: cannot unpack non-iterable NoneType object")
    assert said.splitlines()[-1].startswith("Hint: f returned None")


def test_input_says_there_is_no_keyboard():
    """A cell asking `input()` (as a script would): does its error say why, where it said
    only "EOF when reading a line", and stay an EOFError the student's code may catch?"""
    loaded = loaded_with("n = int(input('how many? '))",
                         "try:\n    input()\nexcept EOFError:\n    caught = True")
    (failure,) = loaded.failures
    assert failure.describe().startswith("EOFError: input() has no keyboard to read here")
    assert loaded.module.caught is True
