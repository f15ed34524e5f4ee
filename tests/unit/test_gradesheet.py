"""grades.csv: header from every result, one row per student, written atomically."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from autograder.reports.grades_csv import write_grades_csv
from autograder.safefs import atomic_open

FIXTURES = Path(__file__).parent / "fixtures"


def copy_results(tmp_path: Path, names: list[str]) -> list[Path]:
    """Lay the fixtures out as the grader does: <out>/<student>/results.json."""
    paths = []
    for name in names:
        student = json.loads((FIXTURES / f"results_{name}.json").read_text())["extra_data"]
        path = tmp_path / "out" / student["student"] / "results.json"
        path.parent.mkdir(parents=True)
        shutil.copy(FIXTURES / f"results_{name}.json", path)
        paths.append(path)
    return paths


def read_csv(path: Path) -> list[list[str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: Excel then reads Korean
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_header_and_rows(tmp_path):
    """Does every student get a row with score, percent, status and each test's points?"""
    paths = copy_results(tmp_path, ["unreadable", "failed", "passed"])
    rows = read_csv(write_grades_csv(paths, tmp_path / "grades.csv"))
    assert rows == [
        ["student", "score", "max_score", "percent", "status", "softmax: rows sum to one",
         "softmax: large inputs stay finite", "one_hot: matches np.eye rows",
         "cross_entropy: mean over rows"],
        ["carol", "0", "10", "0", "unreadable", "", "", "", ""],
        ["bob", "3", "10", "30", "graded", "2", "0", "1", "0"],
        ["alice", "10", "10", "100", "graded", "2", "2", "2", "4"],
    ]


def test_tests_seen_later_are_added_at_the_end(tmp_path):
    """Are test names collected from all results, in order of first appearance?"""
    quiz = json.loads((FIXTURES / "results_quiz.json").read_text())
    extra = dict(quiz, tests=[*quiz["tests"], {"name": "q3: 한국어 문항", "score": 0.5}],
                 extra_data=dict(quiz["extra_data"], student="김민준"))
    rows = read_csv(write_grades_csv([quiz, extra], tmp_path / "grades.csv"))
    assert rows[0][5:] == ["q1: which data is least sequential?", "q2: is KL(P||Q) = KL(Q||P)?",
                           "q3: 한국어 문항"]
    assert rows[1][5:] == ["0", "1", ""]
    assert rows[2][0] == "김민준" and rows[2][5:] == ["0", "1", "0.5"]


def test_formula_like_names_are_defused(tmp_path):
    """Is a student name a spreadsheet would run as a formula written as plain text?"""
    quiz = json.loads((FIXTURES / "results_quiz.json").read_text())
    quiz["extra_data"]["student"] = "=HYPERLINK(\"http://x\")"
    rows = read_csv(write_grades_csv([quiz], tmp_path / "grades.csv"))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"


def test_a_generator_is_refused(tmp_path):
    """Is a one-shot iterator refused instead of silently writing a header only?"""
    with pytest.raises(TypeError, match="pass a list"):
        write_grades_csv(iter([]), tmp_path / "grades.csv")
    assert not (tmp_path / "grades.csv").exists()


def test_a_failed_write_keeps_the_old_file(tmp_path):
    """If writing fails halfway, is the previous file untouched and no temp file left?"""
    target = tmp_path / "grades.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half a ")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]
