"""Sandbox uid slots: each grading session on this machine runs students as its own uid.

The process limit counts every process of a uid, and the no-namespace sweep kills every
process of it, so two sessions must never share one. A free slot is held through a lock file
for the length of a session; the kernel releases it if the session dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

SLOTS = 90  # slots 90 and above are left to the project's own tests


@contextlib.contextmanager
def claimed(preferred: int | None = None) -> Iterator[int]:
    """A slot for one grading session: `preferred` as given, else a free one, locked."""
    if preferred is not None:
        yield preferred
        return
    folder = Path(tempfile.gettempdir()) / "aimath-slots"
    folder.mkdir(exist_ok=True)
    for slot in range(SLOTS):
        with open(folder / f"{slot}.lock", "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            yield slot
            return
    raise RuntimeError(f"all {SLOTS} sandbox slots are taken: too many graders are running "
                       "on this machine")


def slot_cpu(slot: int) -> int:
    """The CPU a pinned session of `slot` grades on: one each for the first slots, so
    sessions running side by side (each holds its own slot) spread over the CPUs."""
    cpus = sorted(os.sched_getaffinity(0))
    return cpus[slot % len(cpus)]
