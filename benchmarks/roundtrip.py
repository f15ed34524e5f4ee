"""The cost of one call into a sandboxed student process (`student.f(x)` and back), and of
the process itself.

    python benchmarks/roundtrip.py [--calls 3000] [--starts 60]

Real sandboxed children (zygote, namespaces, seccomp) whose one cell defines a small NumPy
function. Prints microseconds per call with the grader and the child on any CPU, then with
all on one CPU (as a batch worker grades: `worker.Session._pin`), and there the milliseconds
from asking for a child to closing it (the forks, the isolation, the cell, the teardown):
with every process on one CPU, wall time is the CPU time they spent.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from autograder.grading.proxy import Student
from autograder.sandbox.host import zygote_client
from autograder.sandbox.host.backend import open_backend
from autograder.student.limits import Limits
from autograder.student.notebook import Cell

CELL = Cell(0, "cell 1", "import numpy as np\n\ndef f(x):\n    return float(np.sum(np.abs(x)))\n")


def per_call(calls: int) -> float:
    """Microseconds per call into a freshly started child, after 200 warm-up calls."""
    backend = open_backend([CELL], Limits())
    try:
        assert backend.load().fatal is None
        student, x = Student(backend), np.arange(5.0)
        for _ in range(200):
            student.f(x)
        started = time.perf_counter()
        for _ in range(calls):
            student.f(x)
        return 1e6 * (time.perf_counter() - started) / calls
    finally:
        backend.close()


def per_start(starts: int) -> float:
    """Milliseconds per child from spawn to close, with its one cell loaded."""
    started = time.perf_counter()
    for _ in range(starts):
        backend = open_backend([CELL], Limits())
        backend.load()
        backend.close()
    return 1e3 * (time.perf_counter() - started) / starts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--starts", type=int, default=60)
    args = parser.parse_args()
    print(f"any CPU: {per_call(args.calls):.0f} us per call")
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    zygote_client.shared().pin(cpu)
    print(f"one CPU: {per_call(args.calls):.0f} us per call")
    per_start(5)  # warm-up
    print(f"one CPU: {per_start(args.starts):.1f} ms per student process, one cell")


if __name__ == "__main__":
    main()
