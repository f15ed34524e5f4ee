"""One request/reply exchange with a student's process, under its deadline and budgets.

The reply's 8-byte length is checked against the cap before a byte of it is stored; the frame
then goes into one preallocated buffer. What the call prints is drained as it comes and counted
against the call's own output budget (never the submission's), and kept only while loading.
"""

from __future__ import annotations

import math
import os
import select
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


def poller_of(child: Spawned) -> select.poll:
    """The poller of a child's reply and output pipes, made once per child: each exchange
    then costs one poll per event. The request pipe turns non-blocking, so a request is
    written at once and only its rest (a child that stopped reading) waits for the poller."""
    os.set_blocking(child.requests, False)
    poller = select.poll()
    poller.register(child.replies, select.POLLIN)
    poller.register(child.output, select.POLLIN)
    return poller


class Exchange:
    """Write one framed request, wait for one framed reply, drain the output meanwhile.

    While a call runs, the student's function may ask for one of the test's own functions
    (`{"op": "callback"}` frames): `on_callback` answers each and the wait goes on, under the
    same deadline and budgets.
    """

    def __init__(self, child: Spawned, reply_cap: int, output_cap: int,
                 keep: bytearray | None, keep_limit: int,
                 on_callback: OnCallback | None = None,
                 poller: select.poll | None = None) -> None:
        self.child = child
        self.on_callback = on_callback
        self.reply_cap = reply_cap
        self.output_cap = output_cap
        self.keep = keep
        self.keep_limit = keep_limit
        self.poller = poller or poller_of(child)
        self.printed = 0
        self.head = bytearray()
        self.frame: bytearray | None = None
        self.filled = 0
        self.writing = False

    def run(self, message: dict | None, buffers: list[bytes], deadline: float) -> Frame | None:
        """The reply (message and buffers), or None when the deadline passed first.

        Raises `wire.WireError` for a malformed frame.
        """
        self.outgoing = memoryview(b"" if message is None else framed(message, buffers))
        try:
            self._send()
            while (left := deadline - time.monotonic()) > 0:
                for fd, _ in self.poller.poll(math.ceil(left * 1000)):
                    if fd == self.child.requests:
                        self._send()
                    elif fd == self.child.output:
                        self._drain()
                    elif self._receive() and (reply := self._answer()) is not None:
                        self._drain_rest()
                        return reply
            return None
        finally:
            if self.writing:
                self.poller.unregister(self.child.requests)
                self.writing = False

    def _drain_rest(self) -> None:
        """What the call printed before its reply and is still in the pipe: this call's (its
        budget, its kept text), never the next call's. Bounded: a child that keeps printing
        after it replied is read from once per chunk, at most a few times."""
        for _ in range(8):
            if not any(fd == self.child.output for fd, _ in self.poller.poll(0)):
                return
            self._drain()

    def _send(self) -> None:
        """Write what the pipe takes now; wait for the poller only for the rest. A child
        that died since its last reply is a crash, with its cause."""
        if self.outgoing:
            try:
                self.outgoing = self.outgoing[os.write(self.child.requests,
                                                       self.outgoing[:CHUNK]):]
            except BlockingIOError:
                pass
            except BrokenPipeError:
                raise StudentCrashed(death(self.child.status)) from None
        if bool(self.outgoing) != self.writing:
            if self.outgoing:
                self.poller.register(self.child.requests, select.POLLOUT)
            else:
                self.poller.unregister(self.child.requests)
            self.writing = bool(self.outgoing)

    def _answer(self) -> Frame | None:
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
        self.outgoing = memoryview(bytes(self.outgoing)
                                   + framed(*self.on_callback(message, buffers)))
        self._send()
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
            raise BadReturn(msg("sandbox.reply_too_large", size=size_text(size),
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

    def _drain(self) -> None:
        chunk = os.read(self.child.output, CHUNK)
        if not chunk:  # the child closed its output: never polled again
            self.poller.unregister(self.child.output)
            return
        if self.keep is not None and len(self.keep) < self.keep_limit * 4:
            self.keep += chunk[: self.keep_limit * 4 - len(self.keep)]
        self.printed += len(chunk)
        if self.printed > self.output_cap:
            raise OutputLimit(msg("sandbox.output_limit", mb=_mb(self.output_cap)))


def framed(message: dict, buffers: list[bytes]) -> bytes:
    """A request as it goes down the pipe: its length, then `wire.pack`'s frame."""
    return wire.pack(message, buffers, prefix=True)


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f}"


def size_text(size: int) -> str:
    """A size as a person reads it, never rounded onto a limit it is over: whole
    megabytes, else bytes below 10 MB, else megabytes to one decimal."""
    if size % 2**20 == 0:
        return f"{size // 2**20} MB"
    return f"{size:,} bytes" if size < 10 * 2**20 else f"{size / 2**20:.1f} MB"


def death(status_fd: int) -> Message:
    """Why the child died, from the wait status the zygote reports when it reaps it."""
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
