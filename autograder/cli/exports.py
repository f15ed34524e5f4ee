"""Export commands: a Gradescope autograder, Canvas and Moodle grade import files.

Paths are relative to the caller's folder; the course's settings (`--course`, else the current
folder) give each assignment's due date, late policy and hidden visibility.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import click

from autograder.cli import main
from autograder.cli.common import COURSE, UserError, absolute, course_settings
from autograder.course import assignments
from autograder.course.roster import Roster, RosterError, read_roster

OUT = click.option("--out", required=True, type=click.Path(path_type=Path),
                   help="the file to write")
ROSTER = click.option("--roster", type=click.Path(path_type=Path),
                      help="CSV student_id,name,email[,section]: names the students and "
                           "lists who is missing")
GRADED = click.argument("graded", nargs=-1, required=True, metavar="GRADED_DIR...",
                        type=click.Path(path_type=Path))


@main.group()
def export() -> None:
    """Grades for Gradescope, Canvas and Moodle."""


def _out(out: Path, suffix: str) -> Path:
    """The output file, absolute; one line if it cannot be written there."""
    path = absolute(out)
    if path.is_dir():
        raise UserError(f"--out {out}: is a folder; give a file name ending in {suffix}")
    if not path.parent.is_dir():
        raise UserError(f"--out {out}: the folder {path.parent} does not exist")
    return path


@export.command()
@click.argument("assignment_id", metavar="ID")
@OUT
@COURSE
def gradescope(assignment_id: str, out: Path, course: Path | None) -> None:
    """A Gradescope autograder zip that grades ID with its hidden suite."""
    from autograder.exports.gradescope import export_gradescope
    from autograder.exports.gradescope_run import describe
    from autograder.exports.pins import PinError

    if assignment_id not in assignments.ALL:
        raise UserError(f"unknown assignment {assignment_id!r}; valid ids: "
                        f"{', '.join(assignments.ALL)}")
    settings = course_settings(course)
    try:
        path = export_gradescope(assignment_id, settings, _out(out, ".zip"))
    except PinError as exc:
        raise UserError(str(exc)) from None
    policy = settings.policy(assignment_id)
    due = policy.due.isoformat() if policy.due else "none (Gradescope's own due date counts)"
    click.echo(f"wrote {path}: upload it on Gradescope as the autograder of {assignment_id}")
    click.echo(f"baked in: hidden tests {policy.hidden_visibility.value}, late policy "
               f"{describe(policy)}, due {due}")


def _grade_file(graded: tuple[Path, ...], out: Path, roster_path: Path | None,
                course: Path | None, suffix: str,
                write: Callable[[Iterable, Roster | None], bytes]) -> None:
    """Read the graded folders (and the roster), write one import file, report the gaps."""
    from autograder.exports.grades import GradesError, grades_from_folders, roster_gaps
    from autograder.safefs import write_file

    settings = course_settings(course)
    target = _out(out, suffix)
    try:
        roster = None if roster_path is None else read_roster(absolute(roster_path))
        collected = grades_from_folders([absolute(g) for g in graded], settings)
    except (RosterError, GradesError) as exc:
        raise UserError(str(exc)) from None
    write_file(target, write(collected.grades, roster))
    gaps = roster_gaps(collected.grades, roster, collected.withheld) if roster else ()
    exported = [g for g in collected.grades if roster is None or g.student in roster]
    click.echo(f"wrote {target}: {len({g.student for g in exported})} students, "
               f"{len({g.assignment for g in collected.grades})} assignment(s)")
    late = [g.late_line() for g in exported if g.days_late]  # never of one left out
    for line in [*collected.notes, *late, *(gap.line() for gap in gaps)]:
        click.echo(line)


@export.command()
@GRADED
@OUT
@ROSTER
@COURSE
def canvas(graded: tuple[Path, ...], out: Path, roster: Path | None,
           course: Path | None) -> None:
    """A Canvas gradebook import file from GRADED_DIR... (aimath grade --out folders)."""
    from autograder.exports.canvas import canvas_csv

    _grade_file(graded, out, roster, course, ".csv", canvas_csv)


@export.command()
@GRADED
@OUT
@ROSTER
@COURSE
def moodle(graded: tuple[Path, ...], out: Path, roster: Path | None,
           course: Path | None) -> None:
    """A Moodle grade import file from GRADED_DIR... (aimath grade --out folders)."""
    from autograder.exports.moodle import moodle_csv

    _grade_file(graded, out, roster, course, ".csv", moodle_csv)
