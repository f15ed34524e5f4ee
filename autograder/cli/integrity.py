"""Integrity commands: similarity."""

from __future__ import annotations

from pathlib import Path

import click

from autograder.cli import main
from autograder.cli.common import COURSE, course_settings
from autograder.course import assignments
from autograder.integrity.model import DEFAULTS, Settings


class BadArgument(click.ClickException):
    """A wrong argument, told in one line (no usage text, no traceback), exit status 2."""

    exit_code = 2


@main.command()
@click.argument("submissions", type=click.Path(path_type=Path))
@click.option("--assignment", "assignment_id", required=True, help="assignment or quiz id")
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="folder for similarity.json and similarity.html")
@click.option("--threshold", type=click.FloatRange(0, 1), default=DEFAULTS.threshold,
              show_default=True, help="score (0 to 1) a pair needs to be listed")
@click.option("--lang", type=click.Choice(["en", "ko"]), default=None,
              help="language of the page [default: the course's lang setting, else en]")
@COURSE
def similarity(submissions: Path, assignment_id: str, out: Path, threshold: float,
               lang: str | None, course: Path | None) -> None:
    """Pairs of SUBMISSIONS that share code (a quiz: the same rare answers), side by side:
    evidence to judge, not a verdict."""
    from autograder.intake.discover import DiscoveryError
    from autograder.integrity.analyse import analyse, write_outputs

    if assignment_id not in assignments.ALL:
        raise BadArgument(f"unknown assignment {assignment_id!r}; valid ids: "
                          f"{', '.join(assignments.ALL)}")
    if out.exists() and not out.is_dir():
        raise BadArgument(f"--out {out} is a file; give a folder")
    settings = course_settings(course)
    try:
        result = analyse(submissions, assignment_id, Settings(threshold=threshold),
                         course=settings.course)
    except DiscoveryError as exc:
        raise click.ClickException(str(exc)) from None
    _, page = write_outputs(result, out, lang or settings.lang)
    skipped = f", {len(result.skipped)} not compared" if result.skipped else ""  # why: the page
    click.echo(f"compared {len(result.codes)} submissions{skipped}: {len(result.pairs)} pairs "
               f"scoring {threshold:g} or more; see {page}")
