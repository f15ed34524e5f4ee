"""The student commands, shared by `aimath check/submit` and the kit's `aimath-student`:
same table, same limits, same exit code (0 iff every public test passed)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from .catalog import Assignment, Catalog, CheckError, belongs_elsewhere, defined_names
from .handin import handin_student, make_submission_zip
from .identity import declared_student, student_id
from .limits import Limits
from .notebook import Source, read_path
from .report import CheckReport
from .runner import Request, run_check
from .table import render
from .text import language, say


def check_file(path: Path, catalog: Catalog, *, assignment: str | None = None,
               limits: Limits | None = None, lang: str | None = None,
               option: str = "--assignment", source: Source | None = None) -> CheckReport:
    """Self-check the file at `path` with its assignment's public tests, in a child process.

    Raises `NotebookError` for an unreadable file and `CheckError` when the assignment or its
    tests cannot be found (`option` is how the message names the way to give the id);
    `source` is the file as already read, if it was.
    """
    source = source or read_path(path)
    names = defined_names(source)
    assignment_id = assignment or catalog.infer(path, names, option, source.named)
    entry = catalog.get(assignment_id)
    if assignment:
        _of_another(path, catalog, entry, names, option)
    folder, lang = Path(path).resolve().parent, language(lang)
    request = Request(source, assignment_id, catalog.tests(assignment_id, folder), entry.quiz,
                      catalog.forms(assignment_id, folder) if entry.quiz else None,
                      cwd=folder, lang=lang, titles=entry.titles_in(lang))
    return run_check(request, limits or catalog.limits)


def _of_another(path: Path, catalog: Catalog, entry: Assignment, names: set[str],
                option: str) -> None:
    """Refuse an assignment given for a file that defines none of its functions and some of
    another's (a check of every test then said only that each function was not defined)."""
    other = belongs_elsewhere(names, entry.functions,
                              {a.id: a.functions for a in catalog.assignments})
    if other is not None:
        raise CheckError(f"{Path(path).name} defines none of the functions of {entry.id} "
                         f"({', '.join(entry.functions)}), and some of {other}: pass "
                         f"{option} {other}, or check the right file")


def show(report: CheckReport, stream: TextIO | None = None) -> int:
    """Print the table; the exit code."""
    out = stream or sys.stdout
    width = shutil.get_terminal_size((100, 24)).columns
    print(render(report, max(60, min(width, 120))), file=out)
    return report.exit_code


def submit_file(path: Path, student: str, to: Path, catalog: Catalog, *,
                assignment: str | None = None, force: bool = False,
                confirm: Callable[[str], bool], limits: Limits | None = None,
                lang: str | None = None) -> Path | None:
    """Check first, then write the submission zip into `to` and say where; None (and say so)
    when the student chose not to submit after the check failed (`confirm` asks; `force`
    skips the question). A bad id fails before the check, not after it."""
    handin_student(path, student)
    lang = language(lang)
    source = read_path(path)  # read once: for its STUDENT_ID and for the check
    declared = declared_student(source.cells)
    report = check_file(path, catalog, assignment=assignment, limits=limits, lang=lang,
                        source=source)
    show(report)
    if declared and student_id(declared).value != student_id(student).value:  # under the table
        print(say(lang, "other_student", declared=declared, student=student))
    if report.exit_code and not force and not confirm(say(lang, "submit_anyway")):
        print(say(lang, "not_submitted"))
        return None
    new_folder = "" if Path(to).exists() else say(lang, "new_folder", folder=to)
    written = make_submission_zip(path, student, report.assignment, to)
    print(say(lang, "wrote", path=written) + new_folder)
    return written
