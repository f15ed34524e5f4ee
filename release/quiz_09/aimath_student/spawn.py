"""The self-check's child process: started, then given its job on stdin.

A child spends most of its start-up importing NumPy and pytest, before it needs to know its
job. So the commands start one as their very first step (`start_spare`, from the command
line alone) and the check takes it once the notebook and the course are read (`take`): the
imports run while this process reads them. This module imports only the standard library,
and not even pathlib, dataclasses or subprocess (11-14 ms between them, `python -X
importtime`): the spare starts before anything heavy is imported here. On Linux it is a fork
of the command (`forked`), which saves the new interpreter's own start; elsewhere, and for
any later child, a new interpreter.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import forked
from .blas import ONE_THREAD

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

    Process = subprocess.Popen[bytes] | forked.Forked


def _package_root() -> str:
    """The folder holding this package's top level (`autograder` here, `aimath_student` in
    the kit)."""
    root = os.path.realpath(__file__)
    for _ in range(len(__package__.split(".")) + 1):
        root = os.path.dirname(root)
    return root


PACKAGE_ROOT = _package_root()
CHECKING = ("check", "submit")  # the commands that run a self-check
VALUED = ("--assignment", "--lang", "--timeout", "--memory-mb", "--student", "--to")


class Child:
    """One child: the process (its stdout carries the events), the file its output goes to,
    and the folder it runs in."""

    def __init__(self, process: Process, scratch: tempfile.TemporaryDirectory[str],
                 cwd: str) -> None:
        self.process, self.scratch, self.cwd = process, scratch, cwd

    @property
    def output(self) -> Path:
        from pathlib import Path

        return Path(self.scratch.name) / "output.txt"

    @classmethod
    def start(cls, cwd: str | os.PathLike[str], *, fresh: bool = False) -> Child:
        """A child in `cwd`, importing what every check needs while it waits for its job:
        a fork of this process when it is `fresh` (it has imported only the standard
        library) and may fork, else a new interpreter."""
        scratch = tempfile.TemporaryDirectory(prefix="aimath-check-")
        folder, output = os.fspath(cwd), os.path.join(scratch.name, "output.txt")
        if fresh and forked.can_fork():
            process: Process = forked.fork(folder, output, child_environment(), PACKAGE_ROOT)
        else:
            process = _interpreter(folder, output)
        return cls(process, scratch, folder)

    def send(self, job: str) -> None:
        """Give the child its job (JSON); a child that already died shows as a crash."""
        assert self.process.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.write(job.encode("utf-8"))
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()

    def stop(self) -> None:
        """Kill the child (if still running) and remove its scratch folder."""
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(BrokenPipeError):
                    stream.close()
        self.scratch.cleanup()


def _interpreter(cwd: str, output: str) -> subprocess.Popen[bytes]:
    """`python -m <package>.child` in `cwd`, its stderr to `output`."""
    import subprocess

    command = [sys.executable, "-m", f"{__package__}.child"]
    with open(output, "ab") as out:  # appended: emptied at each call, it fills from 0 again
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=out, cwd=cwd, env=child_environment())


def compile_package() -> None:
    """Write the bytecode this package's modules lack, as Python would on import: the child
    writes none (nothing may appear beside the student's files), so a kit copied beside a
    notebook without it would compile the modules only the child imports at every check
    (27-45 ms). Once per copy; nothing where the user turned bytecode off."""
    folder = os.path.dirname(os.path.abspath(__file__))
    tag = sys.implementation.cache_tag
    if sys.dont_write_bytecode or tag is None or os.path.exists(
            os.path.join(folder, "__pycache__", f"plugin.{tag}.pyc")):
        return
    import compileall

    with contextlib.suppress(OSError):  # a read-only copy: the child compiles, as before
        compileall.compile_dir(folder, maxlevels=0, quiet=2)


def child_environment() -> dict[str, str]:
    """This environment, with this package importable, no bytecode left beside tests and
    BLAS on one thread."""
    env = dict(os.environ)
    paths = [PACKAGE_ROOT, *filter(None, [env.get("PYTHONPATH")])]
    env.update(PYTHONPATH=os.pathsep.join(paths), PYTHONIOENCODING="utf-8",
               PYTHONDONTWRITEBYTECODE="1", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", **ONE_THREAD)
    return env


def can_start_processes() -> bool:
    """False in browser Pythons (Pyodide, WASI), where `subprocess` cannot work."""
    return sys.platform not in ("emscripten", "wasi")


_spare: list[Child] = []  # at most one: started by the command line, taken by the check


def start_spare(argv: Sequence[str], *, fresh: bool = False) -> None:
    """Start a child for the notebook `argv` (a command line after the program's name) will
    check, if it names one; an unused spare is stopped when this process exits. `fresh`:
    called first thing by a command line, so the child may be a fork of it."""
    notebook = checked_notebook(argv)
    if notebook is None or _spare or not can_start_processes():
        return
    try:
        _spare.append(Child.start(os.path.dirname(os.path.realpath(notebook)), fresh=fresh))
    except OSError:  # the check starts its own child, and says what failed then
        return
    atexit.register(_stop_spare)


def checked_notebook(argv: Sequence[str]) -> str | None:
    """The existing file a `check` or `submit` command line names, else None."""
    if not argv or argv[0] not in CHECKING:
        return None
    words = iter(argv[1:])
    for word in words:
        if word in VALUED:
            next(words, None)
        elif not word.startswith("-"):
            return word if os.path.isfile(word) else None
    return None


def take(cwd: str | os.PathLike[str]) -> Child | None:
    """The spare child if it runs in `cwd` (else it is stopped): it is the caller's now."""
    if not _spare:
        return None
    child = _spare.pop()
    if child.cwd == os.fspath(cwd) and child.process.poll() is None:
        return child
    child.stop()
    return None


def _stop_spare() -> None:
    while _spare:
        _spare.pop().stop()
