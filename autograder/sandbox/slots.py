"""Sandbox uid slots: each grading session on this machine runs students as its own uid.

The process limit counts every process of a uid, and the no-namespace sweep kills every
process of it, so two sessions must never share one. A slot is held by a lock file for as long
as the session lives; the kernel releases it if the session dies.
"""

from __future__ import annotations

import atexit
import fcntl
import tempfile
from pathlib import Path
from typing import IO

SLOTS = 90  # slots 90 and above are left to the project's own tests
_held: dict[int, IO[str]] = {}


def claim(preferred: int | None = None) -> int:
    """Hold a free slot for the rest of this process (`preferred` if given and free)."""
    folder = Path(tempfile.gettempdir()) / "aimath-slots"
    folder.mkdir(exist_ok=True)
    order = [preferred] if preferred is not None else list(range(SLOTS))
    for slot in order:
        if slot in _held:
            return slot
        handle = open(folder / f"{slot}.lock", "a")  # noqa: SIM115 - held until exit
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _held[slot] = handle
        atexit.register(handle.close)
        return slot
    wanted = f"slot {preferred}" if preferred is not None else f"all {SLOTS} slots"
    raise RuntimeError(f"{wanted} taken: too many graders are running on this machine")
