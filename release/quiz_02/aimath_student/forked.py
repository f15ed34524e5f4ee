"""The spare child forked from a command that has only just started (Linux).

A new interpreter spends 26-29 ms starting and reading `site` before its first import
(`python -c pass` in the course's venv on a 2-core machine); a fork of a command that
has imported nothing but the standard library skips that, and the spare's start is on the
check's critical path. The forked child is made to look as `python -m
<package>.child` would (folder, `sys.path[0]`, environment, UTF-8 output, no bytecode
written), and the parent sees the subset of `subprocess.Popen` the watchdog uses.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Mapping
from typing import IO


class Forked:
    """A forked child as the watchdog uses a `Popen`: its pipes, `poll`, `kill`, `wait`."""

    def __init__(self, pid: int, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self.pid, self.stdin, self.stdout = pid, stdin, stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit code (negative: the signal) once the child ended, else None."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self) -> int:
        """Wait for the child's end; its exit code."""
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        """SIGKILL, unless it already ended and was reaped (its pid may be another's now)."""
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def can_fork() -> bool:
    """Forking is cheap and safe here: Linux, and no thread but this one (a fork keeps only
    the calling thread, and the locks the others held)."""
    threading = sys.modules.get("threading")
    return sys.platform.startswith("linux") and (threading is None
                                                 or threading.active_count() == 1)


def fork(cwd: str, output: str, env: Mapping[str, str], package_root: str) -> Forked:
    """A child of this process running `<package>.child` in `cwd`, its stderr to `output`."""
    job_read, job_write = os.pipe()
    events_read, events_write = os.pipe()
    # appended: the child empties it as each call starts, and the next write lands at 0
    out = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
    for stream in (sys.stdout, sys.stderr):  # nothing of this process's is printed twice
        if stream is not None:
            stream.flush()
    try:
        pid = os.fork()
    except OSError:  # no spare: the check starts its own child
        for fd in (job_read, job_write, events_read, events_write, out):
            os.close(fd)
        raise
    if pid == 0:
        _run_child(cwd, (job_read, events_write, out), env, package_root)
    for fd in (job_read, events_write, out):
        os.close(fd)
    return Forked(pid, os.fdopen(job_write, "wb"), os.fdopen(events_read, "rb"))


def _run_child(cwd: str, stdio: tuple[int, int, int], env: Mapping[str, str],
               package_root: str) -> None:
    """Become `python -m <package>.child` run in `cwd`; never returns."""
    code = 1
    try:
        for target, fd in enumerate(stdio):
            os.dup2(fd, target)
        os.closerange(3, 1 << 16)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.path[:] = [os.getcwd(), package_root, *sys.path[1:]]  # as PYTHONPATH makes it
        sys.dont_write_bytecode = True
        _std_streams()
        from . import child

        sys.argv = [child.__file__ or "child.py"]
        code = child.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # as an uncaught exception in `python -m`: told on stderr
        traceback.print_exc()
    finally:
        os._exit(code)


def _std_streams() -> None:
    """New standard streams on fds 0-2, in UTF-8 as `PYTHONIOENCODING` makes them (this
    process's own may differ, or be None when it started without them)."""
    sys.stdin = os.fdopen(0, "r", encoding="utf-8", closefd=False)
    sys.stdout = os.fdopen(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = os.fdopen(2, "w", encoding="utf-8", errors="backslashreplace",
                           closefd=False, buffering=1)
