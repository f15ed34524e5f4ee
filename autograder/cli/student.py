"""Student commands: check a notebook with the public tests, package it for hand-in.

Both run the kit's own code (`autograder.student.commands`, shipped as `aimath_student`), so
`aimath check` and `aimath-student check` print the same table with the same limits.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from autograder.cli import main

if TYPE_CHECKING:
    from autograder.student.catalog import Catalog
    from autograder.student.limits import Limits

LANG = click.Choice(["en", "ko"])


TIMEOUT = click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
                       help="seconds per call of the self-check (course default)")
MEMORY = click.option("--memory-mb", type=click.IntRange(1), default=None,
                      help="memory limit of the self-check (course default)")


def _limits(timeout: float | None, memory_mb: int | None) -> tuple[Catalog, Limits]:
    """The course as the kit sees it, and its limits with the command line's changes."""
    from autograder.kit import course_catalog

    catalog = course_catalog()
    return catalog, catalog.limits.updated(call_timeout=timeout, memory_mb=memory_mb)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--assignment", "assignment_id", help="assignment id (inferred from the name)")
@click.option("--lang", type=LANG, default=None, help="language of the table ($AIMATH_LANG)")
@TIMEOUT
@MEMORY
def check(path: Path, assignment_id: str | None, lang: str | None, timeout: float | None,
          memory_mb: int | None) -> None:
    """Self-check PATH with the public tests; exit 0 iff all pass."""
    from autograder.student.catalog import CheckError
    from autograder.student.commands import check_file, show
    from autograder.student.notebook import NotebookError

    catalog, limits = _limits(timeout, memory_mb)
    try:
        report = check_file(path, catalog, assignment=assignment_id, limits=limits, lang=lang)
    except (CheckError, NotebookError) as exc:
        raise click.ClickException(str(exc)) from None
    sys.exit(show(report))


@main.command()
@click.argument("notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--student", required=True, help="your student id")
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="folder for the zip (created if missing)")
@click.option("--assignment", "assignment_id", help="assignment id (inferred from the name)")
@click.option("--force", is_flag=True, help="submit even if public tests fail")
@click.option("--lang", type=LANG, default=None, help="language of the table ($AIMATH_LANG)")
@TIMEOUT
@MEMORY
def submit(notebook: Path, student: str, to: Path, assignment_id: str | None, force: bool,
           lang: str | None, timeout: float | None, memory_mb: int | None) -> None:
    """Self-check NOTEBOOK, then write a verifiable submission zip into TO."""
    from autograder.student.catalog import CheckError
    from autograder.student.commands import submit_file
    from autograder.student.handin import HandinError
    from autograder.student.notebook import NotebookError

    catalog, limits = _limits(timeout, memory_mb)
    try:
        path = submit_file(notebook, student, to, catalog, assignment=assignment_id,
                           force=force, limits=limits, lang=lang,
                           confirm=lambda question: click.confirm(question, default=False))
    except (CheckError, NotebookError, HandinError) as exc:
        raise click.ClickException(str(exc)) from None
    sys.exit(1 if path is None else 0)
