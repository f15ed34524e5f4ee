"""From a discovered `Source` to what grading runs: its cells, or the reason it cannot run.

The file is read once, through `safefs` (no link followed, size-bounded); a submit zip is opened
from those bytes and its manifest believed for nothing but the notebook's name: the id and the
time stay those of the collection, and a manifest that disagrees is noted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from autograder.course import assignments
from autograder.grading.model import Origin, Prepared, Rejected, Status
from autograder.intake.discover import Source, parse_time
from autograder.intake.submitzip import SubmissionError, read_submission_zip
from autograder.message import Message, capped, msg
from autograder.safefs import Refused, read_beneath
from autograder.student.identity import declared_student, student_id
from autograder.student.limits import Limits
from autograder.student.notebook import Cell, Note, NotebookError, read_bytes


@dataclass(frozen=True)
class _Opened:
    """The bytes to grade and what the container said about them."""

    data: bytes
    filename: str
    declared_at: str | None
    notes: tuple[Message, ...]


def prepare(source: Source, assignment: str, limits: Limits) -> Prepared | Rejected:
    """Read one source; any problem becomes that student's `Rejected`, never an exception
    (an exception here would stop the worker's whole stream of students)."""
    try:
        return _prepare(source, assignment, limits)
    except Exception as exc:  # a reader failure nobody foresaw: this student's, as an ERROR
        return Rejected(source.student, Origin(source.filename, submitted_at=source.submitted_at),
                        Status.ERROR, msg("grader.error", type=type(exc).__name__,
                                          said=capped(str(exc), 300)), source.notes)


def _prepare(source: Source, assignment: str, limits: Limits) -> Prepared | Rejected:
    origin = Origin(source.filename, submitted_at=source.submitted_at)
    if source.problem is not None:
        return Rejected(source.student, origin, source.status or Status.REFUSED, source.problem,
                        source.notes)
    try:
        raw = read_beneath(source.root, source.relative, limits.upload_mb * 2**20)
    except Refused as exc:
        return Rejected(source.student, origin, Status.REFUSED,
                        msg("intake.refused_reading", said=str(exc)[:300]), source.notes)
    except OSError as exc:
        return Rejected(source.student, origin, Status.UNREADABLE,
                        msg("intake.unreadable", said=str(exc)[:300]), source.notes)
    origin = Origin(source.filename, source_sha256=_sha(raw), submitted_at=source.submitted_at)
    try:
        opened = _open(source, raw, assignment, limits.upload_mb * 2**20)
        reading = read_bytes(opened.data, opened.filename)
    except (SubmissionError, NotebookError) as exc:
        return Rejected(source.student, origin, Status.UNREADABLE,
                        msg("intake.unreadable", said=capped(str(exc), 500)), source.notes)
    origin = Origin(opened.filename, _sha(opened.data), origin.source_sha256,
                    source.submitted_at, opened.declared_at)
    notes = (*source.notes, *opened.notes, *(note_message(n) for n in reading.notes),
             *_other_student(reading.cells, source.student, assignment),
             *_no_code(reading.cells, opened.filename))
    return Prepared(source.student, origin, tuple(reading.cells), notes)


def _no_code(cells: Sequence[Cell], filename: str) -> tuple[Message, ...]:
    """A hand-in without a line of code (an empty notebook, markdown only) is told so, not
    only by every test failing."""
    return () if any(cell.code.strip() for cell in cells) else (
        msg("intake.no_code", file=filename),)


def _other_student(cells: Sequence[Cell], student: str, assignment: str) -> tuple[Message, ...]:
    """A quiz's values are drawn for the id it was collected under: a notebook whose
    STUDENT_ID names someone else worked on other values, and its page says so."""
    if not assignments.get(assignment).is_quiz:
        return ()
    declared = declared_student(cells)
    if not declared or student_id(declared).value == student:
        return ()
    return (msg("intake.other_student", declared=capped(declared, 80), id=student),)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _open(source: Source, raw: bytes, assignment: str, limit: int) -> _Opened:
    """A plain file as it is; a submit zip unpacked, its manifest checked against the channel."""
    if not source.is_zip:
        return _Opened(raw, source.filename, None, ())
    student, claimed, data, manifest = read_submission_zip(raw, source.filename, limit)
    notes: list[Message] = []
    if student != source.raw:
        notes.append(msg("intake.manifest_student", claimed=capped(student, 80),
                         id=source.student))
    if claimed != assignment:
        notes.append(msg("intake.manifest_assignment", claimed=capped(claimed, 80),
                         assignment=assignment))
    declared = parse_time(manifest["timestamp"])
    if declared is None:
        notes.append(msg("intake.manifest_time", said=capped(manifest["timestamp"], 60)))
    return _Opened(data, PurePosixPath(manifest["notebook"]).name, declared, tuple(notes))


def note_message(note: Note) -> Message:
    """A note of the notebook reader (a skipped magic line, or a whole cell) as a message."""
    return msg(f"notebook.skipped_{note.kind}", cell=note.cell, text=capped(note.text, 80))
