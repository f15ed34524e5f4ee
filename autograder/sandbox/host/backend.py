"""Where a submission runs: its own sandboxed process, or (trusted code only) this process.

Both backends load the submission cell by cell, report each cell that failed, and then
answer the proxy's requests; the in-process one still round-trips every value through the
wire format so the two behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from autograder.intake.submission import Submission
from autograder.sandbox import wire
from autograder.sandbox.inside.executor import Executor


@dataclass
class LoadReport:
    """What happened while the submission's cells ran, in the student's terms."""

    cells: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fatal: str | None = None

    def failed(self, label: str, message: str) -> None:
        self.cells.append({"cell": label, "status": "error", "message": message})

    def messages(self) -> list[str]:
        """Lines for the submission-level `output`, most important first."""
        lines = [self.fatal] if self.fatal else []
        lines += [f"{c['cell'].capitalize()} {c['message']} (skipped; later cells still ran)"
                  for c in self.cells]
        return lines + self.notes


class Backend(Protocol):
    """A running submission: load it, answer requests, release everything on close."""

    def load(self) -> LoadReport: ...

    def request(self, message: dict, buffers: list[bytes]) -> tuple[dict, list[bytes]]: ...

    def close(self) -> None: ...


def describe_error(reply: dict) -> str:
    """`raised NameError: name 'np' is not defined` from an executor error reply."""
    return f"raised {reply.get('type', 'an error')}: {reply.get('message', '')}".rstrip(": ")


class LocalBackend:
    """Runs a trusted submission in this process (suite development, overhead baseline)."""

    def __init__(self, submission: Submission) -> None:
        self.submission = submission
        self.executor = Executor()

    def load(self) -> LoadReport:
        report = LoadReport(notes=list(self.submission.notes))
        for cell in self.submission.cells:
            reply = self.executor.run_cell(cell.index, cell.code)
            if not reply["ok"]:
                report.failed(cell.label, describe_error(reply))
        return report

    def request(self, message: dict, buffers: list[bytes]) -> tuple[dict, list[bytes]]:
        sent, sent_buffers = wire.unpack(wire.pack(message, buffers))
        reply, reply_buffers = self.executor.handle(sent, sent_buffers)
        return wire.unpack(wire.pack(reply, reply_buffers))

    def close(self) -> None:
        self.executor = Executor()


def open_backend(submission: Submission, *, sandbox: bool = True, call_timeout: float = 10.0,
                 memory_mb: int = 512, submission_timeout: float = 300.0,
                 slot: int = 0, preload: tuple[str, ...] = (), namespaces: bool = True) -> Backend:
    """A backend for one submission: sandboxed unless the caller vouches for the code.

    `namespaces=False` runs without the namespace layer (to test the fallback).
    """
    if not sandbox:
        return LocalBackend(submission)
    from autograder.sandbox.host.client import SandboxBackend

    return SandboxBackend(submission, call_timeout=call_timeout, memory_mb=memory_mb,
                          submission_timeout=submission_timeout, slot=slot, preload=preload,
                          namespaces=namespaces)
