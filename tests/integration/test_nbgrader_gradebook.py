"""Writing aimath results into nbgrader's gradebook: scores, re-runs and the course id."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from nbgrader.api import Course, Grade, Gradebook
from support.factories import result, test, unreadable

from autograder.course.assignments import ROOT
from autograder.grading.model import SubmissionResult
from autograder.nbgrader import write_gradebook
from autograder.nbgrader.course import ensure_database


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """An empty course directory: only its nbgrader_config.py."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    return tmp_path


NAMES = ("l1_norm: ones", "l2_norm: 3-4-5")


def results(student: str, *scores: float, names: tuple[str, ...] = NAMES) -> SubmissionResult:
    """A result whose i-th test scores `scores[i]` out of i + 1 points."""
    tests = [test(names[i], score, float(i + 1)) for i, score in enumerate(scores)]
    return result(student, *tests, submitted_at="2025-03-02T00:30:00+00:00")


def _open(course: Path) -> Gradebook:
    return Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="aimath")


def test_scores_reach_every_student(course: Path) -> None:
    """Does each student's submission total the scores of their tests?"""
    written = write_gradebook([results("alice", 1, 2), results("bob", 1, 0)], "01_vectors",
                              root=course)
    assert (written.students, written.failed) == (2, ())
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
    write_gradebook([results("alice", 1, 2), unreadable("carol")], "01_vectors", root=course)
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


def test_a_korean_id_is_an_ordinary_student(course: Path) -> None:
    """Is a student named in Hangul written like any other (it once stopped the batch)?"""
    written = write_gradebook([results("김민지", 1, 2)], "01_vectors", root=course)
    assert (written.students, written.failed) == (1, ())
    with _open(course) as gb:
        assert gb.find_submission("01_vectors", "김민지").score == 3.0


def test_one_bad_row_is_reported_and_the_others_are_written(course: Path) -> None:
    """Does a result the gradebook cannot take (an id outside the rule) fail alone?"""
    written = write_gradebook([results("../eve", 1, 1), results("bob", 1, 1)], "01_vectors",
                              root=course)
    assert written.students == 1 and [s for s, _ in written.failed] == ["../eve"]
    with _open(course) as gb:
        assert gb.find_submission("01_vectors", "bob").score == 2.0


def test_a_conflict_or_a_grader_error_writes_no_row(course: Path) -> None:
    """Two hand-ins mapped to one id, or a submission the grader failed on: is no row
    written (nbgrader exported it as a real 0, while aimath's exports withhold it: an
    outside reviewer's finding), and said why, the others written?"""
    from dataclasses import replace

    from autograder.grading.model import Status

    clash = replace(results("o_brien", 2, 2), status=Status.CONFLICT)
    failed = replace(results("dave", 1, 1), status=Status.ERROR)
    written = write_gradebook([clash, failed, results("bob", 1, 1)], "01_vectors",
                              root=course)
    assert (written.students, written.failed) == (1, ())
    assert [student for student, _ in written.withheld] == ["o_brien", "dave"]
    with _open(course) as gb:
        assert [row["student"] for row in gb.submission_dicts("01_vectors")] == ["bob"]


def test_results_of_another_assignment_are_left_out(course: Path) -> None:
    """Are results of another assignment never written under this one?"""
    other = result("carol", test("x: y", 1.0), assignment="02_matrices")
    written = write_gradebook([results("alice", 1, 2), other], "01_vectors", root=course)
    assert written.students == 1


def test_the_due_date_and_late_penalties_are_nbgraders_too(course: Path) -> None:
    """With a due date and a late policy, does the gradebook hold the due date (naive UTC)
    and, for a student two started days late, the points the policy takes (the same final
    score `aimath export` computes), and nothing for one on time?"""
    from datetime import UTC

    from autograder.course.settings import LatePolicy, Policy

    policy = Policy(due=datetime(2025, 2, 28, 9, 0, tzinfo=UTC),
                    late_policy=LatePolicy("linear", 10.0, 50.0))
    on_time = result("bob", test(NAMES[0], 1.0, 1.0), submitted_at="2025-02-28T08:00:00+00:00")
    write_gradebook([results("alice", 1, 2), on_time], "01_vectors", root=course,
                    policy=policy)
    with _open(course) as gb:
        assert gb.find_assignment("01_vectors").duedate == datetime(2025, 2, 28, 9, 0)
        late = gb.find_submission("01_vectors", "alice")
        assert (late.score, late.late_submission_penalty) == (3.0, pytest.approx(0.6))
        assert gb.find_submission("01_vectors", "bob").late_submission_penalty == 0.0
    write_gradebook([results("alice", 1, 2), on_time], "01_vectors", root=course)
    with _open(course) as gb:  # the course's due date removed: nbgrader's goes too
        assert gb.find_assignment("01_vectors").duedate is None
        assert gb.find_submission("01_vectors", "alice").late_submission_penalty == 0.0
