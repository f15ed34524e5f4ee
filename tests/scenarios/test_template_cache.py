"""`aimath grade` run twice from a course folder keeps its compiled page templates in the
user's cache folder and loads them the second time (a loaded template is never written
again). The results go into the course folder itself, as a person often puts them: the
second run still finds the notebook named like the assignment (its results folder,
`graded/01_vectors/`, is never taken for an nbgrader student folder)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support.cli import AIMATH, RELEASE

pytestmark = pytest.mark.slow
VECTORS = "01_vectors"


def test_a_second_grade_loads_the_templates_the_first_compiled(tmp_path: Path) -> None:
    folder, cache = tmp_path / "course", tmp_path / "cache"
    shutil.copytree(RELEASE / VECTORS, folder)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}

    def grade() -> dict[str, int]:
        run = subprocess.run([AIMATH, "grade", ".", "--assignment", VECTORS, "--out", "graded"],
                             cwd=folder, capture_output=True, text=True, timeout=300, env=env)
        assert run.returncode == 0, run.stdout + run.stderr
        return {p.name: p.stat().st_mtime_ns for p in (cache / "aimath" / "templates").iterdir()}

    first = grade()
    assert any(name.startswith("pages-") for name in first), first
    assert grade() == first
