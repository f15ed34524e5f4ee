"""Before and after in the same minutes: `aimath grade` of a commit against this checkout.

    python benchmarks/ab.py BASE [--pairs 5] [--n 200] [--jobs 2] [--assignment 01_vectors]
    python benchmarks/ab.py BASE --check [--pairs 30]   # `aimath check` of one notebook

This machine's speed drifts by 10% and more within minutes, so a number taken now and one
taken an hour ago compare the machine, not the code. Checks BASE out into a throwaway git
worktree (both sides' bytecode written, as `make install` leaves this checkout), writes one
cohort of plain notebooks (`corpus.cohort`), then runs `aimath grade` of BASE and of this
checkout in turn, `--pairs` times each (which goes first alternates), with the same
interpreter and packages, each from an empty course folder into an empty output folder;
prints every pair's wall and CPU time (all of its processes), the medians and their ratios.
CPU time drifts less than wall time. With `--check`, the command is `aimath check` of one
notebook of the cohort.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import corpus

from autograder.course import assignments

LAUNCH = "import sys; from autograder.launch import main; sys.argv[0] = 'aimath'; main()"


def worktree(base: str, where: Path) -> Path:
    """`base` checked out (detached) at `where`."""
    subprocess.run(["git", "-C", str(assignments.ROOT), "worktree", "add", "--detach",
                    str(where), base], check=True, capture_output=True)
    return where


def compiled(code: Path) -> Path:
    """`code` with its bytecode written, as `make install` leaves this checkout: neither side
    then compiles the package in every process."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "autograder", "reference"],
                   cwd=code, check=True, capture_output=True)
    return code


@dataclass(frozen=True)
class Run:
    """One `aimath grade`: wall seconds, and CPU seconds of all its processes."""

    wall: float
    cpu: float


def children_cpu() -> float:
    """CPU seconds of every child process reaped so far, and of theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command_line(submissions: Path, args: argparse.Namespace, course: Path) -> list[str]:
    """What follows `aimath`: the grade of every submission, or the check of the first."""
    if args.check:
        return ["check", str(min(submissions.iterdir())), "--assignment", args.assignment]
    return ["grade", str(submissions), "--assignment", args.assignment, "--out",
            str(course / "out"), "--jobs", str(args.jobs)]


def time_command(code: Path, submissions: Path, args: argparse.Namespace, work: Path) -> Run:
    """One `aimath grade` (or `check`) by the package at `code`, from a new course folder."""
    course = Path(tempfile.mkdtemp(prefix="course-", dir=work))
    words = command_line(submissions, args, course)
    started, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run([sys.executable, "-c", LAUNCH, *words], cwd=course,
                          env=dict(os.environ, PYTHONPATH=str(code)), capture_output=True,
                          text=True)
    run = Run(time.perf_counter() - started, children_cpu() - cpu)
    if done.returncode not in ((0, 1) if args.check else (0,)):  # a check may fail tests
        raise RuntimeError(f"aimath {words[0]} of {code} failed:\n{done.stderr[-3000:]}")
    return run


def compare(base: Path, submissions: Path, args: argparse.Namespace,
            work: Path) -> dict[str, list[Run]]:
    """The runs of each side, in alternating order."""
    sides = {"base": base, "head": assignments.ROOT}
    runs: dict[str, list[Run]] = {"base": [], "head": []}
    for pair in range(args.pairs):
        order = ["base", "head"] if pair % 2 == 0 else ["head", "base"]
        for side in order:
            runs[side].append(time_command(sides[side], submissions, args, work))
        print(f"pair {pair + 1}: " + ", ".join(
            f"{side} {runs[side][-1].wall:.2f} s ({runs[side][-1].cpu:.2f} s CPU)"
            for side in sides), flush=True)
    return runs


def summary(runs: dict[str, list[Run]], args: argparse.Namespace) -> str:
    """The medians of wall and CPU time, and head's over base's."""
    wall = {side: statistics.median(r.wall for r in values) for side, values in runs.items()}
    cpu = {side: statistics.median(r.cpu for r in values) for side, values in runs.items()}
    return (f"median of {args.pairs}: wall base {wall['base']:.2f} s, head {wall['head']:.2f} s "
            f"(head/base {wall['head'] / wall['base']:.3f}); CPU base {cpu['base']:.2f} s, "
            f"head {cpu['head']:.2f} s (head/base {cpu['head'] / cpu['base']:.3f}); "
            + ("aimath check of one notebook" if args.check else
               f"{args.n} submissions, --jobs {args.jobs}") + f", {args.assignment}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the commit to compare against (e.g. HEAD~1)")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--n", type=int, default=200, help="submissions")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--assignment", default="01_vectors")
    parser.add_argument("--check", action="store_true", help="time `aimath check` instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aimath-ab-") as folder:
        work = Path(folder)
        base = compiled(worktree(args.base, work / "base"))
        compiled(assignments.ROOT)
        try:
            submissions = work / "submissions"
            corpus.write_plain(submissions,
                               corpus.cohort(args.assignment, 1 if args.check else args.n))
            runs = compare(base, submissions, args, work)
        finally:
            subprocess.run(["git", "-C", str(assignments.ROOT), "worktree", "remove",
                            "--force", str(base)], check=False, capture_output=True)
    print(summary(runs, args))


if __name__ == "__main__":
    main()
