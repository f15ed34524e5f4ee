"""Uploaded files, content-addressed: `COURSE/.aimath/service/blobs/<sha[:2]>/<sha><suffix>`.

A file is written (atomically, through `safefs`) before its row, and never changed after: the
same bytes handed in twice are one file. Grading reads it back as an ordinary `Source`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path, PurePosixPath

from autograder.intake.discover import Source
from autograder.safefs import write_beneath


def blob_root(course: Path) -> Path:
    return course / ".aimath" / "service" / "blobs"


def relative(sha256: str, suffix: str) -> PurePosixPath:
    return PurePosixPath(sha256[:2], f"{sha256}{suffix}")


class BlobStore:
    """The files of one course's service."""

    def __init__(self, course: Path) -> None:
        self.root = blob_root(course)

    def put(self, data: bytes, suffix: str) -> str:
        """Store `data` (once) and return its sha256."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.root / relative(sha, suffix)
        if not (path.is_file() and path.stat().st_size == len(data)):
            write_beneath(self.root, relative(sha, suffix), data)
        return sha

    def source(self, student: str, sha256: str, suffix: str, submitted: datetime) -> Source:
        """What a grading worker reads: the stored file, under the student's id."""
        return Source(student, self.root, relative(sha256, suffix),
                      submitted_at=submitted.replace(microsecond=0).isoformat(), raw=student)
