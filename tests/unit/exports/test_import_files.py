"""Canvas's and Moodle's grade import files, read back as each importer reads them."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from autograder.course.roster import parse_roster
from autograder.exports.canvas import canvas_csv
from autograder.exports.grades import Grade
from autograder.exports.moodle import moodle_csv
from autograder.exports.table import points, safe_text

ROSTER = parse_roster("student_id,name,email,section\n"
                      "kim,\"=HYPERLINK(\"\"http://x\"\")\",kim@example.org,A\n"
                      "lee,이서연,lee@example.org,B\n"
                      "choi,Choi,,\n")
DUE = datetime(2026, 3, 20, tzinfo=UTC)
GRADES = [Grade("kim", "01_vectors", 20, 22, penalty=0.1, days_late=1, due=DUE),
          Grade("kim", "02_matrices", 18.5, 20),
          Grade("lee", "01_vectors", 22, 22),
          Grade("park", "01_vectors", 11, 22)]  # not in the roster


def rows(data: bytes) -> list[list[str]]:
    """The CSV rows, after checking the UTF-8 byte-order mark and CRLF line ends."""
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n\n" not in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def canvas_header(row: list[str]) -> int:
    """The number of student columns, found as Canvas's importer finds them
    (`GradebookImporter#header?`, `#update_column_count`)."""
    assert len(row) > 3 and "Student" in row[0] and "ID" in row[1]
    assert "SIS User ID" in row[2] and "SIS Login ID" in row[3]
    assert "Section" in row[4]
    return 5


def test_canvas_file_has_the_documented_columns_and_points_possible_first():
    """Does the Canvas file start with Student,ID,SIS User ID,SIS Login ID,Section and one
    column per assignment, then the Points Possible row, then students in id order?"""
    table = rows(canvas_csv(GRADES))
    first = canvas_header(table[0])
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                        "01_vectors", "02_matrices"]
    assert "Points Possible" in table[1][0] and table[1][first:] == ["22", "20"]
    assert [r[2] for r in table[2:]] == ["kim", "lee", "park"]
    assert table[2][first:] == ["18", "18.5"] and table[3][first:] == ["22", ""]


def test_an_assignment_nobody_has_a_grade_in_still_has_its_column():
    """Exported before anyone is graded (or after the one student who was became a TA),
    does the Canvas file still have the assignment's column, its points possible left
    empty, where it had no column at all?"""
    table = rows(canvas_csv([], columns=["06_mle"]))
    assert table[0][-1] == "06_mle" and table[1] == ["Points Possible", "", "", "", "", ""]
    assert rows(canvas_csv(GRADES, columns=["06_mle"]))[0][-1] == "06_mle"


def test_canvas_rows_come_from_the_roster_and_only_its_students():
    """With a roster, are names, logins (emails) and sections its own, a formula-like name
    made inert, and the student it does not list left out?"""
    table = rows(canvas_csv(GRADES, ROSTER))
    assert [r[:5] for r in table[2:]] == [
        ["'=HYPERLINK(\"http://x\")", "", "kim", "kim@example.org", "A"],
        ["이서연", "", "lee", "lee@example.org", "B"]]


def test_moodle_file_identifies_users_and_has_no_points_row():
    """Does the Moodle file name users by ID number and email address, give one column per
    grade item, write '-' for no grade, and hold only users (no points row)?"""
    table = rows(moodle_csv(GRADES, ROSTER))
    assert table[0] == ["ID number", "Email address", "Full name", "01_vectors",
                        "02_matrices"]
    assert table[1:] == [["kim", "kim@example.org", "'=HYPERLINK(\"http://x\")", "18", "18.5"],
                         ["lee", "lee@example.org", "이서연", "22", "-"]]
    for row in table[1:]:
        assert all(cell == "-" or float(cell) >= 0 for cell in row[3:])


def test_without_a_roster_every_graded_student_is_written_under_their_id():
    """Without a roster, is every graded student a row, named by the id?"""
    assert [r[0] for r in rows(moodle_csv(GRADES))[1:]] == ["kim", "lee", "park"]
    assert [r[0] for r in rows(canvas_csv(GRADES))[2:]] == ["kim", "lee", "park"]


@pytest.mark.parametrize("value", ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "\t=1",
                                   "\r=1", "  =1", "\n=1"])
def test_every_formula_start_is_made_text(value):
    """Does each way a cell can start a formula (after spaces too) get a leading quote?"""
    assert safe_text(value) == "'" + value


@pytest.mark.parametrize(("value", "shown"), [(None, ""), (18.0, "18"), (18.456, "18.46"),
                                              (0.004, "0"), (1234.5, "1234.5")])
def test_points_are_plain_decimals(value, shown):
    """Are points written with a point, at most two decimals and no separator?"""
    assert points(value) == shown
