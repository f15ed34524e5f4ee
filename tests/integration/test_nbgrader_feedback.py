"""Feedback pages placed where `nbgrader release_feedback` looks for them, never through a link."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from support.factories import result, test

from autograder.course.assignments import ROOT
from autograder.course.settings import load_settings
from autograder.message import msg
from autograder.nbgrader import write_nbgrader_feedback
from autograder.nbgrader.course import course_directory
from autograder.nbgrader.feedback_dirs import NoSubmissionSecret
from autograder.nbgrader.sync import sync_course


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course with nbgrader_config.py and alice's collected submission receipts."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    submitted = tmp_path / "submitted" / "alice" / "01_vectors"
    submitted.mkdir(parents=True)
    (submitted / "timestamp.txt").write_text("2025-03-02 00:30:00 UTC")
    (submitted / "submission_secret.txt").write_text("f00d")
    (submitted / "01_vectors.ipynb").write_text('{"cells": []}')
    return tmp_path


def test_page_and_receipts_go_under_feedback_student_assignment(course: Path) -> None:
    """Is the HTML written as feedback/<student>/<id>/<id>.html, with the receipts that
    release_feedback opens beside it?"""
    page = write_nbgrader_feedback("alice", "01_vectors", "01_vectors.ipynb", "<h1>8/10</h1>",
                                   course)
    assert page == course / "feedback" / "alice" / "01_vectors" / "01_vectors.html"
    assert page.read_text(encoding="utf-8") == "<h1>8/10</h1>"
    assert (page.parent / "timestamp.txt").read_text() == "2025-03-02 00:30:00 UTC"
    assert (page.parent / "submission_secret.txt").read_text() == "f00d"


def test_rewriting_replaces_the_page(course: Path) -> None:
    """Does grading again overwrite the earlier feedback?"""
    write_nbgrader_feedback("alice", "01_vectors", "01_vectors.ipynb", "old", course)
    page = write_nbgrader_feedback("alice", "01_vectors", "01_vectors.ipynb", "new", course)
    assert page.read_text(encoding="utf-8") == "new"


def test_a_student_not_collected_by_nbgrader_gets_no_half_made_folder(course: Path) -> None:
    """Without the submission secret (a zipped or hand-made submission), is no feedback
    folder made, so release_feedback does not trip on it?"""
    with pytest.raises(NoSubmissionSecret):
        write_nbgrader_feedback("bob", "01_vectors", "01_vectors.ipynb", "<p>bob</p>", course)
    assert not (course / "feedback" / "bob").exists()


def test_a_linked_secret_is_refused_and_its_target_never_copied(course: Path,
                                                                tmp_path_factory) -> None:
    """Is a submission_secret.txt that links to a key file refused, so the key never reaches
    the folder release_feedback hands back to the student?"""
    key = tmp_path_factory.mktemp("keys") / "quiz_01.yaml"
    key.write_text("answer: B")
    secret = course / "submitted" / "alice" / "01_vectors" / "submission_secret.txt"
    secret.unlink()
    secret.symlink_to(key)
    with pytest.raises(NoSubmissionSecret, match="symbolic link"):
        write_nbgrader_feedback("alice", "01_vectors", "01_vectors.ipynb", "<p>x</p>", course)
    copied = [p for p in (course / "feedback").rglob("*")] if (course / "feedback").exists() \
        else []
    assert all("answer: B" not in p.read_text() for p in copied if p.is_file())


def test_a_link_planted_in_the_feedback_folder_is_replaced_not_followed(course: Path,
                                                                        tmp_path_factory) -> None:
    """If feedback/alice/01_vectors/01_vectors.html is a link to a file elsewhere, is the
    link replaced and the file elsewhere left untouched?"""
    outside = tmp_path_factory.mktemp("outside") / "victim.txt"
    outside.write_text("keep me")
    folder = course / "feedback" / "alice" / "01_vectors"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / "01_vectors.html")
    page = write_nbgrader_feedback("alice", "01_vectors", "01_vectors.ipynb", "<p>new</p>",
                                   course)
    assert not page.is_symlink() and page.read_text() == "<p>new</p>"
    assert outside.read_text() == "keep me"


@pytest.mark.parametrize(("student", "assignment_id"), [
    ("../bob", "01_vectors"), ("alice", "../../etc"), ("a/b", "01_vectors"), ("", "01_vectors"),
])
def test_ids_that_would_escape_the_folder_are_refused(course: Path, student: str,
                                                      assignment_id: str) -> None:
    """Is a student or assignment id with a path separator or `..` rejected?"""
    with pytest.raises(ValueError, match="invalid"):
        write_nbgrader_feedback(student, assignment_id, "01_vectors.ipynb", "x", course)
    assert not (course / "feedback").exists()


def test_the_formgrader_finds_the_graded_notebook_in_autograded(course: Path) -> None:
    """nbgrader counts a submission as graded (scores, not 0/0 'not autograded') only when
    its autograded folder (`graded/` in this course) holds <student>/<id>/ with the
    gradebook's notebook and the collection's time: is the graded notebook copied there
    under the assignment's name, whatever it was called?"""
    submitted = course / "submitted" / "alice" / "01_vectors"
    (submitted / "01_vectors.ipynb").rename(submitted / "01_vectors-Copy1.ipynb")
    page = write_nbgrader_feedback("alice", "01_vectors", "01_vectors-Copy1.ipynb", "<p>x</p>",
                                   course)
    autograded = course / course_directory(course).autograded_directory / "alice" / "01_vectors"
    assert (autograded / "01_vectors.ipynb").read_text() == '{"cells": []}'
    assert (autograded / "timestamp.txt").read_text() == "2025-03-02 00:30:00 UTC"
    # as nbgrader's autograde leaves it: its generate_feedback copies it into feedback/,
    # where release_feedback needs it (it crashed without it: an outside reviewer's finding)
    assert (autograded / "submission_secret.txt").read_bytes() == \
        (submitted / "submission_secret.txt").read_bytes()
    # fetch_feedback hashes the name of each notebook the student handed in
    assert page == course / "feedback" / "alice" / "01_vectors" / "01_vectors-Copy1.html"


def test_a_page_for_an_earlier_hand_in_goes_when_another_notebook_is_graded(
        course: Path) -> None:
    """alice handed in a renamed copy, then the original: release_feedback would hand out the
    copy's old page again under the new hand-in's time, so the folder keeps only the page of
    the notebook graded now."""
    write_nbgrader_feedback("alice", "01_vectors", "01_vectors.ipynb", "<p>new</p>", course)
    folder = course / "feedback" / "alice" / "01_vectors"
    (folder / "01_vectors-Copy1.html").write_text("<p>22/22 last week</p>")
    write_nbgrader_feedback("alice", "01_vectors", "01_vectors.ipynb", "<p>0/22</p>", course)
    assert sorted(p.name for p in folder.glob("*.html")) == ["01_vectors.html"]


def test_a_student_collected_under_a_name_that_is_no_id_keeps_it_in_nbgrader(
        course: Path) -> None:
    """nbgrader collected `O'Brien`, graded as `O_Brien` (no id holds an apostrophe; nor an
    email's @): are the gradebook row and the feedback page nbgrader's student's, where a
    second student `O_Brien` got the row and nobody the page (an outside reviewer's finding),
    and does the console say so?"""
    from nbgrader.api import Gradebook

    collected = course / "submitted" / "O'Brien" / "01_vectors"
    shutil.copytree(course / "submitted" / "alice" / "01_vectors", collected)
    graded = result("O_Brien", test("l1_norm: ones", 1.0),
                    notes=(msg("intake.id_mapped", raw="O'Brien", id="O_Brien"),))
    graded = replace(graded, origin=replace(graded.origin, filename="01_vectors.ipynb"))
    synced = sync_course(lambda: [graded], "01_vectors", load_settings(course), None)
    assert (synced.renamed, synced.without_nbgrader, synced.failed) == (
        (("O_Brien", "O'Brien"),), (), ())
    assert (course / "feedback" / "O'Brien" / "01_vectors" / "01_vectors.html").is_file()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="aimath") as gradebook:
        assert [s.id for s in gradebook.students] == ["O'Brien"]
