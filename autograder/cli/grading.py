"""Instructor commands: list, grade, release, validate, demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from autograder.cli import main
from autograder.course import assignments
from autograder.course.settings import load_defaults

DEFAULTS = load_defaults()
console = Console(stderr=True)


@main.command("list")
def list_cmd() -> None:
    """Assignments and quizzes with their points."""
    from autograder.grading.points import collect_suite

    table = Table("id", "title", "lecture", "hidden tests", "points", title="aimath assignments")
    for item in assignments.ALL.values():
        count, points = collect_suite(item.id)
        table.add_row(item.id, item.title, str(item.lecture), str(count), f"{points:g}")
    Console().print(table)


@main.command()
@click.argument("submissions", type=click.Path(exists=True, path_type=Path))
@click.option("--assignment", "assignment_id", required=True, help="assignment or quiz id")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--jobs", default=DEFAULTS.jobs, show_default=True, help="parallel workers")
@click.option("--timeout", default=DEFAULTS.timeout, show_default=True,
              help="seconds per call into the student's code (loading a cell counts as one)")
@click.option("--memory-mb", default=DEFAULTS.memory_mb, show_default=True,
              help="memory limit of each student's process")
@click.option("--submission-timeout", default=DEFAULTS.submission_timeout, show_default=True,
              help="seconds of student code per submission, all calls together")
@click.option("--lang", type=click.Choice(["en", "ko"]), default=DEFAULTS.lang,
              show_default=True, help="language of feedback and report")
@click.option("--gradebook", is_flag=True, help="also write scores to nbgrader's gradebook")
@click.option("--gradebook-url", default=None, help="database URL (default: the course's)")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True)
@click.option("--scheduler", default=None, help="Dask scheduler address (--executor dask)")
def grade(submissions: Path, assignment_id: str, out: Path, jobs: int, timeout: float,
          memory_mb: int, submission_timeout: float, lang: str, gradebook: bool,
          gradebook_url: str | None, executor: str, scheduler: str | None) -> None:
    """Grade a folder, nbgrader tree or zip of SUBMISSIONS with the hidden suite."""
    from autograder.batch import grade as batch


    try:
        assignments.get(assignment_id)
    except KeyError as exc:
        raise click.BadParameter(str(exc).strip("'\""), param_hint="--assignment") from None
    options = batch.GradeOptions(
        submissions=submissions, assignment=assignment_id, out=out, jobs=jobs,
        timeout=timeout, memory_mb=memory_mb, submission_timeout=submission_timeout, lang=lang,
        gradebook=gradebook or gradebook_url is not None, gradebook_url=gradebook_url,
        executor=executor, scheduler=scheduler)
    try:
        batch.grade(options, console)
    except batch.GradeError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("ids", nargs=-1)
def release(ids: tuple[str, ...]) -> None:
    """Regenerate release/ and solutions/ through nbgrader."""
    from autograder.nbgrader.release import release as run_release

    try:
        written = run_release(ids)
    except (ValueError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from None
    for folder in written:
        click.echo(f"wrote {folder.relative_to(assignments.ROOT)}")


@main.command()
@click.argument("ids", nargs=-1)
def validate(ids: tuple[str, ...]) -> None:
    """Solutions score full marks, stubs zero, and every mutant loses points."""
    from autograder.grading.validate import validate as run_validate

    failed = 0
    for assignment_id in ids or tuple(assignments.ALL):
        verdict = run_validate(assignment_id)
        mark = "[green]ok[/]" if verdict.ok else "[red]FAILED[/]"
        console.print(f"{mark} {assignment_id}: {len(verdict.checked)} submissions, "
                      f"{verdict.tests} hidden tests")
        for problem in verdict.problems:
            console.print(f"    {problem}")
        failed += not verdict.ok
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--out", default="demo-out", type=click.Path(file_okay=False, path_type=Path))
def demo(out: Path) -> None:
    """Grade the bundled sample submissions and show where the results are."""
    from autograder.batch import grade as batch


    batch.demo(out, console)
