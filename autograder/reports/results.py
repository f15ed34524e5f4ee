"""A graded submission as `results.json` (Gradescope's schema), written atomically."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from autograder.grading.plugin import Graded, Unreadable

VISIBILITY = "after_published"


def build(graded: Graded, assignment_id: str, suite: str, notes: tuple[str, ...] = ()) -> dict:
    """The results dict for one submission: scores, per-test messages, where it came from."""
    sub = graded.submission
    tests: list[dict[str, Any]] = [{"name": o.name, "score": o.score, "max_score": o.max_score,
              "status": "passed" if o.passed else "failed", "output": o.output,
              "visibility": VISIBILITY,
              "extra_data": {"function": o.function, "duration": round(o.duration, 4),
                             **o.properties}}
             for o in graded.outcomes]
    unreadable = isinstance(sub, Unreadable) or graded.load.fatal is not None
    return {
        "score": round(sum(t["score"] for t in tests), 6),
        "max_score": round(sum(t["max_score"] for t in tests), 6),
        "execution_time": round(graded.elapsed, 3),
        "output": "\n".join([*notes, *graded.load.messages()]),
        "tests": tests,
        "extra_data": {
            "student": sub.student, "assignment": assignment_id, "submission": sub.filename,
            "sha256": sub.sha256, "source_sha256": sub.source_sha256,
            "submitted_at": sub.submitted_at,
            "graded_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "status": "unreadable" if unreadable else "graded", "suite": suite,
            "load": graded.load.cells,
        },
    }


def read(path: Path) -> dict | None:
    """A results.json, or None if it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
