"""The `aimath` command: a thin click group; each command lives in the module of its area,
imported only when that command runs (or help lists them all)."""

from __future__ import annotations

import click

from autograder.cli.common import AimathGroup

COMMANDS = {  # each command, and the module of autograder.cli that defines it
    "check": "student", "submit": "student",
    "grade": "grading", "list": "grading", "release": "grading", "validate": "grading",
    "demo": "grading", "similarity": "integrity", "export": "exports",
    "serve": "service", "roster": "service", "user": "service",
}


@click.group(cls=AimathGroup, modules=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aimath")
def main() -> None:
    """Auto-graded exercises and quizzes for the AI Math track."""


__all__ = ["COMMANDS", "main"]
