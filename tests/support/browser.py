"""Debian's Chromium, driven by Playwright, for the tests that look at pages."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def require_chromium() -> None:
    """Skip the calling test module where Chromium is missing (`.ci/run` installs it)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)",
                    allow_module_level=True)
