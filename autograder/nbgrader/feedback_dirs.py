"""Put aimath's feedback where `nbgrader release_feedback` picks it up.

nbgrader hands out `feedback/<student>/<id>/<notebook>.html` and identifies the student's copy
by the `timestamp.txt` and `submission_secret.txt` that `nbgrader submit`/`collect` leave in
`submitted/<student>/<id>/`; they are copied along when present.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder.course.assignments import ROOT
from autograder.nbgrader.course import check_id, course_directory

_SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")


def write_nbgrader_feedback(student: str, assignment_id: str, html: str,
                            root: Path = ROOT) -> Path:
    """Write one student's feedback page for `release_feedback`; returns the HTML file."""
    check_id(student, "student id")
    check_id(assignment_id, "assignment id")
    coursedir = course_directory(root)
    dest = Path(coursedir.format_path(coursedir.feedback_directory, student, assignment_id))
    dest.mkdir(parents=True, exist_ok=True)
    page = dest / f"{assignment_id}.html"
    page.write_text(html, encoding="utf-8")
    submitted = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment_id))
    for name in _SUBMISSION_FILES:
        if (submitted / name).is_file():
            shutil.copyfile(submitted / name, dest / name)
    return page
