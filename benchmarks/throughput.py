"""Throughput of `aimath grade` against nbgrader (and otter when present), in the same run.

    python benchmarks/throughput.py [--sizes 50 100 200] [--assignment 01_vectors] [--jobs 2]
                                    [--nbgrader-n 20] [--otter-n 5] [--json FILE]

Builds a throwaway nbgrader course whose test cells run the hidden checks, fills the
released notebook for synthetic students (6 in 10 correct, 3 in 10 partly wrong, 1 in 10
broken), then times, on those same notebooks: `aimath grade --jobs J` on each size (and on one
submission: the fixed start-up), the marginal cost per submission (the slope of wall time
over the sizes) and the fixed cost (its intercept), the same suites in one process without
isolation, `nbgrader autograde` and `otter run` on the first few (their rate), the per-stage
profile of one worker (`stages.py`), the latency of a warm worker (`warm.py`) and `aimath
check` on one notebook (a correct one, and the released one with its stubs). Prints a
markdown table, with the CPU time of every process of each of our runs beside its wall time
(two workers side by side hide on the second core what isolation costs); the load average
is printed because other work skews the numbers.
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
from dataclasses import dataclass, field
from pathlib import Path

import ab
import corpus
import nbgrader_course
import otter_run
import warm

from autograder.course import assignments

HERE = Path(__file__).resolve().parent
TARGETS = {"nbgrader": 100.0, "overhead": 2.0, "check": 0.3, "warm_p95_ms": 100.0}


@dataclass(frozen=True)
class Timing:
    """One grader's run: how many submissions and how long, end to end."""

    grader: str
    submissions: int
    seconds: float
    note: str = ""
    cpu: float | None = None  # seconds of CPU of every process of the run, where measured

    @property
    def rate(self) -> float:
        return self.submissions / self.seconds


def _run(command: list[str], ok: tuple[int, ...] = (0,), **kwargs: object) -> ab.Run:
    """The wall and CPU seconds a command takes (its processes and all they started); raise
    with its output if it fails (exits other than `ok`)."""
    started, cpu = time.perf_counter(), ab.children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    run = ab.Run(time.perf_counter() - started, ab.children_cpu() - cpu)
    if done.returncode not in ok:
        raise RuntimeError(f"{command[:3]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return run


def _graded(out: Path) -> int:
    return sum(1 for _ in out.glob("*/results.json"))


def time_aimath(submitted: Path, assignment_id: str, out: Path, jobs: int, n: int) -> Timing:
    """`aimath grade` on nbgrader's submitted/ tree."""
    aimath = str(Path(sys.executable).parent / "aimath")
    run = _run([aimath, "grade", str(submitted), "--assignment", assignment_id,
                "--out", str(out), "--jobs", str(jobs)], env=nbgrader_course.environment())
    if _graded(out) != n:
        raise RuntimeError(f"aimath graded {_graded(out)} of {n} submissions")
    note = "sandboxed, start-up included" if n > 1 else "the fixed start-up and class report"
    return Timing(f"aimath grade --jobs {jobs}", n, run.wall, note, run.cpu)


def time_inprocess(submitted: Path, assignment_id: str, out: Path, n: int) -> Timing:
    """The same suite in one process without isolation (`inprocess.py`)."""
    run = _run([sys.executable, str(HERE / "inprocess.py"), str(submitted), assignment_id,
                str(out)], env=nbgrader_course.environment())
    if _graded(out) != n:
        raise RuntimeError(f"the in-process baseline graded {_graded(out)} of {n}")
    return Timing("one process, no isolation", n, run.wall,
                  "grade_stream(sandbox=False), same outputs", run.cpu)


def time_check(work: Path, assignment_id: str, variant: corpus.Variant) -> Timing:
    """`aimath check` on one correct notebook: the best of three runs."""
    notebook = corpus.write_plain(work / "check", [variant])[0]
    aimath = str(Path(sys.executable).parent / "aimath")
    best = _best_of_three([aimath, "check", str(notebook), "--assignment", assignment_id])
    return Timing("aimath check", 1, best.wall, "the released public tests, best of 3", best.cpu)


def time_check_stubs(assignment_id: str) -> Timing:
    """`aimath check` on the released notebook as handed out (every test fails on a stub):
    the best of three runs."""
    notebook = assignments.ROOT / "release" / assignment_id / f"{assignment_id}.ipynb"
    aimath = str(Path(sys.executable).parent / "aimath")
    best = _best_of_three([aimath, "check", str(notebook)], ok=(1,))
    return Timing("aimath check, released stubs", 1, best.wall, "every test fails, best of 3",
                  best.cpu)


def _best_of_three(command: list[str], ok: tuple[int, ...] = (0,)) -> ab.Run:
    """The fastest of three runs of `command` (the others met the machine's hiccups)."""
    return min((_run(command, ok) for _ in range(3)), key=lambda run: run.wall)


def stage_table(submitted: Path, assignment_id: str) -> str:
    """`stages.py`'s table (its default number of submissions), in a process of its own,
    which sets one BLAS thread before NumPy loads as a worker does: this one leaves
    nbgrader's environment as it is."""
    done = subprocess.run([sys.executable, str(HERE / "stages.py"), str(submitted),
                           assignment_id], capture_output=True, text=True, check=True,
                          env=nbgrader_course.environment())
    return done.stdout.strip()


def fit(timings: list[Timing]) -> tuple[float, float]:
    """Least squares over the sizes: (seconds per submission, fixed seconds)."""
    xs = [float(t.submissions) for t in timings]
    ys = [t.seconds for t in timings]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs)
    return slope, mean_y - slope * mean_x


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


@dataclass
class Results:
    """Everything one run measured."""

    timings: dict[str, Timing]
    sizes: list[Timing]
    stages: str = ""
    warm: list[float] = field(default_factory=list)


def _ratios(results: Results) -> list[str]:
    biggest = results.sizes[-1]
    lines = []
    for key, label in (("nbgrader", "nbgrader autograde"), ("otter", "otter run")):
        if key in results.timings:
            ratio = biggest.rate / results.timings[key].rate
            target = f" (target >= {TARGETS[key]:g}x)" if key in TARGETS else ""
            lines.append(f"- aimath on {biggest.submissions} / {label}: **{ratio:.1f}x**"
                         f"{target}; {key}'s rate from {results.timings[key].submissions}")
    return lines


def _cpu_line(sandboxed: Timing, alone: Timing) -> list[str]:
    """CPU per submission, every process counted: what isolation costs on all the cores,
    which the wall time of two workers side by side hides."""
    if sandboxed.cpu is None or alone.cpu is None:
        return []
    mine, theirs = sandboxed.cpu / sandboxed.submissions, alone.cpu / alone.submissions
    return [f"- CPU per submission, every process: sandboxed **{1000 * mine:.1f} ms**, one "
            f"process without isolation {1000 * theirs:.1f} ms ({mine / theirs:.2f}x)"]


def report(results: Results, load: tuple[str, str]) -> str:
    """The markdown table, the slope, the ratios against the targets, and the conditions."""
    lines = ["| run | submissions | wall (s) | submissions/s | ms per submission | CPU (s) "
             "| note |", "|---|---:|---:|---:|---:|---:|---|"]
    for t in [*results.sizes, *results.timings.values()]:
        cpu = "" if t.cpu is None else f"{t.cpu:.2f}"
        lines.append(f"| {t.grader} | {t.submissions} | {t.seconds:.2f} | {t.rate:.2f} | "
                     f"{1000 * t.seconds / t.submissions:.0f} | {cpu} | {t.note} |")
    slope, fixed = fit(results.sizes)
    sizes = [t.submissions for t in results.sizes]
    lines += ["", f"- marginal cost per submission (slope over {sizes}): "
                  f"**{1000 * slope:.1f} ms**; fixed start-up (intercept): "
                  f"**{fixed:.2f} s** (one submission end to end: "
                  f"{results.timings['start-up'].seconds:.2f} s)", *_ratios(results)]
    overhead = results.sizes[-1].seconds / results.timings["inprocess"].seconds
    lines.append(f"- overhead, aimath wall / no-isolation wall: **{overhead:.2f}x** "
                 f"(target <= {TARGETS['overhead']:g}x)")
    lines += _cpu_line(results.sizes[-1], results.timings["inprocess"])
    if results.warm:
        lines.append(f"- {warm.summary(results.warm)} (target p95 <= "
                     f"{TARGETS['warm_p95_ms']:g} ms)")
    lines.append(f"- check: **{results.timings['check'].seconds:.2f} s** "
                 f"(target <= {TARGETS['check']:g} s on an idle machine); on the released "
                 f"stubs {results.timings['check_stubs'].seconds:.2f} s")
    lines += [f"- load average before: {load[0]}; after: {load[1]}", "",
              "Per-stage profile of one worker (ms per submission):", "", results.stages]
    return "\n".join(lines)


def run(args: argparse.Namespace, work: Path) -> Results:
    """Build the course and the cohort in `work`, then time every grader."""
    variants = corpus.cohort(args.assignment, max(args.sizes))
    template = nbgrader_course.build(work / "course", args.assignment)
    few = variants[: args.nbgrader_n]
    nbgrader_course.submit(work / "course" / "submitted", args.assignment, template, few)
    sizes = []
    for n in sorted(args.sizes):
        tree = work / f"all-{n}" / "submitted"
        nbgrader_course.submit(tree, args.assignment, template, variants[:n])
        sizes.append(time_aimath(tree, args.assignment, work / f"out-{n}", args.jobs, n))
    nbgrader_course.submit(work / "one" / "submitted", args.assignment, template, variants[:1])
    biggest = work / f"all-{max(args.sizes)}" / "submitted"
    timings = {
        "start-up": time_aimath(work / "one" / "submitted", args.assignment, work / "out-one",
                                args.jobs, 1),
        "inprocess": time_inprocess(biggest, args.assignment, work / "out-inprocess",
                                    max(args.sizes)),
    }
    if args.nbgrader_n:
        seconds = nbgrader_course.autograde(work / "course", args.assignment, len(few))
        timings["nbgrader"] = Timing("nbgrader autograde", len(few), seconds,
                                     "one kernel per notebook, gradebook included")
    otter = args.otter or otter_run.find_otter()
    if otter and args.otter_n:
        some = variants[: args.otter_n]
        seconds = otter_run.time_otter(otter, work / "otter", args.assignment, some)
        timings["otter"] = Timing("otter run", len(some), seconds, "one process per notebook")
    timings["check"] = time_check(work, args.assignment, variants[0])
    timings["check_stubs"] = time_check_stubs(args.assignment)
    return Results(timings, sizes, stage_table(biggest, args.assignment),
                   warm.latencies(biggest, args.assignment, args.warm_n))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--assignment", default="01_vectors")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--nbgrader-n", type=int, default=20, help="submissions for nbgrader")
    parser.add_argument("--otter-n", type=int, default=5, help="submissions for otter")
    parser.add_argument("--otter", help="the `otter` command (default: found on PATH)")
    parser.add_argument("--warm-n", type=int, default=60, help="submissions for warm latency")
    parser.add_argument("--json", type=Path, help="also write the timings here")
    args = parser.parse_args(argv)
    # bytecode as an install leaves it: a stale .pyc is compiled again in every fresh
    # interpreter (the command, each zygote), 10% of a 200 batch here (ab.py, 4 pairs)
    ab.compiled(assignments.ROOT)
    before = _load()
    with tempfile.TemporaryDirectory(prefix="aimath-bench-") as work:
        results = run(args, Path(work))
    print(report(results, (before, _load())))
    if args.json:
        data = {"timings": {k: vars(t) for k, t in results.timings.items()},
                "sizes": [vars(t) for t in results.sizes], "warm": results.warm}
        args.json.write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
