"""The self-check's child: load the student's cells, run the public tests, report progress.

`python -m <package>.child` imports NumPy and pytest, then reads one `Job` (JSON) from stdin
and runs it (`spawn` starts it before the job is known). Events go to the process's original
stdout; the student's output goes where stderr points (a file the watchdog caps). Where the
OS allows, memory is limited like the grader's sandbox.
`execute` also serves the in-process check of a Python that cannot start processes.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .namespace import installed, new_module, seed_generators
from .protocol import CHILD_FLAG, Event, Job

if TYPE_CHECKING:
    from .plugin import Sink

# pytest's plugins whose output a check never reads: the terminal, debugging, reports (JUnit
# XML, pastebin), doctests, setup plans, the warnings summary (the child ignores warnings) and
# the report of unraisable exceptions (full garbage collections at the end). Every fixture
# an author may use stays.
UNUSED = ("cacheprovider", "terminal", "stepwise", "debugging", "pastebin", "junitxml",
          "doctest", "setuponly", "setupplan", "warnings", "unraisableexception",
          "threadexception", "faulthandler")
PYTEST_ARGS = ("--noconftest", "--capture=no", *(a for p in UNUSED for a in ("-p", f"no:{p}")))


class StreamSink:
    """Events as JSON lines on a private copy of stdout; output capped per call by the
    watchdog, which sees the output file emptied at each start."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def emit(self, event: Event) -> None:
        self.stream.write(event.to_line())
        self.stream.flush()

    def start(self, name: str) -> None:
        for standard in (sys.stdout, sys.stderr):
            standard.flush()
        os.ftruncate(1, 0)
        self.emit(Event("start", name=name))

    def end(self) -> None:
        self.emit(Event("end"))


def execute(job: Job, sink: Sink) -> None:
    """Load the cells into a fresh `__main__` module and run the selected public tests."""
    import pytest

    from . import plugin

    module = new_module()
    with installed(module):
        loaded = plugin.load(module, job.cells, job.skipped, sink, job.lang,
                             job.time_left, job.time_limit)
        loaded.given_up = job.given_up
        reporter = plugin.Reporter(loaded, sink, job.select, job.only, job.forms)
        tests = Path(job.tests)
        # conftests are off, so the cut only stops pytest from listing every folder above
        folder = str(tests.parent)
        args = [str(tests), "--rootdir", folder, "--confcutdir", folder, "-c", os.devnull,
                *PYTEST_ARGS]
        pytest.main(args, plugins=[plugin, reporter])


def limit_memory(memory_mb: int) -> bool:
    """Cap the address space at what is in use now plus `memory_mb` (Linux only: elsewhere
    the OS does not enforce it); whether the limit holds."""
    if not sys.platform.startswith("linux"):
        return False
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            in_use = int(statm.read().split()[0]) * resource.getpagesize()
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = in_use + memory_mb * 2**20
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (OSError, ValueError):
        return False
    return True


def _preload() -> None:
    """Import what every check uses, before the job is known (NumPy's threads count against
    the address space, which is limited once the job says how much). No garbage collection
    meanwhile: what an import makes lives as long as the process, so the collections would
    find nothing, and afterwards they never scan it (`gc.freeze`). The student's code runs
    with the collector on, as anywhere else."""
    gc.disable()
    import numpy  # noqa: F401
    import pytest  # noqa: F401

    gc.freeze()
    gc.enable()


def _read_job() -> Job | None:
    """The job on stdin, None when none came (the command stopped before its check); stdin
    is /dev/null afterwards, so that `input()` in student code ends at once."""
    text = sys.stdin.buffer.read().decode("utf-8")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    if not text:
        return None
    job = Job.from_json(text)
    wanted = Path(job.tests).read_text(encoding="utf-8") + "".join(c.code for c in job.cells)
    if "sympy" in wanted:  # SymPy's tables count against the address space too
        import sympy  # noqa: F401
    return job


def main() -> int:
    """Run the job stdin gives; the watchdog reads the events."""
    _preload()
    job = _read_job()
    if job is None:
        os._exit(0)
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sink = StreamSink(events)
    os.environ[CHILD_FLAG] = "1"
    warnings.simplefilter("ignore")  # as pytest's -W ignore did: never part of the table
    seed_generators()  # the numbers the grader's sandbox draws
    sink.emit(Event("ready", memory=limit_memory(job.memory_mb)))
    execute(job, sink)
    sink.emit(Event("done"))
    events.close()
    sys.stdout.flush()
    os._exit(0)  # student threads or atexit handlers must not keep the check waiting


if __name__ == "__main__":
    sys.exit(main())
