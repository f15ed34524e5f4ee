"""The limits student code runs under, declared once for the grader, `aimath check` and the kit.

Every layer that runs a student's code (the grading sandbox, the self-check child, the course
service) receives one `Limits` whole; nothing else declares these numbers. Courses change them
in `[tool.aimath]` (see `autograder.course.settings`), the command line overrides that.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Limits:
    """What one submission may use; the grade never depends on them for code that fits."""

    call_timeout: float = 10.0  # wall-clock seconds per call into student code (a cell is one)
    submission_timeout: float = 300.0  # seconds of student code per submission, all calls
    memory_mb: int = 512  # address space above what NumPy itself uses
    output_mb: int = 64  # printed by one call or cell before its process is stopped
    upload_mb: int = 20  # size of a submitted file

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"limit {field.name} must be a positive number, got {value!r}")

    def updated(self, **changes: Any) -> Limits:
        """These limits with the given fields replaced (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


DEFAULT_LIMITS = Limits()
STRIKES = 3  # timeouts or crashes of one function before its later calls are not made
