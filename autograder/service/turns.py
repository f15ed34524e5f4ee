"""Each student's uploads are read one at a time, and at most one waits its turn.

Reading a hand-in (its notebook parsed, its definitions found) costs the web process most
for the largest one a hand-in may be (`student.notebook.MAX_CODE`): 450 KB of one-line
functions took 0.6 s of CPU and 115 MB. One student sending dozens at once would otherwise hold as
many of its threads and that memory many times over, slowing every other student's pages.
A double click (two at once) still becomes one attempt: the second waits for the first.
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterator

from autograder.service.errors import ServiceError

WAITING = 1  # uploads of one student that may wait while one is read


class UploadTurns:
    """Whose uploads are being read, and how many of each wait."""

    def __init__(self) -> None:
        self._count: Counter[str] = Counter()
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextlib.contextmanager
    def turn(self, student: str) -> Iterator[None]:
        """Hold `student`'s turn while the block reads and records their upload; 429 when
        one is being read and another already waits."""
        with self._guard:
            if self._count[student] > WAITING:
                raise ServiceError(429, "upload_in_progress")
            self._count[student] += 1
            lock = self._locks.setdefault(student, threading.Lock())
        try:
            with lock:
                yield
        finally:
            with self._guard:
                self._count[student] -= 1
                if not self._count[student]:
                    del self._count[student], self._locks[student]
