"""The benchmark scripts' own logic: the synthetic cohort, the kernel-side checks, the
memory slope and the throughput table (no timing here; the timed runs are the scripts)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course.assignments import ROOT
from autograder.grading import plugin

sys.path.insert(0, str(ROOT / "benchmarks"))  # the scripts import each other by file name

import ab
import corpus
import memory
import nbchecks
import stages
import throughput


def namespace_of(variant: corpus.Variant) -> dict:
    namespace: dict = {}
    for cell in variant.cells():
        exec(compile(cell, "<cell>", "exec"), namespace)
    return namespace


def test_cohort_mix_is_six_three_one() -> None:
    """Are 6 in 10 students correct, 3 partly wrong and 1 broken, the same on every call?"""
    cohort = corpus.cohort("01_vectors", 20)
    kinds = [v.kind for v in cohort]
    assert kinds.count("correct") == 12 and kinds.count("wrong") == 6
    assert kinds.count("broken") == 2
    assert cohort == corpus.cohort("01_vectors", 20)


def test_correct_answers_are_the_reference() -> None:
    """Does a correct student's notebook define every contract function, computing right?"""
    namespace = namespace_of(corpus.cohort("01_vectors", 1)[0])
    assert namespace["l1_norm"]([1.0, -7.0, 2.0]) == 10.0
    assert namespace["l2_norm"]([3.0, -4.0]) == 5.0


def test_fill_answers_only_solution_cells() -> None:
    """Does `fill` replace solution cells by the student's code and keep the test cells?"""
    solution = {"solution": True, "grade": False, "grade_id": "l1_norm"}
    test = {"solution": False, "grade": True, "grade_id": "test_l1_norm"}
    template = corpus.notebook([corpus.code_cell("raise NotImplementedError()", solution),
                                corpus.code_cell("check()", test)])
    variant = corpus.Variant("wrong", "x", "", {"l1_norm": "def l1_norm(x):\n    return 0"})
    cells = corpus.fill(template, variant)["cells"]
    assert [c["source"] for c in cells] == ["def l1_norm(x):\n    return 0", "check()"]
    assert template["cells"][0]["source"] == "raise NotImplementedError()"


def test_kernel_checks_pass_correct_and_name_failures(pytestconfig: pytest.Config) -> None:
    """Do the nbgrader/otter test cells pass a correct answer and fail a wrong one by name?"""
    for line in plugin.MARKERS:  # the suites' marks, registered as the grading plugin does
        pytestconfig.addinivalue_line("markers", line)
    cohort = corpus.cohort("01_vectors", 7)
    assert nbchecks.check(namespace_of(cohort[0]), "01_vectors", "l1_norm") >= 2
    wrong = cohort[6]
    assert wrong.kind == "wrong" and wrong.functions["l1_norm"] != cohort[0].functions["l1_norm"]
    with pytest.raises(AssertionError, match="test_l1_norm"):
        nbchecks.check(namespace_of(wrong), "01_vectors", "l1_norm")


def test_memory_slope_ignores_the_report_phase() -> None:
    """Is the slope fitted on the grading phase only (the class report comes after it)?"""
    series = memory.Series("grader", [(n, 50 + 0.002 * n) for n in range(0, 1000, 50)])
    series.samples += [(1000, 120.0), (1000, 130.0)]
    assert series.slope() == pytest.approx(2.0)
    assert memory.Series("worker", [(5, 40.0), (5, 41.0)]).slope() == 0.0


def test_throughput_report_compares_with_targets() -> None:
    """Does the table give each size, the slope and intercept over the sizes, and the ratios
    against nbgrader, the no-isolation baseline and the warm and check targets (a correct
    notebook, and the released stubs)?"""
    T = throughput.Timing
    sizes = [T("aimath grade --jobs 2", 50, 4.0), T("aimath grade --jobs 2", 100, 6.0, cpu=9.0)]
    timings = {"start-up": T("aimath grade --jobs 2", 1, 2.1),
               "inprocess": T("one process, no isolation", 100, 4.0, cpu=4.5),
               "nbgrader": T("nbgrader autograde", 10, 20.0),
               "check": T("aimath check", 1, 0.5),
               "check_stubs": T("aimath check, released stubs", 1, 0.6)}
    results = throughput.Results(timings, sizes, "| stage |", [0.05] * 19 + [0.2])
    text = throughput.report(results, ("1.00", "1.50"))
    assert "| aimath grade --jobs 2 | 100 | 6.00 | 16.67 | 60 | 9.00 |" in text
    assert "| aimath grade --jobs 2 | 50 | 4.00 | 12.50 | 80 |  |" in text
    assert "sandboxed **90.0 ms**, one process without isolation 45.0 ms (2.00x)" in text
    assert "slope over [50, 100]): **40.0 ms**; fixed start-up (intercept): **2.00 s**" in text
    assert "aimath on 100 / nbgrader autograde: **33.3x** (target >= 100x)" in text
    assert "overhead, aimath wall / no-isolation wall: **1.50x**" in text
    assert "p50 50 ms, p95 50 ms, max 200 ms" in text
    assert "check: **0.50 s**" in text and "on the released stubs 0.60 s" in text
    assert "otter" not in text


def test_ab_summary_gives_medians_and_ratios() -> None:
    """Does the before/after line take each side's median wall and CPU time and divide
    head's by base's?"""
    runs = {"base": [ab.Run(4.0, 8.0), ab.Run(5.0, 9.0), ab.Run(4.5, 8.5)],
            "head": [ab.Run(3.0, 6.0), ab.Run(3.6, 6.8), ab.Run(9.0, 7.0)]}
    args = argparse.Namespace(pairs=3, n=200, jobs=2, assignment="01_vectors", check=False)
    line = ab.summary(runs, args)
    assert "wall base 4.50 s, head 3.60 s (head/base 0.800)" in line
    assert "CPU base 8.50 s, head 6.80 s (head/base 0.800)" in line
    assert "200 submissions, --jobs 2" in line


def test_ab_times_grade_or_the_check_of_one_notebook(tmp_path: Path) -> None:
    """Is the command a grade of every submission, or with `--check` the check of one?"""
    (tmp_path / "b.ipynb").touch()
    (tmp_path / "a.ipynb").touch()
    args = argparse.Namespace(n=2, jobs=2, assignment="01_vectors", check=False)
    assert ab.command_line(tmp_path, args, tmp_path / "course")[:2] == ["grade", str(tmp_path)]
    args.check = True
    assert ab.command_line(tmp_path, args, tmp_path / "course") == [
        "check", str(tmp_path / "a.ipynb"), "--assignment", "01_vectors"]


def test_stage_table_splits_each_submission() -> None:
    """Does the stage table give each stage's median and the total per submission?"""
    runs = [{"spawn": 0.010, "load": 0.002, "tests": 0.030, "outputs": 0.004, "other": 0.004},
            {"spawn": 0.012, "load": 0.002, "tests": 0.050, "outputs": 0.004, "other": 0.002}]
    text = stages.table(runs)
    assert "| tests | 40.0 | 40.0 |" in text and "| total | 60.0 | 60.0 |" in text


@pytest.mark.benchmark
def test_throughput_script_end_to_end(tmp_path: Path) -> None:
    """Does the script time every grader on a small cohort, aimath the fastest?"""
    out = tmp_path / "timings.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "throughput.py"), "--sizes", "4",
                    "8", "--nbgrader-n", "2", "--otter-n", "0", "--warm-n", "4",
                    "--json", str(out)], check=True)
    data = json.loads(out.read_text())
    assert {"start-up", "inprocess", "nbgrader", "check"} <= set(data["timings"])
    biggest = data["sizes"][-1]
    nbgrader = data["timings"]["nbgrader"]
    assert biggest["submissions"] / biggest["seconds"] > nbgrader["submissions"] / nbgrader[
        "seconds"]
    assert len(data["warm"]) == 4
