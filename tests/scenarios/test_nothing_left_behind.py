"""Commands leave nothing behind: `aimath check` and `aimath submit` start the self-check's
child before they read anything (`autograder.student.spawn`), and `aimath grade` stages the
public tests for its workers; whatever happens next, those processes and temporary folders
go when the command ends."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support.cli import AIMATH, RELEASE

pytestmark = pytest.mark.slow
VECTORS = "01_vectors"
SLOTS = "aimath-slots"  # the machine's sandbox slot locks: shared by every session, kept


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
    assert [p.name for p in scratch.iterdir()] in ([], [SLOTS])
