"""What the attacks on the grader cost it: wall time, peak memory per role, and what each
student leaves in the output folder.

    python benchmarks/attacks.py [--aimath PATH] [--timeout 2]

Writes the attack folder of `tests/scenarios/test_attacks.py` (forged reply headers, a 40 MB
exception name, a frame written at import, links, a borrowed identity, colliding names,
answers that compute nothing, an honest alice) into a throwaway course and runs
`aimath grade` there (absolute paths, so older installs grade it too), sampling the peak
resident memory (VmHWM) of the grader, its workers and the sandbox processes while it runs.
`--aimath` points at another install (an older commit's venv): a before and after on the
same folder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from autograder.batch.worker import WORKER_NAME
from autograder.course.assignments import ROOT

sys.path.insert(0, str(ROOT / "tests"))  # the attack folder is the scenario test's

from support.attacks import ID, write_attack_folder

ROLES = (("worker", "worker"), ("sandbox", "sandbox"))  # cmdline word -> role


def _role(process: psutil.Process) -> str:
    if process.name() == WORKER_NAME:  # a worker forked from the grader has its command line
        return "worker"
    command = " ".join(process.cmdline())
    return next((role for word, role in ROLES if word in command), "other")


def _peaks(root: psutil.Process, peaks: dict[str, float]) -> None:
    """Fold the current VmHWM of `root` and its descendants into `peaks` (MB per role)."""
    for process, role in [(root, "grader")] + [(p, "") for p in root.children(recursive=True)]:
        try:
            role = role or _role(process)
            status = Path(f"/proc/{process.pid}/status").read_text()
        except (psutil.Error, OSError):
            continue
        hwm = next((int(line.split()[1]) for line in status.splitlines()
                    if line.startswith("VmHWM:")), 0)
        if hwm:
            peaks[role] = max(peaks.get(role, 0.0), hwm / 1024)


def grade(aimath: str, course: Path, timeout: str) -> tuple[float, dict[str, float], int]:
    """Run the grade in `course`; seconds, peak MB per role, exit code."""
    started = time.perf_counter()
    process = subprocess.Popen([aimath, "grade", str(course / "subs"), "--assignment", ID,
                                "--out", str(course / "out"), "--timeout", timeout], cwd=course,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root, peaks = psutil.Process(process.pid), dict[str, float]()
    while process.poll() is None:
        _peaks(root, peaks)
        time.sleep(0.02)
    return time.perf_counter() - started, peaks, process.returncode


def students(out: Path) -> list[str]:
    """One table row per student folder: score, status and bytes left behind."""
    rows = []
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        try:
            result = json.loads((folder / "results.json").read_text())
            score = f"{result['score']:g} / {result['max_score']:g}"
            status = result.get("extra_data", {}).get("status", "")
        except (OSError, ValueError, KeyError):
            score, status = "no results.json", ""
        rows.append(f"| {folder.name} | {score} | {status} | {size / 1024:.0f} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aimath", default=str(Path(sys.executable).parent / "aimath"))
    parser.add_argument("--timeout", default="2", help="seconds per call (--timeout)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aimath-attacks-") as work:
        course = Path(work)
        write_attack_folder(course / "subs")
        seconds, peaks, code = grade(args.aimath, course, args.timeout)
        rows = students(course / "out") if (course / "out").is_dir() else []
    print(f"`{args.aimath} grade` on the attack folder: exit {code}, {seconds:.1f} s wall; "
          "peak RSS " + ", ".join(f"{role} {mb:.0f} MB" for role, mb in sorted(peaks.items())))
    print("\n| student | score | status | KiB left in out/ |\n|---|---|---|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
