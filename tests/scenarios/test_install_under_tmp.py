"""aimath installed in a virtual environment under /tmp (a CI runner's or a temporary
folder's), as people do: the sandbox's private /tmp must not hide that installation from
the student's process, nor show it anything else of the machine's /tmp."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from autograder.course.assignments import ROOT

pytestmark = pytest.mark.slow
LAUNCH = "import sys; from autograder.launch import main; sys.argv[0] = 'aimath'; main()"
STUDENT = '''\
import os
import numpy as np
import probe_module

def l1_norm(x):
    return probe_module.total(x)

def l2_norm(x):
    try:
        open(os.path.join(os.path.dirname(probe_module.__file__), "planted.py"), "w")
    except OSError:
        return float(np.sqrt(np.sum(np.asarray(x) ** 2)))
    return -1.0

def hadamard(x, y):
    if os.path.exists(HOST_FOLDER) or set(os.listdir("/tmp")) - {".cache"} != {THE_VENV}:
        return None
    return np.asarray(x) * np.asarray(y)
'''


def venv_under(folder: Path) -> Path:
    """A venv in `folder` that sees this checkout's packages (a .pth file) and holds one
    module of its own, which only its own site-packages provides; returns that folder."""
    where = folder / "v"
    venv.create(where, with_pip=False)
    site = where / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    (site / "checkout.pth").write_text(f"{ROOT}\n{sysconfig.get_paths()['purelib']}\n")
    (site / "probe_module.py").write_text(
        "import numpy as np\n\ndef total(x):\n    return float(np.sum(np.abs(x)))\n")
    return site


def test_a_venv_under_tmp_is_seen_by_the_student_and_stays_read_only(tmp_path: Path):
    """Graded with a venv under /tmp: does the student's import of a module from its
    site-packages work (it was hidden: ModuleNotFoundError), is that folder read-only, and
    does the student's /tmp show only the venv's top folder (beside its own `.cache`, which
    holds matplotlib's font list), nothing else of the host's?"""
    assert str(tmp_path).startswith("/tmp/")
    site = venv_under(tmp_path)
    where = tmp_path / "v"
    top = where.relative_to("/tmp").parts[0]
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "alice.py").write_text(STUDENT.replace("THE_VENV", repr(top))
                                   .replace("HOST_FOLDER", repr(str(subs))))
    done = subprocess.run([str(where / "bin" / "python"), "-c", LAUNCH, "grade", "subs",
                           "--assignment", "01_vectors", "--out", "out"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads((tmp_path / "out" / "alice" / "results.json").read_text())
    by_function = {}
    for test in result["tests"]:
        by_function.setdefault(test["name"].split(":")[0], []).append(test["status"])
    assert set(by_function["l1_norm"]) == {"passed"}, result["tests"][:2]
    assert set(by_function["l2_norm"]) == {"passed"}
    assert "passed" in by_function["hadamard"]
    assert not (site / "planted.py").exists()
