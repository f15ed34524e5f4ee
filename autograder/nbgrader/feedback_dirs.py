"""Put aimath's grading where nbgrader looks for it: the feedback page for
`nbgrader release_feedback`, and the `autograded/` copy the formgrader counts as graded.

nbgrader hands out `feedback/<student>/<id>/<notebook>.html` and finds the student's copy by
the `timestamp.txt` and `submission_secret.txt` that `nbgrader submit` left in
`submitted/<student>/<id>/`, hashing each notebook's name in it: the page is named after the
notebook graded (`01_vectors-Copy1.html` for a renamed copy). A student without them (a
hand-made or zipped submission) cannot fetch nbgrader feedback, so none is written for them
(and `release_feedback` does not trip on a half-made folder); their page is in the output
folder. The formgrader shows a submission as graded only once `autograded/<student>/<id>/`
holds the gradebook's notebook (named after the assignment): the graded notebook is copied
there. Every file is read and written through `safefs`: a link is refused, never followed.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from autograder.nbgrader.course import check_id, check_student, course_directory
from autograder.safefs import Refused, read_beneath, write_beneath
from autograder.student.limits import DEFAULT_LIMITS

SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")
FILE_LIMIT = 4096


class NoSubmissionSecret(Exception):
    """The student's submission was not collected by nbgrader (or its files are not safe)."""


def write_nbgrader_feedback(student: str, assignment_id: str, notebook: str, html: str,
                            root: Path) -> Path:
    """Write one student's feedback page for `release_feedback` and the graded notebook for
    the formgrader; `notebook` is the file graded (in `submitted/<student>/<id>/`). Returns
    the HTML file."""
    check_student(student)
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
    graded = PurePosixPath(notebook)
    if graded.suffix != ".ipynb" or graded.name != notebook:  # not a notebook of that folder
        return _only_page(write_beneath(feedback, folder / f"{assignment_id}.html", html))
    autograded = Path(coursedir.format_path(coursedir.autograded_directory, ".", "."))
    write_beneath(autograded, folder / f"{assignment_id}.ipynb", read_beneath(
        submitted, folder / notebook, DEFAULT_LIMITS.upload_mb * 2**20))
    for name, data in copies.items():  # as nbgrader's autograde leaves them: its own
        write_beneath(autograded, folder / name, data)  # generate_feedback copies them on
    return _only_page(write_beneath(feedback, folder / f"{graded.stem}.html", html))


def _only_page(page: Path) -> Path:
    """`page`, with every other page of its folder removed: one an earlier grading wrote for
    a notebook of another name would be released again under the new hand-in's time (the
    folder was just written through `safefs`, so it is no link; a link in it is removed as
    a link)."""
    for other in page.parent.iterdir():
        if other.suffix == ".html" and other.name != page.name:
            other.unlink()
    return page
