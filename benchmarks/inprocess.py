"""The no-isolation baseline: the same hidden suite over the same submissions, in ONE process.

`python benchmarks/inprocess.py SUBMISSIONS ASSIGNMENT OUT` finds the submissions the way
`aimath grade` does, then runs `grade_stream` with `sandbox=False`: one pytest session, every
submission's cells executed in this process, results.json and feedback.html written as usual.
Only the isolation (zygote, namespaces, one process per submission) and the worker pool are
missing, so `aimath grade` time over this time is the price of isolation and orchestration.
Trusted code only: it runs the submissions without any sandbox.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from autograder.batch.runner import suite_fingerprint
from autograder.batch.worker import WorkerConfig, grade_stream, write_outputs
from autograder.grading.plugin import Graded
from autograder.intake.discover import discover


def grade_in_process(submissions: Path, assignment_id: str, out: Path) -> int:
    """Grade every submission without isolation; return how many were graded."""
    config = WorkerConfig(assignment=assignment_id, out=str(out), sandbox=False,
                          suite=suite_fingerprint(assignment_id))
    graded = 0

    def on_graded(result: Graded) -> None:
        nonlocal graded
        write_outputs(result, config)
        graded += 1

    with tempfile.TemporaryDirectory(prefix="aimath-bench-") as work:
        tasks = [{"student": s.student, "path": str(s.path), "sha256": "",
                  "submitted_at": s.submitted_at, "notes": list(s.notes)}
                 for s in discover(submissions, assignment_id, Path(work))]
        errors = grade_stream(tasks, config, on_graded)
    if errors:
        raise RuntimeError(f"the hidden suite did not load: {errors}")
    return graded


if __name__ == "__main__":
    count = grade_in_process(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
    print(f"graded {count}")
