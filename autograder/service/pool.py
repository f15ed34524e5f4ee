"""The warm grading pool on this machine: N long-lived `gradeproc` workers.

Each worker keeps one assignment's suite collected and takes one job at a time, so the
dispatcher decides as late as possible who is graded next (fairness). A reader thread per
worker turns its answers into events for the dispatcher; a worker that dies (or is killed for
running past its deadline) turns its job into `Finished(result=None)`, which the queue
retries. Each worker claims its own sandbox uid slot per session (`sandbox/host/slots.py`).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.batch.tasks import WorkerConfig, source_to_json
from autograder.course import assignments
from autograder.grading.model import SubmissionResult, Visibility
from autograder.reports import results
from autograder.service.jobs import Claim


@dataclass(frozen=True)
class Finished:
    """A job's end as the pool saw it: its result, or None when its worker died."""

    claim: Claim
    result: SubmissionResult | None


@dataclass(frozen=True)
class Event:
    """Something a worker said (`message`), or its end of output (`message` None)."""

    worker: Any
    generation: int
    message: dict[str, Any] | None


class Worker:
    """One `python -m autograder.service.gradeproc` and the job it is grading."""

    def __init__(self, config: WorkerConfig, index: int, events: queue.Queue[Any],
                 logs: Path) -> None:
        self.config, self.index, self.events, self.logs = config, index, events, logs
        self.generation = 0
        self.claim: Claim | None = None
        self.since = 0.0
        self.warm: tuple[str, Visibility] | None = None
        self.stale = False
        self._start()

    def _start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        self.generation += 1
        read, write = os.pipe()
        with open(self.logs / f"worker-{self.index}.log", "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "autograder.service.gradeproc", self.config.to_json(),
                 str(write)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log,
                pass_fds=[write], text=True, cwd=str(assignments.ROOT))
        os.close(write)
        channel = os.fdopen(read, "r", encoding="utf-8")
        threading.Thread(target=self._read, args=(channel, self.generation),
                         daemon=True).start()

    def _read(self, channel: Any, generation: int) -> None:
        with channel:
            for line in channel:
                if line.strip():
                    self.events.put(Event(self, generation, json.loads(line)))
        self.events.put(Event(self, generation, None))

    def send(self, assignment: str, visibility: Visibility, claim: Claim | None) -> None:
        """Write one task to the worker (`claim` None: only warm its session up)."""
        task: dict[str, Any] = {"assignment": assignment, "visibility": visibility.value}
        if claim is not None:
            task.update(job=claim.job, source=source_to_json(claim.source))
            self.claim, self.since = claim, time.monotonic()
        self.warm = (assignment, visibility)
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(task) + "\n")
            self.process.stdin.flush()
        except OSError:  # it died; its end of output is on its way to the dispatcher
            pass

    def restart(self) -> None:
        self.stop()
        self.claim, self.warm, self.stale = None, None, False
        self._start()

    def stop(self) -> None:
        """Close the worker's input (it ends its session) and wait for it; kill if it hangs."""
        with contextlib.suppress(OSError):
            if self.process.stdin:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class LocalPool:
    """`size` workers on this machine."""

    def __init__(self, config: WorkerConfig, size: int, events: queue.Queue[Any],
                 logs: Path) -> None:
        self.workers = [Worker(config, i, events, logs) for i in range(max(1, size))]

    def idle(self) -> int:
        return sum(w.claim is None for w in self.workers)

    def running(self) -> list[Claim]:
        return [w.claim for w in self.workers if w.claim is not None]

    def start(self, claim: Claim, visibility: Visibility) -> None:
        """Hand `claim` to an idle worker, one already warm for its assignment if any."""
        free = [w for w in self.workers if w.claim is None]
        key = (claim.assignment, visibility)
        worker = next((w for w in free if w.warm == key), free[0])
        worker.send(claim.assignment, visibility, claim)

    def warm(self, assignment: str, visibility: Visibility) -> None:
        """Have every idle worker collect this assignment's suite now."""
        for worker in self.workers:
            if worker.claim is None and worker.warm is None:
                worker.send(assignment, visibility, None)

    def handle(self, event: Event) -> list[Finished]:
        """What a worker's event means for its job."""
        worker: Worker = event.worker
        if event.generation != worker.generation:
            return []
        claim, message = worker.claim, event.message
        if message is None:  # the worker is gone: start another, retry its job
            worker.restart()
            return [] if claim is None else [Finished(claim, None)]
        if "result" not in message or claim is None or message.get("job") != claim.job:
            return []
        worker.claim = None
        if worker.stale:
            worker.restart()
        return [Finished(claim, results.from_json(json.loads(message["result"])))]

    def overdue(self, seconds: float) -> None:
        """Kill the workers grading one job for longer than `seconds` (their end retries it)."""
        for worker in self.workers:
            if worker.claim is not None and time.monotonic() - worker.since > seconds:
                worker.process.kill()

    def recycle(self) -> None:
        """Reload every suite: idle workers now, busy ones after their job."""
        for worker in self.workers:
            worker.stale = True
            if worker.claim is None:
                worker.restart()

    def stop(self) -> None:
        """Close the worker's input (it ends its session) and wait for it; kill if it hangs."""
        for worker in self.workers:
            worker.stop()
