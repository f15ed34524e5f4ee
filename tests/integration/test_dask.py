"""Grading on a Dask cluster: the same results as the local workers, and no result lost
when a Dask worker dies in the middle of a batch."""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.batch.cluster import chunks, dask_executor
from autograder.batch.runner import run_batch
from autograder.batch.worker import WorkerConfig
from autograder.course.assignments import ROOT

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow
STUDENTS = ("alice", "bob", "carol", "dave", "frank", "mallory")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A two-process LocalCluster, one thread per worker, shared by this module's tests."""
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def submissions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six sample submissions: correct, partly wrong, unreadable and a cheater that crashes."""
    folder = tmp_path_factory.mktemp("submissions")
    for path in (ROOT / "samples" / "01_vectors").iterdir():
        if path.stem in STUDENTS:
            shutil.copy(path, folder / path.name)
    return folder


def config(out: Path) -> WorkerConfig:
    return WorkerConfig(assignment="01_vectors", out=str(out), call_timeout=2.0)


def comparable(path: Path) -> dict:
    """A results.json without what changes from run to run (times, timestamps)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("execution_time")
    data["extra_data"].pop("graded_at")
    for test in data["tests"]:
        test["extra_data"].pop("duration", None)
    return data


def test_chunks_cover_every_task_once() -> None:
    """Are the tasks split into a few chunks per worker, each task in exactly one chunk?"""
    tasks = [{"student": f"s{i}"} for i in range(50)]
    split = chunks(tasks, workers=2)
    assert [t for chunk in split for t in chunk] == tasks
    assert len(split) == 8
    assert chunks(tasks[:3], workers=4) == [[t] for t in tasks[:3]]


def test_dask_results_match_local(scheduler: str, submissions: Path, tmp_path: Path) -> None:
    """Does grading on the cluster write the same results.json as the local workers?"""
    local = run_batch(submissions, config(tmp_path / "local"), jobs=2)
    remote = run_batch(submissions, config(tmp_path / "dask"), jobs=2,
                       executor=dask_executor(scheduler))
    assert remote.graded == local.graded == len(STUDENTS)
    assert local.errors == remote.errors == []
    for student in STUDENTS:
        expected = comparable(tmp_path / "local" / student / "results.json")
        assert comparable(tmp_path / "dask" / student / "results.json") == expected, student
    assert not (tmp_path / "dask" / ".inputs").exists()


def test_killed_worker_loses_no_result(scheduler: str, submissions: Path,
                                       tmp_path: Path) -> None:
    """When a Dask worker is killed mid-batch, does every student still get one result?"""
    killed: list[int] = []
    with distributed.Client(scheduler) as client:

        def kill_a_busy_worker(line: dict) -> None:
            if killed:
                return
            pids = client.run(os.getpid)
            busy = [addr for addr, keys in client.processing().items() if keys]
            if busy:
                killed.append(pids[busy[0]])
                os.kill(pids[busy[0]], signal.SIGKILL)

        summary = run_batch(submissions, config(tmp_path), jobs=2, on_result=kill_a_busy_worker,
                            executor=dask_executor(scheduler))
        client.wait_for_workers(2, timeout=60)
    assert killed, "no worker was busy when the first result arrived"
    assert summary.graded == len(STUDENTS)  # a re-run chunk reports once, when it completes
    assert all((tmp_path / s / "results.json").is_file() for s in STUDENTS)
    assert summary.errors == []
    for student in STUDENTS:
        assert json.loads((tmp_path / student / "results.json").read_text())["max_score"] > 0
