"""Moodle's grade import from a CSV file: a column that identifies the user, one column per
grade item.

Read against Moodle's importer (`grade/import/csv/classes/load_data.php`) and its docs (Grade
import: "Map from" a column of the file, "Map to" userid, username, useridnumber or useremail):
a value that matches no user stops the whole import, so only students Moodle knows are
written (with a roster, only its students); `-` is "no grade"; a grade column maps to an
existing grade item or to "new grade item", named by the header. aimath identifies users by
`ID number` (the student id; map it to useridnumber) and also writes `Email address` (map it
to useremail instead where profiles have no ID number). No points row: Moodle would read it
as a user. UTF-8 with a byte-order mark, which Moodle's CSV reader strips
(`core_text::trim_utf8_bom`) and Excel needs for non-Latin names.
"""

from __future__ import annotations

from collections.abc import Iterable

from autograder.course.roster import Roster
from autograder.exports.grades import Grade, gradebook
from autograder.exports.table import csv_bytes, points, safe_text

HEADER = ("ID number", "Email address", "Full name")
NO_GRADE = "-"


def moodle_csv(grades: Iterable[Grade], roster: Roster | None = None) -> bytes:
    """The import file for `grades` (final points, late penalties applied); with a roster,
    only its students, with its names and emails."""
    assignments, table = gradebook(grades, roster)
    rows = [[*HEADER, *(safe_text(a) for a in assignments)]]
    for student, row in table.items():
        entry = roster.get(student) if roster else None
        email, name = (entry.email, entry.name) if entry else ("", "")
        cells = [safe_text(student), safe_text(email), safe_text(name or student)]
        rows.append(cells + [points(row[a].final) if a in row else NO_GRADE
                             for a in assignments])
    return csv_bytes(rows, bom=True)
