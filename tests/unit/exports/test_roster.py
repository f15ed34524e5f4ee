"""The one roster reader: `student_id,name,email[,section]`, errors with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.course.roster import Roster, RosterEntry, RosterError, parse_roster, read_roster


def test_a_spreadsheet_roster_is_read_in_file_order():
    """Are a BOM, any column order and case, blank lines, spaces, quoted commas, an empty
    email and trailing empty cells (as Excel writes them) all read as meant?"""
    roster = parse_roster("\ufeffName,Student_ID,email,Section\r\n"
                          '"Kim, Minji", kim01 , kim@example.org,A\r\n\r\n'
                          "Lee,lee02,,B,,\r\n")
    assert list(roster) == [RosterEntry("kim01", "Kim, Minji", "kim@example.org", "A", 2),
                            RosterEntry("lee02", "Lee", "", "B", 4)]
    assert roster.get("lee02") is roster.entries[1] and "kim01" in roster
    assert roster.get("park") is None and len(roster) == 2


def test_korean_names_and_ids_read_the_same_in_nfd():
    """Is an id typed in decomposed Hangul (as macOS saves it) the same id as the graded
    folder's composed one?"""
    import unicodedata

    text = unicodedata.normalize("NFD", "student_id,name,email\n김민지,김민지,\n")
    assert parse_roster(text).get("김민지") is not None


@pytest.mark.parametrize(("text", "said"), [
    ("", "empty; the first row must be student_id,name,email,section"),
    ("student_id,name\nkim,Kim\n", "line 1: missing column(s) email"),
    ("student_id,name,email,phone\n", "line 1: unknown column(s) 'phone'"),
    ("student_id,name,email,email\n", "line 1: a repeated column"),
    ("student_id,name,email\nkim,Kim\n", "line 2: 2 field(s) where the header has 3"),
    ("student_id,name,email\n\nkim,Kim,k@x.org,extra\n", "line 3: 4 field(s)"),
    ("student_id,name,email\n,Kim,k@x.org\n", "line 2: the student_id is empty"),
    ("student_id,name,email\nkim min,Kim,k@x.org\n",
     "line 2: 'kim min' is not a valid student id"),
    ("student_id,name,email\nkim,Kim,not-an-address\n", "line 2: 'not-an-address' is not an"),
    ("student_id,name,email\nkim,Kim,\nlee,Lee,\nkim,Kim 2,\n",
     "line 4: student id 'kim' is already on line 2"),
    ("student_id,name,email\nkim,Kim,K@x.org\nlee,Lee,k@X.org\n",
     "line 3: email 'k@X.org' is already on line 2"),
    (f"student_id,name,email\nkim,{'N' * 201},k@x.org\n",
     "line 2: the name is 201 characters long; at most 200"),
    (f"student_id,name,email,section\nkim,Kim,k@x.org,{'S' * 101}\n",
     "line 2: the section is 101 characters long; at most 100"),
    ("student_id,name,email\nkim,Bad\x00Name,k@x.org\n",
     "line 2: the name 'Bad\\x00Name' holds a control character"),
    ("student_id,name,email\nkim,Ca\u202erol,k@x.org\n", "line 2: the name 'Ca\\u202erol' holds"),
])
def test_each_problem_names_the_file_and_line(text, said):
    """Is every malformed roster refused with the file, the line and what is wrong?"""
    with pytest.raises(RosterError) as raised:
        parse_roster(text, "roster.csv")
    assert str(raised.value).startswith("roster.csv: ") and said in str(raised.value)


def test_a_file_that_is_not_utf8_or_missing_is_one_clear_error(tmp_path: Path):
    """Are a Latin-1 file and a missing path refused with their path, not a traceback?"""
    latin = tmp_path / "roster.csv"
    latin.write_bytes("student_id,name,email\nkim,Jos\xe9,\n".encode("latin-1"))
    with pytest.raises(RosterError, match=r"roster.csv: not UTF-8 text \(byte 29\)"):
        read_roster(latin)
    with pytest.raises(RosterError, match=r"missing\.csv: "):
        read_roster(tmp_path / "missing.csv")


def test_read_roster_reads_a_file(tmp_path: Path):
    """Does reading a file give what parsing its text gives, named by its path?"""
    path = tmp_path / "roster.csv"
    path.write_text("student_id,name,email\nkim,Kim,kim@x.org\n", encoding="utf-8")
    roster = read_roster(path)
    assert isinstance(roster, Roster) and roster.source == str(path)
    assert roster.entries == parse_roster(path.read_text()).entries
