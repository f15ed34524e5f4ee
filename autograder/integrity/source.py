"""Each student's own code, as text with line numbers a reviewer can find in the file.

This is the only module that calls the intake (`discover`, `prepare`): a change there is
adapted here alone. Lines are numbered as a person reads them: a `.py` file by its own lines
(the reader hands its top-level statements over at their own lines; lines between them, such
as comments, come back blank); a notebook by its code cells laid end to end (cell 1's lines,
then cell 2's, ...), which the page marks "cell N".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from autograder.course import assignments
from autograder.course.assignments import ROOT
from autograder.grading.model import Rejected
from autograder.intake.discover import Source, discover
from autograder.intake.prepare import prepare
from autograder.integrity.model import CodeCell, Skipped, StudentCode
from autograder.student.limits import Limits
from autograder.student.notebook import Cell


def load_code(submissions: Path, assignment_id: str, workdir: Path,
              out: Path | None = None) -> tuple[list[StudentCode], list[Skipped]]:
    """Every readable submission's code and every unreadable one's reason, by student id.

    Raises `DiscoveryError` when `submissions` holds nothing to read at all.
    """
    return read_code(discover(submissions, assignment_id, workdir, out), assignment_id)


def read_code(sources: Sequence[Source],
              assignment_id: str) -> tuple[list[StudentCode], list[Skipped]]:
    """The code of every readable source already discovered (a batch's own, so a zip is not
    unpacked twice), and every unreadable one's reason."""
    codes, skipped = [], []
    for source in sources:
        read = _read(source, assignment_id)
        if isinstance(read, Skipped):
            skipped.append(read)
        else:
            codes.append(read)
    return codes, skipped


def starter_code(assignment_id: str, course: Path | None = None) -> StudentCode | None:
    """The notebook students started from, whose code every hand-in shares: the course's
    own release of an exercise (`<course>/release/<id>/*.ipynb`, nbgrader's release folder,
    its notebooks together) where it has one, else aimath's (exercise or quiz); named by its
    path in that course. None if neither has been released (or can be read)."""
    own = [] if course is None or assignments.get(assignment_id).is_quiz else sorted(
        (course / "release" / assignment_id).glob("*.ipynb"))
    top, paths = (course, own) if own and course is not None else (
        ROOT, [ROOT / "release" / assignment_id / f"{assignment_id}.ipynb"])
    cells: list[CodeCell] = []
    for path in paths:
        if not path.is_file():
            return None
        read = _read(Source("starter code", path.parent, PurePosixPath(path.name)),
                     assignment_id)
        if isinstance(read, Skipped):
            return None
        cells += read.cells
    return StudentCode("starter code", ", ".join(p.relative_to(top).as_posix() for p in paths),
                       tuple(cells))


def _read(source: Source, assignment_id: str) -> StudentCode | Skipped:
    """The one call into the intake's reader: the student's cells, or why there are none."""
    prepared = prepare(source, assignment_id, Limits())
    if isinstance(prepared, Rejected):
        return Skipped(prepared.student, prepared.problem)
    filename = prepared.origin.filename
    if filename.lower().endswith(".py"):
        return StudentCode(prepared.student, filename,
                           (CodeCell(None, 1, _overlay(prepared.cells)),))
    cells, line = [], 1
    for cell in prepared.cells:
        code = cell.code.rstrip("\n")
        cells.append(CodeCell(cell.index, line, code))
        line += code.count("\n") + 1
    return StudentCode(prepared.student, filename, tuple(cells))


def _overlay(cells: Sequence[Cell]) -> str:
    """One text from a .py file's statements, each at its own lines (blank lines between
    them), so line N of the result is line N of the file."""
    lines: list[str] = []
    for cell in cells:
        start = cell.first_line - 1
        lines += [""] * (start - len(lines))
        for number, text in enumerate(cell.code.rstrip("\n").split("\n"), start=start):
            if number >= len(lines):
                lines.append(text)
            elif text:
                lines[number] = text
    return "\n".join(lines)
