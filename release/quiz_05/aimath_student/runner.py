"""The self-check's watchdog: run the public tests on a submission in a child process.

The child loads the cells and runs the pytest session, reporting every step; this side only
waits. A child silent for longer than a call may take (`Limits.call_timeout` plus a grace),
or printing more than `Limits.output_mb` in one call, is killed: the cell or test it was
running gets "timed out after N s" and a new child runs what is left, without the cells
that hung. Threads and `Popen` only, so it behaves the same on Linux, macOS and Windows.
Where no process can be started (Pyodide), the tests run in this process, without limits.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from . import spawn
from .limits import Limits
from .notebook import Source
from .progress import Progress, Stop
from .protocol import CHILD_FLAG, Event, Job
from .report import CheckReport

GRACE = 1.0  # seconds past the call timeout before a silent child is stopped
STARTUP = 120.0  # for the child's imports, before any student code runs
IDLE = 60.0  # for the tests' own code between two calls into the student's
POLL = 0.1


@dataclass(frozen=True)
class Request:
    """What to check: the submission's cells, against which public tests, from where."""

    source: Source
    assignment: str
    tests: Path
    quiz: bool = False
    forms: Path | None = None
    only: str = ""  # one function's (or quiz item's) tests only
    cwd: Path = Path(".")
    lang: str = "en"
    titles: Mapping[str, str] = field(default_factory=dict)  # test function -> title in lang


def run_check(request: Request, limits: Limits) -> CheckReport:
    """Run the public tests on `request.source` under `limits`; never raises for student code."""
    progress = Progress(request.source, request.lang, request.titles, quiz=request.quiz)
    if not spawn.can_start_processes():
        _in_process(progress.job(request, limits), progress, request.cwd)
        return progress.report(request, limits, isolated=False)
    while not progress.finished:
        stopped = _round(progress.job(request, limits), request.cwd, limits, progress)
        if stopped is not None and not progress.blame(stopped, limits):
            break
        if progress.spent >= limits.submission_timeout and progress.tests is not None:
            progress.out_of_time(limits)  # else one more child lists the tests, runs none
    return progress.report(request, limits, isolated=True)


def _round(job: Job, cwd: Path, limits: Limits, progress: Progress) -> Stop | None:
    """One child from start to end (the spare one, if started for `cwd`); None when it
    finished, else why it was stopped."""
    child = spawn.take(cwd) or spawn.Child.start(cwd)
    try:
        child.send(job.to_json())
        spawn.compile_package()  # while the child starts on its job
        assert child.process.stdout is not None
        events = _pump(child.process.stdout)
        progress.begin_round()
        stop = _watch(child.process, events, child.output, limits, progress)
        if stop is None:
            return None
        printed = child.output.read_bytes()[-4096:].decode("utf-8", "replace")
        return Stop(stop.kind, stop.exit_code, printed)
    finally:
        child.stop()


def _watch(child: spawn.Process, events: queue.Queue[str | None], output: Path,
           limits: Limits, progress: Progress) -> Stop | None:
    """Feed the child's events to `progress` until it ends or must be stopped."""
    deadline = time.monotonic() + STARTUP
    while True:
        try:
            line = events.get(timeout=POLL)
        except queue.Empty:
            if progress.running and output.stat().st_size > limits.output_mb * 2**20:
                return Stop("output")
            if time.monotonic() > deadline:
                return Stop("budget" if progress.running and _budget_bound(limits, progress)
                            else "timeout")
            continue
        if line is None:
            code = child.wait()
            return None if progress.finished else Stop("crash", code)
        with contextlib.suppress(ValueError, KeyError, TypeError):
            progress.apply(Event.from_line(line))
        if progress.running and not progress.loading \
                and progress.spent >= limits.submission_timeout:
            return Stop("budget")  # a call starts with the budget gone: it may not run
        deadline = time.monotonic() + _allowance(limits, progress)


def _allowance(limits: Limits, progress: Progress) -> float:
    """How long the child may stay silent now: a call gets its timeout, or what is left of
    the submission's budget if that is less (as in the grade: once the budget is spent,
    nothing more runs), plus a grace; the tests' own code between calls gets `IDLE`."""
    if not progress.running:
        return IDLE
    left = max(0.0, limits.submission_timeout - progress.spent)
    return min(limits.call_timeout, left) + GRACE


def _budget_bound(limits: Limits, progress: Progress) -> bool:
    """Is what is left of the budget, not the call timeout, what stopped the running call?"""
    return limits.submission_timeout - progress.spent < limits.call_timeout


def _pump(stream: IO[bytes]) -> queue.Queue[str | None]:
    """The stream's lines on a queue, None at its end (a thread: portable, unlike select)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for raw in stream:
            lines.put(raw.decode("utf-8", "replace"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


class _ProgressSink:
    """The in-process check's events, applied directly."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def emit(self, event: Event) -> None:
        self.progress.apply(event)

    def start(self, name: str) -> None:
        self.progress.apply(Event("start", name=name))

    def end(self) -> None:
        self.progress.apply(Event("end"))


def _in_process(job: Job, progress: Progress, cwd: Path) -> None:
    """Run the job here (no limits); the student's output is discarded as in the child."""
    from .child import execute

    previous = os.environ.get(CHILD_FLAG)
    os.environ[CHILD_FLAG] = "1"
    try:
        with contextlib.chdir(cwd), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            execute(job, _ProgressSink(progress))
    finally:
        if previous is None:
            os.environ.pop(CHILD_FLAG, None)
        progress.apply(Event("done"))
