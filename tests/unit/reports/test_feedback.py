"""One student's feedback page, rendered from their `SubmissionResult`."""

from __future__ import annotations

import html as htmllib
import re
import string
from dataclasses import replace

import pytest
from support.factories import cell_raised, result, test, unreadable

from autograder.grading.model import Failure, Status, Visibility
from autograder.message import msg, text
from autograder.reports import feedback, i18n
from autograder.reports.feedback import feedback_context, render_feedback, when
from autograder.reports.i18n import catalogue

HANGUL = re.compile("[가-힣]")
HINT = "the L2 norm is sqrt(sum of x_i**2)"
MISTAKE = "forgot the square root"

WRONG_ROOT = test("l2_norm: a 3-4-5 triangle", 0, 2,
                  details=(msg("check.call", call="l2_norm(x)"),
                           msg("check.value", where="", expected="5", got="25")),
                  hints=(HINT,), mistake=MISTAKE)

GRADED = result(
    "alice",
    test("l1_norm: sums absolute values", 1),
    WRONG_ROOT,
    test("l2_norm: the zero vector", 1),
    test("hadamard: shapes differ", 1, 2, failure=Failure.RAISED, details=(
        msg("student.raised", type="TypeError", said="unsupported operand", where=""),)),
    test("angle: parallel vectors", 0, 3, visibility=Visibility.HIDDEN, details=(
        msg("check.value", where="", expected="SECRET-INPUT-42", got="1.2"),)),
    cells=(cell_raised(),), printed="loaded the data\n", warnings=("landlock",),
    notes=(msg("notebook.skipped_line", cell="code cell 1", text="!pip install numpy"),),
)


def text_of(page: str) -> str:
    """The page's visible text: style dropped, tags removed, entities read, spaces collapsed."""
    page = re.sub(r"(?s)<style>.*?</style>", " ", page)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def section(page: str, heading: str) -> str:
    """The `<section ...>` element whose `<h2>` starts with `heading`."""
    for match in re.finditer(r"(?s)(<section[^>]*>)(.*?)</section>", page):
        if re.search(rf"<h2>\s*{re.escape(heading)}", match.group(2)):
            return match.group(0)
    raise AssertionError(f"no section headed {heading!r}")


def test_page_shows_score_and_status():
    """Does the page show the points earned of all points, the percentage and the status?"""
    page = render_feedback(GRADED)
    shown = text_of(page)
    assert "Score Graded 3 / 9" in shown and "33.3%" in shown
    assert '<span class="badge graded">Graded</span>' in page


@pytest.mark.parametrize(("status", "label"), [(Status.UNREADABLE, "Unreadable"),
                                                (Status.REFUSED, "Refused"),
                                                (Status.CONFLICT, "Id conflict"),
                                                (Status.ERROR, "Grader error")])
def test_a_submission_not_graded_shows_its_status_and_why(status, label):
    """Does a submission that was not graded get a red badge, its reason and no tests?"""
    page = render_feedback(result("bob", status=status, problem=msg("intake.unreadable",
                                                                     said="the reason why")))
    assert f'<span class="badge {status.value}">{label}</span>' in page
    assert '<section class="alert bad">' in page and "<pre>the reason why</pre>" in page
    assert "No tests were run for this submission." in text_of(page)


def test_a_page_whose_every_test_is_hidden_does_not_say_none_ran():
    """With every test hidden for now (a quiz before its due date), does the page say how
    many are not listed, and not that no test was run?"""
    page = text_of(render_feedback(result("bob", test("q1: the mean", 1, 1,
                                                      visibility=Visibility.HIDDEN))))
    assert "1 hidden tests (1 points) are not listed here." in page
    assert "No tests were run" not in page


def test_tests_are_grouped_by_function_in_the_notebooks_order():
    """Are the tests grouped under their functions in the assignment's order, whatever order
    the suite ran them in?"""
    shuffled = result("alice", *(test(f"{name}: case {i}", 1)
                                 for i in (1, 2) for name in ("angle", "hadamard", "l2_norm",
                                                              "l1_norm")))
    page = render_feedback(shuffled)
    assert re.findall(r'<h3 id="fn-\d+">(\w+)</h3>', page) == ["l1_norm", "l2_norm", "hadamard",
                                                               "angle"]


def test_quiz_items_come_in_numeric_order():
    """Is q10 listed after q9, not after q1?"""
    items = [test(f"q{n}: question {n}", 1, answer="A") for n in (10, 2, 9, 1)]
    page = render_feedback(result("kim", *items, assignment="quiz_10"))
    assert re.findall(r'<span class="name">(q\d+):', page) == ["q1", "q2", "q9", "q10"]


def test_a_quiz_page_says_nothing_of_hidden_inputs():
    """A quiz has no hidden inputs: does its page end without the exercises' sentence about
    them (an outside reviewer read it on every quiz page), which an exercise's keeps?"""
    quiz = text_of(render_feedback(result("kim", test("q1: one", 1, answer="A"),
                                          assignment="quiz_10")))
    assert quiz.endswith("This page shows only your own results. Made by aimath from results.json.")
    assert "hidden test's inputs" in text_of(render_feedback(GRADED))


def test_function_summary_counts_tests_and_points():
    """Does each function's summary row count the tests passed and the points earned?"""
    groups = feedback_context(GRADED)["functions"]
    assert [(g.function, g.passed, len(g.tests), g.score, g.max_score, g.badge)
            for g in groups] == [("l1_norm", 1, 1, 1.0, 1.0, "passed"),
                                 ("l2_norm", 1, 2, 1.0, 3.0, "partial"),
                                 ("hadamard", 0, 1, 1.0, 2.0, "partial")]


def test_hidden_tests_are_counted_not_listed():
    """Is a hidden test left off the page (its name and inputs too), only counted?"""
    page = render_feedback(GRADED)
    assert "angle: parallel vectors" not in page and "SECRET-INPUT-42" not in page
    assert "1 hidden tests (3 points) are not listed here." in text_of(page)
    assert "4 of 4 tests passed" not in text_of(page) and "2 of 4 tests passed" in text_of(page)
    box = page[page.index('<div class="scorebox">'):page.index("</section>")]
    assert "1 hidden tests (3 points) are not listed here." in text_of(box)  # by the score


def test_failing_tests_are_open_and_passing_ones_closed():
    """Are failed and partly passed tests open, and passed tests folded away?"""
    page = render_feedback(GRADED)
    assert re.findall(r'<details class="test (\w+)"( open)?>', page) == [
        ("passed", ""), ("failed", " open"), ("passed", ""), ("partial", " open")]


def test_a_test_shown_the_same_way_is_rendered_once_per_language(monkeypatch):
    """Do two students' pages with the same tests render each card once (the second page
    reuses them), while a Korean page gets cards of its own?"""
    rendered: list[str] = []
    real = feedback.render_template
    monkeypatch.setattr(feedback, "render_template",
                        lambda name, lang, **kw: rendered.append(f"{name}:{lang}") or
                        real(name, lang, **kw))
    feedback.test_card.cache_clear()
    first = render_feedback(GRADED)
    second = render_feedback(replace(GRADED, student="bob"))
    cards = [name for name in rendered if name.startswith("test_card")]
    assert cards == ["test_card.html.j2:en"] * 4  # four tests listed, each rendered once
    def shown(page: str) -> list[str]:
        return re.findall(r"<details.*?</details>", page, re.S)

    assert len(shown(first)) == 4 and shown(first) == shown(second)
    render_feedback(GRADED, "ko")
    assert [name for name in rendered if name.startswith("test_card")][4:] == \
        ["test_card.html.j2:ko"] * 4


def test_tests_of_a_submission_that_never_ran_start_closed():
    """Are the "not run" tests of an unreadable notebook folded, not all open at once?"""
    record = unreadable("carol")
    never = result("carol", *(test(f"l1_norm: case {i}", 0, failure=Failure.NOT_RUN,
                                   details=(msg("test.not_run"),)) for i in range(3)),
                   status=record.status, problem=record.problem)
    page = render_feedback(never)
    assert page.count('<details class="test failed">') == 3 and " open>" not in page


def test_hints_are_in_hint_boxes_and_the_mistake_in_the_message():
    """Is the hint shown once, in a hint box, and the known mistake as a line of the message?"""
    page = render_feedback(GRADED)
    assert f'<div class="hint"><b>Hint:</b> {HINT}</div>' in page
    assert page.count(HINT) == 1
    assert ("<pre>l2_norm(x):\nexpected 5, got 25\n"
            f"This looks like a known mistake: {MISTAKE}.</pre>") in page


def test_printed_output_is_in_a_neutral_box():
    """Is what the notebook printed shown in a plain card, not styled as a warning?"""
    printed = section(render_feedback(GRADED), "Printed while loading:")
    assert printed.startswith('<section class="card">')
    assert '<pre class="printed">loaded the data\n</pre>' in printed
    assert "landlock" not in printed


def test_sandbox_warnings_have_their_own_alert():
    """Is a sandbox layer this machine lacked reported in its own alert, apart from the
    student's problems?"""
    page = render_feedback(GRADED)
    warning = section(page, "Sandbox")
    assert warning.startswith('<section class="alert">')
    assert "sandbox layer unavailable on this machine: landlock" in warning
    assert "landlock" not in section(page, "About your submission")


def test_cell_problems_and_notes_are_listed():
    """Is each cell that failed to load listed with its error, and each note shown?"""
    page = render_feedback(GRADED)
    problems = section(page, "About your submission")
    assert ("<li><b>code cell 3</b>:<pre>raised NameError: name &#39;np&#39; is not "
            "defined</pre></li>") in problems  # a traceback keeps its lines and carets
    assert "skipped &#39;!pip install numpy&#39;" in section(page, "Notes")


def test_times_are_shown_to_the_minute():
    """Are submission and grading times shown without seconds or microseconds?"""
    record = result("alice", test("l1_norm: ok", 1),
                    submitted_at="2025-03-02T00:30:15.123456+00:00",
                    graded_at="2025-03-03T10:00:59.999999+00:00", execution_time=0.123456)
    shown = text_of(render_feedback(record))
    assert "Submitted 2025-03-02 00:30 UTC" in shown and "Graded 2025-03-03 10:00 UTC" in shown
    assert "Grading took 0.12 s" in shown
    assert not re.search(r"\d\d:\d\d:\d\d|\.123456|\.999999", shown)


@pytest.mark.parametrize(("stamp", "shown"), [
    ("2026-11-20T10:00:00+00:00", "2026-11-20 10:00 UTC"),
    ("2026-11-21T08:05:07.5+09:00", "2026-11-21 08:05 +0900"),
    ("2026-11-21T08:05:07", "2026-11-21 08:05"),
    ("yesterday", "yesterday"),
    (None, None),
])
def test_when_shortens_timestamps_to_the_minute(stamp, shown):
    """Are timestamps cut to the minute, keeping their zone, and non-times shown as they are?"""
    assert when(stamp) == shown


KOREAN_RESULT = result(
    "alice", *GRADED.tests,
    test("l1_norm: an item with an answer", 0, answer="A", explanation="because",
         values="n = 3"),
    cells=GRADED.cells, printed=GRADED.printed, warnings=("landlock",), notes=GRADED.notes,
    declared_at="2025-03-01T23:00:00+00:00")


def english_sentences() -> set[str]:
    """The literal parts of every English catalogue sentence that Korean words differently."""
    en, ko = catalogue("en"), catalogue("ko")
    found = set()
    for key, sentence in en.items():
        if sentence != ko[key]:
            parts = (literal for literal, *_ in string.Formatter().parse(sentence))
            found |= {p.strip() for p in parts if len(p.strip()) >= 8 and p.strip().isascii()}
    return found


def test_korean_page_has_no_english_catalogue_sentence():
    """Is every sentence of the Korean page taken from the Korean catalogue?"""
    page = render_feedback(KOREAN_RESULT, "ko")
    shown = text_of(page)
    left = sorted(s for s in english_sentences() if s in shown)
    assert left == []
    assert '<html lang="ko">' in page
    for korean in ("테스트 결과", "힌트:", "제출한 답", "해설", "나의 값", "샌드박스", "참고",
                   "알려진 실수(known mistake)로 보입니다: 제곱근(square root)을 빠뜨렸습니다."):
        assert korean in shown


def test_english_sentences_are_found_on_an_english_page():
    """Does the check above find English sentences where they are (so it can fail)?"""
    shown = text_of(render_feedback(KOREAN_RESULT, "en"))
    assert {"Click a test to show or hide its details.", "Your answer",
            "Printed while loading:"} <= {s for s in english_sentences() if s in shown}
    assert not HANGUL.search(shown)


def test_korean_page_translates_the_hint_and_the_mistake():
    """Are the suite's hint and mistake name shown in Korean, from hints.ko.yaml?"""
    shown = text_of(render_feedback(GRADED, "ko"))
    assert "힌트: L2 노름(L2 norm)은 sqrt(x_i**2의 합(sum))입니다" in shown
    assert HINT not in shown and MISTAKE not in shown


def test_student_text_is_escaped_everywhere():
    """Is a `<script>` the student controls shown as text in a message, the printed output,
    a quiz answer and the student id, and never run?"""
    record = result(
        "<script>id()</script>",
        test("q1: choose", 0, answer="<script>answer()</script>", details=(
            msg("student.raised", type="ValueError", said="<script>said()</script>",
                where=""),)),
        printed="<script>printed()</script>", assignment="quiz_01")
    page = render_feedback(record)
    assert "<script" not in page
    for name in ("id", "answer", "said", "printed"):
        assert f"&lt;script&gt;{name}()&lt;/script&gt;" in page


def test_quiz_explanation_formulas_are_mathml():
    """Is a formula in a quiz explanation shown as MathML, with no `$...$` left?"""
    explanation = "By the chain rule, $P(X) = \\prod_t P(x_t \\mid x_{<t})$ holds."
    page = render_feedback(result("kim", test("q2: the chain rule", 1, answer="A",
                                              explanation=explanation), assignment="quiz_10"))
    shown = re.search(r'(?s)Explanation</div>\s*<div>(.*?)</div>', page).group(1)
    assert shown.startswith("By the chain rule, <math") and "</math> holds." in shown
    assert "$" not in shown and "\\prod" not in shown


def test_invalid_quiz_answer_shows_what_was_given():
    """Does an answer of the wrong form show what the student gave and why it earned 0?"""
    invalid = test("q3: yes or no", 0, answer="int 1", failure=Failure.INVALID,
                   details=(text("q3: expected True or False, got int 1"),))
    page = render_feedback(result("kim", invalid, assignment="quiz_01"))
    assert re.search(r'Your answer</div>\s*<pre>int 1</pre>', page)
    assert "q3: expected True or False, got int 1" in page


def test_a_missing_quiz_answer_says_so():
    """Is an item the student left unanswered marked as such rather than left blank?"""
    missing = test("q4: a number", 0, explanation="It is 4.",
                   details=(msg("student.not_defined", name="q4"),))
    page = render_feedback(result("kim", missing, assignment="quiz_01"))
    assert re.search(r"Your answer</div>\s*<pre>\(no answer\)</pre>", page)


def test_per_student_values_are_shown():
    """Does a randomised item show the values this student was given?"""
    item = test("q5: posterior", 1, answer="0.5", values="p = 0.1, s = 0.9")
    page = render_feedback(result("kim", item, assignment="quiz_07"))
    assert re.search(r"Your values</div>\s*<pre>p = 0.1, s = 0.9</pre>", page)


@pytest.mark.parametrize("record", [GRADED, unreadable("bob"), KOREAN_RESULT],
                         ids=["graded", "unreadable", "quiz-like"])
def test_pages_open_offline(record):
    """Does every page open offline: no script, no stylesheet, image or font fetched?"""
    page = render_feedback(record).replace('xmlns="http://www.w3.org/1998/Math/MathML"', "")
    assert "<style>" in page
    for needle in ("<script", "<link", "src=", "http://", "https://", "@import", "url("):
        assert needle not in page


@pytest.mark.parametrize(("seconds", "said", "korean"), [
    (0.127, "1 s", "1초"), (2, "2 s", "2초"), (59, "59 s", "59초"), (60, "1 min", "1분"),
    (31 * 60 + 5, "31 min", "31분"), (3 * 3600 + 5 * 60, "3 h 5 min", "3시간 5분"),
    (6 * 86400 + 2 * 3600 + 9, "6 d 2 h", "6일 2시간"),
])
def test_a_delay_is_said_as_a_person_says_it(seconds: float, said: str, korean: str) -> None:
    """How late a hand-in was, beside the started days the late policy counts (2 s late
    is one day for the policy, and the page says both), in each language's own units."""
    assert (i18n.duration(seconds), i18n.duration(seconds, "ko")) == (said, korean)


def test_a_late_note_is_said_in_the_pages_language() -> None:
    """Is the note of a hand-in 14 h 1 min late in Korean units on a Korean page (it said
    `14 h 1 min 늦게`), and an earlier version's note, its delay already text, kept as is?"""
    note = msg("intake.late_no_penalty", days=1, late=14 * 3600 + 60, due="2026-03-20 23:59")
    assert "14시간 1분 늦게" in i18n.render(note, "ko")
    assert "handed in 14 h 1 min after" in i18n.render(note, "en")
    older = msg("intake.late_no_penalty", days=1, late="14 h 1 min", due="2026-03-20 23:59")
    assert "14 h 1 min 늦게" in i18n.render(older, "ko")
