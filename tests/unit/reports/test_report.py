"""The class report: aggregates folded in one result at a time, rendered to one offline page."""

from __future__ import annotations

import gc
import re
import statistics
import weakref
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest
from support.factories import cell_raised, result, test, unreadable

from autograder.grading.model import Failure, Status, SubmissionResult, Visibility
from autograder.message import msg
from autograder.reports.report import build_report, render_report, report_context, write_report

SQRT = "forgot the square root"
L1 = "computed the L1 norm"


def vectors(student: str, *, l1: tuple[float, float] = (1, 1), l2: tuple[float, float] = (1, 1),
            l2_mistake: str | None = None, **options) -> SubmissionResult:
    """An 01_vectors result with two tests of l1_norm and two of l2_norm (points earned)."""
    return result(student,
                  test("l1_norm: sums absolute values", l1[0]), test("l1_norm: empty", l1[1]),
                  test("l2_norm: a 3-4-5 triangle", l2[0],
                       mistake=l2_mistake if l2[0] < 1 else None),
                  test("l2_norm: a random vector", l2[1],
                       mistake=l2_mistake if l2[1] < 1 else None), **options)


CLASS = [
    vectors("alice"),
    vectors("bob", l1=(1, 0), l2=(0, 0), l2_mistake=SQRT),  # the same mistake in two tests
    vectors("carol", l2=(0, 1), l2_mistake=SQRT),
    vectors("dave", l2=(1, 0), l2_mistake=L1),
    unreadable("erin"),
]


def test_counts_statuses_and_score_statistics():
    """Are submissions counted by status, with the class's mean, median and best score?"""
    context = report_context(build_report(iter(CLASS), "01_vectors"))
    scores = [4.0, 1.0, 3.0, 3.0, 0.0]
    assert context["count"] == 5 and context["statuses"] == {"graded": 4, "unreadable": 1}
    assert context["mean"] == pytest.approx(statistics.fmean(scores))
    assert (context["median"], context["best"], context["max_score"]) == (3.0, 4.0, 4.0)


def test_with_ungraded_submissions_the_page_also_shows_the_console_mean():
    """With one unreadable submission, does the page say its mean counts it as 0 and also
    give the mean of the graded ones (the console's), and say neither when all were graded?"""
    report = build_report(CLASS, "01_vectors")
    context = report_context(report)
    assert context["graded_mean"] == pytest.approx(statistics.fmean([4.0, 1.0, 3.0, 3.0]))
    page = render_report(report)
    assert "Mean (not graded: 0)" in page and "Mean of the graded" in page
    assert "Median (not graded: 0)" in page  # the median counts them as 0 too, and says so
    all_graded = build_report(CLASS[:4], "01_vectors")
    assert report_context(all_graded)["graded_mean"] is None
    assert "Mean of the graded" not in render_report(all_graded)
    assert "not graded: 0" not in render_report(all_graded)


def test_every_status_is_counted_and_labelled():
    """Is each status counted, and shown with its label on the page?"""
    statuses = [result(s.value, status=s, problem=None if s == Status.GRADED else
                       msg("intake.unreadable", said="why")) for s in Status]
    page = render_report(build_report(statuses, "01_vectors"))
    for status, label in [("graded", "Graded"), ("unreadable", "Unreadable"),
                          ("refused", "Refused"), ("conflict", "Id conflict"),
                          ("error", "Grader error")]:
        assert f'<span class="badge {status}">{label} 1</span>' in page


def test_histogram_is_drawn_in_the_page():
    """Is the score histogram inside the page as SVG, with nothing fetched from elsewhere?"""
    page = render_report(build_report(CLASS, "01_vectors"))
    assert re.search(r'<svg class="histogram"[^>]*aria-label="[^"]+".*?<rect .*?</svg>', page)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page and "<script" not in page


def test_an_empty_class_has_no_histogram():
    """Does a report of no results say so rather than draw an empty histogram?"""
    page = render_report(build_report([], "01_vectors"))
    assert "No results yet." in page and "<svg" not in page


def test_pass_rates_per_function_and_per_test():
    """Is a function's pass rate the share of graded students passing all its tests, and a
    test's the share passing it?"""
    report = build_report(CLASS, "01_vectors")
    assert {f: (s.all_passed, s.students) for f, s in report.functions.items()} == {
        "l1_norm": (3, 4), "l2_norm": (1, 4)}
    assert report.functions["l2_norm"].pass_rate == 0.25
    assert report.functions["l1_norm"].points == 7.0
    assert {s.name: (s.passed, s.attempts) for s in report.tests.values()} == {
        "l1_norm: sums absolute values": (4, 4), "l1_norm: empty": (3, 4),
        "l2_norm: a 3-4-5 triangle": (2, 4), "l2_norm: a random vector": (2, 4)}


def test_function_table_lists_the_hardest_first():
    """Does the page's function table put the function with the lowest pass rate first?"""
    page = render_report(build_report(CLASS, "01_vectors"))
    rows = re.findall(r"<tr><td><code>(\w+)</code></td><td class=\"num\">(\d+ / \d+)</td>", page)
    assert rows == [("l2_norm", "1 / 4"), ("l1_norm", "3 / 4")]


def test_submissions_that_never_ran_are_not_failed_tests():
    """Are the "not run" tests of an unreadable notebook left out of the pass rates?"""
    never = result("erin", test("l1_norm: empty", 0, failure=Failure.NOT_RUN),
                   status=Status.UNREADABLE, problem=msg("intake.unreadable", said="empty"))
    report = build_report([vectors("alice"), never], "01_vectors")
    assert report.tests["test::l1_norm: empty"].attempts == 1
    assert report.functions["l1_norm"].students == 1


def test_known_mistakes_are_counted_per_function_once_per_student():
    """Does the misconceptions table count each student once per mistake, by function?"""
    context = report_context(build_report(CLASS, "01_vectors"))
    assert context["mistakes"] == [("l2_norm", [(SQRT, 2), (L1, 1)])]


def test_misconceptions_table_is_on_the_page():
    """Is the table of known mistakes shown with the function once and a count per mistake?"""
    page = render_report(build_report(CLASS, "01_vectors"))
    assert "Known mistakes, by function" in page
    assert re.search(rf'<td rowspan="2"><code>l2_norm</code></td>\s*<td>{SQRT}</td>'
                     r'<td class="num">2</td>', page)
    assert re.search(rf'<td>{L1}</td><td class="num">1</td>', page)


def flagged(*results: SubmissionResult) -> dict[str, str]:
    """Student -> reason, for the submissions the report asks a person to look at."""
    return {a.student: a.reason for a in build_report(results, "01_vectors").attention}


def test_submissions_to_look_at():
    """Are submissions not graded, scoring zero, with a cell that did not load (a stub's
    NotImplementedError aside) or with a call that timed out, crashed or printed too much
    flagged, and ordinary ones not?"""
    def stuck(failure: Failure, detail) -> SubmissionResult:
        return result(failure.value, test("l1_norm: empty", 1),
                      test("l2_norm: a random vector", 0, failure=failure, details=(detail,)))
    reasons = flagged(
        vectors("fine"), vectors("partial", l2=(0, 0)),
        unreadable("unread", "unread.ipynb is not a notebook"),
        result("linked", status=Status.REFUSED,
               problem=msg("intake.refused_link", file="linked.ipynb")),
        result("zero", test("l1_norm: empty", 0)),
        result("zero_cell", test("l1_norm: empty", 0), cells=(cell_raised(),)),
        result("syntax", test("l1_norm: empty", 1), test("l2_norm: empty", 0),
               cells=(cell_raised("code cell 4", "invalid syntax (line 3)", "SyntaxError"),)),
        result("stub", test("l1_norm: empty", 1),
               cells=(cell_raised("code cell 5", "", "NotImplementedError"),)),
        stuck(Failure.TIMEOUT, msg("sandbox.timed_out", seconds=10)),
        stuck(Failure.CRASH, msg("sandbox.killed_memory", signal="SIGKILL")),
        stuck(Failure.OUTPUT, msg("sandbox.output_limit", mb=1)))
    assert reasons == {
        "unread": "unread.ipynb is not a notebook",
        "linked": "linked.ipynb is a symbolic link: links are never followed, so it earns nothing",
        "zero": "scored 0",
        "zero_cell": "code cell 3 did not load: raised NameError: name 'np' is not defined",
        "syntax": "code cell 4 did not load: raised SyntaxError: invalid syntax (line 3)",
        "timeout": "l2_norm: a random vector: timed out after 10 s (the call was stopped)",
        "crash": "l2_norm: a random vector: the process was killed by SIGKILL (memory or "
                 "process limit?)",
        "output": "l2_norm: a random vector: printed more than 1 MB in one call; the process "
                  "was stopped"}


def test_submissions_not_graded_come_first():
    """Are the submissions that were not graded listed before graded ones?"""
    context = report_context(build_report(
        [result("aaron", test("l1_norm: empty", 0)), unreadable("zoe")], "01_vectors"))
    assert [(a.student, a.status) for a in context["attention"]] == [
        ("zoe", "unreadable"), ("aaron", "graded")]


def test_warnings_are_counted_from_the_results():
    """Is each sandbox layer a machine lacked counted over the class?"""
    report = build_report([vectors("a", warnings=("landlock",)),
                           vectors("b", warnings=("landlock", "seccomp")), vectors("c")],
                          "01_vectors")
    assert report_context(report)["warnings"] == [("landlock", 2), ("seccomp", 1)]
    assert re.search(r'<td class="small">landlock</td><td class="num">2</td>',
                     render_report(report))


def test_slowest_submissions_are_listed_slowest_first():
    """Are the slowest submissions listed, longest grading time first?"""
    report = build_report([vectors(f"s{i}", execution_time=i / 10) for i in range(15)],
                          "01_vectors")
    assert [s for _, s in report_context(report)["slowest"]] == [f"s{i}" for i in
                                                                 range(14, 4, -1)]


QUIZ = {  # student: q1, q2, q3 as (answer, correct)
    "s1": {"q1": ("A", True), "q2": ("C", True), "q3": ("A", False)},
    "s2": {"q1": ("A", True), "q2": ("C", True), "q3": ("D", True)},
    "s3": {"q1": ("B", False), "q2": ("B", False), "q3": ("D", True)},
    "s4": {"q1": ("B", False), "q2": ("C", True), "q3": ("D", True)},
    "s5": {"q1": ("C", False), "q2": ("C", True), "q3": ("D", True)},
}


def quiz_class() -> list[SubmissionResult]:
    return [result(student, *(test(f"{q}: question", float(ok), answer=answer)
                              for q, (answer, ok) in items.items()), assignment="quiz_10")
            for student, items in QUIZ.items()]


def test_item_analysis_of_a_quiz():
    """Does each quiz item get its share correct, its common wrong answers and its
    discrimination (correlation with the rest of the quiz), hardest first?"""
    rows = report_context(build_report(quiz_class(), "quiz_10"))["items"]
    assert [(r.name, r.share_correct) for r in rows] == [
        ("q1: question", 0.4), ("q2: question", 0.8), ("q3: question", 0.8)]
    assert rows[0].wrong.most_common() == [("B", 2), ("C", 1)]
    item = np.array([1, 1, 0, 0, 0], dtype=float)
    rest = np.array([1, 2, 1, 2, 2], dtype=float)  # q2 + q3 of s1..s5
    assert rows[0].discrimination == pytest.approx(np.corrcoef(item, rest)[0, 1])


def test_quiz_report_shows_items_not_repeated_tables():
    """Does a quiz's report show the item table, and no function table repeating the items?"""
    page = render_report(build_report(quiz_class(), "quiz_10"))
    assert "Quiz items" in page and "<code>B</code>" in page
    assert "Functions, hardest first" not in page


def test_results_are_not_kept(tmp_path):
    """Does building a report of 5,000 results from a generator keep only counters, never the
    results themselves?"""
    watched: list[weakref.ref[SubmissionResult]] = []

    def results() -> Iterator[SubmissionResult]:
        for i in range(5000):
            record = vectors(f"s{i}", l2=(i % 2, 1), l2_mistake=SQRT, warnings=("landlock",),
                             execution_time=i / 1000)
            watched.append(weakref.ref(record))
            yield record

    report = build_report(results(), "01_vectors")
    gc.collect()
    assert len(watched) == 5000 and report.statuses["graded"] == 5000
    assert sum(ref() is not None for ref in watched) == 0
    assert report.functions["l2_norm"].mistakes[SQRT] == 2500
    assert len(report.slowest) == 10 and len(report.attention) == 0


def test_korean_report():
    """Is the Korean report labelled in Korean, with the mistakes and hints in Korean?"""
    hinted = result("lee", test("l2_norm: a random vector", 0,
                                hints=("the L2 norm is sqrt(sum of x_i**2)",)))
    report = build_report([*CLASS, vectors("kim", l2=(0, 1), l2_mistake=SQRT), hinted],
                          "01_vectors", "ko")
    page = render_report(report)
    assert '<html lang="ko">' in page and "클래스 보고서: 01_vectors" in page
    assert "함수별 알려진 실수" in page and "제곱근(square root)을 빠뜨렸습니다" in page
    assert "L2 노름(L2 norm)은 sqrt(x_i**2의 합(sum))입니다" in page
    assert "벡터 (Vectors): 노름, 곱, 각도" in page  # the assignment's title
    for english in ("Class report", "Known mistakes", SQRT, "Submissions to look at"):
        assert english not in page


def test_report_escapes_student_text():
    """Is a student id or message holding markup shown as text?"""
    page = render_report(build_report(
        [unreadable("<b>eve</b>", "<script>alert(1)</script>")], "01_vectors"))
    assert "<script" not in page and "<b>eve" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_write_report_replaces_a_planted_link(tmp_path):
    """Is report.html written as a new file where a link stood, leaving its target alone?"""
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.html").symlink_to(target)
    path = write_report(build_report(CLASS, "01_vectors"), tmp_path / "out" / "report.html")
    assert not path.is_symlink() and path.read_text(encoding="utf-8").startswith("<!DOCTYPE")
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_public_and_a_hidden_test_with_one_title_stay_apart():
    """Are a public test and a hidden test that share a title two rows (the public one
    marked), each counting its own students, not one row counting both?"""
    title = "angle: a zero vector raises ValueError"
    public = replace(test(title, 0, 0, visibility=Visibility.VISIBLE), key="public::zero")
    hidden = replace(test(title, 1), key="hidden::zero")
    report = build_report([result("a", public, hidden), result("b", public, hidden)],
                          "01_vectors")
    assert sorted((s.public, s.attempts) for s in report.tests.values()) == [
        (False, 2), (True, 2)]
    assert render_report(report).count("public test, no points") == 1

