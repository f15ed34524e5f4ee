"""The batch's worker processes: forked from a batch with nothing else running, fresh
interpreters otherwise, and one BLAS thread each either way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.batch import processes
from autograder.batch.worker import WORKER_NAME


def test_a_worker_starts_with_blas_on_one_thread(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Is a grading worker started with one BLAS thread, whatever the caller's environment
    says (workers side by side would otherwise each start a thread per CPU)?"""
    from autograder.batch.tasks import WorkerConfig

    started: list[dict] = []

    class Started(Exception):
        """Stands for the worker process: its environment is all this test looks at."""

    def popen(command: list[str], **options: object) -> None:
        started.append(dict(options["env"]))  # type: ignore[call-overload]
        raise Started

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "8")
    monkeypatch.setattr(processes.subprocess, "Popen", popen)
    with pytest.raises(Started):
        processes.Worker(WorkerConfig("01_vectors", str(tmp_path), str(tmp_path)), 0)
    assert started[0]["OPENBLAS_NUM_THREADS"] == started[0]["MKL_NUM_THREADS"] == "1"
    assert started[0]["PATH"] == os.environ["PATH"]  # the rest of the environment stays


START = """
import gc, json, os, sys, threading
from autograder.batch import processes
from autograder.batch.tasks import WorkerConfig
if sys.argv[2] == "thread":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
if sys.argv[2] == "numpy":
    import numpy
early = []
if sys.argv[2] == "early":  # as `aimath grade` does first: one zygote more than it needs
    from autograder.course import assignments
    from autograder.sandbox.host import zygote_client
    zygote_client.start_early(assignments.get("01_vectors").preload, 3)
    early = [zygote.process for zygote in zygote_client._early]
batches = []
for _ in range(int(sys.argv[3])):
    pool = processes.start_workers(WorkerConfig("01_vectors", sys.argv[1], sys.argv[1]), 2)
    keys = {worker.wait_ready() for worker in pool}
    threads = [line for line in open("/proc/self/status") if line.startswith("Threads:")]
    batches.append({"keys": len(keys), "frozen": gc.get_freeze_count(), "gc": gc.isenabled(),
                    "threads": int(threads[0].split()[1]), "workers": [
        {"parent": int(open(f"/proc/{w.process.pid}/stat").read().rsplit(")", 1)[1].split()[1]),
         "name": open(f"/proc/{w.process.pid}/comm").read().strip(),
         "zygote": w.zygote and w.zygote.process.pid} for w in pool]})
    for worker in pool:
        worker.close_input()
    for worker in pool:
        worker.stop()
print(json.dumps({"me": os.getpid(), "batches": batches,
                  "early": [p.pid for p in early], "left": [p.poll() is None for p in early]}))
"""


def _batches(tmp_path: Path, mode: str,
             batches: int = 1) -> tuple[int, list[dict], list[int], list[bool]]:
    """Start two workers `batches` times in a fresh process; its pid, what each saw, and the
    zygotes it started early (mode "early") with whether each still runs at the end."""
    done = subprocess.run([sys.executable, "-c", START, str(tmp_path), mode, str(batches)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    return seen["me"], seen["batches"], seen["early"], seen["left"]


def test_workers_are_forked_from_a_batch_with_nothing_else_running(tmp_path: Path) -> None:
    """From a fresh process (one thread, NumPy not loaded), are both workers its own forks,
    named as workers, each with a zygote of its own, ready with the same fingerprint; and
    again for a second batch of the same process (`aimath demo`), NumPy loaded by the first?
    The batch's own imports are frozen for the collector, and its BLAS started no thread."""
    me, batches, _, _ = _batches(tmp_path, "plain", 2)
    for batch in batches:
        workers = batch["workers"]
        assert [w["parent"] for w in workers] == [me] * 2
        assert {w["name"] for w in workers} == {WORKER_NAME}
        zygotes = {w["zygote"] for w in workers}
        assert None not in zygotes and len(zygotes) == 2
        assert batch["keys"] == 1
        assert batch["frozen"] > 10_000 and batch["gc"]  # the imports out of the collector's way
        assert batch["threads"] == 1  # NumPy's BLAS loaded here on one thread: so in the forks


@pytest.mark.parametrize("mode", ["thread", "numpy"])
def test_workers_start_as_fresh_interpreters_where_a_fork_is_not_clean(tmp_path: Path,
                                                                       mode: str) -> None:
    """With another thread running (a fork could inherit a lock it holds), or NumPy loaded
    by the caller (with its BLAS threads), are the workers fresh interpreters instead, with
    no zygote started for them here?"""
    _, [batch], _, _ = _batches(tmp_path, mode)
    assert {w["name"] for w in batch["workers"]} == {WORKER_NAME}
    assert {w["zygote"] for w in batch["workers"]} == {None}


def test_the_workers_take_the_zygotes_started_early_and_the_spare_is_stopped(
        tmp_path: Path) -> None:
    """Do forked workers take zygotes the batch started before its imports (they boot
    meanwhile), and is the one no worker took stopped rather than left running?"""
    _, [batch], early, left = _batches(tmp_path, "early")
    taken = {w["zygote"] for w in batch["workers"]}
    assert len(taken) == 2 and taken <= set(early)
    assert [alive for pid, alive in zip(early, left, strict=True) if pid not in taken] == [False]
