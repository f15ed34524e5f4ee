"""The self-check's child: load the student's cells, run the public tests, report progress.

`python -m <package>.child JOB.json` runs one `Job` in a fresh process. Events go to the
process's original stdout; the student's output goes where stderr points (a file the
watchdog caps). Where the OS allows, memory is limited like the grader's sandbox.
`execute` also serves the in-process check of a Python that cannot start processes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .namespace import installed, new_module
from .protocol import CHILD_FLAG, Event, Job

if TYPE_CHECKING:
    from .plugin import Sink

PYTEST_ARGS = ("-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:stepwise",
               "--noconftest", "--capture=no", "-W", "ignore")


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
        loaded = plugin.load(module, job.cells, job.skipped, sink, job.lang)
        reporter = plugin.Reporter(loaded, sink, job.select, job.only, job.forms)
        tests = Path(job.tests)
        args = [str(tests), "--rootdir", str(tests.parent), "-c", os.devnull, *PYTEST_ARGS]
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


def _preload(job: Job) -> None:
    """Import what student code and tests use before limiting memory (NumPy's threads and
    SymPy's tables count against the address space)."""
    import numpy  # noqa: F401
    import pytest  # noqa: F401

    wanted = Path(job.tests).read_text(encoding="utf-8") + "".join(c.code for c in job.cells)
    if "sympy" in wanted:
        import sympy  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    """Run the job named on the command line; the watchdog reads the events."""
    args = sys.argv[1:] if argv is None else argv
    job = Job.from_json(Path(args[0]).read_text(encoding="utf-8"))
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sink = StreamSink(events)
    os.environ[CHILD_FLAG] = "1"
    _preload(job)
    sink.emit(Event("ready", memory=limit_memory(job.memory_mb)))
    execute(job, sink)
    sink.emit(Event("done"))
    events.close()
    sys.stdout.flush()
    os._exit(0)  # student threads or atexit handlers must not keep the check waiting


if __name__ == "__main__":
    sys.exit(main())
