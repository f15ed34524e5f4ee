"""Where one worker's time goes, per submission: starting the sandboxed child, loading the
cells, the tests, writing the outputs, and everything else (reading, the loop, the protocol).

    python benchmarks/stages.py SUBMISSIONS ASSIGNMENT [--n 40]

One real `Session` (sandboxed, as `aimath grade` runs it) over the submissions, with timers
wrapped around the four stages; prints milliseconds per submission, median and mean.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autograder.student.blas import ONE_THREAD

os.environ.update(ONE_THREAD)  # before NumPy loads, as in a grading worker: no BLAS pool here

from autograder.batch import outputs, worker
from autograder.batch.tasks import WorkerConfig
from autograder.grading import loop
from autograder.grading.model import SubmissionResult
from autograder.intake.discover import discover
from autograder.sandbox.host import client

STAGES = ("spawn", "load", "tests", "outputs", "other")


class Stopwatch:
    """Seconds spent in each stage, per submission."""

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)
        self.done: list[dict[str, float]] = []

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.current[stage] += time.perf_counter() - started

        setattr(owner, name, timed)


def profile(submissions: Path, assignment: str, n: int) -> list[dict[str, float]]:
    """Grade the first `n` submissions with one sandboxed worker; the stages of each."""
    watch = Stopwatch()
    watch.wrap(client.SandboxBackend, "_start", "spawn")
    watch.wrap(client.SandboxBackend, "_run_cells", "load")
    watch.wrap(loop.GradingLoop, "_run", "tests")
    watch.wrap(outputs, "write_outputs", "outputs")
    everywhere = os.sched_getaffinity(0)  # the worker pins this process: undone at the end
    with tempfile.TemporaryDirectory(prefix="aimath-stages-") as work:
        out = Path(work) / "out"
        sources = discover(submissions, assignment, Path(work))[:n]
        config = WorkerConfig(assignment, str(out), str(Path(work) / "course"),
                              pin=True)  # as a batch worker grades
        marks = [time.perf_counter()]

        def on_result(result: SubmissionResult) -> None:
            outputs.write_outputs(result, out, "en")
            marks.append(time.perf_counter())
            total = marks[-1] - marks[-2]
            stages = dict(watch.current)
            stages["other"] = total - sum(stages.values())
            watch.done.append(stages)
            watch.current = defaultdict(float)

        worker.Session(config, lambda key: marks.__setitem__(0, time.perf_counter()),
                       on_result).grade(sources)
    os.sched_setaffinity(0, everywhere)
    return watch.done[1:]  # the first includes the worker's warm-up


def table(stages: list[dict[str, float]]) -> str:
    """Milliseconds per submission and stage, median and mean."""
    lines = ["| stage | median ms | mean ms |", "|---|---:|---:|"]
    for stage in STAGES:
        values = [1000 * s.get(stage, 0.0) for s in stages]
        lines.append(f"| {stage} | {statistics.median(values):.1f} | "
                     f"{statistics.fmean(values):.1f} |")
    totals = [1000 * sum(s.values()) for s in stages]
    lines.append(f"| total | {statistics.median(totals):.1f} | {statistics.fmean(totals):.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("assignment")
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args()
    print(table(profile(args.submissions, args.assignment, args.n)))


if __name__ == "__main__":
    main()
