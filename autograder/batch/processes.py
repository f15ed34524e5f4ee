"""The batch's worker processes: started (forked from the batch, or as fresh interpreters),
fed sources, read line by line, replaced when they die, waited for at the end.

A worker forked from the batch skips the interpreter's start and the imports; its zygote is
started by the batch first (a fresh interpreter, as every zygote) so it boots meanwhile, and
handed over to the worker alone.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NoReturn

from autograder.batch.outputs import prepare_pages
from autograder.batch.tasks import WorkerConfig, source_to_json
from autograder.course import assignments
from autograder.intake.discover import Source
from autograder.sandbox.host import zygote_client
from autograder.student.blas import ONE_THREAD


class BatchError(RuntimeError):
    """The batch cannot run at all (locked output folder, broken suite)."""


_numpy_ours = False  # did `start_workers` load NumPy here (with one BLAS thread)?


def start_workers(config: WorkerConfig, count: int) -> list[Worker]:
    """`count` workers: forked from this process once it has imported the grader (each
    then skips the imports and the interpreter's start), with their zygotes started first
    so they boot meanwhile. Fresh interpreters instead where a fork would not be clean: a
    thread running here (a lock it holds would stay locked in the fork forever), or NumPy
    loaded by someone else (with the caller's BLAS threads, not one)."""
    global _numpy_ours
    if threading.active_count() > 1 or ("numpy" in sys.modules and not _numpy_ours):
        zygote_client.close_early()  # each fresh interpreter starts its own
        return [Worker(config, i) for i in range(count)]
    extras = config.zygote_extras
    zygotes = [None if extras is None else zygote_client.take(extras) for _ in range(count)]
    zygote_client.close_early()
    os.environ.update(ONE_THREAD)  # before NumPy loads here: the forks inherit its BLAS
    with _imports_kept():
        importlib.import_module("autograder.batch.worker")  # what every fork then shares
        _numpy_ours = True  # loaded here, on one thread: the next batch (`aimath demo`) forks
        prepare_pages()
    sys.stdout.flush()
    sys.stderr.flush()
    pool = [Worker(config, i, zygote, fork=True) for i, zygote in enumerate(zygotes)]
    for zygote in zygotes:
        if zygote is not None:  # its worker holds the socket now: it alone, so its exit
            zygote.sock.close()  # is the zygote's end of file
    return pool


@contextlib.contextmanager
def _imports_kept() -> Iterator[None]:
    """No garbage collection while the grader is imported (what an import makes lives as
    long as the process), then everything made so far moved out of the collector's sight
    (`gc.freeze`): this process's later collections, and the forks', never scan it again,
    and a fork's collections never copy the pages they would have touched. About 0.1 s of
    the batch's CPU on 200 submissions."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class _Forked:
    """A worker forked from this process (it runs `batch.worker.serve`, never returns)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


class Worker:
    """One worker process (forked, or `python -m autograder.batch.boot`) and the sources it
    is working on."""

    def __init__(self, config: WorkerConfig, index: int,
                 zygote: zygote_client.Zygote | None = None, fork: bool = False) -> None:
        self.config = config
        self.in_flight: dict[str, Source] = {}
        self.crashes: dict[str, int] = {}
        self.log = Path(config.out) / ".logs" / f"worker-{index}.log"
        self.zygote = zygote
        self.log.parent.mkdir(parents=True, exist_ok=True)
        if fork:
            self._fork()
        else:
            self._spawn()

    def _spawn(self) -> None:
        read, write = os.pipe()
        with open(self.log, "a") as log:
            self.process: subprocess.Popen[str] | _Forked = subprocess.Popen(
                [sys.executable, "-m", "autograder.batch.boot", self.config.to_json(),
                 str(write)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log, pass_fds=[write],
                text=True, cwd=str(assignments.ROOT), env={**os.environ, **ONE_THREAD})
        os.close(write)
        assert self.process.stdin is not None
        self.tasks: IO[str] = self.process.stdin
        self._listen(read)

    def _fork(self) -> None:
        tasks, give = os.pipe()
        read, write = os.pipe()
        log = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        pid = os.fork()
        if pid == 0:
            _serve_forked(self.config, tasks, write, log, self.zygote)
        for fd in (tasks, write, log):
            os.close(fd)
        self.process = _Forked(pid)
        self.tasks = os.fdopen(give, "w")
        self._listen(read)

    def _listen(self, read: int) -> None:
        self.channel = read
        self.unread = b""

    def wait_ready(self) -> str:
        """The worker's fingerprint, once its suite is collected."""
        messages: list[dict] | None = []
        while messages == []:
            messages = self.receive()
        message = messages[0] if messages else None
        if message is None or "ready" not in message:
            raise BatchError(str((message or {}).get("fatal") or
                                 f"a grading worker failed to start; see {self.log}"))
        return str(message["ready"])

    def receive(self) -> list[dict] | None:
        """The messages that have arrived, in one read (it waits unless the channel is
        readable); None once the worker has exited. Lines are split here: a buffered reader
        could keep a line that select() then never reports, an unbuffered one reads a byte
        at a time."""
        chunk = os.read(self.channel, 1 << 16)
        if not chunk:
            return None
        *lines, self.unread = (self.unread + chunk).split(b"\n")
        return [json.loads(line) for line in lines]

    @property
    def busy(self) -> bool:
        return bool(self.in_flight)

    def send(self, source: Source) -> None:
        self.in_flight[source.student] = source
        self.tasks.write(json.dumps(source_to_json(source)) + "\n")
        self.tasks.flush()

    def done(self, student: str) -> None:
        self.in_flight.pop(student, None)

    def restart(self) -> list[Source]:
        """A fresh interpreter in place of a worker that died (never a fork: by now this
        process runs other threads); the sources it had."""
        lost = list(self.in_flight.values())
        self.in_flight.clear()
        self.stop()
        self._spawn()
        self.wait_ready()
        return lost

    def close_input(self) -> None:
        """No more sources: the worker finishes what it has and exits."""
        with contextlib.suppress(OSError):
            self.tasks.close()

    def stop(self) -> None:
        """Let the worker finish (at most 30 s, then kill it): woken the moment it exits,
        not at `Popen.wait`'s next polling tick; then its zygote, if this process started it."""
        self.close_input()
        if not _exits_within(self.process.pid, 30.0):
            self.process.kill()
        self.process.wait()
        os.close(self.channel)
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None


def _serve_forked(config: WorkerConfig, tasks: int, channel: int, log: int,
                  zygote: zygote_client.Zygote | None) -> NoReturn:
    """The forked worker: only its own descriptors kept (another worker's pipe held open
    here would hide that worker's end of input), stderr to its log, then serve."""
    try:
        keep = {tasks, channel, log, zygote.sock.fileno() if zygote else -1}
        for name in os.listdir("/proc/self/fd"):
            if int(name) > 2 and int(name) not in keep:
                with contextlib.suppress(OSError):  # the listing's own descriptor
                    os.close(int(name))
        os.dup2(log, 2)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        if zygote is not None:
            zygote_client.adopt(zygote)
        from autograder.batch import worker

        worker.serve(config, tasks, channel)
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(1)  # never back into the batch's own code


def _exits_within(pid: int, seconds: float) -> bool:
    """Does process `pid` (our child) exit within `seconds`?"""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([handle], [], [], seconds)[0])
    finally:
        os.close(handle)
