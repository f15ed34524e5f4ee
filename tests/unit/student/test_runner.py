"""The self-check's watchdog and child: results come from pytest's hooks, student code runs
in a child under the limits, and a hang, a crash or a flood of output costs only the test
(or cell) that caused it."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from autograder.student import runner
from autograder.student.limits import Limits
from autograder.student.notebook import read_bytes
from autograder.student.report import CheckReport, Row
from autograder.student.runner import Request, run_check

TESTS = '''
import numpy as np


def test_double(student):
    """double: 2 becomes 4"""
    assert student.double(2) == 4


def test_half(student):
    """half: 4 becomes 2"""
    assert student.half(4) == 2


def test_apply(student):
    """apply: a lambda from the test runs on the student's side"""
    assert student.apply(lambda v: v + 1, 1) == 2
'''

GOOD = '''
def double(x):
    return 2 * x

def half(x):
    return x / 2

def apply(f, x):
    return f(x)
'''

FAST = Limits(call_timeout=1.0)


def check(tmp_path: Path, code: str, limits: Limits = FAST, only: str = "",
          name: str = "sub.py") -> CheckReport:
    """Run TESTS on `code` (a .py file's text) under `limits`."""
    tests = tmp_path / "test_demo.py"
    tests.write_text(TESTS, encoding="utf-8")
    source = read_bytes(code.encode(), name)
    return run_check(Request(source, "demo", tests, only=only, cwd=tmp_path), limits)


def outcome(report: CheckReport) -> dict[str, tuple[bool, str]]:
    return {row.name.split(":")[0]: (row.passed, row.message) for row in report.tests}


def test_a_correct_submission_passes_every_test_with_exit_code_zero(tmp_path):
    """Do all tests pass, in file order, named by their docstrings, with exit code 0 and the
    memory limit enforced on Linux?"""
    report = check(tmp_path, GOOD)
    assert [row.name for row in report.tests] == [
        "double: 2 becomes 4", "half: 4 becomes 2",
        "apply: a lambda from the test runs on the student's side"]
    assert all(row.passed for row in report.tests) and report.exit_code == 0
    assert report.isolated and report.memory


def test_a_failing_assertion_reports_the_exceptions_own_message(tmp_path):
    """Is a failed assert explained by pytest's rewritten message (taken from the exception,
    not the terminal), the compared values without pytest's `+  where` lines?"""
    report = check(tmp_path, GOOD.replace("2 * x", "3 * x"))
    passed, message = outcome(report)["double"]
    assert not passed and report.exit_code == 1
    assert message == "assert 6 == 4"


def test_an_endless_loop_times_out_and_the_other_tests_still_run(tmp_path):
    """Does a hanging function fail its own test with "timed out after 1 s" while the tests
    after it still pass in a restarted child?"""
    started = time.monotonic()
    report = check(tmp_path, GOOD.replace("return 2 * x", "while True:\n        pass"))
    results = outcome(report)
    assert results["double"] == (False, "timed out after 1 s (in double)")
    assert results["half"][0] and results["apply"][0]
    assert time.monotonic() - started < 15


def test_loading_that_spends_the_whole_budget_leaves_every_test_not_run(tmp_path):
    """Cells each within the call timeout but together over the submission's budget (3 s):
    are the tests "not run" because the time ran out, as the grade reports them, never
    passed? The watchdog gave each call its own timeout only, so the tests passed and the
    table said 3/3 beside "all calls together took over 3 s"."""
    slow = "import time\n" + "".join(f"time.sleep(0.8)\nstep{i} = {i}\n" for i in range(6))
    started = time.monotonic()
    report = check(tmp_path, slow + GOOD, Limits(call_timeout=1.0, submission_timeout=3.0))
    assert [row.passed for row in report.tests] == [False, False, False]
    assert {row.message for row in report.tests} == {"not run: all calls together took over 3 s"}
    assert report.exit_code == 1 and time.monotonic() - started < 15


def test_a_hanging_cell_is_named_and_skipped_on_restart(tmp_path):
    """Is a top-level statement that never ends reported as its own row ("line N ... timed
    out"), skipped on restart, with the functions defined before it still tested?"""
    code = GOOD + "\nimport time\nwhile True:\n    time.sleep(0.01)\n"
    report = check(tmp_path, code)
    assert [(row.name, row.message) for row in report.cells] == [
        ("line 12", "timed out after 1 s (in line 12)")]
    assert all(row.passed for row in report.tests) and report.exit_code == 0


def test_a_cell_that_did_not_load_is_named_by_the_tests_that_need_it(tmp_path):
    """Is a notebook cell that raised listed with its line, and does a test of a function
    it never defined say which cell failed and why (instead of `'Submission' object has no
    attribute`)?"""
    cells = [GOOD.replace("def half(x):\n    return x / 2\n", ""),
             "raise RuntimeError('boom')\ndef half(x):\n    return x / 2"]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                "cells": [{"cell_type": "code", "source": c} for c in cells]}
    report = check(tmp_path, json.dumps(notebook), name="sub.ipynb")
    assert report.cells == (Row("code cell 2", False, "line 1 (raise RuntimeError('boom')): "
                                                      "RuntimeError: boom"),)
    assert outcome(report)["half"] == (False, "half is not defined because code cell 2 did "
                                              "not load: RuntimeError: boom")
    assert outcome(report)["double"][0]


def test_a_missing_function_says_which_cell_failed(tmp_path):
    """Is a syntax error in the piece defining a function named in that function's tests,
    the file's other functions still passing?"""
    report = check(tmp_path, GOOD.replace("def half(x):", "def half(x:"))
    results = outcome(report)
    passed, message = results["half"]
    assert not passed
    assert message.startswith("half is not defined because line 5 did not load: SyntaxError")
    assert results["double"][0]


def test_a_process_exit_costs_only_its_test(tmp_path):
    """Does `os._exit` inside a function fail that test with the exit code, and the rest
    still run?"""
    code = GOOD.replace("return x / 2", "import os\n    os._exit(7)")
    results = outcome(check(tmp_path, code))
    assert results["half"] == (False, "your code stopped the check's process (exit code 7, "
                                      "in half)")
    assert results["double"][0] and results["apply"][0]


def test_output_is_capped_per_call(tmp_path):
    """Is a function that prints without end stopped once it printed more than the cap?"""
    code = GOOD.replace("return 2 * x", "while True:\n        print('y' * 10000)")
    report = check(tmp_path, code, Limits(call_timeout=20.0, output_mb=1))
    assert outcome(report)["double"] == (False, "printed more than 1 MB (in double); the call "
                                                "was stopped")


def test_the_output_cap_is_each_calls_own(tmp_path):
    """Does every call that prints 0.6 MB (under a 1 MB cap, 1.8 MB in all) pass, each
    running long enough for the watchdog to measure what it printed?"""
    code = GOOD + """
import time

def loud(function):
    def noisy(*args):
        print("y" * 600_000)
        time.sleep(0.3)
        return function(*args)
    return noisy

double, half, apply = loud(double), loud(half), loud(apply)
"""
    report = check(tmp_path, code, Limits(call_timeout=5.0, output_mb=1))
    assert [row.passed for row in report.tests] == [True, True, True], report.tests


def test_dataclasses_work_in_the_submission(tmp_path):
    """Does a submission using `@dataclass` load in the child (its module is registered)?"""
    code = ("from dataclasses import dataclass\n@dataclass\nclass Box:\n    v: int\n"
            + GOOD.replace("return 2 * x", "return Box(2 * x).v"))
    report = check(tmp_path, code)
    assert report.cells == () and report.exit_code == 0


def test_only_one_functions_tests_run(tmp_path):
    """Does `only` select the tests whose public name starts with that function?"""
    report = check(tmp_path, GOOD, only="half")
    assert [row.name for row in report.tests] == ["half: 4 becomes 2"]


def test_in_process_mode_says_limits_do_not_apply(tmp_path, monkeypatch):
    """Where no process can start (Pyodide), do the tests run here and does the report say
    the limits were not applied?"""
    monkeypatch.setattr(runner.spawn, "can_start_processes", lambda: False)
    report = check(tmp_path, GOOD.replace("2 * x", "3 * x"))
    assert not report.isolated and not report.memory
    assert [row.passed for row in report.tests] == [False, True, True]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_messages_follow_the_language(tmp_path, lang):
    """Are the check's own messages (not written yet) in the language asked for?"""
    code = GOOD.replace("return 2 * x", "raise NotImplementedError()")
    tests = tmp_path / "test_demo.py"
    tests.write_text(TESTS, encoding="utf-8")
    request = Request(read_bytes(code.encode(), "sub.py"), "demo", tests, cwd=tmp_path,
                      lang=lang)
    message = outcome(run_check(request, FAST))["double"][1]
    expected = "not written yet" if lang == "en" else "아직 작성하지 않았습니다"
    assert message.startswith(expected) and message.endswith("(line 2, line 3)")


def test_titles_are_in_the_checks_language(tmp_path):
    """With Korean titles given, are the tests titled in Korean (the others keep their
    docstring), and a quiz's form checks titled by the kit's own Korean words?"""
    tests = tmp_path / "test_demo.py"
    tests.write_text(TESTS, encoding="utf-8")
    source = read_bytes(GOOD.encode(), "sub.py")
    korean = {"test_double": "double: 2는 4가 됩니다"}
    report = run_check(Request(source, "demo", tests, cwd=tmp_path, lang="ko", titles=korean),
                       FAST)
    assert [row.name for row in report.tests][:2] == ["double: 2는 4가 됩니다",
                                                     "half: 4 becomes 2"]
    quiz = tmp_path / "test_quiz.py"
    quiz.write_text("def test_q1(student):\n    pass\n", encoding="utf-8")
    report = run_check(Request(source, "quiz", quiz, quiz=True, cwd=tmp_path, lang="ko"), FAST)
    assert [row.name for row in report.tests] == ["q1: 채점 가능한 형식으로 답했는지"]


def test_student_code_runs_as_the_grader_runs_it(tmp_path, monkeypatch):
    """Whatever the student's own setting, does the check's child run NumPy's BLAS on one
    thread (the grader's numerics, and no idle pool spinning on the cores the command
    needs), with the garbage collector on and the imports made before the job frozen?"""
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "8")
    conditions = ("import gc, os\n    assert os.environ['OPENBLAS_NUM_THREADS'] == '1'\n"
                  "    assert os.environ['OMP_NUM_THREADS'] == '1'\n"
                  "    assert gc.isenabled() and gc.get_freeze_count() > 0\n    ")
    report = check(tmp_path, GOOD.replace("return 2 * x", conditions + "return 2 * x"))
    assert outcome(report)["double"] == (True, "")


def test_collection_never_lists_the_folders_above_the_tests(tmp_path, monkeypatch):
    """Does pytest list the tests' own folder only, never every folder up to `/` (a
    student's home may hold thousands of files)?"""
    listed: list[Path] = []
    collect = pytest.Dir.collect

    def spy(self: pytest.Dir):  # type: ignore[no-untyped-def]
        listed.append(self.path)
        return collect(self)

    monkeypatch.setattr(pytest.Dir, "collect", spy)
    monkeypatch.setattr(runner.spawn, "can_start_processes", lambda: False)
    monkeypatch.delitem(sys.modules, "test_demo", raising=False)  # an earlier in-process run
    (tmp_path / "course").mkdir()
    report = check(tmp_path / "course", GOOD)
    assert report.exit_code == 0 and listed == [tmp_path / "course"]


FOUR_CALLS = "".join(f'''
def test_double_{n}(student):
    """double: call {n}"""
    assert student.double({n}) == {2 * n}
''' for n in range(1, 6))


def test_a_function_that_hangs_three_times_is_not_called_again(tmp_path):
    """A double() that never returns, called by five tests: do three time out and the
    other two say it is not run again, as the grade says (it stops calling a function that
    timed out or crashed three times), instead of waiting out the timeout twice more?"""
    tests = tmp_path / "test_demo.py"
    tests.write_text(FOUR_CALLS, encoding="utf-8")
    source = read_bytes(b"def double(x):\n    while True:\n        pass\n", "sub.py")
    report = run_check(Request(source, "demo", tests, cwd=tmp_path), FAST)
    messages = [row.message for row in report.tests]
    assert messages == ["timed out after 1 s (in double)"] * 3 + [
        "not run: double already crashed or timed out 3 times on other tests"] * 2


def test_unseeded_random_numbers_are_the_graders(tmp_path):
    """Does a submission that uses `random` and `np.random` unseeded draw, in the check's
    child, the numbers the grader's sandbox gives it (`STUDENT_SEED`), so check and grade
    agree on it?"""
    import random

    import numpy as np

    from autograder.student.namespace import STUDENT_SEED

    expected = (random.Random(STUDENT_SEED).random(),
                float(np.random.RandomState(STUDENT_SEED).random_sample()))
    code = GOOD.replace("def double(x):\n    return 2 * x",
                        "import random\nimport numpy as np\n"
                        "drawn = (random.random(), float(np.random.random()))\n\n"
                        f"def double(x):\n    return 2 * x if drawn == {expected!r} else drawn")
    assert outcome(check(tmp_path, code))["double"][0]
