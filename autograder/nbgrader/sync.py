"""`aimath grade --gradebook`: every graded student into the course's nbgrader gradebook, and
their feedback where `nbgrader release_feedback` looks, for any kind of input.

The course is the folder holding `nbgrader_config.py`: `--course`, else the current folder.
What was written, and for whom it could not be, is returned for the console to say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from autograder.course.settings import Settings
from autograder.grading.model import SubmissionResult
from autograder.nbgrader.feedback_dirs import NoSubmissionSecret, write_nbgrader_feedback
from autograder.nbgrader.gradebook import nbgrader_names, write_gradebook
from autograder.reports.feedback import render_feedback


@dataclass(frozen=True)
class Synced:
    """What `--gradebook` did for the class."""

    gradebook_rows: int
    feedback_pages: int
    without_nbgrader: tuple[str, ...]  # students not collected by nbgrader: no feedback folder
    failed: tuple[tuple[str, str], ...]  # (student, why) for rows or pages that failed
    withheld: tuple[tuple[str, str], ...] = ()  # (student, why) with no grade to write
    renamed: tuple[tuple[str, str], ...] = ()  # (id, nbgrader's name): written under the name


def sync_course(results: Callable[[], Iterable[SubmissionResult]], assignment: str,
                settings: Settings, db_url: str | None) -> Synced:
    """Write the gradebook rows, then each student's nbgrader feedback page, both under the
    name nbgrader collected the student by."""
    names = nbgrader_names(results(), assignment, settings.course)
    written = write_gradebook(results(), assignment, db_url, settings.course,
                              settings.policy(assignment), names=names)
    pages, skipped, failed = 0, [], list(written.failed)
    for result in results():
        try:
            write_nbgrader_feedback(names.get(result.student, result.student), assignment,
                                    result.origin.filename,
                                    render_feedback(result, settings.lang), settings.course)
            pages += 1
        except NoSubmissionSecret:
            skipped.append(result.student)
        except (OSError, ValueError) as exc:
            failed.append((result.student, f"{type(exc).__name__}: {exc}"[:300]))
    return Synced(written.students, pages, tuple(skipped), tuple(failed), written.withheld,
                  tuple(names.items()))
