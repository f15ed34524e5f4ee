"""`aimath-student`, the kit's command: `check NOTEBOOK` and `submit NOTEBOOK --student ID
--to DIR`, with the same table, limits and exit codes as `aimath check` and `aimath submit`.
Paths are relative to the current folder. Exit 0 iff every public test passed (submit: the
zip was written); 1 otherwise, with a one-line message for anything that cannot run."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .catalog import Catalog, CheckError, load_catalog
from .commands import check_file, show, submit_file
from .handin import HandinError
from .notebook import NotebookError


def _positive(convert: Callable[[str], float]) -> Callable[[str], float]:
    """An option's type: a number above 0 (a bad one is argparse's usage error, as click's
    range is for `aimath check`)."""

    def parse(text: str) -> float:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value > 0:  # nan too
            raise argparse.ArgumentTypeError(f"{text} is not above 0")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aimath-student",
                                     description="Self-check and hand in AI Math notebooks.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="run the public tests; exit 0 iff all pass")
    submit = commands.add_parser("submit", help="check, then write a submission zip")
    for command in (check, submit):
        command.add_argument("notebook", type=Path, help="your .ipynb (or .py) file")
        command.add_argument("--assignment", help="assignment id (inferred from the name)")
        command.add_argument("--lang", choices=("en", "ko"), help="language ($AIMATH_LANG)")
        command.add_argument("--timeout", type=_positive(float),
                             help="seconds per call of the self-check (course default)")
        command.add_argument("--memory-mb", type=_positive(int),
                             help="memory limit of the self-check (course default)")
    submit.add_argument("--student", required=True, help="your student id")
    submit.add_argument("--to", required=True, type=Path, help="folder for the zip")
    submit.add_argument("--force", action="store_true", help="submit even if tests fail")
    return parser


def _confirm(question: str) -> bool:
    try:
        return input(f"{question} [y/N]: ").strip().lower() in ("y", "yes")
    except EOFError:
        return False


def main(argv: Sequence[str] | None = None, catalog: Catalog | None = None) -> int:
    """Run one command; the exit code."""
    args = _parser().parse_args(argv)
    try:
        catalog = catalog or load_catalog()
        if args.notebook.is_dir():
            raise CheckError(f"{args.notebook} is a folder: give the notebook file in it")
        if not args.notebook.is_file():
            raise CheckError(f"{args.notebook}: no such file")
        limits = catalog.limits.updated(call_timeout=args.timeout, memory_mb=args.memory_mb)
        if args.command == "check":
            return show(check_file(args.notebook, catalog, assignment=args.assignment,
                                   limits=limits, lang=args.lang))
        path = submit_file(args.notebook, args.student, args.to, catalog,
                           assignment=args.assignment, force=args.force, confirm=_confirm,
                           limits=limits, lang=args.lang)
    except BrokenPipeError:  # `| head`: the reader has gone, and needs no word about it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except (CheckError, NotebookError, HandinError, OSError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 1 if path is None else 0


if __name__ == "__main__":
    sys.exit(main())
