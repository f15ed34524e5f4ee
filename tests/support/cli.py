"""Helpers of the scenarios, which run the installed commands the way people do: a
subprocess, from a temporary course folder, with relative paths; then they look at what the
commands leave behind."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from autograder.batch.worker import WORKER_NAME
from autograder.course.assignments import ROOT

BIN = Path(sys.executable).parent
AIMATH = str(BIN / "aimath")
SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "release"


@dataclass(frozen=True)
class Run:
    """What one command did: exit code, output, wall time, and the peak memory of its grading
    workers (the processes that parse what students send)."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    worker_peak_mb: float


def descendants(root: int) -> list[int]:
    """Every process below `root` (its children, theirs, ...), by pid."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        found += children.get(pid, [])
        frontier += children.get(pid, [])
    return found


def _worker_peak_kb(pids: list[int]) -> int:
    peak = 0
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() != WORKER_NAME:
                continue
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak


def aimath(cwd: Path, *args: str, timeout: float = 600) -> Run:
    """Run `aimath ARGS` in `cwd`, watching its workers' peak memory while it runs."""
    started = time.monotonic()
    process = subprocess.Popen([AIMATH, *args], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _worker_peak_kb(descendants(process.pid)))
        if time.monotonic() - started > timeout:
            process.kill()
        time.sleep(0.05)
    out, err = process.communicate()
    return Run(process.returncode, out, err, time.monotonic() - started, peak / 1024)


def code_cells(notebook: Path) -> list[str]:
    """The code cells of a notebook, as text."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def notebook(*cells: str) -> str:
    """An nbformat 4 notebook whose code cells hold `cells`."""
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": source} for source in cells]})


def solution_code(assignment: str) -> str:
    """The model solution of an exercise as one .py file."""
    return "\n\n".join(code_cells(SOLUTIONS / assignment / f"{assignment}.ipynb"))


def results(out: Path, student: str) -> dict:
    return json.loads((out / student / "results.json").read_text(encoding="utf-8"))


def submit_nbgrader(course: Path, student: str, assignment: str, notebook_text: str,
                    when: str = "2026-03-20 10:00:00.000000 UTC") -> Path:
    """What `nbgrader collect` leaves for one student: notebook, timestamp, secret."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    (folder / f"{assignment}.ipynb").write_text(notebook_text, encoding="utf-8")
    (folder / "timestamp.txt").write_text(when)
    (folder / "submission_secret.txt").write_text(f"secret-{student}")
    return folder
