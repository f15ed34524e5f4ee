"""The grader's handle on its zygote: start it as a fresh interpreter, ask it for children.

A fresh interpreter (not a fork of the grader) guarantees the zygote never saw the
reference, a suite or an answer key, whatever the grader has imported by then.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass

from autograder.course.assignments import ROOT
from autograder.student.blas import ONE_THREAD

START_TIMEOUT = 120.0
ZYGOTE_ENV = {**ONE_THREAD, "LANG": "C.UTF-8", "HOME": "/tmp"}


REAPED_WITHIN = 10.0  # seconds a killed child's teardown may take before the grader goes on


class SandboxUnavailable(RuntimeError):
    """The zygote could not be started or stopped answering."""


@dataclass
class Spawned:
    """A new child: its pid (host view; also its process group), the grader's four pipe
    ends."""

    pid: int
    requests: int
    replies: int
    output: int
    status: int
    missing: list[str]
    zygote: Zygote

    def kill(self) -> None:
        """Kill the child (with its whole PID namespace) and its process group (all that is
        left to kill without a PID namespace), and wait for the zygote to reap it: a PID
        namespace's first process is reaped once every process in it is gone, so the next
        student's code never runs beside this one's (in the zygote's network namespace, where
        it is shared: `isolation.shared_network`). Then close our pipe ends."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        select.select([self.status], [], [], REAPED_WITHIN)  # its status, or the zygote gone
        for fd in (self.requests, self.replies, self.output, self.status):
            os.close(fd)


class Adopted:
    """A zygote started by another process (the batch, which then forked this worker): only
    its parent can wait for it, so it is watched through a pidfd."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.handle = os.pidfd_open(pid)

    def poll(self) -> int | None:
        """0 once it has exited, else None (its exit status is its parent's to read)."""
        return 0 if select.select([self.handle], [], [], 0)[0] else None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            signal.pidfd_send_signal(self.handle, signal.SIGKILL)

    def wait(self) -> int:
        select.select([self.handle], [], [])
        return 0


class Zygote:
    """A zygote process; `extras` names optional preloads (e.g. "sympy")."""

    process: subprocess.Popen[bytes] | Adopted

    def __init__(self, extras: tuple[str, ...] = ()) -> None:
        self.extras = extras
        ours, theirs = socket.socketpair()
        env = dict(ZYGOTE_ENV, PATH=os.environ.get("PATH", "/usr/bin:/bin"),
                   PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.sandbox.inside.zygote", str(theirs.fileno()),
             *extras],
            pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL, cwd="/")
        theirs.close()
        self.sock = ours
        self.ready = False
        self.ahead: dict | None = None  # the request of a child started ahead, not yet taken
        atexit.register(self.close)

    def _wait_ready(self) -> None:
        self.sock.settimeout(START_TIMEOUT)
        try:
            ready = self.sock.recv(5)
        except OSError as exc:
            raise SandboxUnavailable(f"the sandbox zygote did not start: {exc}") from None
        if ready != b"ready":
            raise SandboxUnavailable("the sandbox zygote exited while starting")
        self.ready = True

    def spawn(self, request: dict, ahead: bool = False) -> Spawned:
        """Ask for one isolated child (waiting for the zygote to finish starting). With
        `ahead`, the next child with the same request is started now, while this one works,
        and handed out by the next call; only where PID namespaces keep the two apart."""
        child = self._take_ahead(request)
        if child is None:
            if not self.ready:
                self._wait_ready()
            self._send(json.dumps(request))
            child = self._receive()
        if ahead and not child.missing:
            self._send(json.dumps(request))
            self.ahead = request
        return child

    def _take_ahead(self, request: dict) -> Spawned | None:
        """The child started ahead, if it was asked for with this request (else killed)."""
        if self.ahead is None:
            return None
        wanted, self.ahead = self.ahead, None
        child = self._receive()
        if wanted == request:
            return child
        child.kill()
        return None

    def _send(self, text: str) -> None:
        try:
            self.sock.sendall(text.encode())
        except OSError as exc:
            raise SandboxUnavailable(f"the sandbox zygote stopped answering: {exc}") from None

    def _receive(self) -> Spawned:
        try:
            data, fds, _, _ = socket.recv_fds(self.sock, 65536, 4)
        except OSError as exc:
            raise SandboxUnavailable(f"the sandbox zygote stopped answering: {exc}") from None
        if not data or len(fds) != 4:
            raise SandboxUnavailable("the sandbox zygote stopped answering")
        reply = json.loads(data)
        if "pid" not in reply:
            for fd in fds:
                os.close(fd)
            raise SandboxUnavailable(reply.get("error", "the sandbox could not start"))
        requests, replies, output, status = fds
        return Spawned(reply["pid"], requests, replies, output, status,
                       reply.get("missing", []), self)

    def pin(self, cpu: int) -> None:
        """Run the zygote, and so every child it hands out from now on, on `cpu` only (a
        child started ahead, on any CPU, is discarded)."""
        with contextlib.suppress(ProcessLookupError):
            os.sched_setaffinity(self.process.pid, {cpu})
        self.discard_ahead()

    def discard_ahead(self) -> None:
        """Kill the child started ahead, if any (it never ran anything)."""
        ahead = self._take_ahead({})
        if ahead is not None:
            ahead.kill()

    def sweep(self, uid: int) -> None:
        """Kill every process of `uid` (needed where no PID namespace contains them)."""
        if not self.ready or self.process.poll() is not None:
            raise SandboxUnavailable("the sandbox zygote is not running")
        self.discard_ahead()  # one request at a time on the socket: take it first
        try:
            self.sock.sendall(json.dumps({"op": "sweep", "uid": uid}).encode())
            answer = self.sock.recv(5)
        except OSError as exc:
            raise SandboxUnavailable(f"the sandbox zygote stopped answering: {exc}") from None
        if answer != b"swept":
            raise SandboxUnavailable("the sandbox zygote stopped answering")

    def close(self) -> None:
        """Stop the zygote (its children die with it through PDEATHSIG)."""
        if self.process.poll() is None:
            self.sock.close()
            self.process.kill()
            self.process.wait()


_shared: dict[tuple[str, ...], Zygote] = {}


def shared(extras: tuple[str, ...] = ()) -> Zygote:
    """This process's zygote for `extras`, started on first use and restarted if it died.

    Call it early (before collecting a suite) to overlap the zygote's start with other work.
    """
    zygote = _shared.get(extras)
    if zygote is None or zygote.process.poll() is not None:
        zygote = _shared[extras] = Zygote(extras)
    return zygote


_early: list[Zygote] = []  # started ahead of need by `start_early`, not yet taken


def start_early(extras: tuple[str, ...], count: int) -> None:
    """Start `count` zygotes for `extras` now, for `take` to hand out: a batch calls it first
    thing, so they boot on the idle CPUs while it imports the grader and finds the
    submissions."""
    _early.extend(Zygote(extras) for _ in range(count))


def take(extras: tuple[str, ...]) -> Zygote:
    """A zygote for `extras` to hand to a worker: one started early if any is left, else a
    new one."""
    for zygote in _early:
        if zygote.extras == extras and zygote.process.poll() is None:
            _early.remove(zygote)
            return zygote
    return Zygote(extras)


def close_early() -> None:
    """Stop the zygotes started early that no worker took."""
    while _early:
        _early.pop().close()


def adopt(zygote: Zygote) -> None:
    """Make `zygote`, started by this process's parent before it forked this one, this
    process's zygote for its extras."""
    zygote.process = Adopted(zygote.process.pid)
    _shared[zygote.extras] = zygote


def close_all() -> None:
    """Stop every zygote this process started (and so every child it has)."""
    for zygote in _shared.values():
        zygote.close()
