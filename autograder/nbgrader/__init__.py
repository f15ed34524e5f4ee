"""aimath as a native nbgrader course: release, gradebook and feedback folders."""

from autograder.nbgrader.feedback_dirs import write_nbgrader_feedback
from autograder.nbgrader.gradebook import write_gradebook
from autograder.nbgrader.release import ReleaseError, assignment_ids, release, stale

__all__ = [
    "ReleaseError",
    "assignment_ids",
    "release",
    "stale",
    "write_gradebook",
    "write_nbgrader_feedback",
]
