"""The pages `aimath grade` writes, opened in Chromium as a student or an instructor opens
them: on a phone, every test's name keeps a readable width (rows wrap rather than squeeze
it to a letter a line), and nothing is wider than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from support.browser import require_chromium
from support.cli import aimath, solution_code

pytestmark = pytest.mark.slow
require_chromium()
ID = "01_vectors"
PHONE = 390  # CSS pixels, a common phone width
WRONG_L1 = "\n\ndef l1_norm(x):\n    import numpy as np\n    return float(np.sum(x))\n"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A partly wrong student graded by the installed CLI in a course folder."""
    course = tmp_path_factory.mktemp("course")
    (course / "subs").mkdir()
    (course / "subs" / "minji.py").write_text(solution_code(ID) + WRONG_L1)
    run = aimath(course, "grade", "subs", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stderr
    return course / "out"


@pytest.mark.parametrize("page_file", ["minji/feedback.html", "report.html"])
def test_pages_fit_a_phone(browser: Browser, graded: Path, page_file: str):
    """At 390 px, is no element wider than the page, and is every test name at least
    150 px wide?"""
    page = browser.new_page(viewport={"width": PHONE, "height": 800})
    page.goto((graded / page_file).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    widths = page.eval_on_selector_all("details.test > summary .name",
                                       "names => names.map(n => n.getBoundingClientRect().width)")
    assert all(width >= 150 for width in widths), widths
    if page_file.endswith("feedback.html"):
        assert len(widths) >= 20  # every hidden and public test of 01_vectors is listed
