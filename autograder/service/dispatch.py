"""The dispatcher: one thread that moves jobs from the database to the pool and results back.

It wakes when a job is queued (`wake`), when a worker answers, and every second; it claims as
many jobs as the pool has idle workers (fairly, `jobs.fair`), records each result once
(`JobQueue.complete`) and retries a job whose worker died. Every `HOUSEKEEPING` seconds it
renews the leases it holds and kills a worker stuck past the deadline.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter
from typing import Any, Protocol

from autograder.grading.model import Visibility
from autograder.service.jobs import Claim, JobQueue
from autograder.service.pool import Finished
from autograder.service.standing import policy_for
from autograder.service.state import ServiceState

HOUSEKEEPING = 10.0
LOG = logging.getLogger("aimath.serve")
WAKE, RECYCLE, STOP = "wake", "recycle", "stop"


class Pool(Protocol):
    """Where jobs are graded: this machine's workers or a Dask cluster."""

    def idle(self) -> int: ...

    def running(self) -> list[Claim]: ...

    def start(self, claim: Claim, visibility: Visibility) -> None: ...

    def warm(self, assignment: str, visibility: Visibility) -> None: ...

    def handle(self, event: Any) -> list[Finished]: ...

    def overdue(self, seconds: float) -> None: ...

    def recycle(self) -> None: ...

    def stop(self) -> None: ...


class Dispatcher:
    """Feeds one pool from one service's queue."""

    def __init__(self, state: ServiceState, events: queue.Queue[Any]) -> None:
        self.state = state
        self.events = events
        self.jobs = JobQueue(state)
        limits = state.settings.limits
        self.deadline = 2 * limits.submission_timeout + 120
        self.thread = threading.Thread(target=self._run, name="aimath-dispatcher", daemon=True)
        self.pool: Pool | None = None

    def wake(self) -> None:
        self.events.put(WAKE)

    def recycle(self) -> None:
        self.events.put(RECYCLE)

    def start(self, pool: Pool) -> None:
        self.pool = pool
        self.thread.start()

    def stop(self) -> None:
        self.events.put(STOP)
        self.thread.join(timeout=30)

    def _run(self) -> None:
        assert self.pool is not None
        pool, last = self.pool, time.monotonic()
        while True:
            try:
                event = self.events.get(timeout=1.0)
            except queue.Empty:
                event = None
            if event == STOP:
                pool.stop()
                return
            try:
                self._handle(pool, event)
                self._dispatch(pool)
                if time.monotonic() - last > HOUSEKEEPING:
                    last = time.monotonic()
                    self.jobs.renew(pool.running())
                    self.jobs.requeue_expired()
                    pool.overdue(self.deadline)
            except Exception:  # the database hiccuped: log, and try again on the next event
                LOG.exception("dispatcher")

    def _handle(self, pool: Pool, event: Any) -> None:
        if event == RECYCLE:
            pool.recycle()
        elif event is not None and event != WAKE:
            for finished in pool.handle(event):
                if finished.result is None:
                    self.jobs.retry(finished.claim)
                elif not self.jobs.complete(finished.claim, finished.result):
                    LOG.warning("job %s: lease lost, result dropped", finished.claim.job)

    def _dispatch(self, pool: Pool) -> None:
        running = Counter(c.student for c in pool.running())
        claims = self.jobs.claim(pool.idle(), running)
        seen: dict[str, Visibility] = {}
        for claim in claims:
            if claim.assignment not in seen:
                with self.state.db.read() as session:
                    seen[claim.assignment] = policy_for(self.state, session,
                                                        claim.assignment).hidden_visibility
            pool.start(claim, seen[claim.assignment])
