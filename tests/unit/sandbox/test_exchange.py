"""One exchange with a student's process, against a fake child made of pipes: a reply's sizes
are checked before anything is stored, and what a call prints counts against that call's own
output cap."""

from __future__ import annotations

import os
import struct
import threading
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from autograder.message import msg
from autograder.sandbox import wire
from autograder.sandbox.failures import BadReturn, OutputLimit, StudentCrashed
from autograder.sandbox.host.client import SandboxBackend
from autograder.sandbox.host.exchange import Exchange, size_text
from autograder.student.limits import Limits
from autograder.student.notebook import Cell

MB = 2**20


@dataclass
class FakeChild:
    """The grader's ends of a child's four pipes (what `Spawned` holds), and the child's."""

    requests: int
    replies: int
    output: int
    status: int
    theirs: dict[str, int]
    missing: list[str] = field(default_factory=list)
    closed: bool = False

    def kill(self) -> None:
        """What `Spawned.kill` does to the grader's side: close its four ends."""
        if not self.closed:
            for fd in (self.requests, self.replies, self.output, self.status):
                os.close(fd)
            self.closed = True

    def reply(self, data: bytes) -> None:
        os.write(self.theirs["replies"], data)

    def say(self, data: bytes) -> None:
        os.write(self.theirs["output"], data)


@pytest.fixture
def child() -> Iterator[FakeChild]:
    pipes = {name: os.pipe() for name in ("requests", "replies", "output", "status")}
    fake = FakeChild(pipes["requests"][1], pipes["replies"][0], pipes["output"][0],
                     pipes["status"][0], {"requests": pipes["requests"][0],
                                          "replies": pipes["replies"][1],
                                          "output": pipes["output"][1],
                                          "status": pipes["status"][1]})
    yield fake
    fake.kill()
    for fd in fake.theirs.values():
        os.close(fd)


def framed(message: dict, buffers: list[bytes] | None = None) -> bytes:
    frame = wire.pack(message, buffers or [])
    return struct.pack("!Q", len(frame)) + frame


def exchange(child: FakeChild, output_cap: int = MB, reply_cap: int = 64 * MB) -> Exchange:
    return Exchange(child, reply_cap, output_cap, None, 4000)  # type: ignore[arg-type]


def soon(seconds: float = 5.0) -> float:
    return time.monotonic() + seconds


def test_a_reply_comes_back_with_its_buffers(child: FakeChild) -> None:
    """Does a well-formed reply come back as its message and buffers?"""
    child.reply(framed({"ok": True, "value": 1}, [b"abc"]))
    message, buffers = exchange(child).run(None, [], soon())  # type: ignore[misc]
    assert message == {"ok": True, "value": 1} and [bytes(b) for b in buffers] == [b"abc"]


def test_a_reply_announcing_a_terabyte_is_refused_before_storing_anything(
        child: FakeChild) -> None:
    """Is a frame header announcing 2**40 bytes a BadReturn at once, nothing allocated?"""
    child.reply(struct.pack("!Q", 2**40))
    talk = exchange(child)
    with pytest.raises(BadReturn) as raised:
        talk.run(None, [], soon())
    assert talk.frame is None
    assert raised.value.message == msg("sandbox.reply_too_large", size=f"{2**20} MB", limit="64")


@pytest.mark.parametrize(("size", "said"), [(2**20 + 1, "1,048,577 bytes"), (3 * 2**20, "3 MB"),
                                            (70_000_000, "66.8 MB")])
def test_a_size_over_a_limit_never_reads_as_the_limit(size: int, said: str) -> None:
    """Is a reply of 1 MB and one byte said as its bytes, never as '1 MB, over the 1 MB
    limit'?"""
    assert size_text(size) == said


@pytest.mark.parametrize(("head_len", "count"), [(wire.MAX_HEADER + 1, 0),
                                                 (2, wire.MAX_BUFFERS + 1), (2**62, 1)])
def test_an_oversized_header_or_buffer_count_is_refused_before_allocating(
        child: FakeChild, head_len: int, count: int) -> None:
    """Is a frame under the size cap whose header or buffer count is over its limit refused
    from its first 20 bytes, before its 60 MB are allocated?"""
    child.reply(struct.pack("!QQI", 60 * MB, head_len, count))
    talk = exchange(child)
    tracemalloc.start()
    try:
        with pytest.raises(StudentCrashed, match="malformed_reply"):
            talk.run(None, [], soon())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert talk.frame is None and peak < 4 * MB


def test_printing_more_than_the_cap_within_one_call_stops_it(child: FakeChild) -> None:
    """Is a call that prints more than its output cap stopped with OutputLimit?"""
    child.say(b"x" * 1500)
    with pytest.raises(OutputLimit) as raised:
        exchange(child, output_cap=1000).run(None, [], soon())
    assert raised.value.message.key == "sandbox.output_limit"


def test_printing_under_the_cap_is_drained_and_the_reply_read(child: FakeChild) -> None:
    """Is output under the cap drained (and kept while loading) and the reply still read?"""
    kept = bytearray()
    child.say(b"hello\n" * 100)
    child.reply(framed({"ok": True}))
    talk = Exchange(child, 64 * MB, 1000, kept, 10)  # type: ignore[arg-type]
    message, _ = talk.run(None, [], soon())  # type: ignore[misc]
    assert message == {"ok": True}
    assert kept == (b"hello\n" * 100)[:40]


def test_a_silent_child_times_out(child: FakeChild) -> None:
    """Does the exchange give up (None) at its deadline when nothing comes?"""
    assert exchange(child).run(None, [], time.monotonic() + 0.2) is None


def test_a_child_that_dies_is_a_crash_with_its_cause(child: FakeChild) -> None:
    """Is a reply pipe closed mid-frame a StudentCrashed saying how the child died?"""
    child.reply(struct.pack("!Q", 100))
    os.write(child.theirs["status"], b"9\n")  # the zygote reports a wait status: SIGKILL
    os.close(child.theirs.pop("replies"))
    with pytest.raises(StudentCrashed) as raised:
        exchange(child).run(None, [], soon())
    assert raised.value.message == msg("sandbox.killed_memory", signal="SIGKILL")


def serve(child: FakeChild, calls: int, printed: int) -> threading.Thread:
    """A fake student process: for each request, print `printed` bytes, then answer."""
    def run() -> None:
        for _ in range(calls):
            size = struct.unpack("!Q", os.read(child.theirs["requests"], 8))[0]
            while size:
                size -= len(os.read(child.theirs["requests"], size))
            left = printed
            try:
                while left:
                    left -= os.write(child.theirs["output"], b"p" * min(left, 65536))
            except OSError:  # the grader stopped listening: this child was stopped
                return
            child.reply(framed({"ok": True, "value": [1, None]}))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_output_cap_resets_for_every_call(child: FakeChild) -> None:
    """Do two calls that each print 60% of the cap both succeed (the cap is per call, never
    per submission), and a call over the cap still fail?"""
    backend = SandboxBackend([], Limits(output_mb=1))
    backend.child = child  # type: ignore[assignment]
    server = serve(child, 2, 600_000)
    for _ in range(2):
        reply, _ = backend.request({"op": "call", "name": "f"}, [])
        assert reply["ok"]
    server.join(timeout=5)
    server = serve(child, 1, 1_200_000)
    with pytest.raises(OutputLimit):
        backend.request({"op": "call", "name": "f"}, [])
    assert backend.child is None and child.closed  # the child that printed too much was stopped
    server.join(timeout=5)
    assert not server.is_alive()


@pytest.mark.parametrize(("status", "expected"), [
    (b"11\n", msg("sandbox.killed", signal="SIGSEGV")),
    (b"40\n", msg("sandbox.killed", signal="signal 40")),  # a real-time signal has no name
    (b"768\n", msg("sandbox.exited", code=3)),
    (b"garbage", msg("sandbox.ended")),
    (b"99999999999999999999", msg("sandbox.ended")),
])
def test_every_way_a_child_dies_is_a_crash(child: FakeChild, status: bytes,
                                            expected: object) -> None:
    """Is a child that died by any signal (even one without a name) or exit a StudentCrashed
    saying how, never another exception?"""
    os.write(child.theirs["status"], status)
    os.close(child.theirs.pop("replies"))
    with pytest.raises(StudentCrashed) as raised:
        exchange(child).run(None, [], soon())
    assert raised.value.message == expected


def test_a_child_dead_before_the_request_is_a_crash_with_its_cause(child: FakeChild) -> None:
    """Is a request to a child that died since its last reply (its request pipe has no
    reader) a StudentCrashed saying how it died, not an OSError of the grader?"""
    os.write(child.theirs["status"], b"768\n")  # exit code 3
    os.close(child.theirs.pop("requests"))
    with pytest.raises(StudentCrashed) as raised:
        exchange(child).run({"op": "call", "name": "f"}, [], soon())
    assert raised.value.message == msg("sandbox.exited", code=3)


def test_a_refused_cells_request_fails_every_cell_at_once(child: FakeChild,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """When the student's process refuses a whole request (one reply, not one per cell), is
    each of its cells reported at once, instead of waiting out a deadline per cell?"""
    cells = [Cell(i, f"code cell {i}", "x = 1") for i in (1, 2, 3)]
    backend = SandboxBackend(cells, Limits(call_timeout=5.0))
    monkeypatch.setattr(backend, "_start", lambda: setattr(backend, "child", child))
    child.reply(framed({"ok": False, "kind": "protocol", "message": "no room"}))
    started = time.monotonic()
    report = backend.load()
    assert time.monotonic() - started < 1.0
    assert [(p.cell, p.message) for p in report.cells] == [
        (c.label, msg("sandbox.refused", said="no room")) for c in cells]
