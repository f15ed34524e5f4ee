"""Writing aimath results into nbgrader's gradebook: scores, re-runs and the course id."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from nbgrader.api import Course, Grade, Gradebook

from autograder.course.assignments import ROOT
from autograder.nbgrader import write_gradebook
from autograder.nbgrader.course import ensure_database


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """An empty course directory: only its nbgrader_config.py."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    return tmp_path


def results(student: str, *scores: float, names: tuple[str, ...] = ("l1_norm: ones",
                                                                    "l2_norm: 3-4-5")) -> dict:
    """A results.json dict whose i-th test scores `scores[i]` out of i + 1 points."""
    tests = [{"name": names[i], "score": score, "max_score": float(i + 1), "status": "passed",
              "output": ""} for i, score in enumerate(scores)]
    return {"score": sum(scores), "max_score": 3.0, "tests": tests,
            "extra_data": {"student": student, "assignment": "01_vectors",
                           "submitted_at": "2025-03-02T09:30:00+09:00"}}


def _open(course: Path) -> Gradebook:
    return Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="aimath")


def test_scores_reach_every_student(course: Path) -> None:
    """Does each student's submission total the scores of their tests?"""
    assert write_gradebook([results("alice", 1, 2), results("bob", 1, 0)], "01_vectors",
                           root=course) == 2
    with _open(course) as gb:
        assert gb.find_submission("01_vectors", "alice").score == 3.0
        assert gb.find_submission("01_vectors", "bob").score == 1.0
        assert gb.find_assignment("01_vectors").max_score == 3.0
        assert gb.find_grade("l2_norm: 3-4-5", "01_vectors", "01_vectors", "bob").score == 0.0


def test_formgrader_sees_the_scores(course: Path) -> None:
    """Do the dicts formgrader lists carry the scores, with nothing left for manual grading?"""
    write_gradebook([results("alice", 1, 2)], "01_vectors", root=course)
    with _open(course) as gb:
        [row] = gb.submission_dicts("01_vectors")
        assert (row["student"], row["score"], row["needs_manual_grade"]) == ("alice", 3.0, False)


def test_submission_time_is_stored_in_utc(course: Path) -> None:
    """Is `extra_data.submitted_at` converted to nbgrader's naive UTC timestamp?"""
    write_gradebook([results("alice", 1, 2)], "01_vectors", root=course)
    with _open(course) as gb:
        assert gb.find_submission("01_vectors", "alice").timestamp == datetime(2025, 3, 2, 0, 30)


def test_rewriting_updates_rows_instead_of_adding(course: Path) -> None:
    """Does a re-run with a changed score update it without duplicating anything?"""
    write_gradebook([results("alice", 1, 2), results("bob", 1, 0)], "01_vectors", root=course)
    write_gradebook([results("alice", 1, 2), results("bob", 1, 2)], "01_vectors", root=course)
    with _open(course) as gb:
        assert gb.db.query(Grade).count() == 4
        assert len(gb.students) == 2
        assert gb.find_submission("01_vectors", "bob").score == 3.0


def test_only_one_course_exists(course: Path) -> None:
    """Are all rows filed under the course id from nbgrader_config.py, never a second course?"""
    write_gradebook([results("alice", 1, 2)], "01_vectors", root=course)
    with _open(course) as gb:
        assert [c.id for c in gb.db.query(Course).all()] == ["aimath"]
        assert gb.find_assignment("01_vectors").course_id == "aimath"


def test_test_added_later_gets_a_grade_for_existing_submissions(course: Path) -> None:
    """Does a new test create its grade row for a student already in the gradebook?"""
    write_gradebook([results("alice", 1)], "01_vectors", root=course)
    names = ("l1_norm: ones", "l2_norm: 3-4-5", "angle: parallel")
    write_gradebook([results("alice", 1, 2, 3, names=names)], "01_vectors", root=course)
    with _open(course) as gb:
        assert gb.find_grade("angle: parallel", "01_vectors", "01_vectors", "alice").score == 3
        assert gb.find_submission("01_vectors", "alice").score == 6.0


def test_tests_missing_from_a_result_score_zero(course: Path) -> None:
    """Does a student whose results list no tests (unreadable notebook) get 0 on every cell?"""
    unreadable = {**results("carol"), "tests": [], "output": "not a notebook"}
    write_gradebook([results("alice", 1, 2), unreadable], "01_vectors", root=course)
    with _open(course) as gb:
        grades = gb.find_submission("01_vectors", "carol").notebooks[0].grades
        assert [(g.auto_score, g.needs_manual_grade) for g in grades] == [(0.0, False)] * 2


def test_submission_recorded_before_the_notebook_gets_its_grades(course: Path) -> None:
    """Does a submission that exists without the notebook (made by nbgrader) get completed?"""
    ensure_database(f"sqlite:///{course / 'gradebook.db'}")
    with _open(course) as gb, gb.db.no_autoflush:
        gb.add_assignment("01_vectors")
        gb.add_student("alice")
        gb.add_submission("01_vectors", "alice")
    write_gradebook([results("alice", 1, 2)], "01_vectors", root=course)
    with _open(course) as gb:
        assert gb.find_submission("01_vectors", "alice").score == 3.0


def test_repeated_test_names_keep_separate_cells(course: Path) -> None:
    """Are two tests with the same name both counted?"""
    twice = ("softmax: rows sum to one",) * 2
    write_gradebook([results("alice", 1, 2, names=twice)], "01_vectors", root=course)
    with _open(course) as gb:
        assert gb.find_submission("01_vectors", "alice").score == 3.0
        assert gb.find_grade("softmax: rows sum to one [2]", "01_vectors", "01_vectors",
                             "alice").max_score == 2.0


def test_long_test_names_fit_and_stay_distinct(course: Path) -> None:
    """Do two 200-character names that differ only at the end become two valid grade cells?"""
    long = ("conv2d_backward: " + "x" * 190 + "a", "conv2d_backward: " + "x" * 190 + "b")
    write_gradebook([results("alice", 1, 2, names=long)], "01_vectors", root=course)
    with _open(course) as gb:
        cells = gb.find_notebook("01_vectors", "01_vectors").grade_cells
        assert len({c.name for c in cells}) == 2
        assert all(len(c.name) <= 128 and c.name.startswith("conv2d_backward: ") for c in cells)
        assert gb.find_submission("01_vectors", "alice").score == 3.0


def test_database_url_overrides_the_course_gradebook(course: Path, tmp_path: Path) -> None:
    """Does an explicit db_url write there and leave the course's gradebook.db alone?"""
    other = tmp_path / "elsewhere.db"
    write_gradebook([results("alice", 1, 2)], "01_vectors", db_url=f"sqlite:///{other}",
                    root=course)
    assert other.is_file() and not (course / "gradebook.db").exists()


@pytest.mark.parametrize(("result", "message"), [
    ({"tests": [], "extra_data": {}}, "no extra_data.student"),
    ({**results("alice"), "extra_data": {"student": "alice", "assignment": "02_matrices"}},
     "for '02_matrices', not '01_vectors'"),
    ({**results("alice"), "extra_data": {"student": "../alice"}}, "invalid student id"),
    ({"tests": [{"name": "x: y", "score": 1}], "extra_data": {"student": "alice"}},
     "lacks a numeric score or max_score"),
    ({"tests": [], "extra_data": {"student": "alice", "submitted_at": "last tuesday-ish"}},
     "is not a timestamp"),
])
def test_malformed_results_are_refused_before_writing(course: Path, result: dict,
                                                      message: str) -> None:
    """Is a results dict without a usable student, assignment or score rejected up front?"""
    with pytest.raises(ValueError, match=message):
        write_gradebook([results("bob", 1, 1), result], "01_vectors", root=course)
    assert not (course / "gradebook.db").exists()
