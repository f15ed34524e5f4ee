"""`aimath demo`, the README's first command after `make`: every bundled sample set graded, in
one process (the second set's workers are forked like the first's), from a course folder with
a relative --out."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.cli import AIMATH

from autograder.course.assignments import ROOT
from autograder.reports import results

pytestmark = pytest.mark.slow


def test_demo_grades_every_sample_set(tmp_path: Path) -> None:
    """Does `aimath demo --out demo-out` write a result for every sample of every set, and a
    class report per set?"""
    done = subprocess.run([AIMATH, "demo", "--out", "demo-out"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for folder in sorted(p for p in (ROOT / "samples").iterdir() if p.is_dir()):
        out = tmp_path / "demo-out" / folder.name
        students = sorted(sample.stem for sample in folder.iterdir())
        assert sorted(p.parent.name for p in out.glob("*/results.json")) == students
        assert all(results.load(out, s).suite for s in students)  # graded by a worker
        assert (out / "report.html").is_file()
