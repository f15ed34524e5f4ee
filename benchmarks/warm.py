"""Latency of a warm worker: from a submission handed to an already-started grading worker
to its results.json written, one submission at a time (what a student waits for in the
course service once its pool is warm).

    python benchmarks/warm.py SUBMISSIONS ASSIGNMENT [--n 60]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.batch.tasks import WorkerConfig, source_to_json
from autograder.course.assignments import ROOT
from autograder.intake.discover import discover


def latencies(submissions: Path, assignment: str, n: int) -> list[float]:
    """Seconds from handing each source to the warm worker until its line (results.json is
    written before the line is sent)."""
    with tempfile.TemporaryDirectory(prefix="aimath-warm-") as work:
        sources = discover(submissions, assignment, Path(work))
        config = WorkerConfig(assignment, str(Path(work) / "out"), str(Path(work) / "course"))
        read, write = os.pipe()
        process = subprocess.Popen(
            [sys.executable, "-m", "autograder.batch.worker", config.to_json(), str(write)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=[write], cwd=ROOT, text=True)
        os.close(write)
        seconds = []
        with os.fdopen(read, "rb", buffering=0) as channel:
            json.loads(channel.readline())  # {"ready": ...}: the suite is collected
            assert process.stdin is not None
            for i in range(n):
                started = time.perf_counter()
                process.stdin.write(json.dumps(source_to_json(sources[i % len(sources)])) + "\n")
                process.stdin.flush()
                channel.readline()
                seconds.append(time.perf_counter() - started)
            process.stdin.close()
        process.wait(timeout=60)
    return seconds


def summary(seconds: list[float]) -> str:
    ms = sorted(1000 * s for s in seconds)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    return (f"warm worker, {len(ms)} submissions one at a time: p50 {statistics.median(ms):.0f}"
            f" ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("assignment")
    parser.add_argument("--n", type=int, default=60)
    args = parser.parse_args()
    print(summary(latencies(args.submissions, args.assignment, args.n)))


if __name__ == "__main__":
    main()
