"""A grading worker: one pytest session that grades a stream of submissions.

The suite is collected once; each submission then runs in its own sandboxed child, and its
results.json and feedback page are written the moment they are known. Forked by the batch
into `serve` (`batch.processes`), or run as `python -m autograder.batch.boot CONFIG_JSON FD`
with one source per line on stdin; it first answers `{"ready": FINGERPRINT}` on its line
channel, then one `Line` per student.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from autograder.batch.fingerprint import fingerprint
from autograder.batch.outputs import error_result, write_outputs
from autograder.batch.tasks import Line, WorkerConfig, source_from_json
from autograder.course import assignments
from autograder.course.secret import course_secret
from autograder.grading.loop import Context, GradingLoop
from autograder.grading.model import Prepared, Rejected, SubmissionResult
from autograder.grading.public import staged
from autograder.grading.session import run_session
from autograder.intake.discover import Source
from autograder.intake.prepare import prepare
from autograder.sandbox.host import slots, zygote_client
from autograder.sandbox.host.backend import Backend, open_backend

WORKER_NAME = "aimath-worker"


class Session:
    """One worker's grading session: its context, its slot, its stream of sources."""

    def __init__(self, config: WorkerConfig, on_ready: Callable[[str], None],
                 on_result: Callable[[SubmissionResult], None]) -> None:
        self.config = config
        self.on_ready = on_ready
        self.on_result = on_result
        secret = course_secret(Path(config.course))
        self.context = Context(config.assignment, Path(config.course), secret,
                               visibility=config.visibility)
        assignment = assignments.get(config.assignment)
        self.preload = assignment.preload
        self.functions = len(assignment.functions)  # each has a share of a submission's time
        self.slot = 0  # the sandbox slot, once claimed

    def ready(self, loop: GradingLoop) -> None:
        """The suite is collected: key the cache by what was loaded, then start grading."""
        settings = (f"{self.config.limits}|{self.config.visibility}|{self._values_key()}|"
                    f"{self.config.lateness}|{self.config.lang}")  # lang: the pages' words
        loop.context = replace(loop.context, suite=fingerprint(
            self.config.assignment, self.context.secret, settings))
        if self.config.pin:
            self._pin(slots.slot_cpu(self.slot))
        self.on_ready(loop.context.suite)

    def _pin(self, cpu: int) -> None:
        """Grade on `cpu` only, with the zygote and every student process it starts. A call
        is a round trip between this process and the student's, one always waiting for the
        other: on one CPU each hand-over is a switch of a few microseconds, across two it
        waits for the other CPU to wake (about 10% of a 200-submission batch with a worker
        per CPU). Done once the suite is collected, so start-up still spreads over every
        CPU; never for the service's lone warm workers, which would lose the spare CPU that
        forks the next student process meanwhile."""
        os.sched_setaffinity(0, {cpu})
        if self.config.sandbox:
            zygote_client.shared(self.preload).pin(cpu)

    def _values_key(self) -> str:
        """The course's quiz values key (it draws per-student values, so it decides grades)."""
        if not assignments.get(self.config.assignment).is_quiz:
            return ""
        from autograder.quiz.variants import values_key

        return values_key(Path(self.config.course)).hex()

    def grade(self, sources: Iterable[Source]) -> list[str]:
        """Grade every source; return the suite's collection errors (empty when it loaded)."""
        if self.config.sandbox:
            zygote_client.shared(self.preload)  # starts now, warms up while pytest collects
        with slots.claimed(self.config.slot) as slot:
            self.slot = slot

            def backend(submission: Prepared) -> Backend:
                return open_backend(list(submission.cells), self.config.limits,
                                    sandbox=self.config.sandbox, slot=slot,
                                    preload=self.preload, functions=self.functions)

            prepared = (self._prepare(s) for s in sources)
            loop = GradingLoop(prepared, self.context, backend, self.on_result,
                               on_ready=self.ready)
            with staged(self.config.assignment) as public:
                extra = [] if public is None else [str(public), "--public-tests", str(public)]
                code = run_session(self.config.assignment, loop, *extra)
        if not loop.started and not loop.collect_errors:
            return [f"pytest stopped before grading (exit code {code})"]
        return loop.collect_errors

    def _prepare(self, source: Source) -> Prepared | Rejected:
        return prepare(source, self.config.assignment, self.config.limits)


def _sources(stream: Iterable[str]) -> Iterator[Source]:
    for line in stream:
        if line.strip():
            yield source_from_json(json.loads(line))


def main() -> None:
    """`python -m autograder.batch.boot CONFIG_JSON FD`: tasks on stdin, lines on FD."""
    serve(WorkerConfig.from_json(sys.argv[1]), os.dup(0), int(sys.argv[2]))


def serve(config: WorkerConfig, tasks_fd: int, channel_fd: int) -> None:
    """Grade the sources read from `tasks_fd`, one line each on `channel_fd`; never returns
    (also the entry of a worker the batch forks, which must not run the batch's code)."""
    from autograder.sandbox.inside import linux

    linux.prctl(linux.PR_SET_PDEATHSIG, 9)
    if os.getppid() == 1:
        _exit_now()
    linux.set_name(WORKER_NAME)  # forked or not, `ps` tells the workers apart
    channel = os.fdopen(channel_fd, "w", buffering=1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    out = Path(config.out)

    def emit(result: SubmissionResult) -> None:
        try:
            line = write_outputs(result, out, config.lang)
        except Exception:  # the student's own outputs failed: theirs alone, and logged
            traceback.print_exc()
            line = write_outputs(error_result(result, traceback.format_exc(limit=1)), out,
                                 config.lang, pages=False)
        channel.write(line.to_json() + "\n")

    def ready(key: str) -> None:
        gc.freeze()  # the imports and the suite live as long as this process: never scanned
        channel.write(json.dumps({"ready": key}) + "\n")

    session = Session(config, ready, emit)
    tasks = os.fdopen(tasks_fd, "r")  # not stdin: pytest's capture replaces it during the run
    for error in session.grade(_sources(tasks)):
        channel.write(json.dumps({"fatal": f"the hidden suite could not be loaded: {error}"})
                      + "\n")
    channel.flush()
    _exit_now()


def _exit_now() -> NoReturn:
    """Stop the zygotes and leave without tearing the interpreter down: every output is
    written and flushed, and the batch waits for this process to end."""
    zygote_client.close_all()
    sys.stderr.flush()
    os._exit(0)


__all__ = ["Line", "Session", "main", "serve"]

if __name__ == "__main__":
    main()
