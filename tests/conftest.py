"""Shared fixtures: grade source strings through the real sandbox, an empty course folder.
Helpers live in `tests/support/` and are imported from there, never from a conftest."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from support.browser import ARGS, CHROMIUM
from support.sandboxed import Batch, run_worker

from autograder.course.assignments import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser


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


@pytest.fixture
def browser() -> Iterator[Browser]:
    """A headless Chromium (tests that use it call `support.browser.require_chromium`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
