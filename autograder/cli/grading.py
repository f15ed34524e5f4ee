"""Instructor commands: list, grade, release, validate, demo.

Options without a value on the command line take the course's settings
(`autograder.course.settings`), whose defaults are declared once (`Limits`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.table import Table

from autograder.cli import main
from autograder.cli.common import (
    COURSE,
    UserError,
    absolute,
    assignment_id,
    console,
    course_settings,
)
from autograder.course import assignments
from autograder.course.settings import Settings
from autograder.student.limits import DEFAULT_LIMITS

LIMIT_HELP = {  # the course's setting wins over the built-in default, as for --jobs
    "timeout": f"seconds per call into the student's code; a cell is a call [default: the "
               f"course's call_timeout, else {DEFAULT_LIMITS.call_timeout:g}]",
    "memory_mb": f"memory of each student's process [default: the course's memory_mb, else "
                 f"{DEFAULT_LIMITS.memory_mb}]",
    "submission_timeout": f"seconds of student code per submission, all calls together "
                          f"[default: the course's submission_timeout, else "
                          f"{DEFAULT_LIMITS.submission_timeout:g}]",
}


@main.command("list")
def list_cmd() -> None:
    """Assignments and quizzes with their points."""
    from autograder.grading.points import collect_suite

    table = Table("id", "title", "lecture", "hidden tests", "points", title="aimath assignments")
    for item in assignments.ALL.values():
        count, points = collect_suite(item.id)
        table.add_row(item.id, item.title, str(item.lecture), str(count), f"{points:g}")
    console().print(table)


@main.command()
@click.argument("submissions", type=click.Path(path_type=Path))
@click.option("--assignment", "assignment", required=True, help="assignment or quiz id")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="folder for results, feedback, grades.csv and the report")
@COURSE
@click.option("--jobs", type=click.IntRange(1),
              help=f"parallel workers [default: the course's jobs, else {Settings.jobs}]")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help=LIMIT_HELP["timeout"])
@click.option("--memory-mb", type=click.IntRange(1), help=LIMIT_HELP["memory_mb"])
@click.option("--submission-timeout", type=click.FloatRange(min=0, min_open=True),
              help=LIMIT_HELP["submission_timeout"])
@click.option("--lang", type=click.Choice(["en", "ko"]),
              help="language of pages and console [default: the course's lang setting, else en]")
@click.option("--gradebook", is_flag=True, help="also write nbgrader's gradebook and feedback")
@click.option("--gradebook-url", default=None, help="database URL (default: the course's)")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="grade on this machine or on a Dask cluster")
@click.option("--scheduler", default=None, help="Dask scheduler address (--executor dask)")
def grade(submissions: Path, assignment: str, out: Path, course: Path | None, jobs: int | None,
          timeout: float | None, memory_mb: int | None, submission_timeout: float | None,
          lang: str | None, gradebook: bool, gradebook_url: str | None, executor: str,
          scheduler: str | None) -> None:
    """Grade a folder, nbgrader tree or zip of SUBMISSIONS with the hidden suite."""
    settings = course_settings(course, jobs=jobs, call_timeout=timeout, memory_mb=memory_mb,
                               submission_timeout=submission_timeout, lang=lang)
    if executor == "local":  # the workers' zygotes boot while the grader is imported
        from autograder.sandbox.host import zygote_client

        zygote_client.start_early(assignments.get(assignment_id(assignment)).preload,
                                  min(settings.jobs, len(os.sched_getaffinity(0))))
    from autograder.batch.grade import GradeError, GradeRequest
    from autograder.batch.grade import grade as run_grade

    request = GradeRequest(
        submissions=absolute(submissions), assignment=assignment_id(assignment),
        out=absolute(out), settings=settings,
        gradebook=gradebook or gradebook_url is not None, gradebook_url=gradebook_url,
        executor=executor, scheduler=scheduler)
    try:
        report = run_grade(request, console())
    except GradeError as exc:
        raise UserError(str(exc)) from None
    sys.exit(report.exit_code)


@main.command()
@click.argument("ids", nargs=-1)
def release(ids: tuple[str, ...]) -> None:
    """Regenerate release/ and solutions/ through nbgrader."""
    from autograder.nbgrader.release import release as run_release

    try:
        written = run_release(ids)
    except (ValueError, RuntimeError) as exc:
        raise UserError(str(exc)) from None
    for folder in written:
        click.echo(f"wrote {folder}")  # absolute: the repository's, wherever this runs


@main.command()
@click.argument("ids", nargs=-1)
def validate(ids: tuple[str, ...]) -> None:
    """Solutions score full marks, stubs zero, and every mutant loses points."""
    from autograder.batch.validate import validate as run_validate

    chosen = [assignment_id(i, "IDS") for i in ids] or list(assignments.ALL)
    failed = 0
    for item in chosen:
        verdict = run_validate(item)
        mark = "ok" if verdict.ok else "FAILED"
        console().print(f"{mark} {item}: {len(verdict.checked)} submissions, "
                        f"{verdict.tests} hidden tests")
        for problem in verdict.problems:
            console().print(f"    {problem}")
        failed += not verdict.ok
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--out", default="demo-out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="folder for the graded samples, one subfolder per assignment")
def demo(out: Path) -> None:
    """Grade the bundled sample submissions and show where the results are."""
    from autograder.batch.grade import demo as run_demo

    run_demo(absolute(out), console())
