"""`aimath`'s entry point: for `check` and `submit`, start the self-check's child before the
command line's own imports (`autograder.student.spawn`), then run the click group. It lives
outside `autograder.cli`, whose package imports click and the course settings first."""

from __future__ import annotations

import sys

from autograder.student.spawn import start_spare


def main() -> None:
    """Run the `aimath` command line."""
    start_spare(sys.argv[1:], fresh=True)
    from autograder.cli import main as group

    group()
