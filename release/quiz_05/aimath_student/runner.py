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
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .limits import Limits
from .notebook import Source
from .progress import Progress, Stop
from .protocol import CHILD_FLAG, Event, Job
from .report import CheckReport

GRACE = 1.0  # seconds past the call timeout before a silent child is stopped
STARTUP = 120.0  # for the child's imports, before any student code runs
IDLE = 60.0  # for the tests' own code between two calls into the student's
POLL = 0.1
# The folder holding this package's top level (`autograder` here, `aimath_student` in the kit).
PACKAGE_ROOT = Path(__file__).resolve().parents[len(__package__.split("."))]


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


def can_start_processes() -> bool:
    """False in browser Pythons (Pyodide, WASI), where `subprocess` cannot work."""
    return sys.platform not in ("emscripten", "wasi")


def run_check(request: Request, limits: Limits) -> CheckReport:
    """Run the public tests on `request.source` under `limits`; never raises for student code."""
    progress = Progress(request.source, request.lang, request.titles, quiz=request.quiz)
    if not can_start_processes():
        _in_process(progress.job(request, limits), progress, request.cwd)
        return progress.report(request, limits, isolated=False)
    with tempfile.TemporaryDirectory(prefix="aimath-check-") as scratch:
        while not progress.finished:
            stopped = _round(progress.job(request, limits), Path(scratch), request.cwd,
                             limits, progress)
            if stopped is not None and not progress.blame(stopped, limits):
                break
            if progress.spent > limits.submission_timeout:
                progress.out_of_time(limits)
    return progress.report(request, limits, isolated=True)


def _round(job: Job, scratch: Path, cwd: Path, limits: Limits,
           progress: Progress) -> Stop | None:
    """One child from start to end; None when it finished, else why it was stopped."""
    job_file, output = scratch / "job.json", scratch / "output.txt"
    job_file.write_text(job.to_json(), encoding="utf-8")
    command = [sys.executable, "-m", f"{__package__}.child", str(job_file)]
    with open(output, "wb") as out:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=out, cwd=cwd, env=_child_environment())
    assert child.stdout is not None
    events = _pump(child.stdout)
    progress.begin_round()
    try:
        stop = _watch(child, events, output, limits, progress)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    if stop is None:
        return None
    printed = output.read_bytes()[-4096:].decode("utf-8", "replace")
    return Stop(stop.kind, stop.exit_code, printed)


def _watch(child: subprocess.Popen[bytes], events: queue.Queue[str | None], output: Path,
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
                return Stop("timeout")
            continue
        if line is None:
            code = child.wait()
            return None if progress.finished else Stop("crash", code)
        with contextlib.suppress(ValueError, KeyError, TypeError):
            progress.apply(Event.from_line(line))
        allowance = limits.call_timeout + GRACE if progress.running else IDLE
        deadline = time.monotonic() + allowance


def _pump(stream: IO[bytes]) -> queue.Queue[str | None]:
    """The stream's lines on a queue, None at its end (a thread: portable, unlike select)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for raw in stream:
            lines.put(raw.decode("utf-8", "replace"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _child_environment() -> dict[str, str]:
    """This environment, with this package importable and no bytecode left beside tests."""
    env = dict(os.environ)
    paths = [str(PACKAGE_ROOT), *filter(None, [env.get("PYTHONPATH")])]
    env.update(PYTHONPATH=os.pathsep.join(paths), PYTHONIOENCODING="utf-8",
               PYTHONDONTWRITEBYTECODE="1", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    return env


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
