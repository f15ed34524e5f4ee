"""The grader's side of one sandboxed submission: load it, call it, kill it.

Every exchange has a wall-clock deadline and budgets checked before anything is allocated: a
reply's announced size, its header and buffers (see `wire.unpack`), and what one call prints
(drained while we wait, so a student who prints gigabytes or never reads cannot block the
grader). A call that times out or crashes kills the child; the next call starts a fresh one and
replays the cells that loaded fine, so one broken function costs only its own tests: once a
function has failed that way a few times, its later calls are refused unrun (a loop in one
function cannot spend the others' restarts). The submission's time is shared out: loading may
use all of it, each contract function an equal share, so a function that is slow but
finishes (never timing out, so never refused) spends only its own share, and the others'
tests run whatever `--timeout` is.
"""

from __future__ import annotations

import contextlib
import os
import select
import time
from collections import Counter, defaultdict

from autograder.grading.model import CellProblem, Failure, SandboxWarning
from autograder.message import CUT, capped, msg
from autograder.sandbox import wire
from autograder.sandbox.failures import (
    BadReturn,
    OutputLimit,
    ShareSpent,
    StudentCrashed,
    StudentFailure,
    StudentTimeout,
)
from autograder.sandbox.host import zygote_client
from autograder.sandbox.host.backend import PRINTED_KEEP, LoadReport, error_message
from autograder.sandbox.host.exchange import Exchange, OnCallback, poller_of
from autograder.student.limits import STRIKES, Limits
from autograder.student.notebook import Cell

REPLY_CAP = 64 * 2**20  # bytes of one reply: results of these assignments are far smaller
MAX_RESTARTS = 8  # while loading: cells that hang or crash, before the rest is not run
UID_BASE = 61000


class SandboxBackend:
    """One submission in its own isolated process (restarted after a crash or timeout)."""

    def __init__(self, cells: list[Cell], limits: Limits, *, slot: int = 0,
                 preload: tuple[str, ...] = (), namespaces: bool = True,
                 functions: int = 1) -> None:
        """`functions`: how many functions the assignment defines, each given an equal share
        of the submission's time."""
        self.cells = cells
        self.limits = limits
        self.share = limits.submission_timeout / max(1, functions)
        self.preload = preload
        self.uid = UID_BASE + slot if os.geteuid() == 0 else None
        self.spawn_request = {"op": "spawn", "memory_mb": limits.memory_mb,
                              "cpu_seconds": int(limits.submission_timeout) + 5,
                              "uid": self.uid, "namespaces": namespaces}
        self.child: zygote_client.Spawned | None = None
        self.poller: select.poll | None = None
        # the cells that ran to their end, finished or raised (a raising cell keeps what it
        # defined before its error, as in Jupyter): what a fresh process replays
        self.ran: list[Cell] = []
        self.spent: defaultdict[str, float] = defaultdict(float)  # by function, "": loading
        self.restarts = 0
        self.unrestartable = False  # a replay for a call failed: no call restarts it again
        self.failures: Counter[str] = Counter()  # timeouts and crashes, by function
        self.printed = bytearray()
        self.warnings: list[SandboxWarning] = []

    # -- lifecycle -------------------------------------------------------------------
    def load(self) -> LoadReport:
        """Run every cell once, in order; a failing cell is reported and skipped."""
        report = LoadReport()
        try:
            self._start()
        except (StudentCrashed, StudentTimeout, BadReturn) as exc:
            report.fatal = exc.message
            return report
        except zygote_client.SandboxUnavailable as exc:
            report.fatal = msg("sandbox.unavailable", said=str(exc)[:300])
            return report
        left = list(self.cells)
        while left:
            left = self._run_cells(left, report)
        report.printed = _shown_output(self.printed)
        report.warnings = list(self.warnings)
        return report

    def _run_cells(self, cells: list[Cell], report: LoadReport) -> list[Cell]:
        """Send `cells` in one request and read a reply per cell, each under its own deadline;
        a cell that hangs or kills the process is reported, and the cells after it are
        returned, to be sent to the fresh process that replays the ones that ran."""
        if self.child is None:  # the budget is gone, or no fresh process could start
            why = self._spent("").message if self._left("") <= 0 else msg("cell.not_restarted")
            report.cells += [CellProblem(c.label, why, Failure.NOT_RUN) for c in cells]
            return []
        request: dict | None = _cells_request(cells)
        for position, cell in enumerate(cells):
            try:
                reply, _ = self._exchange(request, [], keep_output=True)
            except (StudentTimeout, StudentCrashed, BadReturn) as exc:
                self._restart_quietly()
                spent = self._left("") <= 0  # the budget ran out in it: nothing runs after
                report.cells.append(CellProblem(cell.label, exc.message,
                                                Failure.NOT_RUN if spent else _kind(exc)))
                return cells[position + 1 :]
            request = None  # the next replies answer the same request
            if reply.get("kind") == "protocol":  # refused, not run: the rest is not run either
                problem = msg("sandbox.refused", said=str(reply.get("message", ""))[:300])
                report.cells += [CellProblem(c.label, problem, Failure.CRASH)
                                 for c in cells[position:]]
                self._stop()  # no reply it might still send can answer a later request
                return []
            self.ran.append(cell)
            if not reply.get("ok"):
                report.cells.append(CellProblem(cell.label, error_message(reply),
                                                Failure.RAISED))
        return []

    def request(self, message: dict, buffers: list[bytes], limit: int | None = None,
                on_callback: OnCallback | None = None) -> tuple[dict, list[memoryview]]:
        """Send one request to the student's process (restarting it first if it died); a
        function that already failed `STRIKES` times is not called again."""
        name = str(message.get("name", ""))
        if self.failures[name] >= STRIKES:
            raise StudentCrashed(msg("sandbox.gave_up", name=name, count=STRIKES))
        if self._left(name) <= 0:  # refused unrun: nothing to stop, no strike
            raise self._spent(name)
        if self.child is None:
            self._restart_for_call()
        try:
            return self._exchange(message, buffers, limit=limit, on_callback=on_callback,
                                  name=name)
        except (StudentTimeout, StudentCrashed, BadReturn) as failure:
            if not isinstance(failure, ShareSpent):  # slow, not hung: not a strike
                self.failures[name] += 1
            self._stop()
            raise

    def reset(self) -> None:
        """Stop the process (the next request starts a fresh one), e.g. after a forged reply."""
        self._stop()

    def close(self) -> None:
        self._stop()

    def _start(self) -> None:
        self.child = zygote_client.shared(self.preload).spawn(self.spawn_request, ahead=True)
        self.poller = poller_of(self.child)
        self.warnings = [SandboxWarning(m) for m in self.child.missing]
        hello, _ = self._exchange(None, [])
        if not hello.get("ok"):
            raise StudentCrashed(msg("sandbox.refused", said=str(hello.get("message", ""))[:300]))
        self.warnings += [SandboxWarning(str(m)[:200]) for m in hello.get("missing", [])[:20]]

    def _restart(self) -> None:
        """A fresh process with the cells that loaded replayed, on loading's time: never on
        the share of the function whose call needs it, which did nothing to need it (a
        notebook's slow check cells, replayed after another function's loop, spent an
        innocent function's share, and how much depended on the machine's load)."""
        self._stop()
        self._start()
        request: dict | None = _cells_request(self.ran)  # replayed as they first loaded
        for _ in self.ran:
            self._exchange(request, [], name="")
            request = None

    def _restart_for_call(self) -> None:
        """A fresh process for a call; if it cannot be had, the call is not made, and no
        strike goes to the function called (its code never ran). One failed replay is
        enough: it is not tried again for every later call."""
        if not self.unrestartable:
            try:
                self._restart()
                return
            except (StudentTimeout, StudentCrashed, BadReturn):
                self._stop()
                self.unrestartable = True
        raise self._spent("") if self._left("") <= 0 else StudentCrashed(
            msg("cell.not_restarted"))

    def _restart_quietly(self) -> None:
        """After a cell failed: a fresh process for the cells after it, at most
        `MAX_RESTARTS` times a submission."""
        if self.restarts >= MAX_RESTARTS or self._left("") <= 0:
            self._stop()
            return
        self.restarts += 1
        try:
            self._restart()
        except (StudentTimeout, StudentCrashed, BadReturn, zygote_client.SandboxUnavailable):
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
    def _exchange(self, message: dict | None, buffers: list[bytes], *,
                  limit: int | None = None, keep_output: bool = False,
                  on_callback: OnCallback | None = None,
                  name: str = "") -> tuple[dict, list[memoryview]]:
        """Send a request (None: read the next reply of one already sent, or the greeting)
        and wait for its reply frame, on the time of `name` ("": loading, which may use the
        submission's whole time)."""
        assert self.child is not None
        left = self._left(name)
        if left <= 0:
            raise self._spent(name)
        timeout = min(self.limits.call_timeout, left)
        started = time.monotonic()
        exchange = Exchange(self.child, min(limit or REPLY_CAP, REPLY_CAP),
                            self.limits.output_mb * 2**20,
                            self.printed if keep_output else None, PRINTED_KEEP, on_callback,
                            self.poller)
        try:
            reply = exchange.run(message, buffers, started + timeout)
        except wire.WireError as exc:
            raise StudentCrashed(msg("sandbox.malformed_reply", said=str(exc))) from None
        finally:
            self.spent[name] += time.monotonic() - started
        if reply is None:
            if timeout < self.limits.call_timeout:  # cut short by the time left, not the limit
                raise self._spent(name)
            raise StudentTimeout(msg("sandbox.timed_out", seconds=_seconds(timeout)))
        return reply

    def _left(self, name: str) -> float:
        """Seconds `name` may still run: its share, within what the submission has left."""
        total = self.limits.submission_timeout - sum(self.spent.values())
        return total if not name else min(total, self.share - self.spent[name])

    def _spent(self, name: str) -> StudentTimeout:
        if name and self.spent[name] >= self.share - 1e-3:
            return ShareSpent(msg("sandbox.share_spent", name=name,
                                  seconds=_seconds(round(self.share, 1))))
        return StudentTimeout(msg("sandbox.budget_spent",
                                  seconds=_seconds(self.limits.submission_timeout)))


def _kind(failure: StudentFailure) -> Failure:
    """How a cell failed, for the report's counts."""
    if isinstance(failure, StudentTimeout):
        return Failure.TIMEOUT
    if isinstance(failure, OutputLimit):
        return Failure.OUTPUT
    return Failure.BAD_RETURN if isinstance(failure, BadReturn) else Failure.CRASH


def _shown_output(kept: bytearray) -> str:
    """What loading printed, as the student is shown it: at most `PRINTED_KEEP` characters,
    saying so when there was more (the exchange keeps four bytes a character at most)."""
    text = kept.decode("utf-8", "replace").strip()
    if len(kept) >= PRINTED_KEEP * 4 and len(text) <= PRINTED_KEEP:
        text += CUT  # more was printed than was kept: cut, even if what was kept fits
    return capped(text, PRINTED_KEEP)


def _cells_request(cells: list[Cell]) -> dict:
    """Cells in one request: the student's process replies once per cell, as each has run."""
    return {"op": "cells", "cells": [{"op": "cell", "index": c.index, "label": c.label,
                                      "code": c.code, "line": c.first_line} for c in cells]}


def _seconds(value: float) -> str:
    return f"{value:g}"

