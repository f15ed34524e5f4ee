"""Put aimath's feedback where `nbgrader release_feedback` picks it up.

nbgrader hands out `feedback/<student>/<id>/<notebook>.html` and finds the student's copy by
the `timestamp.txt` and `submission_secret.txt` that `nbgrader submit` left in
`submitted/<student>/<id>/`. A student without them (a hand-made or zipped submission) cannot
fetch nbgrader feedback, so none is written for them (and `release_feedback` does not trip on
a half-made folder); their page is in the output folder. Both files are read and written
through `safefs`: a link in either place is refused, never followed.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from autograder.nbgrader.course import check_id, course_directory
from autograder.safefs import Refused, read_beneath, write_beneath

SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")
FILE_LIMIT = 4096


class NoSubmissionSecret(Exception):
    """The student's submission was not collected by nbgrader (or its files are not safe)."""


def write_nbgrader_feedback(student: str, assignment_id: str, html: str, root: Path) -> Path:
    """Write one student's feedback page for `release_feedback`; returns the HTML file."""
    check_id(student, "student id")
    check_id(assignment_id, "assignment id")
    coursedir = course_directory(root)
    submitted = Path(coursedir.format_path(coursedir.submitted_directory, ".", "."))
    folder = PurePosixPath(student, assignment_id)
    copies = {}
    for name in SUBMISSION_FILES:
        try:
            copies[name] = read_beneath(submitted, folder / name, FILE_LIMIT)
        except (Refused, OSError) as exc:
            raise NoSubmissionSecret(f"{(folder / name).as_posix()}: {exc}") from None
    feedback = Path(coursedir.format_path(coursedir.feedback_directory, ".", "."))
    for name, data in copies.items():
        write_beneath(feedback, folder / name, data)
    return write_beneath(feedback, folder / f"{assignment_id}.html", html)
