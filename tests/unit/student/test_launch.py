"""The command lines' entry points: whatever the command did, everything it made is frozen
before the interpreter exits, so the exit frees it without scanning it for cycles."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("frozen" if gc.get_freeze_count() else "scanned"))
sys.argv = ["prog", *{argv!r}]
from {module} import main
sys.exit(main())
"""


@pytest.mark.parametrize(("module", "argv"), [
    ("autograder.launch", ["list"]),
    ("autograder.launch", ["check", "missing.ipynb"]),  # a usage error exits too
    ("autograder.student.launch", ["check", "missing.ipynb"]),
])
def test_the_exit_finds_everything_frozen(module: str, argv: list[str]) -> None:
    run = subprocess.run([sys.executable, "-c", PROBE.format(module=module, argv=argv)],
                         capture_output=True, text=True, timeout=60)
    assert run.stdout.splitlines()[-1] == "frozen", run.stdout[-2000:] + run.stderr[-2000:]
