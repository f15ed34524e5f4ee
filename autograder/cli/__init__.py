"""The `aimath` command: a thin click group; each command lives in the module of its area."""

from __future__ import annotations

import click

from autograder.cli.common import AimathGroup


@click.group(cls=AimathGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aimath")
def main() -> None:
    """Auto-graded exercises and quizzes for the AI Math track."""


from autograder.cli import exports, grading, integrity, service, student  # noqa: E402  (registers their commands)

__all__ = ["exports", "grading", "integrity", "main", "service", "student"]
