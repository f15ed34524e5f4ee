"""The spare child forked from a command that has only just started: the parent sees it as
a `Popen` (exit codes, kill, reaping), and forks only where that is safe."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

from autograder.student import forked


@contextlib.contextmanager
def _fork(then: str) -> Iterator[forked.Forked]:
    """A fork of this process that exits with 3 at once, or sleeps until killed."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        if then == "exit":
            os._exit(3)
        time.sleep(60)
        os._exit(0)
    with os.fdopen(write, "wb") as stdin, os.fdopen(read, "rb") as stdout:
        yield forked.Forked(pid, stdin, stdout)


def test_an_exit_code_reads_as_popen_gives_it():
    """Does `wait` give the child's exit code, and `poll` keep giving it once reaped?"""
    with _fork("exit") as child:
        assert child.wait() == 3 and child.poll() == 3


def test_a_killed_child_reads_as_the_negative_signal():
    """Is a running child's `poll` None, and after `kill`, does `wait` give -9 as `Popen`
    would? Does a second `kill` after reaping leave the (maybe reused) pid alone?"""
    with _fork("sleep") as child:
        assert child.poll() is None
        child.kill()
        assert child.wait() == -9
        child.kill()
        assert child.returncode == -9


def test_no_fork_while_another_thread_runs():
    """A fork keeps only the calling thread (and whatever locks the others held): with a
    second thread alive, is forking refused, and allowed in a new process on Linux?"""
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not forked.can_fork()
    finally:
        release.set()
        thread.join()
    fresh = subprocess.run([sys.executable, "-c", "from autograder.student import forked; "
                            "print(forked.can_fork())"], capture_output=True, text=True,
                           check=True)
    assert fresh.stdout.strip() == str(sys.platform.startswith("linux"))
