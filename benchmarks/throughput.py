"""Throughput of `aimath grade` against nbgrader, otter and a no-isolation baseline.

    python benchmarks/throughput.py [--n 100] [--assignment 01_vectors] [--jobs 2]

Builds a throwaway nbgrader course whose test cells run the hidden checks, fills the
released notebook for N synthetic students (6 in 10 correct, 3 in 10 partly wrong, 1 in 10
broken), then times, on those same notebooks: `aimath grade --jobs J` (all N), the hidden
suite in one unisolated process (all N), `nbgrader autograde` and `otter run` (the first
--nbgrader-n / --otter-n: about a second each, so the rate is extrapolated from them), and
`aimath check` on one notebook. Prints a markdown table. Every time is end to end, start-up
included; the machine's load average is printed because other work skews the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import corpus
import nbgrader_course
import otter_run

from autograder.course import assignments

HERE = Path(__file__).resolve().parent
TARGETS = {"nbgrader": 100.0, "overhead": 2.0, "check": 1.0}


@dataclass(frozen=True)
class Timing:
    """One grader's run: how many submissions and how long, end to end."""

    grader: str
    submissions: int
    seconds: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.submissions / self.seconds


def _run(command: list[str], **kwargs: object) -> float:
    """Seconds a command takes; raise with its output if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def _graded(out: Path) -> int:
    return sum(1 for _ in out.glob("*/results.json"))


def time_aimath(submitted: Path, assignment_id: str, out: Path, jobs: int, n: int) -> Timing:
    """`aimath grade` on nbgrader's submitted/ tree."""
    aimath = str(Path(sys.executable).parent / "aimath")
    seconds = _run([aimath, "grade", str(submitted), "--assignment", assignment_id,
                    "--out", str(out), "--jobs", str(jobs)], env=nbgrader_course.environment())
    if _graded(out) != n:
        raise RuntimeError(f"aimath graded {_graded(out)} of {n} submissions")
    note = "sandboxed, start-up included" if n > 1 else "the fixed start-up and class report"
    return Timing(f"aimath grade --jobs {jobs}", n, seconds, note)


def time_inprocess(submitted: Path, assignment_id: str, out: Path, n: int) -> Timing:
    """The same suite in one process without isolation (`inprocess.py`)."""
    seconds = _run([sys.executable, str(HERE / "inprocess.py"), str(submitted), assignment_id,
                    str(out)], env=nbgrader_course.environment())
    if _graded(out) != n:
        raise RuntimeError(f"the in-process baseline graded {_graded(out)} of {n}")
    return Timing("one process, no isolation", n, seconds,
                  "grade_stream(sandbox=False), same outputs")


def time_check(work: Path, assignment_id: str, variant: corpus.Variant) -> Timing:
    """`aimath check` on one correct notebook (or its pytest equivalent before a release)."""
    notebook = corpus.write_plain(work / "check", [variant])[0]
    released = assignments.ROOT / "release" / assignment_id
    if sorted(released.glob("test_*.py")):
        aimath = str(Path(sys.executable).parent / "aimath")
        seconds = _run([aimath, "check", str(notebook), "--assignment", assignment_id])
        return Timing("aimath check", 1, seconds, f"{released.name}'s public tests")
    folder = public_tests(work / "public", assignment_id)
    seconds = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
                   cwd=folder, env=dict(os.environ, AIMATH_SUBMISSION=str(notebook)))
    return Timing("aimath check (fallback)", 1, seconds,
                  "no release/ yet: pytest + the public conftest + generated public tests")


def public_tests(folder: Path, assignment_id: str) -> Path:
    """A stand-in public test folder: the shipped conftest and one test per function."""
    folder.mkdir(parents=True)
    shutil.copy(assignments.ROOT / "autograder" / "public_conftest.py", folder / "conftest.py")
    sources = sorted((assignments.ROOT / "source" / assignment_id).glob("test_*.py"))
    if sources:
        shutil.copy(sources[0], folder / sources[0].name)
        return folder
    tests = [f"def test_{name}_defined(student):\n    assert callable(student.{name})\n"
             for name in assignments.get(assignment_id).functions]
    (folder / f"test_{assignment_id}.py").write_text("\n\n".join(tests), encoding="utf-8")
    return folder


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def _marginal(batch: Timing, single: Timing) -> float:
    """Submissions per second once started: the batch minus the one-submission run."""
    extra = batch.seconds - single.seconds
    return (batch.submissions - single.submissions) / extra if extra > 0 else float("inf")


def report(timings: dict[str, Timing], load: tuple[str, str]) -> str:
    """The markdown table, the ratios against the targets, and the conditions."""
    lines = ["| run | submissions | wall (s) | submissions/s | ms per submission | note |",
             "|---|---:|---:|---:|---:|---|"]
    for t in timings.values():
        lines.append(f"| {t.grader} | {t.submissions} | {t.seconds:.2f} | {t.rate:.2f} | "
                     f"{1000 * t.seconds / t.submissions:.0f} | {t.note} |")
    aimath = timings["aimath"]
    lines.append("")
    for key, label in (("nbgrader", "aimath / nbgrader throughput"),
                       ("otter", "aimath / otter throughput")):
        if key in timings:
            ratio = aimath.rate / timings[key].rate
            target = f" (target >= {TARGETS[key]:g}x)" if key in TARGETS else ""
            lines.append(f"- {label}: **{ratio:.1f}x**{target}; {key}'s rate is extrapolated "
                         f"from {timings[key].submissions} submissions")
    marginal = _marginal(aimath, timings["start-up"])
    lines.append(f"- aimath without its fixed start-up ({timings['start-up'].seconds:.1f} s, "
                 f"the 1-submission run): **{marginal:.1f} submissions/s**"
                 + (f", {marginal / timings['nbgrader'].rate:.0f}x nbgrader's"
                    if "nbgrader" in timings else ""))
    overhead = aimath.seconds / timings["inprocess"].seconds
    lines.append(f"- overhead, aimath wall / no-isolation wall: **{overhead:.2f}x** "
                 f"(target <= {TARGETS['overhead']:g}x)")
    lines.append(f"- check: **{timings['check'].seconds:.2f} s** "
                 f"(target <= {TARGETS['check']:g} s)")
    lines.append(f"- load average before: {load[0]}; after: {load[1]}")
    return "\n".join(lines)


def run(args: argparse.Namespace, work: Path) -> dict[str, Timing]:
    """Build the course and the cohort in `work`, then time every grader."""
    variants = corpus.cohort(args.assignment, args.n)
    template = nbgrader_course.build(work / "course", args.assignment)
    few = variants[: args.nbgrader_n]
    nbgrader_course.submit(work / "course" / "submitted", args.assignment, template, few)
    nbgrader_course.submit(work / "all" / "submitted", args.assignment, template, variants)
    nbgrader_course.submit(work / "one" / "submitted", args.assignment, template, variants[:1])
    timings = {
        "aimath": time_aimath(work / "all" / "submitted", args.assignment, work / "out",
                              args.jobs, args.n),
        "start-up": time_aimath(work / "one" / "submitted", args.assignment, work / "out-one",
                                args.jobs, 1),
        "inprocess": time_inprocess(work / "all" / "submitted", args.assignment,
                                    work / "out-inprocess", args.n),
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
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="submissions for aimath")
    parser.add_argument("--assignment", default="01_vectors")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--nbgrader-n", type=int, default=10, help="submissions for nbgrader")
    parser.add_argument("--otter-n", type=int, default=10, help="submissions for otter")
    parser.add_argument("--otter", help="the `otter` command (default: found on PATH)")
    parser.add_argument("--json", type=Path, help="also write the timings here")
    args = parser.parse_args(argv)
    before = _load()
    with tempfile.TemporaryDirectory(prefix="aimath-bench-") as work:
        timings = run(args, Path(work))
    print(report(timings, (before, _load())))
    if args.json:
        args.json.write_text(json.dumps({k: vars(t) for k, t in timings.items()}, indent=1))


if __name__ == "__main__":
    main()
