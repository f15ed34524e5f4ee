"""grades.csv: one row per student, one column per test, written and read back here.

The header needs every test name before the first row, so the writer reads the results
twice (names first, rows second) instead of holding a whole class in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from autograder.grading.model import SubmissionResult
from autograder.reports.i18n import num
from autograder.safefs import write_file

FIXED_COLUMNS = ("student", "score", "max_score", "percent", "status")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

Results = Callable[[], Iterable[SubmissionResult]]


def ordered_test_names(results: Iterable[SubmissionResult]) -> list[str]:
    """Every graded test's name in the results, in order of first appearance (a public test
    is worth nothing: no column)."""
    names: dict[str, None] = {}
    for result in results:
        names.update((test.name, None) for test in result.tests if test.graded)
    return list(names)


def safe_text(value: str) -> str:
    """`value` as a text cell: one that starts like a formula (=, +, -, @, a tab or line
    break, after any spaces) gets a leading ' so Excel, LibreOffice and Sheets show it as
    text instead of running it (OWASP's advice against CSV injection)."""
    return "'" + value if value.lstrip(" ").startswith(FORMULA_START) else value


def grade_row(result: SubmissionResult, names: Sequence[str]) -> list[str]:
    """One student's row: the fixed columns, then each test's points (empty if absent)."""
    points: dict[str, float] = {}
    for test in result.tests:
        if test.graded:
            points[test.name] = points.get(test.name, 0.0) + test.score
    fraction = result.fraction
    return [safe_text(result.student), num(result.score, 4), num(result.max_score, 4),
            "" if fraction is None else num(100 * fraction, 2), result.status.value,
            *(num(points[name], 4) if name in points else "" for name in names)]


def write_grades_csv(results: Results, out_path: Path) -> Path:
    """Write grades.csv (UTF-8 with a BOM, so Excel reads Korean) from `results()`, which is
    called twice; returns the path."""
    names = ordered_test_names(results())
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([*FIXED_COLUMNS, *(safe_text(name) for name in names)])
    for result in results():
        writer.writerow(grade_row(result, names))
    return write_file(out_path, "\ufeff" + buffer.getvalue())


def listed_students(path: Path) -> frozenset[str] | None:
    """The students a grades.csv lists (the run that wrote it graded them); None when there
    is no readable one. Ids never start like a formula, so each is its cell as written."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    rows = csv.reader(io.StringIO(text, newline=""))
    if next(rows, [])[:1] != [FIXED_COLUMNS[0]]:
        return None
    return frozenset(row[0] for row in rows if row)
