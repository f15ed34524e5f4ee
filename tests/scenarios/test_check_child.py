"""`aimath check` as a student runs it: the check's child behaves as a fresh Python started
in the notebook's folder, whichever way it was started."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from support.cli import AIMATH, SOLUTIONS

pytestmark = pytest.mark.slow


def test_check_runs_student_code_as_a_fresh_python_in_the_notebooks_folder(tmp_path: Path):
    """Run as a student runs it (the command's own output in ASCII), does `aimath check`
    run the notebook's code in its folder (a module beside it imports), print non-ASCII
    text, leave no bytecode beside it, run NumPy's BLAS on one thread whatever the student
    set, and run the spare child forked from the command?"""
    notebook = json.loads((SOLUTIONS / "01_vectors" / "01_vectors.ipynb").read_text())
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "l1_norm":
            cell["source"] = BESIDE
    (tmp_path / "helper_beside.py").write_text("NAME = '도우미'\n", encoding="utf-8")
    (tmp_path / "01_vectors.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    env = {name: value for name, value in os.environ.items()
           if name != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONIOENCODING": "ascii",
                                                     "OPENBLAS_NUM_THREADS": "4"}
    run = subprocess.run([AIMATH, "check", "01_vectors.ipynb"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "13/13 public tests passed" in run.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_vectors.ipynb",
                                                          "helper_beside.py"]


BESIDE = '''import os

def l1_norm(x):
    import helper_beside  # the notebook's folder comes first on the path, as in Jupyter
    print("합계:", helper_beside.NAME)
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"  # the grader's numerics
    cmdline = open("/proc/self/cmdline", "rb").read()
    assert b"check" in cmdline.split(b"\\0"), cmdline  # a fork
    return float(np.sum(np.abs(x)))
'''
