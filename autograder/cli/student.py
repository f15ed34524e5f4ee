"""Student commands: check a notebook with the public tests, package it for hand-in."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from autograder.cli import main
from autograder.course import assignments

console = Console(stderr=True)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--assignment", "assignment_id", help="assignment id (inferred from the name)")
def check(path: Path, assignment_id: str | None) -> None:
    """Self-check PATH with the public tests; exit 0 iff all pass."""
    from autograder.student import selfcheck

    try:
        assignment_id = assignment_id or selfcheck.infer_assignment(path)
        if assignments.get(assignment_id).is_quiz:
            sys.exit(_check_quiz(path, assignment_id))
        outcomes = selfcheck.run_public_tests(path, assignment_id)
    except (selfcheck.CheckError, KeyError) as exc:
        raise click.ClickException(str(exc).strip("'\"")) from None
    table = Table("", "test", "message", title=f"{path.name}: {assignment_id} public tests")
    for o in outcomes:
        table.add_row("[green]PASS[/]" if o.passed else "[red]FAIL[/]", o.name, o.message)
    Console().print(table)
    passed = sum(o.passed for o in outcomes)
    Console().print(f"{passed}/{len(outcomes)} public tests passed. The hidden tests check "
                    "more cases: passing these is necessary, not sufficient.")
    sys.exit(0 if outcomes and passed == len(outcomes) else 1)


def _check_quiz(path: Path, assignment_id: str) -> int:
    """Every item answered, in a form the grader accepts; never whether it is right."""
    from autograder.student import selfcheck

    problems = selfcheck.quiz_form(path, assignment_id)
    table = Table("", "item", "message", title=f"{path.name}: {assignment_id} answer forms")
    for item, problem in problems.items():
        table.add_row("[green]OK[/]" if problem is None else "[red]FIX[/]", item, problem or "")
    Console().print(table)
    Console().print("Only the form of each answer is checked here, not whether it is right.")
    return 0 if all(p is None for p in problems.values()) else 1


@main.command()
@click.argument("notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--student", required=True, help="your student id")
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--assignment", "assignment_id", help="assignment id (inferred from the name)")
@click.option("--force", is_flag=True, help="submit even if public tests fail")
def submit(notebook: Path, student: str, to: Path, assignment_id: str | None,
           force: bool) -> None:
    """Self-check NOTEBOOK, then write a verifiable submission zip into TO."""
    from autograder.intake.submitzip import make_submission_zip
    from autograder.student import selfcheck

    assignment_id = assignment_id or selfcheck.infer_assignment(notebook)
    if not assignments.get(assignment_id).is_quiz:
        outcomes = selfcheck.run_public_tests(notebook, assignment_id)
        failing = [o.name for o in outcomes if not o.passed]
        if failing:
            console.print(f"[yellow]{len(failing)} public test(s) fail:[/] " + "; ".join(failing))
            if not force and not click.confirm("Submit anyway?", default=False):
                sys.exit(1)
    path = make_submission_zip(notebook, student, assignment_id, to)
    click.echo(f"wrote {path}")
