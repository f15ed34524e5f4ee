"""Shared fixtures: grade source strings through the real sandbox, an empty course folder.
Helpers live in `tests/support/` and are imported from there, never from a conftest."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support.sandboxed import Batch, run_worker

from autograder.course.assignments import ROOT


@pytest.fixture(scope="session")
def grade_sources(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Batch]:
    """`grade_sources({"alice.py": code, ...}, timeout=1.0, root=None)`: one sandboxed batch
    (in `root`, or a fresh temporary folder) -> Batch."""
    return lambda sources, root=None, **options: run_worker(
        root or tmp_path_factory.mktemp("batch"), sources, **options)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """An empty nbgrader course folder of the instructor's own, outside the repository."""
    folder = tmp_path / "course"
    folder.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    return folder
