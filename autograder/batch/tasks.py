"""What crosses from the batch to its workers and back, as plain JSON of typed records.

A worker is another process (or a Dask worker on another machine): it receives its
`WorkerConfig` once and one `Source` per student, and answers one `Line` per student.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from autograder.course import assignments
from autograder.grading.model import Status, Visibility
from autograder.intake.discover import Source
from autograder.message import Message
from autograder.student.limits import Limits


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker needs to grade; absolute paths, so any process can use it."""

    assignment: str
    out: str
    course: str
    limits: Limits = field(default_factory=Limits)
    lang: str = "en"
    visibility: Visibility = Visibility.AFTER_DUE_DATE
    sandbox: bool = True
    slot: int | None = None  # sandbox uid slot; None claims a free one (sandbox/host/slots.py)
    pin: bool = False  # grade on the slot's one CPU (`slots.slot_cpu`; see `worker.Session`)
    lateness: str = ""  # the due date and late policy: a result noting lateness depends on them

    @property
    def zygote_extras(self) -> tuple[str, ...] | None:
        """The preloads of this grading's zygote; None where it needs none (no sandbox, or an
        assignment that does not exist: the worker says why)."""
        if not self.sandbox or self.assignment not in assignments.ALL:
            return None
        return assignments.get(self.assignment).preload

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> WorkerConfig:
        data = json.loads(text)
        return cls(**{**data, "limits": Limits(**data["limits"]),
                      "visibility": Visibility(data["visibility"])})


@dataclass(frozen=True)
class Line:
    """A worker's answer for one student: enough for the progress display and the counts."""

    student: str
    score: float
    max_score: float
    status: str
    seconds: float

    def to_json(self) -> str:
        return json.dumps(asdict(self))


def source_to_json(source: Source) -> dict[str, Any]:
    """A source as plain JSON for the worker's stdin (or a Dask task)."""
    return {"student": source.student, "root": str(source.root),
            "relative": source.relative.as_posix(), "submitted_at": source.submitted_at,
            "notes": [n.to_json() for n in source.notes],
            "status": None if source.status is None else source.status.value,
            "problem": None if source.problem is None else source.problem.to_json(),
            "raw": source.raw}


def source_from_json(data: dict[str, Any]) -> Source:
    """The source `source_to_json` wrote."""
    return Source(
        student=str(data["student"]), root=Path(data["root"]),
        relative=PurePosixPath(data["relative"]), submitted_at=data["submitted_at"],
        notes=tuple(Message.from_json(n) for n in data["notes"]),
        status=None if data["status"] is None else Status(data["status"]),
        problem=None if data["problem"] is None else Message.from_json(data["problem"]),
        raw=str(data["raw"]))
