"""A warm grading worker of `aimath serve`: one process, one `Session` per assignment in turn.

Run as `python -m autograder.service.gradeproc CONFIG_JSON FD`. Tasks arrive on stdin, one
JSON line each (`{"job", "assignment", "visibility", "source"}`; a line without a job only
warms the session up); answers go to descriptor FD: `{"ready", "assignment", "suite"}` once
a session's suite is collected, then `{"job", "result"}` with results.json as text. The suite
is collected once per session; a task for another assignment ends the session and starts the
next one. The process dies with the service (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import IO, Any

from autograder.batch.outputs import error_result
from autograder.batch.tasks import WorkerConfig, source_from_json
from autograder.batch.worker import Session
from autograder.grading.model import SubmissionResult, Visibility
from autograder.intake.discover import Source
from autograder.reports import results


@dataclass(frozen=True)
class Task:
    """One line of stdin: grade `source` for `job` (or just warm up when job is None)."""

    assignment: str
    visibility: Visibility
    job: int | None = None
    source: Source | None = None

    @classmethod
    def parse(cls, line: str) -> Task:
        data: dict[str, Any] = json.loads(line)
        source = data.get("source")
        return cls(str(data["assignment"]), Visibility(data["visibility"]), data.get("job"),
                   None if source is None else source_from_json(source))


def next_task(tasks: IO[str]) -> Task | None:
    """The next task on stdin (None at its end: the service is gone or stopping us)."""
    for line in tasks:
        if line.strip():
            return Task.parse(line)
    return None


class Feed:
    """The tasks of one assignment, read as the session asks for them."""

    def __init__(self, tasks: IO[str], first: Task) -> None:
        self.tasks = tasks
        self.first = first
        self.job: int | None = None
        self.left: Task | None = None  # the first task of the next session

    def __iter__(self) -> Iterator[Source]:
        task: Task | None = self.first
        while task is not None and (task.assignment, task.visibility) == \
                (self.first.assignment, self.first.visibility):
            if task.source is not None:
                self.job = task.job
                yield task.source
            task = next_task(self.tasks)
        self.left = task


def _session(base: WorkerConfig, feed: Feed, channel: IO[str]) -> None:
    config = replace(base, assignment=feed.first.assignment, visibility=feed.first.visibility)

    def ready(key: str) -> None:
        channel.write(json.dumps({"ready": True, "assignment": config.assignment,
                                  "suite": key}) + "\n")

    def emit(result: SubmissionResult) -> None:
        """Send one result (an error result when it cannot be serialized)."""
        try:
            text = results.dumps(result)
        except Exception:  # this student's result could not be written: theirs alone
            traceback.print_exc()
            text = results.dumps(error_result(result, traceback.format_exc(limit=1)))
        channel.write(json.dumps({"job": feed.job, "result": text}) + "\n")

    for error in Session(config, ready, emit).grade(feed):
        channel.write(json.dumps({"fatal": f"the hidden suite could not be loaded: {error}",
                                  "job": feed.job, "assignment": config.assignment}) + "\n")


def main() -> None:
    """Run sessions, one assignment after another, until stdin ends."""
    from autograder.sandbox.inside import linux

    linux.prctl(linux.PR_SET_PDEATHSIG, 9)
    if os.getppid() == 1:
        return
    base = WorkerConfig.from_json(sys.argv[1])
    channel = os.fdopen(int(sys.argv[2]), "w", buffering=1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    tasks = os.fdopen(os.dup(0), "r")  # pytest's capture replaces sys.stdin during a session
    task = next_task(tasks)
    while task is not None:
        feed = Feed(tasks, task)
        _session(base, feed, channel)
        task = feed.left


if __name__ == "__main__":
    main()
