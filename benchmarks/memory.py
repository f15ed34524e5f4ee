"""Does `aimath grade` keep a flat memory profile over a long batch?

    python benchmarks/memory.py [--n 10000] [--assignment 01_vectors] [--jobs 2]

Generates N tiny `.py` submissions (the throughput benchmark's mix), runs `aimath grade` on
them and samples the resident memory of the grader, its workers and their zygotes (psutil)
while it runs, against the number of students graded so far. Prints start, peak and end
RSS per process and the slope (MB per 1,000 submissions while grading, after the first 10%): a
slope near zero means nothing in that process grows with the batch. Sandboxed children
live for one submission each and are not sampled.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import corpus
import psutil

from autograder.batch.worker import WORKER_NAME

MB = 2**20


@dataclass
class Series:
    """RSS samples of one process: (submissions graded so far, MB)."""

    role: str
    samples: list[tuple[int, float]] = field(default_factory=list)

    def slope(self) -> float:
        """MB per 1,000 submissions, least squares over the grading phase after its first
        10% (the class report at the end, drawn after the last result, is left out)."""
        last = max(done for done, _ in self.samples)
        points = [(x, y) for x, y in self.samples if 0.1 * last <= x < last]
        if len(points) < 2 or len({x for x, _ in points}) < 2:
            return 0.0
        mx = sum(x for x, _ in points) / len(points)
        my = sum(y for _, y in points) / len(points)
        sxx = sum((x - mx) ** 2 for x, _ in points)
        return 1000 * sum((x - mx) * (y - my) for x, y in points) / sxx


ZYGOTE = "autograder.sandbox.inside.zygote"


def roles(grader: psutil.Process) -> dict[int, tuple[str, psutil.Process]]:
    """The grader, each worker (forked or not, it names itself) and each zygote (started by
    the grader or by a worker; not the per-submission forks, whose parent is a zygote)."""
    found = {grader.pid: ("grader", grader)}
    for child in grader.children(recursive=True):
        try:
            name, command = child.name(), " ".join(child.cmdline())
            parent = psutil.Process(child.ppid())
            parent_command = " ".join(parent.cmdline())
        except psutil.Error:
            continue
        if name == WORKER_NAME:
            found[child.pid] = (f"worker (pid {child.pid})", child)
        elif ZYGOTE in command and ZYGOTE not in parent_command:
            found[child.pid] = (f"zygote (pid {child.pid})", child)
    return found


def sample(grader: psutil.Process, progress: list[int], every: float) -> dict[int, Series]:
    """Sample every `every` seconds until the grader exits."""
    series: dict[int, Series] = {}
    while grader.is_running() and grader.status() != psutil.STATUS_ZOMBIE:
        for pid, (role, process) in roles(grader).items():
            try:
                rss = process.memory_info().rss / MB
            except psutil.Error:
                continue
            series.setdefault(pid, Series(role)).samples.append((progress[0], rss))
        time.sleep(every)
    return series


def count_lines(stream: object, progress: list[int]) -> None:
    """Count the CLI's one line per graded student (printed when not on a terminal)."""
    for line in stream:  # type: ignore[attr-defined]
        if line.startswith("["):
            progress[0] += 1


def run(folder: Path, out: Path, assignment_id: str, jobs: int,
        every: float) -> tuple[dict[int, Series], float, int]:
    """Grade `folder` while sampling; return the series, the wall time and the count."""
    aimath = str(Path(sys.executable).parent / "aimath")
    progress = [0]
    started = time.perf_counter()
    process = subprocess.Popen([aimath, "grade", str(folder), "--assignment", assignment_id,
                                "--out", str(out), "--jobs", str(jobs)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=dict(os.environ, COLUMNS="200"))
    reader = threading.Thread(target=count_lines, args=(process.stdout, progress), daemon=True)
    reader.start()
    series = sample(psutil.Process(process.pid), progress, every)
    process.wait()
    reader.join(timeout=10)
    if process.returncode != 0:
        raise RuntimeError(f"aimath grade exited with {process.returncode}")
    return series, time.perf_counter() - started, progress[0]


def report(series: dict[int, Series], seconds: float, graded: int, n: int) -> str:
    """A markdown table: start, peak and end RSS and the slope of every sampled process."""
    lines = [f"{graded} of {n} submissions graded in {seconds:.0f} s "
             f"({graded / seconds:.1f}/s); load average {os.getloadavg()[0]:.2f} on "
             f"{os.cpu_count()} cores", "",
             "| process | samples | start MB | peak MB | end MB | slope (MB per 1,000) |",
             "|---|---:|---:|---:|---:|---:|"]
    for s in sorted(series.values(), key=lambda s: s.role):
        values = [mb for _, mb in s.samples]
        lines.append(f"| {s.role} | {len(values)} | {values[0]:.1f} | {max(values):.1f} | "
                     f"{values[-1]:.1f} | {s.slope():+.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--assignment", default="01_vectors")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--every", type=float, default=1.0, help="seconds between samples")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aimath-memory-") as work:
        folder = Path(work) / "submissions"
        corpus.write_plain(folder, corpus.cohort(args.assignment, args.n), suffix=".py")
        series, seconds, graded = run(folder, Path(work) / "out", args.assignment, args.jobs,
                                      args.every)
    print(report(series, seconds, graded, args.n))


if __name__ == "__main__":
    main()
