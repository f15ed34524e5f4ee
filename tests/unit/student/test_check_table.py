"""The self-check's table and exit code: one layout for the terminal and the notebook, in
English or Korean, aligned for wide characters, with the limits it ran under."""

import pytest

from autograder.student.limits import Limits
from autograder.student.report import CheckReport, Row
from autograder.student.table import columns, render, wrap
from autograder.student.text import language, say

ROWS = (Row("softmax: sums to one", True), Row("softmax: large inputs stay finite", False,
                                                "timed out after 10 s (in softmax)"))


def report(**changes) -> CheckReport:
    fields = {"filename": "nb.ipynb", "assignment": "04_softmax_backprop", "quiz": False,
              "tests": ROWS, "cells": (Row("code cell 3", False, "SyntaxError: bad"),),
              "notes": ("code cell 1: skipped '!pip install x' (...)",), "memory": True}
    return CheckReport(**(fields | changes))


def test_the_table_lists_cells_tests_notes_summary_and_limits():
    """Does the table show the failed cell first, each test with its status, the message
    indented below a failure, the note, the summary and the limits?"""
    lines = render(report()).splitlines()
    assert lines[0] == "nb.ipynb: 04_softmax_backprop public tests"
    assert lines[2:8] == ["CELL    code cell 3", "        SyntaxError: bad",
                          "PASS    softmax: sums to one",
                          "FAIL    softmax: large inputs stay finite",
                          "        timed out after 10 s (in softmax)",
                          "NOTE    code cell 1: skipped '!pip install x' (...)"]
    assert lines[-3].startswith("1/2 public tests passed.") and lines[-2] == "sufficient."
    assert lines[-1] == "Limits: 10 s per call (a cell is one call), 512 MB of memory."


def test_a_check_without_a_child_says_no_limits_applied():
    """Does an in-process check (Pyodide) say that the limits did not apply?"""
    text = render(report(isolated=False, memory=False))
    assert "Limits do not apply here" in text and "512 MB" not in text


@pytest.mark.parametrize(("changes", "code"), [
    ({}, 1), ({"tests": ROWS[:1]}, 0), ({"tests": ()}, 1),
    ({"tests": ROWS[:1], "problem": "the check stopped"}, 1),
    ({"tests": ROWS[:1], "cells": (Row("code cell 9", False, "x"),)}, 0),
])
def test_exit_code_is_zero_iff_every_public_test_passed(changes, code):
    """Is the exit code 0 exactly when tests ran and all passed (a failed cell that no test
    needs does not count; a check that broke off does)?"""
    assert report(**changes).exit_code == code


def test_korean_table_and_widths():
    """Is the Korean table translated, with Hangul counted as two columns?"""
    text = render(report(lang="ko", quiz=True, limits=Limits(call_timeout=2.5)))
    assert text.splitlines()[0] == "nb.ipynb: 04_softmax_backprop 답안 형식"
    assert "통과    softmax: sums to one" in text and "호출마다 2.5초" in text
    assert columns("통과") == 4 and columns("PASS") == 4


def test_long_messages_wrap_at_spaces_within_the_width():
    """Are long messages wrapped at spaces, never wider than asked (long words stay whole)?"""
    lines = wrap("한글 " * 30 + "x" * 50, 40)
    assert all(columns(line) <= 40 for line in lines[:-1]) and lines[-1] == "x" * 50


def test_language_comes_from_the_argument_then_the_environment(monkeypatch):
    """Is `lang=` used first, then $AIMATH_LANG, and English for anything unknown?"""
    monkeypatch.setenv("AIMATH_LANG", "ko")
    assert (language(), language("en"), language("fr")) == ("ko", "en", "en")
    assert say("ko", "pass") == "통과"
