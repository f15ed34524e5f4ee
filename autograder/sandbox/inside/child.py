"""The student's process: lock itself down, then answer the grader's requests forever.

File descriptors: 0 is /dev/null, 1 and 2 the capped output pipe, 3 requests in, 4 replies
out; every other descriptor is closed before any student code runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import struct
import sys
import types
from collections.abc import Sequence
from typing import Any

from autograder.sandbox import wire
from autograder.sandbox.inside import isolation, linux
from autograder.sandbox.inside.executor import Executor, decode_value, encode_value

REQUESTS, REPLIES = 3, 4
TOO_LARGE = "MemoryError: the value is too large to send back within the memory limit"


def _arrange_fds(req_r: int, rep_w: int, out_w: int) -> None:
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (req_r, rep_w, out_w)]
    null = os.open("/dev/null", os.O_RDONLY)
    for target, source in ((0, null), (1, high[2]), (2, high[2]), (REQUESTS, high[0]),
                           (REPLIES, high[1])):
        os.dup2(source, target)
    os.closerange(REPLIES + 1, 2**16)


class _Requests:
    """The request pipe, read a frame at a time: a request usually arrives whole in one read;
    whatever a read brings past the frame it completes is kept for the next one."""

    def __init__(self) -> None:
        self.unread = bytearray()

    def frame(self, fd: int) -> bytes | None:
        """One length-prefixed frame, or None when the grader has gone."""
        while (need := self._missing()) > 0:
            chunk = os.read(fd, min(max(need, 1 << 16), 1 << 20))
            if not chunk:
                return None
            self.unread += chunk
        size = 8 + struct.unpack_from("!Q", self.unread)[0]
        frame = bytes(self.unread[8:size])
        self.unread = self.unread[size:]  # a fresh buffer: a big frame's memory is let go
        return frame

    def _missing(self) -> int:
        if len(self.unread) < 8:
            return 8 - len(self.unread)
        return 8 + struct.unpack_from("!Q", self.unread)[0] - len(self.unread)


read_frame = _Requests().frame


def write_frame(fd: int, frame: bytes) -> None:
    """Send one length-prefixed frame in one write (the grader wakes once), without copying a
    large frame."""
    parts = [memoryview(struct.pack("!Q", len(frame))), memoryview(frame)]
    while parts:
        written = os.writev(fd, parts)
        while parts and written >= len(parts[0]):
            written -= len(parts.pop(0))
        if parts:
            parts[0] = parts[0][written:]


def callback(index: int, args: list, kwargs: dict) -> Any:
    """Run one of the test's own functions (passed as an argument) in the grader: ask on the
    reply pipe, wait for its answer on the request pipe, inside the call that needs it."""
    tree, buffers = encode_value((args, kwargs))
    write_frame(REPLIES, wire.pack({"op": "callback", "id": index, "args": tree}, buffers))
    frame = read_frame(REQUESTS)
    if frame is None:
        os._exit(0)  # the grader has gone
    reply, reply_buffers = wire.unpack(frame)
    if not reply.get("ok"):
        raise RuntimeError(f"the test's function failed: {reply.get('message', '')}")
    return decode_value(reply.get("value"), reply_buffers)


def serve(executor: Executor) -> None:
    """Answer requests until the grader closes the request pipe: one reply per request, and
    one per cell of a `cells` request (a notebook's cells in one request, each reply sent as
    soon as its cell has run: the grader wakes once per cell, not twice)."""
    while True:
        frame = read_frame(REQUESTS)
        if frame is None:
            return
        try:  # the grader's request: its header (a notebook's code) may fill the frame
            message, buffers = wire.unpack(frame, max_header=len(frame))
        except Exception as exc:
            write_frame(REPLIES, _refused(exc))
            continue
        del frame
        for request, given in requests(message, buffers):
            write_frame(REPLIES, answer(executor, request, given))


def requests(message: dict, buffers: Sequence[memoryview]) -> list[tuple[dict, Sequence]]:
    """The requests one frame holds, each with its buffers: a `cells` request's cells (which
    carry none), else the message itself."""
    cells = message.get("cells") if message.get("op") == "cells" else None
    return [(cell, ()) for cell in cells] if isinstance(cells, list) else [(message, buffers)]


def answer(executor: Executor, message: dict, buffers: Sequence) -> bytes:
    """Run one request; its reply's frame. Nothing of it stays alive into the next one."""
    try:
        reply, reply_buffers = executor.handle(message, buffers)
    except Exception as exc:
        return _refused(exc)
    return _framed(reply, reply_buffers)


def _refused(exc: Exception) -> bytes:
    """The reply to a request that could not be read or run."""
    return _framed({"ok": False, "kind": "protocol", "message": str(exc)}, [])


def _framed(reply: dict, reply_buffers: list[bytes]) -> bytes:
    """A reply as one frame, after what the call printed has left (so it arrives first)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        return wire.pack(reply, reply_buffers)
    except MemoryError:  # the buffers fit in memory, one more copy of them does not
        reply_buffers.clear()
        return wire.pack({"ok": False, "kind": "bad_return", "message": TOO_LARGE}, [])


def main(request: dict, fds: tuple[int, int, int], fs: isolation.Filesystem, base_bytes: int,
         pid_namespace: bool, blank: types.ModuleType) -> None:
    """Entry point after the fork (PID 1 of a namespace of its own when `pid_namespace`): a
    session of its own, the other namespaces, isolation, a greeting, then serve, running
    the submission in `blank`. Never returns."""
    try:
        os.setsid()  # the grader kills the child's group: never the zygote's
        linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
        entered = isolation.enter_namespaces(fs.shared_network) if pid_namespace else []
        if entered or not pid_namespace:
            isolation.without_namespaces(fs)  # before its descriptor is closed
        _arrange_fds(*fds)
        limits = isolation.ProcessLimits(memory_mb=int(request["memory_mb"]),
                                         cpu_seconds=int(request["cpu_seconds"]),
                                         base_bytes=base_bytes, uid=request.get("uid"))
        try:
            missing = entered + isolation.isolate_child(limits, fs, pid_namespace and not entered)
        except Exception as exc:  # fail closed: no student code runs half-isolated
            write_frame(REPLIES, wire.pack({"ok": False, "message": f"isolation: {exc}"}, []))
            return
        write_frame(REPLIES, wire.pack({"ok": True, "missing": missing}, []))
        serve(Executor(own_process=True, callback=callback, blank=blank))
    finally:
        os._exit(0)
