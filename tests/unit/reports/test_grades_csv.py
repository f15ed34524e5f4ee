"""grades.csv: a header from every result, one row per student, safe in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.factories import result, test, unreadable

from autograder.grading.model import SubmissionResult, Visibility
from autograder.reports.grades_csv import (
    FIXED_COLUMNS,
    FORMULA_START,
    listed_students,
    write_grades_csv,
)
from autograder.safefs import Refused

CLASS = [
    result("alice", test("l1_norm: sums absolute values", 2, 2), test("l2_norm: zero vector", 1),
           test("l2_norm: zero vector", 0.5, 1)),  # a name seen twice adds up
    unreadable("bob"),
    result("김민준", test("l2_norm: zero vector", 0), test("angle: right angle", 1.25, 2)),
]


def read_csv(path: Path) -> list[list[str]]:
    """The rows of a grades.csv, checking first that it starts with a UTF-8 BOM."""
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel then reads Korean
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write(tmp_path: Path, results: list[SubmissionResult]) -> list[list[str]]:
    return read_csv(write_grades_csv(lambda: iter(results), tmp_path / "grades.csv"))


def test_fixed_columns_then_one_per_test_in_first_seen_order(tmp_path):
    """Does the header hold the fixed columns, then every test name once, as first seen?"""
    assert write(tmp_path, CLASS)[0] == [
        "student", "score", "max_score", "percent", "status", "l1_norm: sums absolute values",
        "l2_norm: zero vector", "angle: right angle"]
    assert tuple(write(tmp_path, CLASS)[0][:5]) == FIXED_COLUMNS


def test_the_students_it_lists_read_back(tmp_path):
    """Are the students a written grades.csv lists read back (Korean included), and is a
    missing file, or one that is not a grades.csv, None?"""
    path = write_grades_csv(lambda: iter(CLASS), tmp_path / "grades.csv")
    assert listed_students(path) == {"alice", "bob", "김민준"}
    assert listed_students(tmp_path / "missing.csv") is None
    (tmp_path / "other.csv").write_text("name,score\nalice,1\n", encoding="utf-8")
    assert listed_students(tmp_path / "other.csv") is None


def test_one_row_per_student(tmp_path):
    """Does each student get score, percent, status and their points per test (blank where
    they have no such test)?"""
    assert write(tmp_path, CLASS)[1:] == [
        ["alice", "3.5", "4", "87.5", "graded", "2", "1.5", ""],
        ["bob", "0", "0", "", "unreadable", "", "", ""],
        ["김민준", "1.25", "3", "41.67", "graded", "", "0", "1.25"],
    ]


@pytest.mark.parametrize("start", FORMULA_START)
def test_formula_like_student_ids_and_names_are_defused(tmp_path, start):
    """Is a cell a spreadsheet would run as a formula (`=HYPERLINK(...)`) written as text?"""
    formula = f'{start}HYPERLINK("http://x.example","click")'
    rows = write(tmp_path, [result(formula, test(f"{formula}: a test", 1))])
    assert rows[0][5] == "'" + f"{formula}: a test"
    assert rows[1][0] == "'" + formula


def test_ordinary_ids_are_left_alone(tmp_path):
    """Are ids that only look unusual (a dot, a digit, Korean) written as they are?"""
    rows = write(tmp_path, [result(sid) for sid in ("2024.001", "kim_min-jun", "김민준")])
    assert [row[0] for row in rows[1:]] == ["2024.001", "kim_min-jun", "김민준"]


def test_results_are_read_twice_from_a_generator_factory(tmp_path):
    """Is the factory called twice, once for the header and once for the rows, so a class is
    never held in memory and a one-shot generator is never half used?"""
    calls: list[int] = []

    def results() -> Iterator[SubmissionResult]:
        calls.append(1)
        yield from (r for r in CLASS)

    rows = read_csv(write_grades_csv(results, tmp_path / "grades.csv"))
    assert len(calls) == 2 and [row[0] for row in rows[1:]] == ["alice", "bob", "김민준"]


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path):
    """Is a link planted at grades.csv replaced by the file, its target left untouched?"""
    target = tmp_path / "victim.txt"
    target.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "grades.csv").symlink_to(target)
    path = write_grades_csv(lambda: iter(CLASS), out / "grades.csv")
    assert not path.is_symlink() and read_csv(path)[1][0] == "alice"
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_linked_output_folder_is_refused(tmp_path):
    """Is an output folder that is itself a link refused, nothing written where it points?"""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(Refused, match="symbolic link"):
        write_grades_csv(lambda: iter(CLASS), tmp_path / "out" / "grades.csv")
    assert list(elsewhere.iterdir()) == []


def test_an_earlier_file_is_replaced_whole(tmp_path):
    """Does writing again replace the old grades.csv, with no temporary file left behind?"""
    path = tmp_path / "grades.csv"
    path.write_text("old,file\n" * 1000, encoding="utf-8")
    write_grades_csv(lambda: iter(CLASS[:1]), path)
    assert len(read_csv(path)) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


def test_public_tests_have_no_column(tmp_path):
    """Is a public test (visible, worth no points) left out of grades.csv, being no grade?"""
    public = test("l1_norm: x = [1, -2, 3] has L1 norm 6", 0, 0, visibility=Visibility.VISIBLE)
    rows = write(tmp_path, [result("alice", public, test("l1_norm: empty", 1))])
    assert rows[0][len(FIXED_COLUMNS):] == ["l1_norm: empty"]
    assert rows[1][len(FIXED_COLUMNS):] == ["1"]

