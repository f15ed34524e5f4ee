"""The one id rule (`autograder.student.identity`, shipped in the kit too): where a submission
was collected becomes a student id that can name a folder as it is."""

from __future__ import annotations

import unicodedata

import pytest

from autograder.student.identity import CLASS_FILES, MAX_LENGTH, is_valid, student_id


@pytest.mark.parametrize("raw", ["alice", "김민준", "Ἀθηνᾶ", "Дмитрий", "José", "山田太郎",
                                 "ゆうき", "student-42", "a.b_c", "٣٤"])
def test_unicode_letters_and_digits_stay_as_they_are(raw: str) -> None:
    """Are Korean and other Unicode letters and digits, `-`, `_` and `.` kept unchanged?"""
    sid = student_id(raw)
    assert (sid.value, sid.changed) == (raw, False)
    assert is_valid(raw)


def test_a_decomposed_korean_name_is_stored_composed() -> None:
    """Does a name in NFD (as macOS writes file names) map to its NFC form, and go unnoted
    (a note "'김민준' is stored as the id '김민준'" showed two names that look the same)?"""
    decomposed = unicodedata.normalize("NFD", "김민준")
    assert decomposed != "김민준"
    sid = student_id(decomposed)
    assert sid.value == "김민준" and not sid.changed
    assert student_id(unicodedata.normalize("NFD", "김 민준")).changed  # "김_민준" reads otherwise


@pytest.mark.parametrize(("raw", "expected"), [
    ("Jo Smith", "Jo_Smith"), ("a/b\\c", "a_b_c"), ("a;rm -rf", "a_rm_-rf"),
    ("o'brien", "o_brien"), ("x\ty\nz", "x_y_z"), ("[bold]eve[/bold]", "_bold_eve__bold_"),
    ("홍 길동", "홍_길동"), ("alice\u200b", "alice_"),
])
def test_spaces_and_punctuation_become_underscores(raw: str, expected: str) -> None:
    """Does every character outside the rule become `_`, the change noted?"""
    sid = student_id(raw)
    assert (sid.value, sid.raw, sid.changed) == (expected, raw, True)
    assert is_valid(expected) and not is_valid(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    (".alice", "alice"), ("..", "unnamed"), ("...hidden", "hidden"), ("-rf", "rf"),
    (".-.x", "x"), ("", "unnamed"), ("   ", "unnamed"), (".", "unnamed"),
])
def test_leading_dots_and_dashes_and_empty_names(raw: str, expected: str) -> None:
    """Can no id be hidden, look like an option, or be empty?"""
    assert student_id(raw).value == expected


def test_surrounding_spaces_are_trimmed() -> None:
    """Is a name with surrounding spaces the same id as without?"""
    assert student_id("  alice ").value == "alice"


def test_two_long_names_differing_at_the_end_stay_different() -> None:
    """Are two 100-character names that differ only in their last letter two ids, each at
    most the maximum length?"""
    a, b = student_id("x" * 99 + "a"), student_id("x" * 99 + "b")
    assert a.value != b.value
    assert len(a.value) == len(b.value) == MAX_LENGTH
    assert a.value.startswith("x" * 50) and a.changed
    assert is_valid(a.value)


def test_a_name_of_exactly_the_maximum_length_is_kept() -> None:
    """Is a 64-character name kept as it is, and a 65-character one cut?"""
    assert student_id("k" * MAX_LENGTH).value == "k" * MAX_LENGTH
    assert student_id("k" * (MAX_LENGTH + 1)).value != "k" * (MAX_LENGTH + 1)


def test_mapping_is_stable() -> None:
    """Does the same raw name always give the same id (re-runs find the same folders)?"""
    assert student_id("Jo Smith " + "y" * 90) == student_id("Jo Smith " + "y" * 90)


@pytest.mark.parametrize("name", sorted(CLASS_FILES | {"GRADES.CSV", "Report.html"}))
def test_class_file_names_never_become_an_id_as_they_are(name: str) -> None:
    """Can a student named like a class file (`grades.csv`, `report.html`) never overwrite
    it?"""
    sid = student_id(name)
    assert sid.value.lower() not in CLASS_FILES and sid.changed
    assert is_valid(sid.value)


@pytest.mark.parametrize("value", ["", ".x", "-x", "a b", "x" * (MAX_LENGTH + 1), "grades.csv"])
def test_invalid_values_are_told_apart(value: str) -> None:
    """Does `is_valid` say no to what the rule would change?"""
    assert not is_valid(value)
