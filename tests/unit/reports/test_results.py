"""results.json: every record written and read back, Gradescope's fields, damaged files, the
budget a submission cannot break."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.factories import cell_raised, result, test, unreadable

from autograder.grading.model import Failure, Status, SubmissionResult, Visibility
from autograder.message import msg, text
from autograder.reports.results import (
    BUDGET,
    PARAM_CAP,
    PRINTED_CAP,
    ResultsError,
    dumps,
    from_json,
    load,
    to_json,
)

HANGUL = re.compile("[가-힣]")

WRONG_ROOT = test(
    "l2_norm: a 3-4-5 triangle", 0, 2,
    details=(msg("check.call_with", call="l2_norm(x)", args="x: array (2,) int64 in [3, 4]"),
             msg("check.value", where="", expected="5", got="25")),
    hints=("the L2 norm is sqrt(sum of x_i**2)",), mistake="forgot the square root",
    duration=0.125)

RECORDS: dict[str, SubmissionResult] = {
    "graded": result(
        "alice", test("l1_norm: sums absolute values", 1, visibility=Visibility.VISIBLE),
        WRONG_ROOT,
        test("angle: parallel vectors", 0, 1, failure=Failure.TIMEOUT,
             details=(msg("sandbox.timed_out", seconds=10),), visibility=Visibility.HIDDEN),
        cells=(cell_raised(),), printed="hello from cell 1\n", warnings=("landlock",),
        notes=(msg("notebook.skipped_line", cell="code cell 1", text="!pip install numpy"),),
        declared_at="2025-03-01T23:59:00+09:00", execution_time=1.25),
    "unreadable": unreadable("bob", "bob.ipynb is not a valid notebook"),
    "refused": result("carol", status=Status.REFUSED, problem=msg("intake.refused_link",
                                                                   file="carol.ipynb")),
    "conflict": result("dave", status=Status.CONFLICT, problem=msg(
        "intake.conflict", id="dave", names="dave.ipynb, dave.py")),
    "error": result("erin", status=Status.ERROR, problem=msg(
        "grader.error", type="OSError", said="No space left on device")),
    "quiz": result(
        "김민준",
        test("q1: which data is least sequential?", 1, answer="B",
             explanation="Tabular records of independent patients have no order."),
        test("q2: the chain rule", 0, answer="int 1", failure=Failure.INVALID,
             details=(text("q2: expected an expression, got int 1"),),
             explanation="$P(X) = \\prod_t P(x_t \\mid x_{<t})$"),
        test("q3: posterior", 0.5, 1, answer="0.5", values="p = 0.1, s = 0.9"),
        assignment="quiz_10"),
}


def written(record: SubmissionResult) -> dict:
    """results.json as a reader sees it: the text `dumps` writes, parsed."""
    return json.loads(dumps(record))


@pytest.mark.parametrize("name", RECORDS)
def test_round_trip_gives_an_equal_record(name):
    """Does reading back what was written give the very same record, field for field?"""
    record = RECORDS[name]
    assert from_json(written(record)) == record


def test_every_status_is_covered():
    """Do the round-trip records cover every status the grader writes?"""
    assert {r.status for r in RECORDS.values()} == set(Status)


def test_round_trip_keeps_what_the_pages_need():
    """Are quiz answers, values, cell problems, notes, warnings and origin times kept?"""
    loaded = from_json(written(RECORDS["graded"]))
    assert loaded.cells[0].message.params["said"] == "name 'np' is not defined"
    assert loaded.notes[0].key == "notebook.skipped_line"
    assert [w.layer for w in loaded.warnings] == ["landlock"]
    assert loaded.origin.declared_at == "2025-03-01T23:59:00+09:00"
    quiz = from_json(written(RECORDS["quiz"]))
    assert [(t.answer, t.values, t.item) for t in quiz.tests] == [
        ("B", None, True), ("int 1", None, True), ("0.5", "p = 0.1, s = 0.9", True)]
    assert quiz.tests[1].failure is Failure.INVALID and quiz.student == "김민준"


def test_gradescope_fields_are_exact():
    """Are the submission's Gradescope fields exactly `score`, `max_score`,
    `execution_time`, `output` and `tests` (plus aimath's `extra_data`)?"""
    data = written(RECORDS["graded"])
    assert set(data) == {"score", "max_score", "execution_time", "output", "tests",
                         "extra_data"}
    assert (data["score"], data["max_score"], data["execution_time"]) == (1.0, 4.0, 1.25)


def test_each_test_has_gradescope_fields():
    """Does a failed test carry name, points, status, its English output and visibility?"""
    shown = {k: v for k, v in written(RECORDS["graded"])["tests"][1].items() if k != "extra_data"}
    assert shown == {
        "name": "l2_norm: a 3-4-5 triangle", "score": 0, "max_score": 2, "status": "failed",
        "output": "l2_norm(x) with x: array (2,) int64 in [3, 4]:\nexpected 5, got 25\n"
                  "This looks like a known mistake: forgot the square root.\n"
                  "Hint: the L2 norm is sqrt(sum of x_i**2)",
        "visibility": "after_due_date"}


@pytest.mark.parametrize("name", RECORDS)
def test_status_and_visibility_use_gradescope_values(name):
    """Is every test `passed` or `failed` (partial credit is failed) with a Gradescope
    visibility?"""
    for entry, record in zip(written(RECORDS[name])["tests"], RECORDS[name].tests, strict=True):
        assert entry["status"] == ("passed" if record.score == record.max_score else "failed")
        assert entry["visibility"] in {v.value for v in Visibility}


def test_submission_output_is_english_rendered_from_the_messages():
    """Is the submission's `output` the English sentences of its cell problem, notes,
    warnings, then the printed text last (the grader's own lines never read as printed)?"""
    assert written(RECORDS["graded"])["output"].splitlines() == [
        "Code cell 3: raised NameError: name 'np' is not defined (skipped; later cells still ran)",
        "code cell 1: skipped '!pip install numpy' (IPython magics and shell commands do not run "
        "when grading or checking)",
        "WARNING: sandbox layer unavailable on this machine: landlock (the others still apply)",
        "Printed while loading:",
        "hello from cell 1"]


@pytest.mark.parametrize(("name", "output"), [
    ("unreadable", "bob.ipynb is not a valid notebook"),
    ("refused", "carol.ipynb is a symbolic link: links are never followed, so it earns nothing"),
    ("error", "the grader failed on this submission (OSError: No space left on device); this "
              "is not your fault: tell your instructor"),
])
def test_why_a_submission_was_not_graded_is_its_output(name, output):
    """Does a submission that was not graded say why in its `output`?"""
    assert written(RECORDS[name])["output"] == output


def test_output_stays_english_for_korean_student_text():
    """Is `output` the catalogue's English even when the student and their answer are Korean?"""
    data = written(RECORDS["quiz"])
    assert data["tests"][1]["output"] == "q2: expected an expression, got int 1"
    assert not HANGUL.search(data["output"] + "".join(t["output"] for t in data["tests"]))


def test_results_json_is_written_as_utf8_text(tmp_path):
    """Does `load` read back a file holding Korean written as UTF-8 (not \\u escapes)?"""
    path = tmp_path / "kim" / "results.json"
    path.parent.mkdir()
    path.write_text(dumps(RECORDS["quiz"]), encoding="utf-8")
    assert "김민준" in path.read_text(encoding="utf-8")
    assert load(tmp_path, "kim") == RECORDS["quiz"]


def _set(path: str, value: object):
    """A change to a written results.json: `path` is keys and indexes joined by '/'."""
    def change(data: dict) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
        for part in parents:
            data = data[part]
        data[last] = value
    return change


MALFORMED = {
    "status unknown": _set("extra_data/status", "pending"),
    "visibility unknown": _set("tests/0/visibility", "sometimes"),
    "failure unknown": _set("tests/1/extra_data/failure", "gremlins"),
    "tests not a list": _set("tests", {"l1_norm": 1}),
    "warnings a string": _set("extra_data/warnings", "landlock"),
    "hints a string": _set("tests/1/extra_data/hints", "divide by N"),
    "answer not text": _set("tests/1/extra_data/answer", 5),
    "item not a bool": _set("tests/1/extra_data/item", "false"),
    "score not a number": _set("tests/0/score", "full"),
    "message not a dict": _set("tests/1/extra_data/details/0", "expected 5"),
    "message key unknown": _set("tests/1/extra_data/details/1/key", "check.renamed_later"),
    "message value missing": _set("tests/1/extra_data/details/1/params", {"expected": "5"}),
    "message value not plain": _set("extra_data/cells/0/message/params/said", ["x"]),
    "problem key unknown": _set("extra_data/problem", {"key": "no.such", "params": {}}),
    "no extra_data": lambda data: data.pop("extra_data"),
}


@pytest.mark.parametrize("change", MALFORMED.values(), ids=MALFORMED)
def test_malformed_results_raise_results_error(change):
    """Is a damaged results.json refused with ResultsError, never a KeyError or TypeError
    from deep inside (or, worse, loaded and failing later on a page)?"""
    data = written(RECORDS["graded"])
    change(data)
    with pytest.raises(ResultsError) as caught:
        from_json(data)
    assert type(caught.value) is ResultsError
    assert "not a results.json of aimath" in str(caught.value)


FOREIGN = {
    "gradescope's own": {"score": 3.0, "max_score": 4.0, "tests": [
        {"name": "q1", "score": 1.0, "max_score": 1.0, "status": "passed"}]},
    "empty object": {},
    "a list": [],
    "a number": 42,
    "null": None,
}


@pytest.mark.parametrize("data", FOREIGN.values(), ids=FOREIGN)
def test_foreign_json_raises_results_error(data):
    """Is valid JSON that aimath did not write refused with ResultsError?"""
    with pytest.raises(ResultsError):
        from_json(data)


@pytest.mark.parametrize("content", [b"{", b"\xff\xfe not utf-8", b"[" * 200_000, b""],
                         ids=["cut short", "not utf-8", "nested too deep", "empty"])
def test_damaged_file_raises_results_error(tmp_path, content):
    """Is a file that is not JSON at all refused with ResultsError naming the file?"""
    path = tmp_path / "kim" / "results.json"
    path.parent.mkdir()
    path.write_bytes(content)
    with pytest.raises(ResultsError, match=r"kim"):
        load(tmp_path, "kim")


def test_a_linked_results_file_is_refused(tmp_path):
    """Is a results.json that is a link (planted in the output folder) never read?"""
    target = tmp_path / "elsewhere.json"
    target.write_text(dumps(RECORDS["quiz"]), encoding="utf-8")
    (tmp_path / "kim").mkdir()
    (tmp_path / "kim" / "results.json").symlink_to(target)
    with pytest.raises(ResultsError, match="symbolic link"):
        load(tmp_path, "kim")


def test_missing_file_raises_results_error(tmp_path):
    """Is a missing results.json a ResultsError (the batch then grades the student again)?"""
    with pytest.raises(ResultsError):
        load(tmp_path, "nobody")


def test_a_result_that_fits_keeps_all_its_details():
    """Is a result well within the budget written whole, all 20 lines of a test kept?"""
    lines = tuple(msg("check.value", where=f"[{i}] ", expected="1", got="2") for i in range(20))
    record = result("alice", test("l1_norm: many entries", 0, details=lines))
    assert from_json(written(record)) == record


def test_lean_form_keeps_fewer_details_and_the_same_scores():
    """Does the lean form (used when a page is too large) keep 3 lines but every score?"""
    lines = tuple(msg("check.value", where=f"[{i}] ", expected="1", got="2") for i in range(9))
    record = result("alice", test("l1_norm: many entries", 0.5, details=lines),
                    test("l2_norm: ok", 1))
    lean = from_json(to_json(record, lean=True))
    assert len(lean.tests[0].details) == 3
    assert (lean.score, lean.max_score) == (record.score, record.max_score)


def huge_result() -> SubmissionResult:
    """Everything a hostile submission controls, as large as it can make it."""
    raised = test("l1_norm: sums absolute values", 0, failure=Failure.RAISED, details=(
        msg("student.raised", type="E" * 40 * 2**20, said="x" * 2**20, where=""),))
    long_lines = tuple(msg("check.value", where="", expected="1" * 3000, got="2" * 3000)
                       for _ in range(100))
    many = [test(f"l2_norm: case {i}", 0, details=long_lines, hints=("h" * 5000,) * 10)
            for i in range(40)]  # 4,000 long lines in all
    return result("mallory", raised, *many, test("angle: right angle", 1),
                  printed="p" * 100 * 2**20, cells=(cell_raised(said="s" * 2**20),) * 500,
                  notes=(text("n" * 10_000),) * 500)


def test_huge_strings_fit_the_budget_and_load_back(tmp_path):
    """Does a result with a 40 MB exception type, 100 MB of printed text and thousands of long
    lines serialise under BUDGET bytes, load back, and keep every test and score?"""
    record = huge_result()
    written_text = dumps(record)
    assert len(written_text.encode()) <= BUDGET
    path = tmp_path / "kim" / "results.json"
    path.parent.mkdir()
    path.write_text(written_text, encoding="utf-8")
    loaded = load(tmp_path, "kim")
    assert [t.name for t in loaded.tests] == [t.name for t in record.tests]
    assert (loaded.score, loaded.max_score) == (1.0, 42.0)
    assert loaded.tests[0].details[0].params["type"].startswith("EEEE")
    assert loaded.printed.startswith("pppp") and loaded.printed.endswith("(cut)")


def test_output_is_rendered_from_the_kept_records():
    """Is every `output` text built from the capped records, so no huge value slips into the
    Gradescope fields that the records themselves leave out?"""
    data = json.loads(dumps(huge_result()))
    assert len(data["output"]) < 2 * PRINTED_CAP + 10 * PARAM_CAP
    assert all(len(entry["output"]) < 25 * PARAM_CAP for entry in data["tests"])
    loaded = from_json(data)
    first = data["tests"][0]["output"]
    assert first == f"raised {loaded.tests[0].details[0].params['type']}: " \
                    f"{loaded.tests[0].details[0].params['said']}"


def test_budget_holds_for_a_full_suite_of_failing_tests(tmp_path: Path):
    """Does a result with a hundred failing tests, each with long student text, still fit?"""
    said = "why " * 10_000
    record = result("mallory", *(test(f"hadamard: case {i}", 0, failure=Failure.RAISED, details=(
        msg("student.raised", type="ValueError", said=said, where=said),) * 20,
        hints=("hint " * 200,) * 5) for i in range(100)))
    assert len(dumps(record).encode()) <= BUDGET
    assert len(from_json(json.loads(dumps(record))).tests) == 100
