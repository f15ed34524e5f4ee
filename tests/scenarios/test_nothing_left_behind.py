"""Commands leave nothing behind: `aimath check` and `aimath submit` start the self-check's
child before they read anything (`autograder.student.spawn`), and `aimath grade` stages the
public tests for its workers (one copy per content, shared and kept); whatever happens next,
those processes and temporary folders go when the command ends."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from support.cli import AIMATH, RELEASE, descendants, solution_code

from autograder.batch.worker import WORKER_NAME

pytestmark = pytest.mark.slow
VECTORS = "01_vectors"
SLOTS = "aimath-slots"  # the machine's sandbox slot locks: shared by every session, kept
PUBLIC = f"aimath-public-{os.getuid()}"  # one copy of each public test file: shared, kept


def _children_in(folder: Path) -> list[int]:
    """Processes whose working folder is `folder` (a self-check child runs there)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "cwd")) == folder:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("args", [
    ["check", f"{VECTORS}.ipynb"],  # checked: every test fails on the stubs
    ["check", f"{VECTORS}.ipynb", "--assignment", "no_such_assignment"],  # stops at once
    ["submit", f"{VECTORS}.ipynb", "--student", "bad/id", "--to", "out"],  # refused id
    ["grade", ".", "--assignment", VECTORS, "--out", "../graded"],  # the stub graded: exit 0
])
def test_no_child_and_no_scratch_folder_outlive_the_command(tmp_path: Path, args: list[str]):
    """Whether the command checked (or graded) the notebook or stopped before, is every child
    it started gone and every temporary folder it made removed when it returns?"""
    folder, scratch = tmp_path / "course", tmp_path / "tmp"
    shutil.copytree(RELEASE / VECTORS, folder)
    scratch.mkdir()
    run = subprocess.run([AIMATH, *args], cwd=folder, capture_output=True, text=True,
                         timeout=300, env={**os.environ, "TMPDIR": str(scratch)})
    assert run.returncode == (0 if args[0] == "grade" else 1), run.stdout + run.stderr
    assert _children_in(folder) == []
    assert {p.name for p in scratch.iterdir()} <= {SLOTS, PUBLIC}


def test_a_worker_killed_mid_batch_leaves_no_folder_behind(tmp_path: Path):
    """A grading worker killed while it grades (the machine's OOM killer, a stuck worker a
    service stops) cleans nothing up: does the batch still grade everyone and leave nothing
    in the temporary folder but the shared copies it keeps?"""
    folder, scratch = tmp_path / "course", tmp_path / "tmp"
    (folder / "hand-ins").mkdir(parents=True)
    scratch.mkdir()
    slow = solution_code(VECTORS) + ("\n\n_fast = l1_norm\n\ndef l1_norm(x):\n"
                                     "    import time\n    time.sleep(0.3)\n    return _fast(x)\n")
    for student in ("ann", "bob", "cat"):
        (folder / "hand-ins" / f"{student}.py").write_text(slow, encoding="utf-8")
    process = subprocess.Popen([AIMATH, "grade", "hand-ins", "--assignment", VECTORS, "--out",
                                "out", "--jobs", "1"], cwd=folder, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(scratch)})
    killed = _kill_a_worker(process)
    out, err = process.communicate(timeout=300)
    assert killed and process.returncode == 0, out + err
    for student in ("ann", "bob", "cat"):
        assert (folder / "out" / student / "results.json").is_file()
    assert {p.name for p in scratch.iterdir()} <= {SLOTS, PUBLIC}


def _kill_a_worker(process: subprocess.Popen[str]) -> bool:
    """SIGKILL the first grading worker of `process` seen grading; whether one was."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        for pid in descendants(process.pid):
            try:
                grading = Path(f"/proc/{pid}/comm").read_text().strip() == WORKER_NAME
            except OSError:
                continue
            if grading:
                time.sleep(0.5)  # into its first submission's slow calls
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                    return True
        time.sleep(0.05)
    return False
