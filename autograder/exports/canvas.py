"""Canvas's gradebook import file: `Student,ID,SIS User ID,SIS Login ID,Section`, one column
per assignment, the `Points Possible` row first.

Read against Canvas's importer (`app/models/gradebook_importer.rb`): the header is recognised
by its first cells (`Student`, `ID`, then `SIS User ID` and `SIS Login ID`, then `Section`);
a row whose first cell holds "Points Possible" sets each column's points; a student row is
matched by the Canvas user ID, then the SIS User ID, then the SIS Login ID, then the name; an
assignment column named `Title (123)` updates assignment 123, any other name an assignment of
that exact title, or creates one. aimath leaves the Canvas ID empty, writes the student id as
the SIS User ID and the roster's email (else the id again) as the SIS Login ID, and names each
column by the assignment id. UTF-8 with a byte-order mark: the importer finds the header with
`include?`, so the mark does no harm, and Excel, where instructors often open the file first,
needs it to read non-Latin names.
"""

from __future__ import annotations

from collections.abc import Iterable

from autograder.course.roster import Roster
from autograder.exports.grades import Grade, gradebook
from autograder.exports.table import csv_bytes, points, safe_text

HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "Points Possible"


def canvas_csv(grades: Iterable[Grade], roster: Roster | None = None,
               columns: Iterable[str] = ()) -> bytes:
    """The import file for `grades` (final points, late penalties applied); with a roster,
    only its students, named and sectioned as it says. `columns`: assignments that get a
    column even before anyone is graded (their points possible then left empty)."""
    grades = list(grades)
    graded, table = gradebook(grades, roster)
    assignments = sorted({*graded, *columns})
    possible = {a: max((g.max_score for g in grades if g.assignment == a), default=None)
                for a in assignments}
    rows = [[*HEADER, *(safe_text(a) for a in assignments)],
            [POINTS_POSSIBLE, "", "", "", "", *(points(possible[a]) for a in assignments)]]
    for student, row in table.items():
        entry = roster.get(student) if roster else None
        name = entry.name if entry and entry.name else student
        login = entry.email if entry and entry.email else student
        section = entry.section if entry else ""
        cells = [safe_text(name), "", safe_text(student), safe_text(login), safe_text(section)]
        rows.append(cells + [points(row[a].final) if a in row else "" for a in assignments])
    return csv_bytes(rows, bom=True)
