"""The student kit: `autograder/student/` shipped as `aimath_student` with the public files.

`course_catalog` describes this course as the kit sees it (public facts only);
`autograder.kit.build` writes the wheel and the copies `aimath release` puts beside each
released notebook.
"""

from __future__ import annotations

from autograder import __version__
from autograder.course import assignments
from autograder.course.settings import load_settings
from autograder.reports.i18n import public_titles
from autograder.student.catalog import Assignment, Catalog


def course_catalog() -> Catalog:
    """This course's assignments (with their public tests' translated titles), its released
    public tests and its limits (`[tool.aimath]`)."""
    limits = load_settings(assignments.ROOT).limits
    entries = tuple(Assignment(a.id, a.functions, a.is_quiz, public_titles(a.id))
                    for a in assignments.ALL.values())
    return Catalog(entries, (assignments.ROOT / "release",), (), limits, __version__)
