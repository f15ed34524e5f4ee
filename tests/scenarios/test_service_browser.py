"""The course service in a real browser (Debian's Chromium, driven by Playwright): an
instructor imports a roster, sets a deadline and an attempt limit, makes login codes; a
student signs in with a code, hands in a partly wrong notebook, sees feedback within
seconds, hands in again and reaches the limit; the instructor sees both attempts, regrades
and downloads the Canvas CSV. Every page is saved as a screenshot (`AIMATH_SCREENSHOTS=DIR`
keeps them)."""

from __future__ import annotations

import csv
import io
import os
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from support.browser import require_chromium
from support.service import Served, served

from autograder.course.assignments import ROOT
from autograder.service import demo

pytestmark = pytest.mark.slow
ROSTER = "student_id,name,email,section\nminji,Minji Seo,minji@example.edu,A\n" \
         "jun,Jun Park,jun@example.edu,B\n"
SOLUTION = (ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb").read_text()
RIGHT_L1 = "return float(np.abs(np.asarray(x)).sum())"
WRONG_L1 = "return float(np.asarray(x).sum())  # forgot the absolute value"

require_chromium()


class Shots:
    """Screenshots of every page, numbered in the order taken."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.n = 0

    def take(self, page: Page, name: str) -> None:
        self.n += 1
        page.screenshot(path=str(self.folder / f"{self.n:02d}-{name}.png"), full_page=True)


def _instructor_sets_up(page: Page, server: Served, password: str, shots: Shots,
                        tmp: Path) -> str:
    """Sign in, import the roster, set the deadline and two attempts, make codes; minji's."""
    page.goto(server.url + "/login")
    shots.take(page, "login")
    page.fill("#login-user", "prof")
    page.fill("#login-password", password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/assignments")
    shots.take(page, "staff-assignments")
    (tmp / "roster.csv").write_text(ROSTER, encoding="utf-8")
    page.goto(server.url + "/roster")
    page.set_input_files("#roster-file", str(tmp / "roster.csv"))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Roster imported: 2 added").wait_for()
    shots.take(page, "roster-imported")
    page.get_by_role("button", name="Make login codes").click()
    code = page.locator("[data-code-for=minji]").inner_text()
    shots.take(page, "login-codes")
    page.goto(server.url + "/assignments/01_vectors")
    due = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    page.fill("#set-due", due.isoformat())
    page.fill("#set-attempts", "2")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    shots.take(page, "deadline-set")
    return code.strip()


def _hand_in(page: Page, server: Served, path: Path, shots: Shots, name: str) -> float:
    """Upload on the assignment page; seconds until the feedback shows."""
    page.goto(server.url + "/assignments/01_vectors")
    page.set_input_files("#upload-file", str(path))
    started = time.monotonic()
    page.get_by_role("button", name="Hand in").click()
    page.wait_for_url(re.compile(r".*/submissions/\d+$"))
    shots.take(page, f"{name}-waiting")
    page.get_by_role("heading", name="Test results").wait_for(timeout=30_000)
    seconds = time.monotonic() - started
    shots.take(page, f"{name}-feedback")
    return seconds


def _student_works(page: Page, server: Served, code: str, shots: Shots, tmp: Path) -> None:
    page.goto(server.url + "/login")
    page.fill("#code-user", "minji")
    page.fill("#code-code", code)
    page.fill("#code-password", "minji-password")
    page.get_by_role("button", name="Set password and sign in").click()
    page.wait_for_url("**/assignments")
    shots.take(page, "student-assignments")
    wrong, right = tmp / "01_vectors.ipynb", tmp / "fixed" / "01_vectors.ipynb"
    wrong.write_text(SOLUTION.replace(RIGHT_L1, WRONG_L1), encoding="utf-8")
    right.parent.mkdir()
    right.write_text(SOLUTION, encoding="utf-8")
    assert _hand_in(page, server, wrong, shots, "attempt1") < 15
    failed = page.locator("details.test.failed")
    assert failed.count() >= 1 and "l1_norm" in failed.first.inner_text()
    assert _hand_in(page, server, right, shots, "attempt2") < 15
    assert page.locator("details.test.failed").count() == 0
    page.goto(server.url + "/assignments/01_vectors")
    page.get_by_text("You have used every attempt").wait_for()
    shots.take(page, "student-limit-reached")
    page.goto(server.url + "/assignments/01_vectors?lang=ko")
    page.get_by_text("제출 기회를 모두 사용했습니다").wait_for()
    shots.take(page, "student-korean")


def _instructor_reviews(page: Page, server: Served, shots: Shots) -> str:
    page.goto(server.url + "/assignments/01_vectors")
    shots.take(page, "class-page")
    page.get_by_role("link", name="minji").click()
    assert page.locator("a:has-text('Attempt')").count() == 2
    shots.take(page, "student-attempts")
    page.goto(server.url + "/assignments/01_vectors")
    page.get_by_role("button", name="Regrade all").click()
    page.get_by_text("2 submission(s) queued for regrading").wait_for()
    shots.take(page, "regrade-queued")
    page.get_by_role("link", name="minji").click()
    page.locator("a:has-text('Attempt 2')").click()
    deadline = time.monotonic() + 60
    while page.locator("h2:has-text('Gradings') + div tr").count() < 3:
        assert time.monotonic() < deadline, "the regrade did not finish"
        time.sleep(0.5)
        page.reload()
    shots.take(page, "submission-history")
    page.goto(server.url + "/assignments/01_vectors/report")
    shots.take(page, "class-report")
    page.goto(server.url + "/assignments/01_vectors")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Canvas CSV").click()
    return Path(download.value.path()).read_text(encoding="utf-8-sig")


def test_a_course_in_the_browser(tmp_path: Path, browser: Browser) -> None:
    """Does the whole hand-in cycle work in Chromium, feedback within seconds included?"""
    shots = Shots(Path(os.environ.get("AIMATH_SCREENSHOTS") or tmp_path / "screens"))
    built = demo.build(tmp_path / "course", (), settings="")
    with served(built.course, workers=2) as server:
        staff = browser.new_page(viewport={"width": 1200, "height": 900})
        code = _instructor_sets_up(staff, server, built.password, shots, tmp_path)
        phone = browser.new_context(viewport={"width": 390, "height": 844},
                                    is_mobile=True, device_scale_factor=2)
        _student_works(phone.new_page(), server, code, shots, tmp_path)
        canvas = _instructor_reviews(staff, server, shots)
    rows = list(csv.reader(io.StringIO(canvas)))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[1][0] == "Points Possible"
    minji = next(r for r in rows if r[2] == "minji")
    assert float(minji[5]) == float(rows[1][5]) > 0  # the second, right attempt counts
