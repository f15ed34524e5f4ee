"""The shared grade record: lateness by collection time, graded folders, roster gaps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.factories import result, test

from autograder.course.roster import parse_roster
from autograder.course.settings import LatePolicy, load_settings
from autograder.exports.grades import (
    Grade,
    GradesError,
    grades_from_folders,
    lateness,
    make_grade,
    roster_gaps,
)
from autograder.grading.model import Status
from autograder.message import msg
from autograder.reports import results

DUE = datetime(2026, 3, 20, 23, 59, tzinfo=UTC)
LINEAR = LatePolicy.parse("linear:10:50")


@pytest.mark.parametrize(("late_by", "days", "penalty"), [
    (timedelta(seconds=-1), 0, 0.0), (timedelta(0), 0, 0.0), (timedelta(minutes=1), 1, 0.1),
    (timedelta(days=1), 1, 0.1), (timedelta(days=1, seconds=1), 2, 0.2),
    (timedelta(days=30), 30, 0.5),
])
def test_every_started_day_counts_up_to_the_cap(late_by, days, penalty):
    """Is a minute late a day late, 24 hours still one day, and the loss capped at 50%?"""
    assert lateness(DUE + late_by, DUE, LINEAR) == (days, pytest.approx(penalty))


def test_no_time_or_no_due_date_is_on_time_and_zero_takes_everything():
    """Without a collection time or a due date nothing is lost; `zero` takes it all."""
    assert lateness(None, DUE, LINEAR) == (0, 0.0) == lateness(DUE, None, LINEAR)
    grade = make_grade("kim", "01_vectors", 20, 22, submitted_at=DUE + timedelta(hours=3),
                       due=DUE, late_policy=LatePolicy("zero"))
    assert (grade.days_late, grade.penalty, grade.final) == (1, 1.0, 0.0)


def test_final_is_the_score_less_the_penalty_in_two_decimals():
    """Does a 10% penalty on 12.345 points give 11.11?"""
    grade = Grade("kim", "01_vectors", 12.345, 22, penalty=0.1)
    assert grade.final == 11.11


def graded(tmp_path: Path, folder: str, *outcomes) -> Path:
    """An `aimath grade --out` folder holding these results, as the grader lays it out."""
    out = tmp_path / folder
    for outcome in outcomes:
        (out / outcome.student).mkdir(parents=True)
        (out / outcome.student / "results.json").write_text(results.dumps(outcome))
    listed = "".join(f"{o.student},{o.score}\n" for o in outcomes)
    (out / "grades.csv").write_text(f"\ufeffstudent,score\n{listed}", encoding="utf-8")
    (out / ".inputs").mkdir()
    return out


def course(tmp_path: Path, counts: str = "last") -> Path:
    """A course whose 01_vectors is due 2026-03-20 23:59 UTC, 10% a day, `counts` as given."""
    (tmp_path / "aimath.toml").write_text(
        f'[assignments.01_vectors]\ndue = "2026-03-20T23:59:00+00:00"\n'
        f'late_policy = "linear:10:50"\ncounts = "{counts}"\n')
    return tmp_path


def test_graded_folders_give_one_grade_per_student_with_the_collection_time(tmp_path):
    """Is each results.json read once, its lateness taken from the collection time (not the
    time the submission declares), and other files beside the students left alone?"""
    out = graded(tmp_path, "out", result("kim", test("l1_norm: a", 2, 2), test("angle: b", 1, 2),
                                         submitted_at="2026-03-21T10:00:00+00:00",
                                         declared_at="2026-03-19T10:00:00+00:00"),
                 result("lee", test("l1_norm: a", 0, 2), submitted_at=None))
    found = grades_from_folders([out], load_settings(course(tmp_path)))
    kim, lee = found.grades
    assert (kim.student, kim.score, kim.max_score, kim.days_late, kim.final) == \
        ("kim", 3, 4, 1, 2.7)
    assert (lee.student, lee.submitted_at, lee.penalty) == ("lee", None, 0.0)
    assert kim.late_line() == ("kim (01_vectors): 1 day late; the late policy takes 10%: "
                               "3 -> 2.7 of 4")
    assert found.notes == ()  # said by the export, for the students it exports


@pytest.mark.parametrize(("counts", "kept", "said"), [("last", 1.0, "the latest hand-in counts"),
                                                      ("best", 2.0, "the best score counts")])
def test_a_student_graded_in_two_folders_counts_as_the_course_says(tmp_path, counts, kept,
                                                                    said):
    """With the same student in two folders, is the later submission (counts = last) or the
    better score (counts = best) the one exported, and is that said?"""
    early = graded(tmp_path, "a", result("kim", test("l1_norm: a", 2, 2),
                                         submitted_at="2026-03-19T10:00:00+00:00"))
    later = graded(tmp_path, "b", result("kim", test("l1_norm: a", 1, 2),
                                         submitted_at="2026-03-20T10:00:00+00:00"))
    found = grades_from_folders([early, later], load_settings(course(tmp_path, counts)))
    assert [g.final for g in found.grades] == [kept]
    assert len(found.notes) == 1 and said in found.notes[0]


def test_a_result_the_last_run_did_not_grade_is_said_to_be_left_over(tmp_path):
    """Graded again after carol's file was removed, is her old result (not in the folder's
    grades.csv) still exported but said to be left by an earlier run?"""
    out = graded(tmp_path, "out", result("kim", test("l1_norm: a", 2, 2)),
                 result("carol", test("l1_norm: a", 2, 2)))
    (out / "grades.csv").write_text("\ufeffstudent,score\nkim,2\n", encoding="utf-8")
    found = grades_from_folders([out], load_settings(course(tmp_path)))
    assert [g.student for g in found.grades] == ["carol", "kim"]
    (note,) = found.notes
    assert note.startswith("carol (01_vectors): exported from") and "earlier run" in note


def test_grader_errors_and_id_conflicts_are_left_out_and_said(tmp_path):
    """Are a grader failure and an id conflict not exported as zeros, each with its reason,
    while an unreadable file (the student's) is a zero?"""
    out = graded(tmp_path, "out",
                 result("kim", status=Status.ERROR, problem=msg("grader.error", type="X",
                                                                said="boom")),
                 result("lee", status=Status.CONFLICT), result("park", test("l1_norm: a", 0, 2),
                                                               status=Status.UNREADABLE))
    found = grades_from_folders([out], load_settings(course(tmp_path)))
    assert [g.student for g in found.grades] == ["park"]
    assert [n.split(":")[0] for n in found.notes] == ["kim (01_vectors)", "lee (01_vectors)"]
    assert "regrade" in found.notes[0] and "resolve" in found.notes[1]
    assert found.withheld == {("kim", "01_vectors"), ("lee", "01_vectors")}


def test_folders_that_are_not_graded_folders_are_one_clear_error(tmp_path):
    """Are a missing folder, a folder without results and a damaged results.json refused
    with their path?"""
    settings = load_settings(course(tmp_path))
    (tmp_path / "empty").mkdir()
    broken = tmp_path / "broken" / "kim"
    broken.mkdir(parents=True)
    (broken / "results.json").write_text("{not json")
    for folder, said in (("missing", "not a folder"), ("empty", "no <student>/results.json"),
                         ("broken", "results.json")):
        with pytest.raises(GradesError, match=said):
            grades_from_folders([tmp_path / folder], settings)


def test_roster_gaps_name_both_sides():
    """Are a roster student without a submission (per assignment) and a graded student
    missing from the roster both listed, one line each?"""
    roster = parse_roster("student_id,name,email\nkim,Kim,\nlee,Lee,\nchoi,Choi,\n")
    grades = [Grade("kim", "01_vectors", 1, 2), Grade("kim", "02_matrices", 1, 2),
              Grade("lee", "01_vectors", 1, 2), Grade("park", "02_matrices", 2, 2)]
    lines = [gap.line() for gap in roster_gaps(grades, roster)]
    assert lines == ["lee: in the roster, no submission for 02_matrices",
                     "choi: in the roster, no submission for 01_vectors, 02_matrices",
                     "park: graded for 02_matrices but not in the roster: left out of the file"]


def test_a_withheld_submission_is_no_roster_gap():
    """Is a roster student whose submission was withheld from the file (an id conflict,
    already reported as not exported) not also listed as having no submission?"""
    roster = parse_roster("student_id,name,email\nkim,Kim,\nlee,Lee,\n")
    grades = [Grade("kim", "01_vectors", 1, 2)]
    lines = [gap.line() for gap in roster_gaps(grades, roster, {("lee", "01_vectors")})]
    assert lines == []
    assert [gap.line() for gap in roster_gaps(grades, roster)] == [
        "lee: in the roster, no submission for 01_vectors"]
