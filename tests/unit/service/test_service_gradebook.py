"""What the course service counts, late penalties and extensions included, is what its
nbgrader gradebook sync writes and what its class report averages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
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


@pytest.fixture(name="late")
def late_fixture(course: Course) -> Iterator[tuple[httpx.Client, dict[str, str], datetime]]:
    """Alice handed in 36 hours after the due date (two started days at 10%), Bob too but
    with an extension; both graded 4 of 5. Yields the instructor's client, its headers and
    the due date."""
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
    counted = {row["student"]: row["score"] for row in
               staff.get(f"/api/assignments/{ID}/grades").json()}
    assert counted == {"alice": 3.2, "bob": 4.0}
    yield staff, headers, due
    staff.close()


def test_the_gradebook_holds_the_late_penalties_the_service_counts(course: Course, late) -> None:
    """Does the gradebook hold the due date, Alice's penalty and none for Bob, so that
    nbgrader's score less its penalty is the service's counted score?"""
    staff, headers, due = late
    assert staff.post(f"/api/assignments/{ID}/gradebook", headers=headers).json() == {
        "students": 2}
    with Gradebook(course_directory(course.folder).db_url) as gradebook:
        assignment = gradebook.find_assignment(ID)
        assert assignment.duedate == due.replace(tzinfo=None)
        written = {s.student.id: (s.score, s.late_submission_penalty)
                   for s in assignment.submissions}
        late = {s.student.id: (s.extension, s.total_seconds_late)
                for s in assignment.submissions}
    assert written == {"alice": (4.0, 0.8), "bob": (4.0, 0.0)}
    # nbgrader counts Bob on time too (his extension is written; it counted him 1,000 days
    # late, in its formgrader and its own exports), and Alice 36 hours late
    assert late["bob"] == (datetime(2099, 1, 1, tzinfo=UTC) - due, 0.0)
    assert late["alice"][0] is None and late["alice"][1] > 35 * 3600


def test_the_class_report_averages_the_counted_scores(late) -> None:
    """Is the report's mean that of the grades (3.6), not of the scores before the
    penalty (4.0), and does its page say a penalty was taken?"""
    staff, _, _ = late
    summary = staff.get(f"/api/assignments/{ID}/report").json()
    assert (summary["count"], summary["mean"]) == (2, pytest.approx(3.6))
    page = staff.get(f"/assignments/{ID}/report").text
    assert "Scores after late penalties (students who lost points for handing in late: 1)" in page


def test_each_attempts_score_is_shown_after_its_late_penalty(course: Course, late) -> None:
    """Alice's late 4 of 5 counts 3.2: do her page and her staff page show 3.2 / 5 with the
    penalty beside it, where both showed 4 / 5 (so that, when the best counts, the mark sat
    on an attempt that looked lower than a late one)? Bob, extended, shows 4 / 5."""
    staff, _, _ = late
    alice, _ = course.client("alice")
    pages = [alice.get(f"/assignments/{ID}").text,
             staff.get(f"/assignments/{ID}/students/alice").text]
    alice.close()
    for page in pages:
        assert "3.2 / 5" in page and "−20%" in page and "4 / 5" not in page
    bob = staff.get(f"/assignments/{ID}/students/bob").text
    assert "4 / 5" in bob and "−" not in bob.split("<table>")[1].split("</table>")[0]
