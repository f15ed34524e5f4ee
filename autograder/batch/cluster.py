"""Grade a batch on a Dask cluster: `aimath grade ... --executor dask [--scheduler ADDR]`.

Tasks go to the cluster in small chunks; each chunk is one `grade_stream` session on a Dask
worker, with the sandbox unchanged (the zygote is a fresh interpreter on that worker's
machine). The worker writes results.json and feedback.html itself and returns the summary
lines, which reach `record` as chunks complete.

Assumptions: every worker can import this package (same version) and reads and writes the
output folder at the same absolute path (a shared filesystem); submissions are staged into
`OUT/.inputs/` for a remote scheduler, so the input folder need not be shared.

A worker that dies mid-chunk loses nothing: Dask runs the chunk again on another worker,
and re-grading a student replaces the same results.json atomically, so a chunk is safe to
run twice.
"""

from __future__ import annotations

import contextlib
import math
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from autograder.batch.worker import WorkerConfig, grade_stream, write_outputs

Executor = Callable[[list[dict], WorkerConfig, int, Callable[[dict], None]], None]
CHUNKS_PER_WORKER = 4
MAX_CHUNK = 16


def grade_chunk(tasks: list[dict], config: WorkerConfig) -> list[dict]:
    """Runs on a Dask worker: grade `tasks` in one pytest session; return the summary lines.

    Idempotent: running it again re-grades the same students into the same files. The
    sandbox uid slot is claimed per worker process (`sandbox/slots.py`), as in local workers.
    """
    lines: list[dict] = []
    errors = grade_stream(tasks, config, lambda g: lines.append(write_outputs(g, config)))
    return lines + [{"fatal": f"the hidden suite could not be loaded: {e}"} for e in errors]


def chunks(tasks: list[dict], workers: int) -> list[list[dict]]:
    """Split tasks so each worker gets a few chunks: a lost worker costs little, and each
    chunk still amortises one suite collection over several students."""
    size = max(1, min(MAX_CHUNK, math.ceil(len(tasks) / (CHUNKS_PER_WORKER * max(1, workers)))))
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def stage_inputs(tasks: list[dict], out: Path) -> list[dict]:
    """Copy each submission under `out/.inputs/` (shared with the workers); new task dicts."""
    staged = []
    for task in tasks:
        source = Path(task["path"])
        target = out / ".inputs" / task["student"] / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        staged.append({**task, "path": str(target)})
    return staged


@contextlib.contextmanager
def _client(scheduler: str | None, jobs: int) -> Iterator[Any]:
    """A client of the given scheduler, or of a LocalCluster with `jobs` worker processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def _run(client: Any, tasks: list[dict], config: WorkerConfig,
         record: Callable[[dict], None]) -> None:
    """Submit every chunk, then hand each chunk's lines to `record` as it completes."""
    from distributed import as_completed

    workers = max(1, sum(client.nthreads().values()))
    futures = {client.submit(grade_chunk, chunk, config, pure=False): chunk
               for chunk in chunks(tasks, workers)}
    for future in as_completed(futures):
        try:
            lines = future.result()
        except Exception as exc:  # e.g. KilledWorker: the chunk took down several workers
            lines = [{"error": f"{t['student']}: the cluster could not grade this submission "
                               f"({type(exc).__name__}: {exc})"} for t in futures[future]]
        for line in lines:
            record(line)


def dask_executor(scheduler: str | None) -> Executor:
    """An executor for `run_batch` that grades on the Dask cluster at `scheduler`
    (a new LocalCluster with `jobs` workers when None)."""

    def execute(tasks: list[dict], config: WorkerConfig, jobs: int,
                record: Callable[[dict], None]) -> None:
        if not tasks:
            return
        out = Path(config.out).resolve()
        config = replace(config, out=str(out))
        staged = stage_inputs(tasks, out) if scheduler else tasks
        try:
            with _client(scheduler, jobs) as client:
                _run(client, staged, config, record)
        finally:
            if scheduler:
                shutil.rmtree(out / ".inputs", ignore_errors=True)

    return execute
