"""Grade a batch on a Dask cluster: `aimath grade ... --executor dask [--scheduler ADDR]`.

A first small task collects the suite on a worker and returns the grading fingerprint (so
unchanged students are skipped exactly as locally); the rest go out in small chunks, each one
`Session` on a Dask worker with the sandbox unchanged (the zygote is a fresh interpreter on
that worker's machine). The worker writes results.json and feedback.html itself and returns
the lines, which reach `record` as chunks complete.

Assumptions: every worker can import this package (same version) and reads and writes the
output folder and the course folder at the same absolute paths (a shared filesystem);
submissions are staged into `OUT/.inputs/` for a remote scheduler, so the input folder need
not be shared. A worker that dies mid-chunk loses nothing: Dask runs the chunk again on
another worker, and re-grading a student replaces the same results.json atomically.
"""

from __future__ import annotations

import contextlib
import math
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from autograder.batch.outputs import write_outputs
from autograder.batch.tasks import Line, WorkerConfig
from autograder.batch.worker import Session
from autograder.grading.model import SubmissionResult
from autograder.intake.discover import Source
from autograder.safefs import read_beneath, write_beneath

CHUNKS_PER_WORKER = 4
MAX_CHUNK = 16


def grade_chunk(sources: list[Source], config: WorkerConfig) -> list[Line]:
    """Runs on a Dask worker: grade `sources` in one pytest session; return their lines.

    Idempotent: running it again re-grades the same students into the same files. The
    sandbox uid slot is claimed per worker process (`sandbox/host/slots.py`).
    """
    lines: list[Line] = []
    out = Path(config.out)

    def emit(result: SubmissionResult) -> None:
        lines.append(write_outputs(result, out, config.lang))

    errors = Session(config, lambda key: None, emit).grade(sources)
    if errors:
        raise RuntimeError(f"the hidden suite could not be loaded: {errors[0]}")
    return lines


def fingerprint_task(config: WorkerConfig) -> str:
    """Runs on a Dask worker: collect the suite and return its grading fingerprint."""
    found: list[str] = []
    errors = Session(config, found.append, lambda result: None).grade([])
    if errors or not found:
        raise RuntimeError(f"the hidden suite could not be loaded: {errors}")
    return found[0]


def chunks(sources: list[Source], workers: int) -> list[list[Source]]:
    """Split so each worker gets a few chunks: a lost worker costs little, and each chunk
    still amortises one suite collection over several students."""
    size = max(1, min(MAX_CHUNK, math.ceil(len(sources) / (CHUNKS_PER_WORKER * max(1, workers)))))
    return [sources[i:i + size] for i in range(0, len(sources), size)]


def stage_inputs(sources: list[Source], out: Path, limit: int) -> list[Source]:
    """Copy each readable submission under `out/.inputs/<student>/` (shared with the workers)."""
    staged = []
    for source in sources:
        if source.problem is not None:
            staged.append(source)
            continue
        target = PurePosixPath(source.student, source.filename)
        write_beneath(out / ".inputs", target, read_beneath(source.root, source.relative, limit))
        staged.append(replace(source, root=out / ".inputs", relative=target))
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


def _run(client: Any, sources: list[Source], config: WorkerConfig,
         record: Callable[[Line], None]) -> None:
    """Submit every chunk, then hand each chunk's lines to `record` as it completes."""
    from distributed import as_completed

    workers = max(1, sum(client.nthreads().values()))
    futures = {client.submit(grade_chunk, chunk, config, pure=False): chunk
               for chunk in chunks(sources, workers)}
    for future in as_completed(futures):
        try:
            lines = future.result()
        except Exception:  # e.g. KilledWorker: the chunk took down several workers
            lines = [Line(s.student, 0.0, 0.0, "error", 0.0) for s in futures[future]]
        for line in lines:
            record(line)


def dask_executor(scheduler: str | None) -> Callable[..., None]:
    """An executor for `aimath grade` that grades on the Dask cluster at `scheduler`
    (a new LocalCluster with `jobs` workers when None)."""

    def execute(sources: list[Source], config: WorkerConfig, jobs: int,
                record: Callable[[Line], None],
                on_start: Callable[[list[Source], str], list[Source]]) -> None:
        out = Path(config.out)
        with _client(scheduler, jobs) as client:
            key = client.submit(fingerprint_task, config, pure=False).result()
            todo = on_start(sources, key)
            staged = stage_inputs(todo, out, config.limits.upload_mb * 2**20) \
                if scheduler else todo
            try:
                _run(client, staged, config, record)
            finally:
                if scheduler:
                    shutil.rmtree(out / ".inputs", ignore_errors=True)

    return execute
