"""`aimath-student`'s entry point: start the self-check's child first, then everything else
(`spawn`: its imports run while this process reads the notebook and the course); at the end,
freeze what the command made, so that the exit does not scan it (as `aimath`'s launcher)."""

from __future__ import annotations

import gc
import sys

from .spawn import start_spare


def main() -> int:
    """The command line's exit code."""
    start_spare(sys.argv[1:], fresh=True)
    from .cli import main as command

    try:
        return command()
    finally:
        gc.freeze()
