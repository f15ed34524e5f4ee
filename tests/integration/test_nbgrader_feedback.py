"""Feedback pages placed where `nbgrader release_feedback` looks for them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.course.assignments import ROOT
from autograder.nbgrader import write_nbgrader_feedback


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """An empty course directory: only its nbgrader_config.py."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    return tmp_path


def test_page_goes_under_feedback_student_assignment(course: Path) -> None:
    """Is the HTML written as feedback/<student>/<id>/<id>.html?"""
    page = write_nbgrader_feedback("alice", "01_vectors", "<h1>8/10</h1>", root=course)
    assert page == course / "feedback" / "alice" / "01_vectors" / "01_vectors.html"
    assert page.read_text(encoding="utf-8") == "<h1>8/10</h1>"


def test_exchange_receipts_travel_with_the_page(course: Path) -> None:
    """Are the submission's timestamp.txt and submission_secret.txt copied beside the page?"""
    submitted = course / "submitted" / "alice" / "01_vectors"
    submitted.mkdir(parents=True)
    (submitted / "timestamp.txt").write_text("2025-03-02 00:30:00 UTC")
    (submitted / "submission_secret.txt").write_text("f00d")
    page = write_nbgrader_feedback("alice", "01_vectors", "<p>ok</p>", root=course)
    assert (page.parent / "timestamp.txt").read_text() == "2025-03-02 00:30:00 UTC"
    assert (page.parent / "submission_secret.txt").read_text() == "f00d"


def test_rewriting_replaces_the_page(course: Path) -> None:
    """Does grading again overwrite the earlier feedback?"""
    write_nbgrader_feedback("alice", "01_vectors", "old", root=course)
    page = write_nbgrader_feedback("alice", "01_vectors", "new", root=course)
    assert page.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize(("student", "assignment_id"), [
    ("../bob", "01_vectors"), ("alice", "../../etc"), ("a/b", "01_vectors"), ("", "01_vectors"),
])
def test_ids_that_would_escape_the_folder_are_refused(course: Path, student: str,
                                                      assignment_id: str) -> None:
    """Is a student or assignment id with a path separator or `..` rejected?"""
    with pytest.raises(ValueError, match="invalid"):
        write_nbgrader_feedback(student, assignment_id, "x", root=course)
    assert not (course / "feedback").exists()
