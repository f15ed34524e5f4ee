"""Grading on a Dask cluster: the same results as the local workers, and no result lost
when a Dask worker dies in the middle of a batch."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from autograder.batch.cluster import chunks, dask_executor
from autograder.batch.grade import GradeRequest, grade
from autograder.batch.tasks import Line
from autograder.course.assignments import ROOT
from autograder.course.settings import load_settings
from autograder.intake.discover import discover

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


def request(submissions: Path, out: Path, scheduler: str | None = None) -> GradeRequest:
    settings = load_settings(out.parent, call_timeout=2.0)
    return GradeRequest(submissions, "01_vectors", out, settings,
                        executor="dask" if scheduler else "local", scheduler=scheduler)


def comparable(path: Path) -> dict:
    """A results.json without what changes from run to run (times, timestamps)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("execution_time")
    data["extra_data"].pop("graded_at")
    for test in data["tests"]:
        test["extra_data"].pop("duration", None)
    return data


def test_chunks_cover_every_task_once(submissions: Path, tmp_path: Path) -> None:
    """Are the sources split into a few chunks per worker, each in exactly one chunk?"""
    sources = discover(submissions, "01_vectors", tmp_path) * 8
    split = chunks(sources, workers=2)
    assert [s for chunk in split for s in chunk] == sources
    assert len(split) == 8
    assert chunks(sources[:3], workers=4) == [[s] for s in sources[:3]]


def test_dask_results_match_local(scheduler: str, submissions: Path, tmp_path: Path) -> None:
    """Does grading on the cluster write the same results.json as the local workers?"""
    console = Console(file=io.StringIO())
    local = grade(request(submissions, tmp_path / "local"), console)
    remote = grade(request(submissions, tmp_path / "dask", scheduler), console)
    assert remote.graded_now == local.graded_now == len(STUDENTS)
    assert local.missing == remote.missing == []
    for student in STUDENTS:
        expected = comparable(tmp_path / "local" / student / "results.json")
        assert comparable(tmp_path / "dask" / student / "results.json") == expected, student
    assert not (tmp_path / "dask" / ".inputs").exists()


def test_killed_worker_loses_no_result(scheduler: str, submissions: Path,
                                       tmp_path: Path) -> None:
    """When a Dask worker is killed mid-batch, does every student still get one result?"""
    killed: list[int] = []
    lines: list[Line] = []
    sources = discover(submissions, "01_vectors", tmp_path / "work")
    config = request(submissions, tmp_path / "out").worker_config()
    with distributed.Client(scheduler) as client:

        def kill_a_busy_worker(line: Line) -> None:
            lines.append(line)
            if killed:
                return
            pids = client.run(os.getpid)
            busy = [addr for addr, keys in client.processing().items() if keys]
            if busy:
                killed.append(pids[busy[0]])
                os.kill(pids[busy[0]], signal.SIGKILL)

        dask_executor(scheduler)(sources, config, 2, kill_a_busy_worker,
                                 lambda found, key: found)
        client.wait_for_workers(2, timeout=60)
    assert killed, "no worker was busy when the first result arrived"
    assert sorted(line.student for line in lines) == sorted(STUDENTS)  # each reported once
    assert all(line.status != "error" for line in lines)
    for student in STUDENTS:
        results = json.loads((tmp_path / "out" / student / "results.json").read_text())
        assert results["max_score"] > 0
