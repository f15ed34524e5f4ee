"""Where a submission runs: its own sandboxed process, or (trusted code only) this process.

Both backends load the submission cell by cell, report each cell that failed, and then
answer the proxy's requests; the in-process one still round-trips every value through the
wire format so the two behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from autograder.grading.model import CellProblem, Failure, SandboxWarning
from autograder.message import Message, capped, msg
from autograder.sandbox import wire
from autograder.sandbox.failures import SAID_CAP, TYPE_CAP
from autograder.sandbox.host.exchange import OnCallback
from autograder.sandbox.inside.executor import Executor, decode_value, encode_value
from autograder.student.limits import Limits
from autograder.student.notebook import Cell

PRINTED_KEEP = 4000  # characters of what loading printed that the student is shown


@dataclass
class LoadReport:
    """What happened while the submission's cells ran, as data."""

    cells: list[CellProblem] = field(default_factory=list)
    printed: str = ""
    warnings: list[SandboxWarning] = field(default_factory=list)
    fatal: Message | None = None


class Backend(Protocol):
    """A running submission: load it, answer requests, release everything on close."""

    def load(self) -> LoadReport: ...

    def request(self, message: dict, buffers: list[bytes], limit: int | None = None,
                on_callback: OnCallback | None = None) -> tuple[dict, list[memoryview]]: ...

    def close(self) -> None: ...


def error_message(reply: dict) -> Message:
    """`raised NameError: name 'np' is not defined` from an executor's error reply."""
    return msg("student.raised", type=capped(str(reply.get("type", "Exception")), TYPE_CAP),
               said=capped(str(reply.get("message", "")), SAID_CAP),
               where=capped(str(reply.get("traceback", "")), SAID_CAP))


class LocalBackend:
    """Runs a trusted submission in this process (suite development, overhead baseline)."""

    def __init__(self, cells: list[Cell]) -> None:
        self.cells = cells
        self.executor = Executor()

    def load(self) -> LoadReport:
        report = LoadReport()
        for cell in self.cells:
            reply = self.executor.run_cell(cell.index, cell.code, cell.label, cell.first_line)
            if not reply["ok"]:
                report.cells.append(CellProblem(cell.label, error_message(reply),
                                                Failure.RAISED))
        return report

    def request(self, message: dict, buffers: list[bytes], limit: int | None = None,
                on_callback: OnCallback | None = None) -> tuple[dict, list[memoryview]]:
        def callback(index: int, args: list, kwargs: dict) -> object:
            assert on_callback is not None
            tree, out = encode_value((args, kwargs))
            asked, asked_buffers = wire.unpack(wire.pack(
                {"op": "callback", "id": index, "args": tree}, out))
            reply, reply_buffers = wire.unpack(wire.pack(*on_callback(asked, asked_buffers)))
            if not reply.get("ok"):
                raise RuntimeError(f"the test's function failed: {reply.get('message', '')}")
            return decode_value(reply.get("value"), reply_buffers)

        self.executor.callback = callback if on_callback else None
        sent, sent_buffers = wire.unpack(wire.pack(message, buffers))
        reply, reply_buffers = self.executor.handle(sent, [bytes(b) for b in sent_buffers])
        return wire.unpack(wire.pack(reply, reply_buffers))

    def close(self) -> None:
        self.executor = Executor()


def open_backend(cells: list[Cell], limits: Limits, *, sandbox: bool = True, slot: int = 0,
                 preload: tuple[str, ...] = (), namespaces: bool = True,
                 functions: int = 1) -> Backend:
    """A backend for one submission: sandboxed unless the caller vouches for the code.

    `namespaces=False` runs without the namespace layer (to test the fallback); `functions`
    is how many functions share the submission's time (`SandboxBackend`).
    """
    if not sandbox:
        return LocalBackend(cells)
    from autograder.sandbox.host.client import SandboxBackend

    return SandboxBackend(cells, limits, slot=slot, preload=preload, namespaces=namespaces,
                          functions=functions)
