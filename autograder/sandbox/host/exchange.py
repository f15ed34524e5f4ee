"""One request/reply exchange with a student's process, under its deadline and budgets.

The reply's 8-byte length is checked against the cap before a byte of it is stored; the frame
then goes into one preallocated buffer. What the call prints is drained as it comes and counted
against the call's own output budget (never the submission's), and kept only while loading.
"""

from __future__ import annotations

import os
import selectors
import signal
import struct
import time
from collections.abc import Callable

from autograder.message import Message, msg
from autograder.sandbox import wire
from autograder.sandbox.failures import BadReturn, OutputLimit, StudentCrashed
from autograder.sandbox.host.zygote_client import Spawned

CHUNK = 1 << 20
PREFIX = 20  # a frame's length (8 bytes), its header's length (8) and buffer count (4)
Frame = tuple[dict, list[memoryview]]
OnCallback = Callable[[dict, list[memoryview]], tuple[dict, list[bytes]]]


class Exchange:
    """Write one framed request, wait for one framed reply, drain the output meanwhile.

    While a call runs, the student's function may ask for one of the test's own functions
    (`{"op": "callback"}` frames): `on_callback` answers each and the wait goes on, under the
    same deadline and budgets.
    """

    def __init__(self, child: Spawned, reply_cap: int, output_cap: int,
                 keep: bytearray | None, keep_limit: int,
                 on_callback: OnCallback | None = None) -> None:
        self.child = child
        self.on_callback = on_callback
        self.reply_cap = reply_cap
        self.output_cap = output_cap
        self.keep = keep
        self.keep_limit = keep_limit
        self.printed = 0
        self.head = bytearray()
        self.frame: bytearray | None = None
        self.filled = 0

    def run(self, message: dict | None, buffers: list[bytes], deadline: float) -> Frame | None:
        """The reply (message and buffers), or None when the deadline passed first.

        Raises `wire.WireError` for a malformed frame.
        """
        self.outgoing = memoryview(b"" if message is None else _framed(wire.pack(message, buffers)))
        with selectors.DefaultSelector() as sel:
            sel.register(self.child.replies, selectors.EVENT_READ, "reply")
            sel.register(self.child.output, selectors.EVENT_READ, "output")
            if self.outgoing:
                sel.register(self.child.requests, selectors.EVENT_WRITE, "request")
            while (left := deadline - time.monotonic()) > 0:
                for key, _ in sel.select(left):
                    if key.data == "request":
                        self._send(sel)
                    elif key.data == "output":
                        self._drain(sel)
                    elif self._receive() and (reply := self._answer(sel)) is not None:
                        self._drain_rest(sel)
                        return reply
        return None

    def _drain_rest(self, sel: selectors.BaseSelector) -> None:
        """What the call printed before its reply and is still in the pipe: this call's (its
        budget, its kept text), never the next call's. Bounded: a child that keeps printing
        after it replied is read from once per chunk, at most a few times."""
        for _ in range(8):
            if not any(key.data == "output" for key, _ in sel.select(0)):
                return
            self._drain(sel)

    def _send(self, sel: selectors.BaseSelector) -> None:
        self.outgoing = self.outgoing[os.write(self.child.requests, self.outgoing[:65536]):]
        if not self.outgoing:
            sel.unregister(self.child.requests)

    def _answer(self, sel: selectors.BaseSelector) -> Frame | None:
        """A complete frame: the reply (returned), or a callback (answered, then None)."""
        frame, self.frame = self.frame, None
        self.head, self.filled = bytearray(), 0
        assert frame is not None
        try:
            message, buffers = wire.unpack(frame)
        except wire.WireError as exc:
            problem = str(exc)
        else:
            problem = ""
        if problem:  # raised out here, so no traceback keeps the refused frame alive
            del frame
            raise wire.WireError(problem)
        if message.get("op") != "callback" or self.on_callback is None:
            return message, buffers
        was_idle = not self.outgoing
        self.outgoing = memoryview(bytes(self.outgoing)
                                   + _framed(wire.pack(*self.on_callback(message, buffers))))
        if was_idle:
            sel.register(self.child.requests, selectors.EVENT_WRITE, "request")
        return None

    def _receive(self) -> bool:
        """Read what the reply pipe holds; True once the whole frame is in. The frame's sizes
        (its length, then its header's length and buffer count) are checked before the frame
        is allocated."""
        if self.frame is None:
            chunk = os.read(self.child.replies, PREFIX - len(self.head))
            if not chunk:
                raise StudentCrashed(death(self.child.status))
            self.head += chunk
            if len(self.head) >= 8:
                self._check_size(struct.unpack_from("!Q", self.head)[0])
            if len(self.head) < PREFIX:
                return False
            self.frame = self._allocate(self.head)
            self.filled = PREFIX - 8
        view = memoryview(self.frame)[self.filled :]
        if not view:
            return True
        count = os.readv(self.child.replies, [view[:CHUNK]])
        if count == 0:
            raise StudentCrashed(death(self.child.status))
        self.filled += count
        return self.filled == len(self.frame)

    def _check_size(self, size: int) -> None:
        if size > self.reply_cap:
            raise BadReturn(msg("sandbox.reply_too_large", mb=_mb(size),
                                limit=_mb(self.reply_cap)))

    def _allocate(self, prefix: bytearray) -> bytearray:
        """The buffer of a frame whose first bytes are `prefix`, once they pass every budget."""
        size, head_len, count = struct.unpack("!QQI", prefix)
        if head_len > wire.MAX_HEADER or count > wire.MAX_BUFFERS or 12 + head_len > size:
            raise StudentCrashed(msg("sandbox.malformed_reply", said=(
                f"a header of {head_len} bytes and {count} buffers announced")))
        frame = bytearray(size)
        frame[:12] = prefix[8:]
        return frame

    def _drain(self, sel: selectors.BaseSelector) -> None:
        chunk = os.read(self.child.output, CHUNK)
        if not chunk:
            sel.unregister(self.child.output)
            return
        if self.keep is not None and len(self.keep) < self.keep_limit * 4:
            self.keep += chunk[: self.keep_limit * 4 - len(self.keep)]
        self.printed += len(chunk)
        if self.printed > self.output_cap:
            raise OutputLimit(msg("sandbox.output_limit", mb=_mb(self.output_cap)))


def _framed(frame: bytes) -> bytes:
    return struct.pack("!Q", len(frame)) + frame


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f}"


def death(status_fd: int) -> Message:
    """Why the child died, from the wait status its leader reports."""
    with selectors.DefaultSelector() as sel:
        sel.register(status_fd, selectors.EVENT_READ)
        text = os.read(status_fd, 64) if sel.select(1.0) else b""
    try:
        code = os.waitstatus_to_exitcode(int(text.strip() or b"x"))
    except (ValueError, OverflowError):
        return msg("sandbox.ended")
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:  # a real-time signal the child sent itself has no name
            name = f"signal {-code}"
        return msg("sandbox.killed_memory" if name == "SIGKILL" else "sandbox.killed",
                   signal=name)
    return msg("sandbox.exited", code=code)
