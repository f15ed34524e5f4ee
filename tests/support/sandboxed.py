"""Grading source strings through the real sandbox, and looking for leftover processes.

Sandboxed tests use worker slot 90 (uid 61090; AIMATH_TEST_SLOT picks another of 90-99),
which no real `aimath grade` uses, so every process of that uid belongs to these tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from autograder.batch.tasks import WorkerConfig, source_to_json
from autograder.course.assignments import ROOT
from autograder.intake.discover import Source
from autograder.sandbox.host.client import UID_BASE
from autograder.student.limits import Limits

SLOT = int(os.environ.get("AIMATH_TEST_SLOT", "90"))  # 90-99: see sandbox/host/slots.py
SANDBOX_UID = UID_BASE + SLOT
ASSIGNMENT = "01_vectors"
FUNCTIONS = ("l1_norm", "l2_norm", "hadamard", "angle")

HONEST = '''
import numpy as np


def l1_norm(x):
    return float(np.sum(np.abs(x)))


def l2_norm(x):
    return float(np.sqrt(np.sum(x * x)))


def hadamard(x, y):
    if np.shape(x) != np.shape(y):
        raise ValueError("shapes differ")
    return np.multiply(x, y)


def angle(x, y):
    nx, ny = l2_norm(x), l2_norm(y)
    if nx == 0 or ny == 0:
        raise ValueError("zero vector")
    return float(np.arccos(np.clip(np.inner(x, y) / (nx * ny), -1.0, 1.0)))
'''


# A double-forked process that would outlive its parent without a PID namespace (it asks
# for a session of its own too, which the sandbox refuses).
ESCAPEE = """
import os, time
if os.fork() == 0:
    try:
        os.setsid()
    except OSError:
        pass
    if os.fork() == 0:
        while True:
            time.sleep(0.05)
    os._exit(0)
"""


def earned(results: dict, function: str) -> tuple[float, float]:
    """(score, max_score) of one function's tests in a results.json."""
    tests = [t for t in results["tests"] if t["name"].split(":")[0] == function]
    assert tests, f"no test grades {function}"
    return sum(t["score"] for t in tests), sum(t["max_score"] for t in tests)


def outputs(results: dict, function: str) -> list[str]:
    """The messages of one function's tests."""
    return [t["output"] for t in results["tests"] if t["name"].split(":")[0] == function]


def sandbox_processes(outside: int | None = None) -> list[str]:
    """`pid state name` of every live process of the tests' sandbox uid (but those that
    descend from process `outside`: this test process's own zygotes keep a child started
    ahead for the next submission, whatever a batch run elsewhere left)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == SANDBOX_UID and \
                (outside is None or outside not in _ancestors(entry.name)):
            found.append(f"{entry.name} {fields['State'].strip()} {fields['Name'].strip()}")
    return found


def _ancestors(pid: str) -> list[int]:
    """The pids above `pid`, its parent first (as far as they are still there)."""
    found: list[int] = []
    while pid not in ("0", "1"):
        try:
            pid = (Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            break
        found.append(int(pid))
    return found


def wait_until_gone(list_processes: Callable[[], list[str]], seconds: float = 5.0) -> list[str]:
    """Poll until `list_processes()` is empty or `seconds` pass; return what is left."""
    deadline = time.monotonic() + seconds
    while (left := list_processes()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@dataclass
class Batch:
    """What one grading worker left: each student's results.json, its log, the output."""

    results: dict[str, dict]
    log: str
    out: Path


def _write_sources(folder: Path, sources: dict[str, str]) -> list[Source]:
    """Write `{file name: text}` into `folder`; one source per file, in the given order."""
    folder.mkdir(parents=True)
    found = []
    for name, text in sources.items():
        (folder / name).write_text(text, encoding="utf-8")
        found.append(Source(Path(name).stem, folder, PurePosixPath(name), raw=Path(name).stem))
    return found


def run_worker(root: Path, sources: dict[str, str], *, timeout: float = 1.0,
               memory_mb: int = 256, env: dict[str, str] | None = None) -> Batch:
    """Grade `sources` against 01_vectors with one real `python -m autograder.batch.worker`."""
    found = _write_sources(root / "submissions", sources)
    out = root / "out"
    config = WorkerConfig(ASSIGNMENT, str(out), str(root / "course"),
                          Limits(call_timeout=timeout, memory_mb=memory_mb), slot=SLOT)
    read, write = os.pipe()
    worker = subprocess.Popen(
        [sys.executable, "-m", "autograder.batch.worker", config.to_json(), str(write)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        pass_fds=[write], cwd=ROOT, env={**os.environ, **(env or {})}, text=True)
    os.close(write)
    with os.fdopen(read) as channel:
        stdin = "".join(json.dumps(source_to_json(s)) + "\n" for s in found)
        _, log = worker.communicate(stdin, timeout=300)
        lines = [json.loads(line) for line in channel if line.strip()]
    assert worker.returncode == 0, log
    assert len(lines) == len(found) + 1, (lines, log)  # the fingerprint, then one per student
    results = {s.student: json.loads((out / s.student / "results.json").read_text())
               for s in found}
    return Batch(results, log, out)
