"""The grader's side of one sandboxed submission: load it, call it, kill it.

Every exchange has a wall-clock deadline; the output pipe is drained (and capped) while we
wait, so a student who prints gigabytes or never reads cannot block the grader. A call that
times out or crashes kills the child; the next call starts a fresh one and replays the cells
that loaded fine, so one broken function costs only its own tests.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import struct
import time

from autograder.grading.proxy import BadReturn, StudentCrashed, StudentTimeout
from autograder.intake.submission import Cell, Submission
from autograder.sandbox import wire
from autograder.sandbox.host import zygote_client
from autograder.sandbox.host.backend import LoadReport, describe_error

MAX_REPLY = 256 * 2**20
MAX_OUTPUT = 64 * 2**20
KEEP_OUTPUT = 8 * 1024
MAX_RESTARTS = 8
UID_BASE = 61000


class SandboxBackend:
    """One submission in its own isolated process (restarted after a crash or timeout)."""

    def __init__(self, submission: Submission, *, call_timeout: float = 10.0,
                 memory_mb: int = 512, submission_timeout: float = 300.0, slot: int = 0,
                 preload: tuple[str, ...] = (), namespaces: bool = True) -> None:
        self.submission = submission
        self.preload = preload
        self.call_timeout = call_timeout
        self.budget = submission_timeout
        self.uid = UID_BASE + slot if os.geteuid() == 0 else None
        self.request_base = {"op": "spawn", "memory_mb": memory_mb,
                             "cpu_seconds": int(submission_timeout) + 5,
                             "uid": self.uid,
                             "namespaces": namespaces}
        self.child: zygote_client.Spawned | None = None
        self.good: list[Cell] = []
        self.spent = 0.0
        self.restarts = 0
        self.output = bytearray()
        self.printed = 0
        self.warnings: list[str] = []

    # -- lifecycle -------------------------------------------------------------------
    def load(self) -> LoadReport:
        """Run every cell once, in order; a failing cell is reported and skipped."""
        report = LoadReport(notes=list(self.submission.notes))
        try:
            self._start()
        except (zygote_client.SandboxUnavailable, StudentCrashed, StudentTimeout) as exc:
            report.fatal = f"Your code could not be started: {exc}"
            return report
        for cell in self.submission.cells:
            error = self._run_cell(cell)
            if error:
                report.failed(cell.label, error)
            else:
                self.good.append(cell)
        printed = self.output.decode("utf-8", "replace").strip()
        if printed:
            report.notes.append("Printed while loading:\n" + printed[-2000:])
        report.notes += self.warnings
        return report

    def _run_cell(self, cell: Cell) -> str | None:
        if self.child is None:
            return "not run: your code could not be restarted after an earlier cell"
        try:
            reply, _ = self._exchange({"op": "cell", "index": cell.index, "code": cell.code}, [])
        except StudentTimeout:
            error = f"did not finish within {self.call_timeout:g} s"
        except StudentCrashed as exc:
            error = str(exc)
        else:
            return None if reply.get("ok") else describe_error(reply)
        self._restart_quietly()
        return error

    def request(self, message: dict, buffers: list[bytes]) -> tuple[dict, list[bytes]]:
        """Send one request to the student's process (restarting it first if it died)."""
        if self.child is None:
            self._restart()
        try:
            return self._exchange(message, buffers)
        except (StudentTimeout, StudentCrashed, BadReturn):
            self._stop()
            raise

    def reset(self) -> None:
        """Stop the process (the next request starts a fresh one), e.g. after a forged reply."""
        self._stop()

    def close(self) -> None:
        self._stop()

    def _start(self) -> None:
        self.child = zygote_client.shared(self.preload).spawn(self.request_base)
        self.warnings = [_unavailable(m) for m in self.child.missing]
        hello, _ = self._exchange(None, [])
        if not hello.get("ok"):
            raise StudentCrashed(str(hello.get("message", "the sandbox refused to start")))
        self.warnings += [_unavailable(str(m)) for m in hello.get("missing", [])]

    def _restart(self) -> None:
        self._stop()
        if self.restarts >= MAX_RESTARTS:
            raise StudentCrashed(f"not run: your code crashed or timed out {MAX_RESTARTS} times")
        self.restarts += 1
        self._start()
        for cell in self.good:
            self._exchange({"op": "cell", "index": cell.index, "code": cell.code}, [])

    def _restart_quietly(self) -> None:
        try:
            self._restart()
        except (StudentTimeout, StudentCrashed, zygote_client.SandboxUnavailable):
            self._stop()

    def _stop(self) -> None:
        child, self.child = self.child, None
        if child is None:
            return
        child.kill()
        if child.missing and self.uid is not None:  # no PID namespace held its processes
            with contextlib.suppress(zygote_client.SandboxUnavailable):
                child.zygote.sweep(self.uid)

    # -- one exchange ----------------------------------------------------------------
    def _exchange(self, message: dict | None, buffers: list[bytes]) -> tuple[dict, list[bytes]]:
        """Send a request (None: just read the greeting) and wait for the reply frame."""
        assert self.child is not None
        left = self.budget - self.spent
        if left <= 0:
            raise StudentTimeout(f"not run: your code used its whole {self.budget:g} s budget")
        timeout = min(self.call_timeout, left)
        started = time.monotonic()
        try:
            frame = self._wait(self.child, message, buffers, started + timeout)
        finally:
            self.spent += time.monotonic() - started
        if frame is None:
            raise StudentTimeout(f"timed out after {timeout:g} s (the call was stopped)")
        try:
            return wire.unpack(frame)
        except wire.WireError as exc:
            raise StudentCrashed(f"the student process sent a malformed reply ({exc})") from None

    def _wait(self, child: zygote_client.Spawned, message: dict | None, buffers: list[bytes],
              deadline: float) -> bytes | None:
        outgoing = b"" if message is None else _framed(wire.pack(message, buffers))
        incoming = bytearray()
        with selectors.DefaultSelector() as sel:
            sel.register(child.replies, selectors.EVENT_READ, "reply")
            sel.register(child.output, selectors.EVENT_READ, "output")
            if outgoing:
                sel.register(child.requests, selectors.EVENT_WRITE, "request")
            while (left := deadline - time.monotonic()) > 0:
                for key, _ in sel.select(left):
                    if key.data == "request":
                        outgoing = outgoing[os.write(child.requests, outgoing[:65536]):]
                        if not outgoing:
                            sel.unregister(child.requests)
                    elif key.data == "output":
                        self._drain(child.output, sel)
                    elif self._receive(child, incoming):
                        return bytes(incoming[8:])
        return None

    def _receive(self, child: zygote_client.Spawned, incoming: bytearray) -> bool:
        chunk = os.read(child.replies, 1 << 20)
        if not chunk:
            raise StudentCrashed(_death(child.status))
        incoming += chunk
        if len(incoming) < 8:
            return False
        size = struct.unpack_from("!Q", incoming)[0]
        if size > MAX_REPLY:
            raise BadReturn(f"returned {size / 2**20:.0f} MB, over the "
                            f"{MAX_REPLY // 2**20} MB limit")
        return len(incoming) >= 8 + size

    def _drain(self, fd: int, sel: selectors.BaseSelector) -> None:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            sel.unregister(fd)
            return
        if len(self.output) < KEEP_OUTPUT:
            self.output += chunk[: KEEP_OUTPUT - len(self.output)]
        self.printed += len(chunk)
        if self.printed > MAX_OUTPUT:
            raise StudentCrashed(f"printed more than {MAX_OUTPUT // 2**20} MB; the process "
                                 "was stopped")


def _unavailable(layer: str) -> str:
    return f"WARNING: sandbox layer unavailable on this machine: {layer} (the others still apply)"


def _framed(frame: bytes) -> bytes:
    return struct.pack("!Q", len(frame)) + frame


def _death(status_fd: int) -> str:
    """Why the child died, from the wait status its leader reports."""
    sel = selectors.DefaultSelector()
    sel.register(status_fd, selectors.EVENT_READ)
    text = b""
    if sel.select(1.0):
        text = os.read(status_fd, 64)
    sel.close()
    try:
        code = os.waitstatus_to_exitcode(int(text.strip() or b"x"))
    except ValueError:
        return "the process ended during the call"
    if code < 0:
        name = signal.Signals(-code).name
        hint = " (memory or process limit?)" if name == "SIGKILL" else ""
        return f"the process was killed by {name}{hint}"
    return f"the process exited with code {code} during the call"
