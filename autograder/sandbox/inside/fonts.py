"""Matplotlib's font list, built once per machine and copied into every student's process.

A student's process starts with an empty home of its own (its private `/tmp`), where
`import matplotlib.pyplot` would first scan every font of the system to build this list:
seconds of the cell's time limit (11 s on a busy machine, over it: the same notebook lost a
function's points in one run and not in the next). The zygote builds the list once, in a
folder of the grader's user keyed by the installed matplotlib, and each student's process
starts with a copy where matplotlib looks for it.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import sys
from pathlib import Path

from autograder.safefs import own_temp_folder

CACHE = "/tmp/.cache/matplotlib"  # matplotlib's cache in a student's process (HOME is /tmp)
BUILD_TIMEOUT = 300.0  # seconds: scanning a machine's fonts
FontList = tuple[str, bytes]  # the file's name (it carries matplotlib's version) and bytes


def font_list() -> FontList | None:
    """The font list of the installed matplotlib, built now if this machine has none yet;
    None without matplotlib, or where no folder of this user's can hold it."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        return None
    folder = _folder(spec.origin)
    if folder is None:
        return None
    built = sorted(folder.glob("fontlist-*.json"))
    if not built:  # once per machine: another grader may be building it too
        with open(folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not list(folder.glob("fontlist-*.json")):
                _build(folder)
        built = sorted(folder.glob("fontlist-*.json"))
    return (built[-1].name, built[-1].read_bytes()) if built else None


def install(fonts: FontList | None) -> None:
    """In a student's process, in its private `/tmp`: the font list where matplotlib reads
    it, in a folder the student owns (matplotlib uses no cache folder it cannot write)."""
    if fonts is None:
        return
    for folder in (os.path.dirname(CACHE), CACHE):  # by system calls alone: run in each child
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder)
    fd = os.open(os.path.join(CACHE, fonts[0]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        rest = memoryview(fonts[1])
        while rest:
            rest = rest[os.write(fd, rest):]
    finally:
        os.close(fd)


def _folder(origin: str) -> Path | None:
    """This user's font folder for the matplotlib installed at `origin` (keyed by when it
    was installed: another version builds its own list)."""
    top = own_temp_folder("aimath-fonts")
    if top is None:
        return None
    folder = top / str(os.stat(origin).st_mtime_ns)
    folder.mkdir(exist_ok=True)
    return folder


def _build(folder: Path) -> None:
    """Let matplotlib build its font list in a folder of its own, then move it into `folder`
    whole (a grader that finds it there never reads half of one). A fresh interpreter: the
    zygote itself never imports matplotlib. A failure leaves no list: students' processes
    then build their own, as without this."""
    import subprocess  # only the first time on a machine: not in every student's process
    import tempfile

    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": scratch,
               "MPLCONFIGDIR": scratch, "LANG": "C.UTF-8"}
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env,
                           cwd=scratch, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=BUILD_TIMEOUT, check=False)
        for made in Path(scratch).glob("fontlist-*.json"):
            os.replace(made, folder / made.name)
