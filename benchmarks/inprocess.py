"""The no-isolation baseline: the same suites over the same submissions, in ONE process.

`python benchmarks/inprocess.py SUBMISSIONS ASSIGNMENT OUT` finds the submissions the way
`aimath grade` does, then grades them with one `Session` whose backend runs every
submission's cells in this process (`sandbox=False`), writing results.json and feedback.html
as usual. Only the isolation (zygote, namespaces, one process per submission) and the worker
pool are missing, so `aimath grade` time over this time is the price of isolation and
orchestration. Trusted code only: it runs the submissions without any sandbox.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from autograder.student.blas import ONE_THREAD

os.environ.update(ONE_THREAD)  # before NumPy loads, as in a grading worker: the same numerics

from autograder.batch.outputs import write_outputs
from autograder.batch.tasks import WorkerConfig
from autograder.batch.worker import Session
from autograder.grading.model import SubmissionResult
from autograder.intake.discover import discover


def grade_in_process(submissions: Path, assignment_id: str, out: Path) -> int:
    """Grade every submission without isolation; return how many were graded.

    The notebooks' nbgrader test cells (`import nbchecks`) fail here as in the sandbox,
    where the benchmarks are not importable: both baselines run the same student code."""
    sys.modules["nbchecks"] = None  # type: ignore[assignment]  # import fails as in a sandbox
    config = WorkerConfig(assignment_id, str(out), str(out.parent / "course"), sandbox=False)
    graded = 0

    def on_result(result: SubmissionResult) -> None:
        nonlocal graded
        write_outputs(result, out, "en")
        graded += 1

    with tempfile.TemporaryDirectory(prefix="aimath-bench-") as work:
        sources = discover(submissions, assignment_id, Path(work))
        errors = Session(config, lambda key: None, on_result).grade(sources)
    if errors:
        raise RuntimeError(f"the hidden suite did not load: {errors}")
    return graded


if __name__ == "__main__":
    count = grade_in_process(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
    print(f"graded {count}")
