"""The same notebook gets the same verdict from `pytest` in a released folder, `aimath check`
and `aimath grade`, whatever the timeout, and the same bytes get the same results."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import RELEASE, SOLUTIONS, aimath, code_cells, notebook, results, solution_code

from autograder.course.assignments import ROOT

pytestmark = pytest.mark.slow
SOFTMAX = "04_softmax_backprop"


def _with_time_magic(assignment: str, function: str) -> str:
    """The model solution's notebook with `%%time` above the cell that defines `function`."""
    cells = code_cells(SOLUTIONS / assignment / f"{assignment}.ipynb")
    return notebook(*(f"%%time\n{c}" if f"def {function}(" in c else c for c in cells))


def _visible(result: dict) -> dict[str, str]:
    return {t["name"]: t["status"] for t in result["tests"] if t["visibility"] == "visible"}


def test_a_time_magic_changes_no_verdict(tmp_path: Path):
    """With `%%time` above a correct softmax cell, do pytest in the released folder, `aimath
    check` and `aimath grade` all pass every softmax test?"""
    folder = tmp_path / "release"
    shutil.copytree(RELEASE / SOFTMAX, folder)
    (folder / f"{SOFTMAX}.ipynb").write_text(_with_time_magic(SOFTMAX, "softmax"))
    in_folder = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                               cwd=folder, capture_output=True, text=True, timeout=600)
    assert in_folder.returncode == 0, in_folder.stdout[-2000:]
    check = aimath(folder, "check", f"{SOFTMAX}.ipynb")
    assert check.returncode == 0, check.stdout + check.stderr
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(folder / f"{SOFTMAX}.ipynb", subs / "alice.ipynb")
    graded = aimath(tmp_path, "grade", "subs", "--assignment", SOFTMAX, "--out", "out")
    assert graded.returncode == 0, graded.stderr
    result = results(tmp_path / "out", "alice")
    assert result["score"] == result["max_score"]
    assert set(_visible(result).values()) == {"passed"}, _visible(result)


CHATTY = '''

def l1_norm(x):
    print("l1_norm was called " + "." * 300_000)
    return float(np.sum(np.abs(x)))
'''

DATACLASS = '''
from dataclasses import dataclass


@dataclass
class Total:
    value: float = 0.0


def l1_norm(x):
    total = Total()
    for v in x:
        total.value += abs(float(v))
    return total.value
'''


@pytest.fixture(scope="module")
def graded_twice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A chatty, a dataclass and an honest student, graded at --timeout 10 and 2, and the
    honest one once more into a third folder."""
    root = tmp_path_factory.mktemp("verdict")
    subs = root / "subs"
    subs.mkdir()
    base = solution_code("01_vectors")
    (subs / "chatty.py").write_text(base + CHATTY)
    (subs / "records.py").write_text(base + DATACLASS)
    (subs / "honest.py").write_text(base)
    (subs / "honest_again.py").write_text(base + "\n# the same code, one comment more\n")
    for out, timeout in (("t10", "10"), ("t2", "2"), ("again", "10")):
        run = aimath(root, "grade", "subs", "--assignment", "01_vectors", "--out", out,
                     "--timeout", timeout)
        assert run.returncode == 0, run.stderr
    return root


def test_printing_a_lot_costs_nothing(graded_twice: Path):
    """Does a correct but chatty l1_norm keep full marks, and its folder stay small?"""
    chatty = results(graded_twice / "t10", "chatty")
    assert chatty["score"] == chatty["max_score"]
    size = sum(p.stat().st_size for p in (graded_twice / "t10" / "chatty").iterdir())
    assert size < 1_000_000


def test_the_grade_does_not_depend_on_the_timeout(graded_twice: Path):
    """Do code that finishes within both limits and its tests get the same scores at
    --timeout 10 and --timeout 2?"""
    for student in ("chatty", "records", "honest"):
        slow = {t["name"]: t["score"] for t in results(graded_twice / "t10", student)["tests"]}
        fast = {t["name"]: t["score"] for t in results(graded_twice / "t2", student)["tests"]}
        assert slow == fast, student


def test_a_dataclass_works_as_in_jupyter(graded_twice: Path):
    """Does a submission whose function uses a @dataclass earn full marks?"""
    records = results(graded_twice / "t10", "records")
    assert records["score"] == records["max_score"], records["output"]


def _comparable(result: dict) -> dict:
    data = json.loads(json.dumps(result))
    data.pop("execution_time")
    data["extra_data"].pop("graded_at")
    for test in data["tests"]:
        test["extra_data"].pop("duration")
    return data


def test_the_same_bytes_get_the_same_results(graded_twice: Path):
    """Graded again, do the same bytes get the same seed, inputs and results (apart from
    times), while a different file draws different hidden inputs?"""
    first = results(graded_twice / "t10", "honest")
    again = results(graded_twice / "again", "honest")
    assert _comparable(first) == _comparable(again)
    other = results(graded_twice / "t10", "honest_again")
    assert other["extra_data"]["seed"] != first["extra_data"]["seed"]


MUTATES_BETA0 = '''
_honest_linreg_gd = linreg_gd


def linreg_gd(X, y, *args, beta0=None, **kwargs):
    result = _honest_linreg_gd(X, y, *args, beta0=beta0, **kwargs)
    if beta0 is not None:
        beta0[...] = 0.0  # the caller's array, changed in place
    return result
'''


def test_an_input_changed_in_place_fails_the_public_test_in_the_grade_too(tmp_path: Path):
    """With a linreg_gd that zeroes the caller's beta0, does the public test "beta0 is not
    modified" fail in `aimath check` and, as the same visible test, in `aimath grade`
    (the sandbox works on a copy: the grader writes the change back for public tests)?"""
    gd = "03_gradient_descent"
    folder = tmp_path / "release"
    shutil.copytree(RELEASE / gd, folder)
    cells = code_cells(SOLUTIONS / gd / f"{gd}.ipynb")
    (folder / f"{gd}.ipynb").write_text(notebook(*cells, MUTATES_BETA0))
    name = "linreg_gd: beta0 is not modified"
    check = aimath(folder, "check", f"{gd}.ipynb")
    assert f"FAIL    {name}" in check.stdout, check.stdout
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(folder / f"{gd}.ipynb", subs / "alice.ipynb")
    assert aimath(tmp_path, "grade", "subs", "--assignment", gd, "--out", "out").returncode == 0
    visible = _visible(results(tmp_path / "out", "alice"))
    assert visible[name] == "failed"
    assert [n for n, status in visible.items() if status == "failed"] == [name]


RESHAPED = '''
import sympy as _sympy

_gd_1d, _gd, _sgd = gradient_descent_1d, linreg_gd, linreg_sgd


def gradient_descent_1d(*args, **kwargs):
    x, n = _gd_1d(*args, **kwargs)
    return _sympy.Float(x), n  # what the lecture's evalf() loop returns


def linreg_gd(*args, **kwargs):
    return _gd(*args, **kwargs).tolist()


def linreg_sgd(*args, **kwargs):
    return _sgd(*args, **kwargs).tolist()
'''


def test_right_numbers_in_another_shape_pass_check_and_grade(tmp_path: Path):
    """A correct solution returning a SymPy Float from gradient_descent_1d and lists from
    linreg_gd and linreg_sgd: does `aimath check` pass it, and `aimath grade`, run from the
    course folder, give it every point, as the public tests' own comparisons do?"""
    assignment = "03_gradient_descent"
    cells = code_cells(SOLUTIONS / assignment / f"{assignment}.ipynb")
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "alice.ipynb").write_text(notebook(*cells, RESHAPED))
    check = aimath(subs, "check", "alice.ipynb", "--assignment", assignment)
    assert check.returncode == 0, check.stdout + check.stderr
    graded = aimath(tmp_path, "grade", "subs", "--assignment", assignment, "--out", "out")
    assert graded.returncode == 0, graded.stderr
    result = results(tmp_path / "out", "alice")
    assert result["score"] == result["max_score"], [
        t["name"] for t in result["tests"] if t["status"] != "passed"]


def test_an_exact_fraction_is_a_number_to_check_and_grade(tmp_path: Path):
    """Jisoo's right quiz answers with q1 and q3 as `fractions.Fraction` (12/2 and 5): does
    `aimath check` accept them and `aimath grade` give every point? (A Fraction could not
    leave the sandbox: 'a value of type Fraction', and the page said 'no answer'.) An object
    that still cannot leave is shown by its type, never as no answer."""
    code = (ROOT / "samples" / "quiz_01" / "jisoo.py").read_text(encoding="utf-8")
    code = code.replace("q1 = 6 ", "q1 = Fraction(12, 2) ").replace("q3 = 5.0", "q3 = Fraction(5)")
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "jisoo.py").write_text("from fractions import Fraction\n" + code, encoding="utf-8")
    (subs / "minho.py").write_text(code.replace("q2 = \"10\"", "import decimal\n"
                                                "q2 = decimal.Decimal(10)"), encoding="utf-8")
    check = aimath(subs, "check", "jisoo.py", "--assignment", "quiz_01")
    assert check.returncode == 0, check.stdout + check.stderr
    graded = aimath(tmp_path, "grade", "subs", "--assignment", "quiz_01", "--out", "out")
    assert graded.returncode == 0, graded.stderr
    result = results(tmp_path / "out", "jisoo")
    assert result["score"] == result["max_score"], [
        t["name"] for t in result["tests"] if t["status"] != "passed"]
    q2 = next(t for t in results(tmp_path / "out", "minho")["tests"] if t["name"].startswith("q2"))
    assert q2["status"] == "failed" and "&lt;Decimal object&gt;" in (
        tmp_path / "out" / "minho" / "feedback.html").read_text(encoding="utf-8")


HANGS_ON_MATRICES = '''
def relu_grad(x):
    out = np.zeros(len(x))
    i = 0
    while i < len(out):
        if np.all(x[i] > 0):
            out[i] = 1.0
            i += 1
        elif x.ndim == 1:
            i += 1
    return out
'''


def test_a_function_the_hidden_tests_give_up_on_keeps_its_public_verdicts(tmp_path: Path):
    """relu_grad right on vectors, endless on matrices: the kit's check passes its vector
    test; does the grade pass it too, though the hidden tests time out three times and give
    up on the function? (Run after them, it read 'not run: already timed out 3 times'.)"""
    cells = code_cells(SOLUTIONS / SOFTMAX / f"{SOFTMAX}.ipynb")
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "alice.ipynb").write_text(notebook(*cells, HANGS_ON_MATRICES))
    title = "relu_grad: [-2, 0, 3] gives [0, 0, 1] (0 at x = 0)"
    check = aimath(subs, "check", "alice.ipynb", "--assignment", SOFTMAX, "--timeout", "1")
    assert re.search(rf"PASS\s+{re.escape(title)}", check.stdout), check.stdout
    graded = aimath(tmp_path, "grade", "subs", "--assignment", SOFTMAX, "--out", "out",
                    "--timeout", "1")
    assert graded.returncode == 0, graded.stderr
    tests = {t["name"]: t for t in results(tmp_path / "out", "alice")["tests"]}
    assert tests[title]["status"] == "passed", tests[title]
    hidden = [t for t in tests.values() if t["name"].startswith("relu_grad")
              and t["visibility"] != "visible"]
    assert any("timed out" in t.get("output", "") or "not run" in t.get("output", "")
               for t in hidden)  # the hidden tests did give up


RAISES_AFTER_DEFINING = ("def l1_norm(x):\n    return float(np.sum(np.abs(x)))\n\n"
                         "print(l1_norm(undefined))")
ANGLE_HANGS = "def angle(x, y):\n    while True:\n        pass"


def test_a_cell_that_raised_after_a_definition_keeps_it_after_a_restart(tmp_path: Path):
    """l1_norm defined, then its cell raises; angle hangs, so the student's process restarts:
    the fresh process replays the cell that raised as well (Jupyter keeps its definition, as
    the first load and the kit do), so check and grade pass l1_norm alike. (The restart
    replayed only the cells that finished: every l1_norm test said 'not defined'.)"""
    cells = code_cells(SOLUTIONS / "01_vectors" / "01_vectors.ipynb")
    cells = [RAISES_AFTER_DEFINING if "def l1_norm(" in c else ANGLE_HANGS
             if "def angle(" in c else c for c in cells]
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "alice.ipynb").write_text(notebook(*cells))
    check = aimath(subs, "check", "alice.ipynb", "--timeout", "1")
    graded = aimath(tmp_path, "grade", "subs", "--assignment", "01_vectors", "--out", "out",
                    "--timeout", "1")
    assert graded.returncode == 0, graded.stderr
    l1 = [t for t in results(tmp_path / "out", "alice")["tests"] if t["name"].startswith("l1")]
    assert l1 and all(t["status"] == "passed" for t in l1), [t["output"][:80] for t in l1]
    for title in (t["name"] for t in l1 if t["visibility"] == "visible"):
        assert re.search(rf"PASS\s+{re.escape(title)}", check.stdout), check.stdout

ONE_HOT_LIST = '''
def one_hot(labels, num_classes):
    out = [[0] * num_classes for _ in labels]
    for i, label in enumerate(labels):
        out[i][int(label)] = 1
    return out
'''


def test_a_list_where_an_array_of_floats_is_asked_is_told_so(tmp_path: Path):
    """one_hot returning a list of ints: do the kit and the grade both say that an array of
    floats is asked for (they said "the check could not be completed: AttributeError:
    'list' object has no attribute 'dtype'", the test's own slip)?"""
    cells = code_cells(SOLUTIONS / SOFTMAX / f"{SOFTMAX}.ipynb")
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "alice.ipynb").write_text(notebook(*cells, ONE_HOT_LIST))
    check = aimath(subs, "check", "alice.ipynb", "--assignment", SOFTMAX)
    assert "one_hot must return a NumPy array of floats, got list" in check.stdout, check.stdout
    graded = aimath(tmp_path, "grade", "subs", "--assignment", SOFTMAX, "--out", "out")
    assert graded.returncode == 0, graded.stderr
    said = [t.get("output", "") for t in results(tmp_path / "out", "alice")["tests"]
            if t["name"].startswith("one_hot:") and t["status"] == "failed"]
    assert len(said) == 2 and all("must return a NumPy array of floats" in s for s in said)
    assert not any("AttributeError" in s for s in said)


def test_a_failed_public_assert_says_the_same_in_check_and_grade(tmp_path: Path):
    """A variance that returns 3.5 for a fair die: does the grader's feedback for the public
    test give the message `aimath check` gave, with the value the student's code returned
    (not the test's own line), and the same for every failed public test?"""
    probability = "05_probability"
    cells = [c.replace("def variance(", "def _variance(") + "\n\ndef variance(values, probs):"
             "\n    return 3.5\n" if "def variance(" in c else c
             for c in code_cells(SOLUTIONS / probability / f"{probability}.ipynb")]
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "bob.ipynb").write_text(notebook(*cells))
    check = aimath(tmp_path / "subs", "check", "bob.ipynb", "--assignment", probability)
    graded = aimath(tmp_path, "grade", "subs", "--assignment", probability, "--out", "out")
    assert graded.returncode == 0, graded.stderr
    failed = {t["name"]: t["output"] for t in results(tmp_path / "out", "bob")["tests"]
              if t["visibility"] == "visible" and t["status"] == "failed"}
    die = failed["variance: a fair die has variance 35/12"]
    assert die.startswith("assert 3.5 == 2.91666") and "student." not in die
    said = " ".join(check.stdout.split())
    assert all(" ".join(output.split()) in said for output in failed.values()), (failed, said)


def test_a_slow_function_costs_the_same_at_any_timeout(tmp_path: Path):
    """moore_penrose sleeps 4 s a call, the rest is the model solution; graded with a
    40 s submission budget at --timeout 3 (it times out) and 5 (it finishes, slowly): is
    the score the same, and does every other function keep all its points both times?"""
    matrices = "02_matrices"
    cells = [c.replace("def moore_penrose(A):", "def moore_penrose(A):\n    import time\n"
                       "    time.sleep(4)") for c in code_cells(
        SOLUTIONS / matrices / f"{matrices}.ipynb")]
    assert any("time.sleep(4)" in c for c in cells)
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "sam.ipynb").write_text(notebook(*cells))
    scores = {}
    for timeout in ("3", "5"):
        run = aimath(tmp_path, "grade", "subs", "--assignment", matrices, "--out",
                     f"out-{timeout}", "--timeout", timeout, "--submission-timeout", "40")
        assert run.returncode == 0, run.stderr
        tests = results(tmp_path / f"out-{timeout}", "sam")["tests"]
        others = [t for t in tests if not t["name"].startswith("moore_penrose")]
        assert all(t["status"] == "passed" for t in others), [
            (t["name"], t["output"][:80]) for t in others if t["status"] != "passed"]
        scores[timeout] = results(tmp_path / f"out-{timeout}", "sam")["score"]
    assert scores["3"] == scores["5"]


SURROGATE_ERROR = '''

def l1_norm(x):
    raise ValueError("\\ud800 is not a character")
'''


def test_an_error_message_no_utf8_can_hold_fails_only_its_own_tests(tmp_path: Path):
    """An l1_norm whose error message holds a lone surrogate: do `aimath check` and `aimath
    grade` fail the same public tests (l1_norm's) and pass every other one? The self-check's
    channel, one UTF-8 line per event, stopped at that message and failed all 13."""
    folder = tmp_path / "release"
    shutil.copytree(RELEASE / "01_vectors", folder)
    (folder / "01_vectors.py").write_text(solution_code("01_vectors") + SURROGATE_ERROR)
    check = aimath(folder, "check", "01_vectors.py")
    failed_in_check = set(re.findall(r"FAIL +(.+?)\s*$", check.stdout, re.M))
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(folder / "01_vectors.py", subs / "alice.py")
    assert aimath(tmp_path, "grade", "subs", "--assignment", "01_vectors", "--out",
                  "out").returncode == 0
    visible = _visible(results(tmp_path / "out", "alice"))
    failed = {name for name, status in visible.items() if status == "failed"}
    assert failed and all(name.startswith("l1_norm") for name in failed), visible
    assert {name for name in failed_in_check} == failed, check.stdout
    assert "Traceback" not in check.stdout + check.stderr


def test_loading_that_spends_the_budget_leaves_everything_after_it_not_run(tmp_path: Path):
    """Cells each within the call timeout but together over the submission's time: does the
    grade say every later cell and every test was not run for that reason (as the self-check
    now does, `test_runner`), never that a cell "could not be restarted" or that "later
    cells still ran"?"""
    subs = tmp_path / "subs"
    subs.mkdir()
    slow = "import time\n" + "".join(f"time.sleep(0.8)\nstep{i} = {i}\n" for i in range(6))
    (subs / "ann.py").write_text(slow + solution_code("01_vectors"))
    run = aimath(tmp_path, "grade", "subs", "--assignment", "01_vectors", "--out", "out",
                 "--submission-timeout", "3", "--timeout", "1")
    assert run.returncode == 0, run.stderr
    ann = results(tmp_path / "out", "ann")
    budget = "not run: your code used its whole 3 s budget"
    assert ann["score"] == 0 and {t["status"] for t in ann["tests"]} == {"failed"}
    lines = ann["output"].splitlines()
    assert lines and all(line.endswith(budget) for line in lines), lines
