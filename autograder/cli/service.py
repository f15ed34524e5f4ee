"""The course service's commands: `aimath serve`, `aimath roster import|invite`,
`aimath user add`.

Each opens the course's database (`--db`, else `COURSE/aimath.db`) and migrates it first, so
any of them can be the first command run on a new course.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from autograder.cli import main
from autograder.cli.common import COURSE, UserError, absolute, course_settings

if TYPE_CHECKING:
    from autograder.service.state import ServiceState

DB = click.option("--db", default=None,
                  help="database URL: sqlite:///FILE or postgresql://... "
                       "[default: sqlite:///COURSE/aimath.db]")


def _state(course: Path | None, db: str | None) -> ServiceState:
    from autograder.service.db import DatabaseError
    from autograder.service.server import open_state

    try:
        return open_state(course_settings(course), db)
    except DatabaseError as exc:
        raise UserError(str(exc)) from None


@main.command()
@COURSE
@DB
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="port to listen on (0: any free port, printed at start)")
@click.option("--workers", type=click.IntRange(1), help="grading workers [default: jobs]")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True)
@click.option("--scheduler", default=None, help="Dask scheduler address (--executor dask)")
@click.option("--secure-cookies", is_flag=True,
              help="send the session cookie over HTTPS only (behind a TLS proxy)")
def serve(course: Path | None, db: str | None, host: str, port: int, workers: int | None,
          executor: str, scheduler: str | None, secure_cookies: bool) -> None:
    """Run the course service: students hand in and get feedback, staff watch the class."""
    from autograder.service.db import DatabaseError
    from autograder.service.server import ServeOptions
    from autograder.service.server import serve as run

    options = ServeOptions(db, host, port, workers, executor, scheduler, secure_cookies)
    try:
        run(course_settings(course), options, lambda line: click.echo(line, err=True))
    except DatabaseError as exc:
        raise UserError(str(exc)) from None


@main.group()
def roster() -> None:
    """The course's students in the service."""


@roster.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@COURSE
@DB
def roster_import(file: Path, course: Path | None, db: str | None) -> None:
    """Add or update the students of FILE.csv (student_id,name,email[,section])."""
    from autograder.course.roster import RosterError, read_roster
    from autograder.service.admin import import_roster
    from autograder.service.errors import ServiceError

    try:
        read_roster(absolute(file))  # the one reader: its errors name the file and line
        text = absolute(file).read_text(encoding="utf-8-sig")
        done = import_roster(_state(course, db), text, str(file))
    except (RosterError, ServiceError) as exc:
        raise UserError(exc.text() if isinstance(exc, ServiceError) else str(exc)) from None
    click.echo(f"roster: {done.added} added, {done.updated} updated")


@roster.command()
@COURSE
@DB
@click.option("--student", "students", multiple=True,
              help="this student, even one who has signed in: a new code replacing theirs "
                   "(repeatable)")
def invite(course: Path | None, db: str | None, students: tuple[str, ...]) -> None:
    """Print `student_id,code` lines: a one-time login code for each student not invited
    yet (or each `--student`, whose code replaces theirs and resets a password)."""
    from autograder.service.errors import ServiceError

    try:
        issued = _state(course, db).accounts.invite(list(students) or None)
    except ServiceError as exc:
        raise UserError(exc.text()) from None
    for student, code in issued:
        click.echo(f"{student},{code}")
    if not issued:
        click.echo("no student is waiting for a code: each has signed in or holds one not "
                   "yet expired (--student ID issues that student a new one)", err=True)


@main.group()
def user() -> None:
    """Staff accounts of the service."""


@user.command("add")
@click.argument("user_id")
@click.option("--role", type=click.Choice(["instructor", "ta"]), required=True)
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="a file whose first line is the password")
@COURSE
@DB
def user_add(user_id: str, role: str, password_file: Path, course: Path | None,
             db: str | None) -> None:
    """Create or update a staff account (the password never appears on a command line)."""
    from autograder.service.errors import ServiceError

    try:
        lines = absolute(password_file).read_text(encoding="utf-8").splitlines()
        _state(course, db).accounts.add_staff(user_id, role, lines[0] if lines else "")
    except ServiceError as exc:
        raise UserError(exc.text()) from None
    click.echo(f"{role} {user_id}: ready")
