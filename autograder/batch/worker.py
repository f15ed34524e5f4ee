"""A grading worker: one pytest session that grades a stream of submissions.

The suite is collected once; each submission then runs in its own sandboxed child and its
results.json and feedback page are written the moment they are known. Run as
`python -m autograder.batch.worker CONFIG_JSON` with tasks as JSON lines on stdin; it answers
one JSON line per submission on the file descriptor named in the config.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.course import assignments
from autograder.grading.plugin import Graded, GradingLoop, Unreadable
from autograder.intake.submission import Submission, SubmissionError, load_bytes, load_path
from autograder.reports import results
from autograder.safefs import write_json
from autograder.sandbox.host import slots, zygote_client
from autograder.sandbox.host.backend import Backend, open_backend


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker needs to grade; plain data so it crosses to any process."""

    assignment: str
    out: str
    suite: str = ""
    call_timeout: float = 10.0
    memory_mb: int = 512
    submission_timeout: float = 300.0
    sandbox: bool = True
    slot: int | None = None  # sandbox uid slot; None claims a free one (sandbox/slots.py)
    lang: str = "en"


def read_task(task: dict) -> Submission | Unreadable:
    """Load one task's submission; an unreadable one becomes `Unreadable` with the reason."""
    path = Path(task["path"])
    student, when = task["student"], task.get("submitted_at")
    try:
        if path.suffix.lower() == ".zip":
            from autograder.intake.submitzip import read_submission_zip

            _, _, data, manifest = read_submission_zip(path)
            name = str(manifest.get("notebook") or f"{student}.ipynb")
            sub = load_bytes(data, name, student, manifest.get("timestamp") or when)
        else:
            sub = load_path(path, student, when)
    except (SubmissionError, ValueError, OSError) as exc:
        return Unreadable(student, path.name, str(exc), submitted_at=when,
                          source_sha256=task.get("sha256", ""))
    sub.notes[:0] = list(task.get("notes", []))
    sub.source_sha256 = task.get("sha256", "")
    return sub


def write_outputs(graded: Graded, config: WorkerConfig) -> dict:
    """Write results.json and feedback.html for one student; return the summary line."""
    from autograder.reports.feedback import write_feedback

    data = results.build(graded, config.assignment, config.suite)
    folder = Path(config.out) / graded.submission.student
    write_feedback(data, folder / "feedback.html", config.lang)
    write_json(folder / "results.json", data)
    warnings = [line for line in data["output"].splitlines() if line.startswith("WARNING:")]
    return {"student": graded.submission.student, "score": data["score"],
            "max_score": data["max_score"], "status": data["extra_data"]["status"],
            "time": data["execution_time"], "warnings": warnings}


def pytest_args(config: WorkerConfig) -> list[str]:
    """The grading session's command line: the suite, its ini, our plugin, quiet."""
    suite = assignments.get(config.assignment).suite_dir
    return [str(suite), "-c", str(suite.parent / "pytest.ini"), "--rootdir", str(suite.parent),
            "-p", "autograder.grading.plugin", "--assignment", config.assignment,
            "-p", "no:terminal"]


def run_session(config: WorkerConfig, plugin: object, *extra: str) -> int:
    """One pytest session over the assignment's suite, with `plugin` driving it."""
    import pytest

    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only our plugin: faster, no surprises
    return int(pytest.main([*pytest_args(config), *extra], plugins=[plugin]))


def grade_stream(tasks: Iterable[dict], config: WorkerConfig,
                 on_graded: Callable[[Graded], None]) -> list[str]:
    """Grade every task with one collected suite, handing each result to `on_graded`.

    Returns the suite's collection errors (empty when it loaded).
    """
    preload = assignments.get(config.assignment).preload
    if config.sandbox:
        zygote_client.shared(preload)  # starts now, warms up while pytest collects the suite
    with slots.claimed(config.slot) as slot:

        def backend(sub: Submission) -> Backend:
            return open_backend(sub, sandbox=config.sandbox, call_timeout=config.call_timeout,
                                memory_mb=config.memory_mb, preload=preload,
                                submission_timeout=config.submission_timeout, slot=slot)

        loop = GradingLoop((read_task(t) for t in tasks), backend, on_graded)
        code = run_session(config, loop)
    if not loop.started and not loop.collect_errors:
        return [f"pytest stopped before grading (exit code {int(code)})"]
    return loop.collect_errors


def _tasks(stream: Iterable[str]) -> Iterator[dict]:
    for line in stream:
        if line.strip():
            yield json.loads(line)


def main() -> None:
    from autograder.sandbox.inside import linux

    linux.prctl(linux.PR_SET_PDEATHSIG, 9)
    if os.getppid() == 1:
        return
    config = WorkerConfig(**json.loads(sys.argv[1]))
    channel = os.fdopen(int(sys.argv[2]), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)

    def emit(summary: dict) -> None:
        channel.write(json.dumps(summary) + "\n")

    tasks = os.fdopen(os.dup(0), "r")  # pytest's capture replaces sys.stdin during the run
    errors = grade_stream(_tasks(tasks), config, lambda g: emit(write_outputs(g, config)))
    for error in errors:
        emit({"fatal": f"the hidden suite could not be loaded: {error}"})


def config_json(config: WorkerConfig) -> str:
    return json.dumps(asdict(config))


if __name__ == "__main__":
    main()
