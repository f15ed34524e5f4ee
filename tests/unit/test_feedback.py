"""Feedback pages rendered from the results.json fixtures in tests/unit/fixtures/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from autograder.reports.feedback import (
    feedback_context,
    function_of,
    render_feedback,
    split_hints,
    when,
    write_feedback,
)

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"results_{name}.json").read_text(encoding="utf-8"))


def text_of(html: str) -> str:
    """The page's visible text, roughly: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_passed_page_shows_full_marks():
    """Does a perfect submission show its score, 100% and every test as passed?"""
    html = render_feedback(fixture("passed"))
    text = text_of(html)
    assert "alice" in text and "10 / 10" in text and "100%" in text
    assert "4 of 4 tests passed" in text
    assert "All tests passed" in text
    assert html.count('class="badge passed"') == 4 + 3  # four tests, three functions
    assert "<details class=\"test passed\">" in html  # passed tests start closed


def test_failed_test_shows_its_message_and_hint_apart():
    """Is a failing test open, with its message preformatted and its hint in a hint box?"""
    html = render_feedback(fixture("failed"))
    assert '<details class="test failed" open>' in html
    assert "<pre>softmax(z) with z: array (4, 5) float64 [1000.3, 999.1, ...]: got nan" in html
    assert "<b>Hint:</b> subtract the row maximum before exp." in html
    assert "Hint: subtract" not in html  # the raw line is not repeated in the <pre>


def test_failed_page_shows_score_and_submission_message():
    """Does a partly failing submission show 3 / 10, 30% and why a cell was skipped?"""
    text = text_of(render_feedback(fixture("failed")))
    assert "3 / 10" in text and "30%" in text
    assert "Cell 3 raised NameError: name &#39;np&#39; is not defined (skipped;" in text


def test_partial_credit_is_not_called_a_plain_failure():
    """Is a failed test that earned points shown as partly passed?"""
    html = render_feedback(fixture("failed"))
    assert re.search(r'badge partial">Partly passed</span>\s*<span class="name">one_hot', html)


def test_student_text_is_escaped():
    """Is a <script> printed by the student's code shown as text, never run?"""
    html = render_feedback(fixture("failed"))
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in html


def test_hidden_tests_are_not_shown():
    """Are tests marked visibility=hidden left out, with only their count and points?"""
    html = render_feedback(fixture("failed"))
    assert "secret hidden case" not in html
    assert "cross_entropy: mean over rows" not in html
    assert "1 hidden tests (4 points) are not listed here." in text_of(html)


def test_function_summary_groups_tests():
    """Does the per-function summary count tests passed and points per function?"""
    functions = feedback_context(fixture("failed"))["functions"]
    rows = [(f.function, f.passed, f.total, f.score, f.max_score, f.badge) for f in functions]
    assert rows == [("softmax", 1, 2, 2.0, 4.0, "partial"), ("one_hot", 0, 1, 1.0, 2.0, "partial")]


def test_unreadable_page_explains_why():
    """Does an unreadable notebook get its message, a red status and no test list?"""
    html = render_feedback(fixture("unreadable"))
    text = text_of(html)
    assert '<section class="alert bad">' in html
    assert "is not a valid notebook" in text
    assert "No tests were run for this submission." in text
    assert 'class="badge unreadable">Unreadable<' in html


def test_tests_of_an_unreadable_notebook_start_closed():
    """Are the "not run" tests of a notebook that never ran folded away, not all open?"""
    result = fixture("unreadable")
    result["tests"] = [{"name": f"l1_norm: case {i}", "score": 0.0, "max_score": 1.0,
                        "status": "failed", "output": "not run: carol.ipynb is not valid"}
                       for i in range(3)]
    html = render_feedback(result)
    assert html.count('<details class="test failed">') == 3
    assert " open>" not in html and "Failed tests are open." not in html


def test_quiz_items_show_answer_and_explanation():
    """Does a quiz item show the student's answer and the explanation?"""
    text = text_of(render_feedback(fixture("quiz")))
    assert re.search(r"q1: which data is least sequential\? 0 / 1 Your answer B", text)
    assert "Tabular records of independent patients have no order" in text
    assert "KL is not symmetric" in text


def test_korean_page():
    """Is the Korean page labelled in Korean, with lang="ko" for the right fonts?"""
    html = render_feedback(fixture("failed"), "ko")
    text = text_of(html)
    assert '<html lang="ko">' in html
    assert "테스트 3개 중 1개 통과" in text and "힌트:" in text and "실패" in text
    assert "Hint:" not in text and "Failed" not in text


@pytest.mark.parametrize("name", ["passed", "failed", "unreadable", "quiz"])
def test_pages_are_self_contained(name):
    """Does every page open offline: no scripts, no stylesheets or images fetched?"""
    html = render_feedback(fixture(name))
    assert "<style>" in html
    for needle in ("<script", "<link", "src=", "http://", "https://", "@import"):
        assert needle not in html


def test_write_feedback_replaces_the_page_atomically(tmp_path):
    """Is the page written in full, into a new folder, with no temporary file left behind?"""
    path = write_feedback(fixture("quiz"), tmp_path / "dave" / "feedback.html", "ko")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in path.parent.iterdir()] == ["feedback.html"]


def test_split_hints_keeps_the_rest_of_the_message():
    """Are only `Hint:` lines taken out of a message, in order?"""
    body, hints = split_hints("got 3.0\nHint: divide by N\nexpected 2.0\n  Hint: not N-1")
    assert body == "got 3.0\nexpected 2.0"
    assert hints == ("divide by N", "not N-1")


def test_function_falls_back_to_the_name_prefix():
    """Without extra_data.function, is the function the part of the name before the colon?"""
    assert function_of({"name": "l2_norm: zero vector"}) == "l2_norm"
    assert function_of({"name": "x: y", "extra_data": {"function": "angle"}}) == "angle"


@pytest.mark.parametrize(("stamp", "shown"), [
    ("2026-11-20T10:00:00+00:00", "2026-11-20 10:00 UTC"),
    ("2026-11-21T08:05:00+09:00", "2026-11-21 08:05 +0900"),
    ("yesterday", "yesterday"),
    (None, None),
])
def test_when_formats_timestamps(stamp, shown):
    """Are timestamps shortened to the minute, keeping their zone?"""
    assert when(stamp) == shown
