"""The resume cache key: it changes with every file that can decide a grade (the grading code,
the suite and its ini, the reference, the quiz banks), with the limits and with the secret;
and not with what only carries results (reports, the batch)."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.batch import fingerprint as keys
from autograder.course import assignments
from autograder.student.limits import Limits

SECRET = bytes(32)
SETTINGS = f"{Limits()}|after_due_date|"
TREE = (
    "autograder/grading/loop.py", "autograder/grading/checks.py", "autograder/sandbox/wire.py",
    "autograder/sandbox/inside/executor.py", "autograder/student/notebook.py",
    "autograder/student/limits.py", "autograder/quiz/banks/quiz_01.yaml",
    "autograder/quiz/items/numeric.py", "autograder/course/secret.py",
    "autograder/intake/prepare.py", "autograder/message.py",
    "autograder/suites/pytest.ini", "autograder/suites/01_vectors/test_angle.py",
    "autograder/suites/01_vectors/mutants.py", "autograder/suites/02_matrices/test_predict.py",
    "autograder/reports/templates/feedback.html.j2", "autograder/reports/results.py",
    "autograder/batch/grade.py", "autograder/cli/grading.py", "reference/vectors.py",
    "reference/README.md", "README.md",
)


@pytest.fixture
def course_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small copy of the repository's layout, which the fingerprint reads instead."""
    for name in TREE:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {name}\n")
    monkeypatch.setattr(assignments, "ROOT", tmp_path)
    monkeypatch.setattr(assignments, "PACKAGE", tmp_path / "autograder")
    monkeypatch.setattr(assignments, "SUITES", tmp_path / "autograder" / "suites")
    return tmp_path


def key() -> str:
    return keys.fingerprint("01_vectors", SECRET, SETTINGS)


@pytest.mark.parametrize("changed", [
    "autograder/grading/loop.py", "autograder/sandbox/inside/executor.py",
    "autograder/student/notebook.py", "autograder/student/limits.py",
    "autograder/quiz/banks/quiz_01.yaml", "autograder/course/secret.py",
    "autograder/intake/prepare.py", "autograder/message.py", "autograder/suites/pytest.ini",
    "autograder/suites/01_vectors/test_angle.py", "autograder/suites/01_vectors/mutants.py",
    "reference/vectors.py",
])
def test_a_change_to_a_deciding_file_changes_the_key(course_tree: Path, changed: str) -> None:
    """Does editing any file that can decide a grade give a new key?"""
    before = key()
    with open(course_tree / changed, "a") as handle:
        handle.write("# changed\n")
    assert key() != before


@pytest.mark.parametrize("added", [
    "autograder/grading/new_rule.py", "autograder/sandbox/host/new_limit.py",
    "autograder/suites/01_vectors/conftest.py", "autograder/suites/01_vectors/data/inputs.npz",
    "reference/helpers.py", "autograder/quiz/banks/quiz_11.yaml",
])
def test_a_file_added_to_a_deciding_folder_changes_the_key(course_tree: Path,
                                                           added: str) -> None:
    """Is a new file in a deciding folder covered the day it is added (no hand-kept list)?"""
    before = key()
    (course_tree / added).parent.mkdir(parents=True, exist_ok=True)
    (course_tree / added).write_text("x = 1\n")
    assert key() != before


def test_renaming_a_deciding_file_changes_the_key(course_tree: Path) -> None:
    """Does moving content from one deciding file to another name count as a change?"""
    before = key()
    suite = course_tree / "autograder/suites/01_vectors"
    (suite / "test_angle.py").rename(suite / "test_angles.py")
    assert key() != before


@pytest.mark.parametrize("changed", [
    "autograder/reports/templates/feedback.html.j2", "autograder/reports/results.py",
    "autograder/batch/grade.py", "autograder/cli/grading.py",
    "autograder/suites/02_matrices/test_predict.py", "README.md", "reference/README.md",
])
def test_files_that_only_carry_results_leave_the_key(course_tree: Path, changed: str) -> None:
    """Does a report template, the batch, the CLI or another assignment's suite leave the
    key (and so the cache) alone?"""
    before = key()
    with open(course_tree / changed, "a") as handle:
        handle.write("# changed\n")
    assert key() == before


def test_bytecode_caches_leave_the_key(course_tree: Path) -> None:
    """Is a `__pycache__` written by a run never part of the key?"""
    before = key()
    cache = course_tree / "autograder/grading/__pycache__"
    cache.mkdir()
    (cache / "loop.cpython-311.pyc").write_bytes(b"\0")
    assert key() == before


def test_the_limits_visibility_and_secret_change_the_key(course_tree: Path) -> None:
    """Do other limits, another visibility or another course secret give a new key?"""
    base = key()
    assert keys.fingerprint("01_vectors", SECRET, f"{Limits(call_timeout=5)}|after_due_date|") \
        != base
    assert keys.fingerprint("01_vectors", SECRET, f"{Limits()}|visible|") != base
    assert keys.fingerprint("01_vectors", bytes([1] * 32), SETTINGS) != base
    assert keys.fingerprint("02_matrices", SECRET, SETTINGS) != base
    assert key() == base


def test_the_secret_itself_is_not_in_the_key(course_tree: Path) -> None:
    """Is the key a short hash that does not contain the secret?"""
    secret = bytes(range(32))
    value = keys.fingerprint("01_vectors", secret, SETTINGS)
    assert len(value) == 16 and secret.hex()[:16] not in value


def test_the_real_deciding_files_cover_grading_and_leave_out_reports() -> None:
    """In this repository, do 01_vectors' deciding files hold the grading loop, the reader,
    the sandbox, the suite and its ini and the reference, and none of the reports, batch or
    CLI?"""
    root = assignments.ROOT
    files = {p.relative_to(root).as_posix() for p in keys.deciding_files("01_vectors")}
    for wanted in ("autograder/grading/loop.py", "autograder/grading/checks.py",
                   "autograder/student/notebook.py", "autograder/sandbox/wire.py",
                   "autograder/intake/prepare.py", "autograder/suites/pytest.ini",
                   "autograder/suites/01_vectors/test_angle.py", "reference/vectors.py"):
        assert wanted in files
    assert not any(f.startswith(("autograder/reports/", "autograder/batch/", "autograder/cli/",
                                 "autograder/suites/02_matrices/")) for f in files)
