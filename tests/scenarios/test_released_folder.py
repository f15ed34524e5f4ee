"""`pytest` run by a student in a released folder, the way the notebook's first cell says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import RELEASE

pytestmark = pytest.mark.slow
VECTORS = "01_vectors"


def test_two_notebooks_in_the_folder_are_one_usage_error(tmp_path: Path):
    """With a copy of the notebook beside the original, does pytest stop with one line that
    names both notebooks and how to choose, instead of an error for every test?"""
    folder = tmp_path / VECTORS
    shutil.copytree(RELEASE / VECTORS, folder)
    shutil.copy(folder / f"{VECTORS}.ipynb", folder / "my copy.ipynb")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                         cwd=folder, capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, output[-2000:]
    assert output.count("expected exactly one .ipynb") == 1, output[-2000:]
    assert f"{VECTORS}.ipynb, my copy.ipynb" in output
    assert "AIMATH_SUBMISSION" in output
