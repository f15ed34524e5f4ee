"""Write a file so that a reader sees the old version or the new one, never half of one."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], newline: str | None = None,
                encoding: str = "utf-8") -> Iterator[TextIO]:
    """Open a temporary file beside `path` for writing and move it over `path` on success.

    Readers see the old file or the complete new one, never half of it; on an error the
    temporary file is removed and `path` is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_json(path: str | os.PathLike[str], data: Any) -> None:
    """Write `data` as JSON atomically."""
    with atomic_open(path) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
