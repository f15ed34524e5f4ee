"""The shared grade record: one student's counted score on one assignment, lateness included.

`grades_from_folders` builds them from `aimath grade --out` folders; the course service builds
them from its database with `make_grade` (passing each student's own due date, extensions
included); `canvas.canvas_csv` and `moodle.moodle_csv` write them. The time that counts is the
collection time (`origin.submitted_at`), never a time a submission claims for itself; every
started day after the due date counts as a day late.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from autograder.course.roster import Roster
from autograder.course.settings import LatePolicy, Policy, Settings
from autograder.grading.model import Status, SubmissionResult
from autograder.reports import results
from autograder.reports.grades_csv import listed_students

DAY = 86400.0
NOT_COUNTED = {Status.ERROR: "the grader failed on it: regrade before importing",
               Status.CONFLICT: "two submissions map to this id: resolve and regrade"}


class GradesError(ValueError):
    """A graded folder that cannot be read; the message names it."""


@dataclass(frozen=True)
class Grade:
    """One student's counted result on one assignment."""

    student: str
    assignment: str
    score: float  # points earned, before any late penalty
    max_score: float
    submitted_at: datetime | None = None  # the collection time
    due: datetime | None = None  # this student's due date (extensions included)
    days_late: int = 0  # started days after `due`; 0 when on time
    penalty: float = 0.0  # fraction of the score lost, as the late policy says

    @property
    def final(self) -> float:
        """The points that count: the score less the late penalty (two decimals)."""
        return round(self.score * (1 - self.penalty), 2)

    def late_line(self) -> str:
        """What lateness did to this grade, as one line of an export's report."""
        days = f"{self.days_late} day{'s' if self.days_late != 1 else ''}"
        return (f"{self.student} ({self.assignment}): {days} late; the late policy takes "
                f"{100 * self.penalty:g}%: {self.score:g} -> {self.final:g} of "
                f"{self.max_score:g}")


def lateness(submitted_at: datetime | None, due: datetime | None,
             policy: LatePolicy) -> tuple[int, float]:
    """(days late, fraction lost): every started day after `due` counts; no time or no due
    date means on time."""
    if submitted_at is None or due is None or submitted_at <= due:
        return 0, 0.0
    days = math.ceil((submitted_at - due).total_seconds() / DAY)
    return days, policy.penalty(days)


def make_grade(student: str, assignment: str, score: float, max_score: float, *,
               submitted_at: datetime | None, due: datetime | None,
               late_policy: LatePolicy) -> Grade:
    """A grade with its lateness computed: what the course service builds from its rows."""
    days, penalty = lateness(submitted_at, due, late_policy)
    return Grade(student, assignment, score, max_score, submitted_at, due, days, penalty)


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 time as results store it (UTC when it names no zone); None if absent."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def grade_from_result(result: SubmissionResult, policy: Policy,
                      due: datetime | None = None) -> Grade:
    """The grade of one results.json; `due` overrides the policy's (an extension)."""
    return make_grade(result.student, result.assignment, result.score, result.max_score,
                      submitted_at=parse_time(result.origin.submitted_at),
                      due=due or policy.due, late_policy=policy.late_policy)


@dataclass(frozen=True)
class Collected:
    """The grades read from graded folders, and one line for each thing worth knowing."""

    grades: tuple[Grade, ...]
    notes: tuple[str, ...] = ()
    withheld: frozenset[tuple[str, str]] = frozenset()  # (student, assignment) not exported


def grades_from_folders(folders: Sequence[Path], settings: Settings) -> Collected:
    """Every `<student>/results.json` under `folders`, one grade per student and assignment
    (a student graded twice counts as the course's `counts` setting says)."""
    found: dict[tuple[str, str], list[tuple[Path, Grade]]] = defaultdict(list)
    notes: list[str] = []
    withheld: set[tuple[str, str]] = set()
    for folder in folders:
        last_run = listed_students(folder / "grades.csv")
        for path, result in _results(folder):
            if last_run is not None and result.student not in last_run:
                notes.append(f"{result.student} ({result.assignment}): exported from {path}, "
                             "left by an earlier run (the last one into this folder did not "
                             "grade it: it is not in grades.csv); remove its folder to leave "
                             "it out")
            if result.status in NOT_COUNTED:
                notes.append(f"{result.student} ({result.assignment}): not exported: "
                             f"{NOT_COUNTED[result.status]}")
                withheld.add((result.student, result.assignment))
                continue
            grade = grade_from_result(result, settings.policy(result.assignment))
            found[(grade.student, grade.assignment)].append((path, grade))
    grades = []
    for (student, assignment), candidates in sorted(found.items()):
        counts = settings.policy(assignment).counts
        grades.append(_counted([g for _, g in candidates], counts))
        if len(candidates) > 1:
            places = ", ".join(str(p) for p, _ in candidates)
            which = "latest hand-in" if counts == "last" else "best score"
            notes.append(f"{student} ({assignment}): graded {len(candidates)} times ({places}); "
                         f"the {which} counts (course setting counts = {counts})")
    return Collected(tuple(grades), tuple(notes), frozenset(withheld))


def _results(folder: Path) -> Iterator[tuple[Path, SubmissionResult]]:
    """Each student's results.json in one `aimath grade --out` folder."""
    if not folder.is_dir():
        raise GradesError(f"{folder}: not a folder (give the --out folder of aimath grade)")
    paths = sorted(p / "results.json" for p in folder.iterdir()
                   if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))
    paths = [p for p in paths if p.is_file()]
    if not paths:
        raise GradesError(f"{folder}: no <student>/results.json inside (give the --out folder "
                          "of aimath grade)")
    for path in paths:
        try:
            yield path, results.load(folder, path.parent.name)
        except results.ResultsError as exc:
            raise GradesError(str(exc)) from None


def _counted(grades: list[Grade], counts: str) -> Grade:
    """The grade that counts among one student's: the last submitted, or the best."""
    if counts == "best":
        return max(grades, key=lambda g: g.final)
    oldest = datetime.min.replace(tzinfo=UTC)
    return max(grades, key=lambda g: g.submitted_at or oldest)


@dataclass(frozen=True)
class Gap:
    """A student missing on one side: listed in the roster without a submission, or graded
    without a roster row."""

    student: str
    assignments: tuple[str, ...]
    in_roster: bool

    def line(self) -> str:
        """The gap as one line of the export's report."""
        which = ", ".join(self.assignments)
        if self.in_roster:
            return f"{self.student}: in the roster, no submission for {which}"
        return f"{self.student}: graded for {which} but not in the roster: left out of the file"


def roster_gaps(grades: Iterable[Grade], roster: Roster,
                withheld: Iterable[tuple[str, str]] = ()) -> tuple[Gap, ...]:
    """Every student missing on either side, roster order first, then the unknown ids; a
    submission `withheld` from the file (an id conflict, say) was reported already, so it is
    no gap."""
    grades = list(grades)
    assignments = sorted({g.assignment for g in grades})
    done: defaultdict[str, set[str]] = defaultdict(set)
    for grade in grades:
        done[grade.student].add(grade.assignment)
    for student, assignment in withheld:
        if student in roster:
            done[student].add(assignment)
    gaps = [Gap(e.student_id, tuple(a for a in assignments if a not in done[e.student_id]),
                True) for e in roster if set(assignments) - done[e.student_id]]
    return tuple(gaps) + tuple(Gap(s, tuple(sorted(done[s])), False)
                               for s in sorted(done) if s not in roster)


def gradebook(grades: Iterable[Grade],
              roster: Roster | None) -> tuple[list[str], dict[str, dict[str, Grade]]]:
    """(assignment ids, {student: {assignment: grade}}) of the students a file lists: those
    with a grade, and only those in the roster when there is one."""
    table: dict[str, dict[str, Grade]] = defaultdict(dict)
    for grade in grades:
        if roster is None or grade.student in roster:
            table[grade.student][grade.assignment] = grade
    assignments = sorted({a for row in table.values() for a in row})
    return assignments, dict(sorted(table.items()))
