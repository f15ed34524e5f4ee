"""`aimath serve --executor dask`: grading handed to a Dask cluster, as `aimath grade` does.

Each job is one task (`grade_task`): a `Session` over one source on a Dask worker, with the
sandbox unchanged there; it returns results.json as text. Like `aimath grade --executor dask`
it needs the same aimath on every worker and the course folder (where the uploads are
stored) at the same path everywhere. The pool holds at most one job per worker thread, so
fairness is still decided by the dispatcher.
"""

from __future__ import annotations

import json
import queue
from dataclasses import dataclass, replace
from typing import Any

from autograder.batch.tasks import WorkerConfig
from autograder.batch.worker import Session
from autograder.grading.model import SubmissionResult, Visibility
from autograder.intake.discover import Source
from autograder.reports import results
from autograder.service.jobs import Claim
from autograder.service.pool import Finished


def grade_task(source: Source, config: WorkerConfig) -> str:
    """Runs on a Dask worker: grade one source; results.json as text."""
    found: list[SubmissionResult] = []
    errors = Session(config, lambda key: None, found.append).grade([source])
    if errors or not found:
        raise RuntimeError(f"the hidden suite could not be loaded: {errors[:1]}")
    return results.dumps(found[0])


@dataclass(frozen=True)
class Done:
    """A task's end, for the dispatcher."""

    claim: Claim
    future: Any


class DaskPool:
    """Jobs on a Dask cluster (`scheduler`), or a LocalCluster of `size` processes."""

    def __init__(self, config: WorkerConfig, scheduler: str | None, size: int,
                 events: queue.Queue[Any]) -> None:
        from distributed import Client, LocalCluster

        self.config, self.events = config, events
        self.cluster = None if scheduler else LocalCluster(
            n_workers=max(1, size), threads_per_worker=1, processes=True,
            dashboard_address=None)
        self.client = Client(scheduler or self.cluster)
        self.busy: dict[int, Claim] = {}

    def idle(self) -> int:
        threads = sum(self.client.nthreads().values())
        return max(0, threads - len(self.busy))

    def running(self) -> list[Claim]:
        return list(self.busy.values())

    def start(self, claim: Claim, visibility: Visibility) -> None:
        config = replace(self.config, assignment=claim.assignment, visibility=visibility)
        future = self.client.submit(grade_task, claim.source, config, pure=False)
        self.busy[claim.job] = claim
        future.add_done_callback(lambda done: self.events.put(Done(claim, done)))

    def warm(self, assignment: str, visibility: Visibility) -> None:
        return None  # each task collects its suite on the worker that runs it

    def handle(self, event: Any) -> list[Finished]:
        """A finished task: its result, or None (the queue retries) when it failed."""
        if not isinstance(event, Done) or self.busy.pop(event.claim.job, None) is None:
            return []
        try:
            text = event.future.result()
        except Exception:  # the worker died or the task failed: the queue retries it
            return [Finished(event.claim, None)]
        return [Finished(event.claim, results.from_json(json.loads(text)))]

    def overdue(self, seconds: float) -> None:
        return None  # Dask reschedules tasks of lost workers itself

    def recycle(self) -> None:
        return None  # every task collects the suite afresh

    def stop(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
