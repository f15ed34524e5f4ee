"""What every `aimath` command shares: one-line errors, paths from the caller's folder, the
course's settings, and a console that never reads student text as markup."""

from __future__ import annotations

import importlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from autograder.course import assignments
from autograder.course.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from rich.console import Console

DEBUG = "AIMATH_DEBUG"


class UserError(click.ClickException):
    """A problem with what the user asked for: printed as one line, exit code 1."""


class AimathGroup(click.Group):
    """A click group whose commands never end in a traceback: a bad argument or a broken
    setting is one line; an unexpected error is one line too, with how to see more.

    `modules` names each command's module (in this package), imported when the command is
    asked for: `aimath check` does not pay for the grader's imports."""

    def __init__(self, *args: Any, modules: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.modules = modules

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.modules)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.modules:
            importlib.import_module(f"{__package__}.{self.modules[name]}")
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # `| head`: the reader has gone, and needs no word about it
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(128 + signal.SIGPIPE)
        except (SettingsError, OSError) as exc:
            raise UserError(str(exc)) from None
        except Exception as exc:
            if os.environ.get(DEBUG):
                raise
            click.echo(f"Error: aimath failed: {type(exc).__name__}: {exc} "
                       f"(run again with {DEBUG}=1 to see where)", err=True)
            sys.exit(1)


def console() -> Console:
    """The console for progress and summaries (standard error; markup off by default).
    Sentences are not wrapped (a terminal wraps them; a log keeps each on one line), tables
    fit the width."""
    from rich.console import Console  # here: the student's commands print without rich

    return Console(stderr=True, markup=False, highlight=False, soft_wrap=True)


def absolute(path: Path) -> Path:
    """A path given on the command line, made absolute against the caller's folder."""
    return Path(os.path.abspath(os.path.expanduser(path)))


COURSE = click.option("--course", type=click.Path(file_okay=False, path_type=Path),
                      help="the course folder (settings, secret, nbgrader, uploads) "
                           "[default: .]")


def course_settings(course: Path | None, **overrides: Any) -> Settings:
    """The settings of the course folder (`--course`, else the current folder)."""
    folder = Path.cwd() if course is None else absolute(course)
    if not folder.is_dir():
        raise UserError(f"--course {folder}: not a folder")
    return load_settings(folder, **overrides)


def assignment_id(value: str, option: str = "--assignment") -> str:
    """A known assignment id, or a usage error that lists the valid ones."""
    try:
        return assignments.get(value).id
    except KeyError as exc:
        raise click.BadParameter(str(exc).strip("'\""), param_hint=option) from None
