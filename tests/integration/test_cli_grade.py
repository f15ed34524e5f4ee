"""`aimath grade` end to end on the bundled 01_vectors samples (honest, wrong, broken, hostile)."""

import csv
import json
import shutil

import pytest
from click.testing import CliRunner

from autograder.cli import main
from autograder.course.assignments import ROOT

pytestmark = pytest.mark.slow
SAMPLES = ROOT / "samples" / "01_vectors"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the samples once; return the output folder and the CLI result."""
    out = tmp_path_factory.mktemp("grade") / "out"
    result = CliRunner().invoke(main, ["grade", str(SAMPLES), "--assignment", "01_vectors",
                                       "--out", str(out), "--timeout", "1", "--jobs", "2"])
    return out, result


def results(out, student):
    return json.loads((out / student / "results.json").read_text())


def test_the_batch_completes_and_exits_zero(graded):
    """Does the batch exit 0 and write everyone's results, the gradebook and the report?"""
    out, result = graded
    assert result.exit_code == 0, result.output
    students = {p.name for p in out.iterdir() if (p / "results.json").is_file()}
    assert students == {"alice", "bob", "carol", "dave", "erin", "frank", "mallory"}
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert all((out / s / "feedback.html").is_file() for s in students)


def test_scores_match_the_honest_work(graded):
    """Does each submission score exactly what its honest code earns?"""
    out, _ = graded
    full = results(out, "alice")["max_score"]
    assert results(out, "alice")["score"] == full
    assert results(out, "carol")["score"] == full  # first cell is a syntax error
    assert 0 < results(out, "bob")["score"] < full
    assert results(out, "dave")["score"] == 0 and results(out, "frank")["score"] == 0


def test_a_syntax_error_in_one_cell_is_reported_and_skipped(graded):
    """Is carol's broken first cell named in the output while later cells still count?"""
    out, _ = graded
    output = results(out, "carol")["output"]
    assert "Code cell 1: raised SyntaxError" in output
    assert results(out, "carol")["extra_data"]["cells"][0]["cell"] == "code cell 1"


def test_a_hang_costs_only_its_own_function(graded):
    """Does erin's endless l1_norm lose only l1_norm's tests (and exit() at import nothing):
    timed out three times, then not called again?"""
    out, _ = graded
    tests = results(out, "erin")["tests"]
    lost = {t["extra_data"]["function"] for t in tests if t["status"] == "failed"}
    assert lost == {"l1_norm"}
    said = [t["output"] for t in tests if t["status"] == "failed"]
    assert sum("timed out after 1 s" in text for text in said) == 3, said
    assert all("timed out after 1 s" in text or "l1_norm already crashed or timed out 3 times"
               in text for text in said), said


def test_cheating_earns_nothing(graded):
    """Do patched comparisons, always-equal objects and array subclasses earn no points?"""
    out, _ = graded
    assert results(out, "mallory")["score"] == 0  # angle's 0.0 is an edge case alone


def test_unreadable_notebooks_say_what_is_wrong(graded):
    """Do broken and empty notebooks get score 0 and a message naming the problem?"""
    out, _ = graded
    assert "not valid notebook JSON (line" in results(out, "dave")["output"]
    assert results(out, "frank")["output"] == "frank.ipynb is empty"
    assert results(out, "dave")["extra_data"]["status"] == "unreadable"


def test_results_follow_the_contract(graded):
    """Do results.json files have Gradescope's fields and test names 'function: ...'?"""
    out, _ = graded
    data = results(out, "bob")
    assert {"score", "max_score", "execution_time", "output", "tests"} <= set(data)
    for test in data["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        assert test["status"] in ("passed", "failed")
        assert test["name"].split(":")[0] in ("l1_norm", "l2_norm", "hadamard", "angle")


def test_grades_csv_has_a_column_per_test(graded):
    """Does grades.csv list every student with a score column per test?"""
    out, _ = graded
    with open(out / "grades.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["student"] for r in rows} == {"alice", "bob", "carol", "dave", "erin", "frank",
                                            "mallory"}
    assert any(name.startswith("angle: ") for name in rows[0])


def test_a_second_run_grades_nothing_twice(graded, tmp_path):
    """Does re-running on the same output skip every unchanged submission?"""
    out, _ = graded
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    students = ["alice", "bob", "carol", "dave", "erin", "frank", "mallory"]
    before = {s: (copy / s / "results.json").stat().st_mtime_ns for s in students}
    result = CliRunner().invoke(main, ["grade", str(SAMPLES), "--assignment", "01_vectors",
                                       "--out", str(copy), "--timeout", "1"])
    assert result.exit_code == 0, result.output
    assert {s: (copy / s / "results.json").stat().st_mtime_ns for s in students} == before
