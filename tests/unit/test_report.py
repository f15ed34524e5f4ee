"""The class report: aggregates built one result at a time, rendered to one offline page."""

from __future__ import annotations

import base64
import gc
import json
import re
import weakref
from pathlib import Path

import numpy as np
import pytest

from autograder.reports.report import build_report, render_report, report_context, write_report

FIXTURES = Path(__file__).parent / "fixtures"
NAMES = ("passed", "failed", "unreadable")


class Result(dict):
    """A results dict that can be watched with a weak reference."""


def fixture(name: str) -> Result:
    return Result(json.loads((FIXTURES / f"results_{name}.json").read_text(encoding="utf-8")))


def class_report(lang: str = "en"):
    return build_report((fixture(name) for name in NAMES), "04_softmax_backprop", lang)


def quiz_result(student: str, items: dict[str, tuple[str, bool]], seconds: float = 0.1) -> dict:
    """A quiz result where `items` maps q1, q2, ... to (answer, correct)."""
    tests = [{"name": f"{q}: question", "score": float(ok), "max_score": 1.0,
              "status": "passed" if ok else "failed", "visibility": "after_published",
              "output": "", "extra_data": {"function": q, "answer": answer}}
             for q, (answer, ok) in items.items()]
    return {"score": sum(t["score"] for t in tests), "max_score": float(len(tests)),
            "execution_time": seconds, "output": "", "tests": tests,
            "extra_data": {"student": student, "assignment": "quiz_10", "status": "graded"}}


QUIZ = {  # student: q1, q2, q3 as (answer, correct)
    "s1": {"q1": ("A", True), "q2": ("C", True), "q3": ("A", False)},
    "s2": {"q1": ("A", True), "q2": ("C", True), "q3": ("D", True)},
    "s3": {"q1": ("B", False), "q2": ("B", False), "q3": ("D", True)},
    "s4": {"q1": ("B", False), "q2": ("C", True), "q3": ("D", True)},
    "s5": {"q1": ("c", False), "q2": ("C", True), "q3": ("D", True)},
}


def test_counts_and_score_statistics():
    """Are submissions counted by status, with the right mean, median and maximum?"""
    context = report_context(class_report())
    assert context["count"] == 3
    assert context["statuses"] == {"graded": 2, "unreadable": 1}
    assert context["mean"] == pytest.approx(13 / 3)
    assert (context["median"], context["best"], context["max_score"]) == (3.0, 10.0, 10.0)


def test_pass_rates_per_test_and_function():
    """Is each test's pass rate passed/attempted, and a function's the share passing all?"""
    report = class_report()
    rates = {name: (s.passed, s.attempts) for name, s in report.tests.items()}
    assert rates == {"softmax: rows sum to one": (2, 2),
                     "softmax: large inputs stay finite": (1, 2),
                     "one_hot: matches np.eye rows": (1, 2),
                     "cross_entropy: mean over rows": (1, 2)}
    functions = {name: (s.all_passed, s.students) for name, s in report.functions.items()}
    assert functions == {"softmax": (1, 2), "one_hot": (1, 2), "cross_entropy": (1, 2)}
    assert report.functions["one_hot"].points == 3.0


def test_submissions_that_never_ran_do_not_count_as_failed_tests():
    """Are the "not run" tests of an unreadable notebook left out of the pass rates?"""
    unreadable = fixture("unreadable")
    unreadable["tests"] = [{"name": "one_hot: matches np.eye rows", "score": 0.0,
                            "max_score": 2.0, "status": "failed", "output": "not run"}]
    report = build_report([fixture("passed"), unreadable], "04_softmax_backprop")
    assert report.tests["one_hot: matches np.eye rows"].attempts == 1
    assert report.functions["one_hot"].pass_rate == 1.0
    assert report.scores == [10.0, 0.0]


def test_most_failed_tests_come_first():
    """Are tests listed from the lowest pass rate, so the class's main mistakes lead?"""
    html = render_report(class_report())
    assert html.index("softmax: large inputs stay finite") < html.index("softmax: rows sum to one")
    names = [s.name for s in report_context(class_report())["tests"]]
    assert names[-1] == "softmax: rows sum to one"


def test_most_common_hint_is_shown():
    """Does a test's row show the hint its failures printed most often?"""
    html = render_report(class_report())
    assert re.search(r"subtract the row maximum before exp\. <span class=\"muted\">\(1\)", html)


def test_histogram_is_an_embedded_png():
    """Is the histogram inside the page as a base64 PNG, so it opens offline?"""
    html = render_report(class_report())
    match = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert match
    assert base64.b64decode(match.group(1)).startswith(b"\x89PNG\r\n\x1a\n")
    assert "http://" not in html and "https://" not in html and "<script" not in html


def test_unreadable_submissions_need_attention():
    """Is the unreadable notebook listed with its message, and a zero score listed too?"""
    zero = quiz_result("erin", {"q1": ("B", False)})
    report = build_report([*(fixture(name) for name in NAMES), zero], "04_softmax_backprop")
    listed = [(a["student"], a["status"]) for a in report_context(report)["attention"]]
    assert listed == [("carol", "unreadable"), ("erin", "graded")]
    assert "is not a valid notebook" in render_report(report)


def test_ten_slowest_submissions_slowest_first():
    """Are only the ten slowest kept, slowest first?"""
    results = (quiz_result(f"s{i:02d}", {"q1": ("A", True)}, seconds=i) for i in range(25))
    slowest = report_context(build_report(results, "quiz_10"))["slowest"]
    assert [student for _, student in slowest] == [f"s{i:02d}" for i in range(24, 14, -1)]


def test_build_report_streams_and_keeps_no_result():
    """Does build_report take a generator and let go of each result once it is counted?"""
    watched: list[weakref.ref] = []
    most_alive = 0

    def results():
        nonlocal most_alive
        for i in range(100):
            if i % 10 == 0:
                gc.collect()
                most_alive = max(most_alive, sum(ref() is not None for ref in watched))
            result = Result(quiz_result(f"s{i}", QUIZ[f"s{i % 5 + 1}"]))
            watched.append(weakref.ref(result))
            yield result

    report = build_report(results(), "quiz_10")
    assert most_alive <= 1  # at most the result the generator just handed over
    assert len(report.scores) == 100 and report.items["q1: question"].n == 100


def test_quiz_item_analysis():
    """Are share correct, discrimination and the most chosen wrong answers right?"""
    report = build_report((quiz_result(s, items) for s, items in QUIZ.items()), "quiz_10")
    q1 = report.items["q1: question"]
    assert q1.share_correct == pytest.approx(2 / 5)
    assert q1.wrong.most_common() == [("B", 2), ("c", 1)]
    totals = np.array([sum(ok for _, ok in items.values()) for items in QUIZ.values()])
    for q in ("q1", "q2", "q3"):
        right = np.array([items[q][1] for items in QUIZ.values()], dtype=float)
        expected = np.corrcoef(right, totals - right)[0, 1]
        assert report.items[f"{q}: question"].discrimination == pytest.approx(expected)


def test_discrimination_is_undefined_when_everyone_agrees():
    """Is discrimination left empty (not nan) for an item everybody got right?"""
    results = [quiz_result(s, {"q1": ("A", True), "q2": ("B", ok)})
               for s, ok in (("a", True), ("b", False))]
    report = build_report(results, "quiz_10")
    assert report.items["q1: question"].discrimination is None
    html = render_report(report)
    assert "nan" not in html and "—" in html


def test_korean_report_and_empty_class(tmp_path):
    """Does the Korean report render, and an empty class say there are no results yet?"""
    html = write_report(class_report("ko"), tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in html and "점수 분포" in html and "읽을 수 없음" in html
    empty = render_report(build_report(iter(()), "01_vectors"))
    assert "No results yet." in empty and "data:image/png" not in empty
