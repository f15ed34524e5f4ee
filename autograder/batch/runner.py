"""Grade a cohort on this machine: find submissions, start workers, skip what is already graded,
hand out the rest, count.

Workers are separate processes (`batch.processes`), each with its own collected suite and its
own zygote; this process only hands out sources and counts lines. A killed batch resumes
where it stopped: a student whose results.json was made from the same file by the same
grading (the workers' fingerprint) is not graded twice.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import selectors
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

from autograder.batch.processes import BatchError, Worker, start_workers
from autograder.batch.tasks import Line, WorkerConfig
from autograder.intake.discover import COLLECTION_NOTES, Source
from autograder.message import Message
from autograder.reports import results
from autograder.safefs import Refused, read_beneath, remove_partial_files

IN_FLIGHT = 2
MAX_WORKER_CRASHES = 3
LOCK = ".aimath.lock"


Record = Callable[[Line], None]


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the output folder's lock for the run, or fail with who holds it; the lock file
    goes when the run ends, and the folder too if this run made it and wrote nothing."""
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    with _open_lock(path) as handle:
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
        try:
            yield
        finally:
            path.unlink(missing_ok=True)
            if created:
                with contextlib.suppress(OSError):  # not empty: the run wrote something
                    out.rmdir()


def _open_lock(path: Path) -> IO[str]:
    """The lock file, opened without following a link (a planted one is replaced)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        path.unlink()
        descriptor = os.open(path, flags | os.O_EXCL, 0o644)
    return os.fdopen(descriptor, "r+")


def source_sha256(source: Source, limit: int) -> str:
    """The hash of the file a source names ("" when it cannot be read: always re-graded)."""
    if source.problem is not None:
        return ""
    try:
        return hashlib.sha256(read_beneath(source.root, source.relative, limit)).hexdigest()
    except (Refused, OSError):
        return ""


def unchanged(source: Source, out: Path, key: str, limit: int) -> bool:
    """Does `out/<student>/results.json` come from this very file, collected at this very
    time (a corrected `timestamp.txt` or a re-collection changes the late penalty), and this
    very grading?"""
    try:  # through safefs: a linked folder or results.json is never trusted
        old = results.load(out, source.student)
    except results.ResultsError:  # missing, refused, damaged or foreign: grade again
        return False
    if old.origin.submitted_at != source.submitted_at or old.suite != key:
        return False
    if not _same_notes(source, old.notes):
        return False
    sha = source_sha256(source, limit)
    return bool(sha) and old.origin.source_sha256 == sha


def _same_notes(source: Source, kept: tuple[Message, ...]) -> bool:
    """Did the collection note the same about this hand-in then as now (a second file found
    beside it since, or gone)? A result's notes start with its source's."""
    then = kept[: len(source.notes)]
    rest = kept[len(source.notes) :]
    return then == source.notes and not any(n.key in COLLECTION_NOTES for n in rest)


def to_grade(found: list[Source], out: Path, key: str, limit: int) -> list[Source]:
    """The sources not `unchanged`: a student without a folder in `out` is graded without
    looking further (one listing of `out`, where a first run would otherwise try and fail
    to read a results.json per student while every worker waits for its first source)."""
    folders = set(student_folders(out))
    return [s for s in found if s.student not in folders or not unchanged(s, out, key, limit)]


def other_assignment(out: Path, assignment: str) -> str | None:
    """`02_matrices (alice/results.json)` when the results already in `out` are another
    assignment's: an output folder holds one assignment's results, one per student, and
    grading a second one into it would overwrite some and leave the rest beside them."""
    for student in student_folders(out):
        try:
            found = results.load(out, student).assignment
        except results.ResultsError:
            continue
        return None if found == assignment else f"{found} ({student}/results.json)"
    return None


def student_folders(out: Path) -> list[str]:
    """The folders of `out` that may hold a student's results (no link, no dot folder)."""
    with os.scandir(out) as scan:
        return sorted(e.name for e in scan if e.is_dir(follow_symlinks=False)
                      and not e.name.startswith("."))


Start = Callable[[list[Source], str], list[Source]]


def run_local(sources: list[Source], config: WorkerConfig, jobs: int, record: Record,
              on_start: Start) -> None:
    """Start `jobs` workers, wait for their fingerprint, then hand out what `on_start`
    keeps of the sources (those not already graded with that fingerprint), a few at a time."""
    count = max(1, min(jobs, len(sources)))
    config = replace(config, pin=count <= len(os.sched_getaffinity(0)))  # a CPU each
    pool = start_workers(config, count)
    try:
        keys = {worker.wait_ready() for worker in pool}
        if len(keys) != 1:
            raise BatchError(f"workers disagree on the grading fingerprint: {sorted(keys)}")
        queue = list(reversed(on_start(sources, keys.pop())))
        while any(w.busy for w in pool) or queue:
            for worker in pool:
                while queue and len(worker.in_flight) < IN_FLIGHT:
                    worker.send(queue.pop())
            _collect(pool, queue, record)
    finally:
        for worker in pool:  # every worker winds down at once, then each is waited for
            worker.close_input()
        for worker in pool:
            worker.stop()


def _collect(pool: list[Worker], queue: list[Source], record: Record) -> None:
    with selectors.DefaultSelector() as sel:
        for worker in pool:
            if worker.busy:
                sel.register(worker.channel, selectors.EVENT_READ, worker)
        for key, _ in sel.select(timeout=5.0):
            worker = key.data
            messages = worker.receive()
            if messages is None:
                _recover(worker, queue, record)
            for message in messages or ():
                if "fatal" in message:
                    raise BatchError(str(message["fatal"]))
                line = Line(**message)
                worker.done(line.student)
                record(line)


def _recover(worker: Worker, queue: list[Source], record: Record) -> None:
    """A worker died: requeue its sources (or give up on one that keeps killing workers)."""
    for source in worker.restart():
        worker.crashes[source.student] = worker.crashes.get(source.student, 0) + 1
        if worker.crashes[source.student] >= MAX_WORKER_CRASHES:
            record(Line(source.student, 0.0, 0.0, "error", 0.0))
        else:
            queue.append(source)


__all__ = ["BatchError", "locked", "other_assignment", "remove_partial_files", "run_local",
           "to_grade", "unchanged"]
