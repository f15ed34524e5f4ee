"""Grade a cohort: find submissions, skip the ones already graded, run workers, report.

Workers are separate processes, each with its own collected suite and its own zygote; this
process only hands out tasks and counts. A killed batch resumes where it stopped: a student
whose results.json matches the same submission and the same suite is not graded twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from autograder import __version__
from autograder.batch.worker import WorkerConfig, config_json
from autograder.course import assignments
from autograder.intake.discover import Source, discover
from autograder.reports import results

IN_FLIGHT = 2
MAX_WORKER_CRASHES = 3


class BatchError(RuntimeError):
    """The batch cannot run at all (bad arguments, locked output folder, broken suite)."""


@dataclass
class BatchSummary:
    """What one `aimath grade` run did, for the CLI's closing table."""

    graded: int = 0  # counters, not a list: the batch stays flat in memory
    unreadable: int = 0
    score_fractions: float = 0.0
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    students: list[str] = field(default_factory=list)
    warnings: set[str] = field(default_factory=set)


def suite_fingerprint(assignment_id: str) -> str:
    """A hash of everything that decides a grade: the suite, the checks, the reference or the
    quiz bank and its grading rules, and the version."""
    item = assignments.get(assignment_id)
    package = assignments.ROOT / "autograder"
    files = [*sorted(item.suite_dir.rglob("*.py")), *sorted(item.suite_dir.rglob("*.ini")),
             package / "grading" / "checks.py"]
    if item.reference:
        files.append(assignments.ROOT / "reference" / f"{item.reference}.py")
    if item.is_quiz:
        files += [assignments.QUIZBANK / f"{item.id}.yaml", package / "grading" / "exprs.py",
                  *sorted((package / "quiz").glob("*.py"))]
    digest = hashlib.sha256(__version__.encode())
    for path in files:
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the output folder's lock, or fail with who holds it."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".aimath.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BatchError(f"{out} is being written by another `aimath grade` ({holder}); "
                             "wait for it to finish or choose another --out") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield


def remove_partial_files(out: Path) -> None:
    """Delete temporary files a killed run left behind (we hold the lock: nobody writes)."""
    for stray in [*out.glob(".*.tmp"), *out.glob("*/.*.tmp")]:
        stray.unlink(missing_ok=True)


def pending_tasks(sources: list[Source], out: Path, suite: str,
                  summary: BatchSummary) -> list[dict]:
    """Tasks for the students whose current results are missing or out of date."""
    tasks = []
    for src in sources:
        sha = file_sha256(src.path)
        old = results.read(out / src.student / "results.json")
        extra = (old or {}).get("extra_data", {})
        if extra.get("source_sha256") == sha and extra.get("suite") == suite:
            summary.skipped.append(src.student)
            continue
        tasks.append({"student": src.student, "path": str(src.path), "sha256": sha,
                      "submitted_at": src.submitted_at, "notes": list(src.notes)})
    return tasks


def run_batch(submissions: Path, config: WorkerConfig, jobs: int,
              on_result: Callable[[dict], None] | None = None,
              executor: Callable[..., None] | None = None,
              on_start: Callable[[int], None] | None = None) -> BatchSummary:
    """Grade every pending submission with `jobs` workers; write results as they come.

    `on_start` hears how many submissions will be graded; `on_result` each summary line.
    """
    out = Path(config.out)
    summary = BatchSummary()
    with locked(out), tempfile.TemporaryDirectory(prefix="aimath-") as work:
        remove_partial_files(out)
        sources = discover(submissions, config.assignment, Path(work))
        summary.students = [s.student for s in sources]
        config = replace(config, suite=suite_fingerprint(config.assignment))
        tasks = pending_tasks(sources, out, config.suite, summary)
        if on_start:
            on_start(len(tasks))

        def record(line: dict) -> None:
            if "fatal" in line:
                raise BatchError(line["fatal"])
            if "error" in line:
                summary.errors.append(line["error"])
                return
            summary.graded += 1
            summary.unreadable += line["status"] == "unreadable"
            summary.score_fractions += line["score"] / line["max_score"] if line["max_score"] else 0
            summary.warnings.update(line.get("warnings", ()))
            if on_result:
                on_result(line)

        (executor or run_local)(tasks, config, jobs, record)
    return summary


def run_local(tasks: list[dict], config: WorkerConfig, jobs: int,
              record: Callable[[dict], None]) -> None:
    """Hand tasks to `jobs` worker processes, a few in flight each, until all are done."""
    queue = list(reversed(tasks))
    pool = [_Worker(config, i) for i in range(max(1, min(jobs, len(tasks))))]
    try:
        while any(w.busy for w in pool) or queue:
            for worker in pool:
                while queue and len(worker.in_flight) < IN_FLIGHT:
                    worker.send(queue.pop())
            _collect(pool, queue, record)
    finally:
        for worker in pool:
            worker.stop()


def _collect(pool: list[_Worker], queue: list[dict], record: Callable[[dict], None]) -> None:
    import selectors

    with selectors.DefaultSelector() as sel:
        for worker in pool:
            if worker.busy:
                sel.register(worker.channel, selectors.EVENT_READ, worker)
        for key, _ in sel.select(timeout=5.0):
            worker = key.data
            line = worker.channel.readline()
            if line:
                message = json.loads(line)
                worker.done(message.get("student"))
                record(message)
            else:
                _recover(worker, queue, record)


def _recover(worker: _Worker, queue: list[dict], record: Callable[[dict], None]) -> None:
    """A worker died: requeue its tasks (or give up on a task that keeps killing workers)."""
    lost = worker.restart()
    for task in lost:
        task["crashes"] = task.get("crashes", 0) + 1
        if task["crashes"] >= MAX_WORKER_CRASHES:
            record({"error": f"{task['student']}: the grader failed {MAX_WORKER_CRASHES} times "
                             f"on this submission; see {worker.log}"})
        else:
            queue.append(task)


class _Worker:
    """One `python -m autograder.batch.worker` process and the tasks it is working on."""

    def __init__(self, config: WorkerConfig, index: int) -> None:
        self.config = config
        self.in_flight: dict[str, dict] = {}
        self.log = Path(config.out) / ".logs" / f"worker-{index}.log"
        self._start()

    def _start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        read, write = os.pipe()
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "autograder.batch.worker", config_json(self.config),
                 str(write)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log, pass_fds=[write],
                text=True, cwd=str(assignments.ROOT))
        os.close(write)
        # unbuffered: a buffered readline could swallow a second line that select() then
        # never reports, and the batch would wait forever
        self.channel = os.fdopen(read, "rb", buffering=0)

    @property
    def busy(self) -> bool:
        return bool(self.in_flight)

    def send(self, task: dict) -> None:
        self.in_flight[task["student"]] = task
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(task) + "\n")
        self.process.stdin.flush()

    def done(self, student: str | None) -> None:
        if student is not None:
            self.in_flight.pop(student, None)

    def restart(self) -> list[dict]:
        lost = list(self.in_flight.values())
        self.in_flight.clear()
        self.stop()
        self._start()
        return lost

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            if self.process.stdin:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.channel.close()
