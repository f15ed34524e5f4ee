"""The course service's nbgrader gradebook sync: what `nbgrader export` reads afterwards is
what the service counts, late penalties and extensions included."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from nbgrader.api import Gradebook
from service_course import (  # noqa: F401  (fixtures)
    Course,
    course_fixture,
    db_url_fixture,
    solution,
)

from autograder.grading.model import Origin, Status, SubmissionResult, TestResult, Visibility
from autograder.nbgrader.course import course_directory
from autograder.service.jobs import Claim, JobQueue

ID = "01_vectors"


def _graded(claim: Claim) -> SubmissionResult:
    """4 of 5 points, as a worker would report them for this claim."""
    tests = (TestResult("l1_norm: known values", "l1_norm", 4.0, 4.0, Visibility.VISIBLE),
             TestResult("angle: known angles", "angle", 0.0, 1.0, Visibility.VISIBLE))
    return SubmissionResult(claim.student, ID, Status.GRADED,
                            Origin(claim.filename, submitted_at=claim.source.submitted_at),
                            tests=tests)


def test_the_gradebook_holds_the_late_penalties_the_service_counts(course: Course) -> None:
    """Alice handed in 36 hours after the due date (two started days at 10%), Bob too but
    with an extension: does the gradebook hold the due date, Alice's penalty and none for
    Bob, so that nbgrader's score less its penalty is the service's counted score?"""
    for student in ("alice", "bob"):
        client, csrf = course.client(student)
        client.post(f"/api/assignments/{ID}/submissions", files={"file": ("a.ipynb", solution())},
                    headers={"X-CSRF-Token": csrf}).raise_for_status()
        client.close()
    staff, csrf = course.client("prof")
    headers = {"X-CSRF-Token": csrf}
    due = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=36)
    staff.post(f"/api/assignments/{ID}/settings", headers=headers,
               json={"due": due.isoformat(), "late_policy": "linear:10:50"}).raise_for_status()
    staff.post(f"/api/assignments/{ID}/extensions", headers=headers,
               json={"student": "bob", "due": "2099-01-01T00:00:00Z"}).raise_for_status()
    queue = JobQueue(course.state)
    for claim in queue.claim(2, Counter()):
        assert queue.complete(claim, _graded(claim))
    assert staff.post(f"/api/assignments/{ID}/gradebook", headers=headers).json() == {
        "students": 2}
    counted = {row["student"]: row["score"] for row in
               staff.get(f"/api/assignments/{ID}/grades").json()}
    assert counted == {"alice": 3.2, "bob": 4.0}
    with Gradebook(course_directory(course.folder).db_url) as gradebook:
        assignment = gradebook.find_assignment(ID)
        assert assignment.duedate == due.replace(tzinfo=None)
        written = {s.student.id: (s.score, s.late_submission_penalty)
                   for s in assignment.submissions}
    assert written == {"alice": (4.0, 0.8), "bob": (4.0, 0.0)}
    staff.close()
