"""The grading queue in the database: a claim is won once, a result is written once, a
retry gives up after three crashes, and a restart takes back what was being graded."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from service_course import (  # noqa: F401  (fixtures)
    Course,
    course_fixture,
    db_url_fixture,
    solution,
)
from sqlalchemy import func, select
from support.factories import test

from autograder.grading.model import Origin, Status, SubmissionResult, Visibility
from autograder.message import msg
from autograder.service.handin import Upload, hand_in
from autograder.service.jobs import MAX_TRIES, JobQueue
from autograder.service.models import Grading, Job


def _queue(course: Course) -> JobQueue:
    alice = course.state.accounts.login("alice", course.password["alice"])
    hand_in(course.state, alice, "01_vectors", Upload("a.ipynb", solution()))
    return JobQueue(course.state)


def _result() -> SubmissionResult:
    return SubmissionResult("alice", "01_vectors", Status.GRADED, Origin("x.ipynb"))


def _count(course: Course, what: object) -> int:
    with course.state.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(what)) or 0)  # type: ignore[arg-type]


def test_a_job_is_claimed_once_and_its_result_written_once(course: Course) -> None:
    """Does a second claimer find nothing, a second completion write nothing, and a stale
    lease (after a restart took the job back) write nothing either?"""
    first, second = _queue(course), JobQueue(course.state)
    [claim] = first.claim(2, Counter())
    assert second.claim(2, Counter()) == []
    assert first.recover() == 1  # a restart: the job is queued again, its lease void
    [again] = second.claim(1, Counter())
    assert not first.complete(claim, _result())
    assert second.complete(again, _result())
    assert not second.complete(again, _result())
    assert _count(course, Grading) == 1


def test_a_job_that_keeps_crashing_ends_as_an_error(course: Course) -> None:
    """After MAX_TRIES crashed workers, is the job failed with one error result?"""
    queue = _queue(course)
    for _ in range(MAX_TRIES):
        [claim] = queue.claim(1, Counter())
        queue.retry(claim)
    with course.state.db.read() as session:
        job = session.scalars(select(Job)).one()
        grading = session.scalars(select(Grading)).one()
    assert (job.state, job.tries, grading.status) == ("failed", MAX_TRIES, "error")
    assert queue.claim(1, Counter()) == []


def test_staff_see_the_seed_and_every_grading_students_neither(course: Course) -> None:
    """A graded attempt through the API: the student's view keeps the seed (what drew the
    hidden inputs) and the grading history to itself; staff see both, and list the class's
    attempts without naming a student (they got [] and no seed)."""
    queue = _queue(course)
    [claim] = queue.claim(1, Counter())
    assert queue.complete(claim, replace(_result(), seed=4242, suite="abc"))
    student, _ = course.client("alice")
    staff, _ = course.client("prof")
    [mine] = student.get("/api/assignments/01_vectors/submissions").json()
    assert mine["student"] == "alice"
    seen = student.get(f"/api/submissions/{mine['submission']}").json()
    assert "seed" not in seen["results"]["extra_data"] and "gradings" not in seen
    full = staff.get(f"/api/submissions/{mine['submission']}").json()
    assert full["results"]["extra_data"]["seed"] == 4242
    assert [g["status"] for g in full["gradings"]] == ["graded"]
    assert staff.get("/api/assignments/01_vectors/submissions").json() == [mine]
    student.close()
    staff.close()


def test_a_student_sees_no_score_in_the_results_either_while_it_is_hidden(
        course: Course) -> None:
    """Hidden tests not yet shown (before the due date): is the Gradescope-style `results`
    block's score null like the submission's, where it said 0 of 0, the public tests' own
    points (an outside reviewer's finding)? Staff see the points."""
    queue = _queue(course)
    [claim] = queue.claim(1, Counter())
    hidden = test("l1_norm: random vectors", 2.0, 2.0, visibility=Visibility.AFTER_DUE_DATE)
    assert queue.complete(claim, replace(_result(), tests=(
        test("l1_norm: lecture example", 0.0, 0.0, visibility=Visibility.VISIBLE), hidden)))
    student, _ = course.client("alice")
    [mine] = student.get("/api/assignments/01_vectors/submissions").json()
    seen = student.get(f"/api/submissions/{mine['submission']}").json()
    assert (seen["score"], seen["results"]["score"], seen["results"]["max_score"]) == (
        None, None, None)
    staff, _ = course.client("prof")
    assert staff.get(f"/api/submissions/{mine['submission']}").json()["results"]["score"] == 2
    student.close()
    staff.close()


def test_a_regrade_keeps_each_students_counted_result_until_it_is_replaced(
        course: Course) -> None:
    """While a regrade is queued, the class's counted results (what the report and the
    gradebook write) keep the last grading: students were left out until the queue drained."""
    from autograder.service.staff import class_rows, counted_results, regrade

    queue = _queue(course)
    [claim] = queue.claim(1, Counter())
    assert queue.complete(claim, replace(_result(), seed=7))
    assert regrade(course.state, "01_vectors") == 1
    counted = list(counted_results(course.state, class_rows(course.state, "01_vectors")))
    assert [(r.student, r.seed) for r in counted] == [("alice", 7)]


def test_a_student_with_hundreds_of_jobs_queued_never_hides_another(course: Course) -> None:
    """Alice has 600 jobs queued (an upload script), then bob hands in once: does the next
    claim of two workers take alice's first job and bob's, never a second of alice's? Only
    the 500 oldest jobs were looked at, all of them alice's, so bob waited for hours."""
    queue = _queue(course)
    with course.state.db.write() as session:
        first = session.scalars(select(Job)).one()
        session.add_all(Job(submission_id=first.submission_id, kind="submit")
                        for _ in range(600))
    bob = course.state.accounts.login("bob", course.password["bob"])
    hand_in(course.state, bob, "01_vectors", Upload("b.ipynb", solution()))
    claims = queue.claim(2, Counter())
    assert sorted(claim.student for claim in claims) == ["alice", "bob"]
    assert queue.claim(2, Counter({"alice": 1, "bob": 1})) == []


def test_a_result_names_the_students_file_never_the_stores(course: Course) -> None:
    """The store keeps an upload under its hash; a note the grader made about that file
    ("<hash>.ipynb holds no code") reaches the student with the name they uploaded, as the
    result's own file name already did."""
    queue = _queue(course)
    [claim] = queue.claim(1, Counter())
    stored = "ab" * 32 + ".ipynb"
    result = replace(_result(), origin=Origin(stored),
                     notes=(msg("intake.no_code", file=stored),))
    assert queue.complete(claim, result)
    student, _ = course.client("alice")
    [mine] = student.get("/api/assignments/01_vectors/submissions").json()
    seen = student.get(f"/api/submissions/{mine['submission']}").json()["results"]
    student.close()
    assert seen["extra_data"]["submission"] == "a.ipynb"
    assert [n["params"]["file"] for n in seen["extra_data"]["notes"]] == ["a.ipynb"]
    assert stored not in seen["output"]
