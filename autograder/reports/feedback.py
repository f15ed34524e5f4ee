"""One student's feedback page: a self-contained HTML file built from their `SubmissionResult`.

The page shows only what the result holds (hidden inputs and the suite's source never reach
it), escapes everything the student's code produced, renders the quiz's formulas as MathML,
and opens offline. Tests are grouped by function in the notebook's order.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup

from autograder.course import assignments
from autograder.grading.model import Status, SubmissionResult, TestResult, Visibility
from autograder.reports.i18n import (
    cell_label,
    render,
    render_template,
    test_lines,
    title,
    translate,
)
from autograder.reports.mathtext import math_html


@dataclass(frozen=True)
class ShownTest:
    """One test as the page shows it, already in the page's language."""

    title: Markup
    function: str
    badge: str
    score: float
    max_score: float
    lines: tuple[str, ...]
    hints: tuple[str, ...]
    answer: str | None
    values: str | None
    explanation: Markup | None
    item: bool
    public: bool  # a released public test: the student ran it too; worth no points

    @property
    def passed(self) -> bool:
        return self.badge == "passed"


@dataclass
class FunctionGroup:
    """Tests passed and points earned for one function (or quiz item), and on a feedback
    page each test's card."""

    function: str
    tests: list[ShownTest] = field(default_factory=list)
    cards: list[Markup] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(test.passed for test in self.tests)

    @property
    def score(self) -> float:
        return sum(test.score for test in self.tests)

    @property
    def max_score(self) -> float:
        return sum(test.max_score for test in self.tests)

    @property
    def badge(self) -> str:
        return badge(self.passed == len(self.tests), self.score)


def badge(passed: bool, score: float) -> str:
    """`passed`, `partial` (failed but earned points) or `failed`."""
    return "passed" if passed else "partial" if score > 0 else "failed"


def shown_test(test: TestResult, lang: str) -> ShownTest:
    """What the page needs from one test, in `lang`."""
    body = test_lines(test, lang)[: len(test.details) + (1 if test.mistake else 0)]
    return ShownTest(
        title=math_html(title(test, lang)), function=test.function,
        badge=badge(test.passed, test.score), score=test.score, max_score=test.max_score,
        lines=tuple(body), hints=tuple(translate(h, lang) for h in test.hints),
        answer=test.answer, values=test.values,
        explanation=math_html(test.explanation) if test.explanation else None, item=test.item,
        public=test.public)


def _order(assignment: str) -> dict[str, int]:
    known = assignments.ALL.get(assignment)
    return {name: i for i, name in enumerate(known.functions if known else ())}


def _natural(name: str) -> tuple[int, str]:
    number = re.fullmatch(r"\D*(\d+)", name)
    return (int(number.group(1)) if number else 10**6, name)


def grouped(tests: list[ShownTest], assignment: str) -> list[FunctionGroup]:
    """Tests grouped by function, functions in the notebook's order (quiz items by number)."""
    groups: dict[str, FunctionGroup] = {}
    for test in sorted(tests, key=lambda x: not x.public):  # the public tests first
        groups.setdefault(test.function, FunctionGroup(test.function)).tests.append(test)
    order = _order(assignment)
    return sorted(groups.values(), key=lambda g: (order.get(g.function, len(order)),
                                                  _natural(g.function)))


def when(stamp: str | None) -> str | None:
    """An ISO timestamp as `2026-11-20 10:00 UTC`; text that is not ISO is shown as it is."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return text
    return text + (" UTC" if not offset else moment.strftime(" %z"))


@functools.lru_cache(maxsize=4096)
def test_card(test: ShownTest, unfolded: bool, lang: str) -> Markup:
    """One test's card (`test_card.html.j2`), rendered once for every page that shows this
    test the same way: most students pass the same tests, and many fail them alike."""
    return Markup(render_template("test_card.html.j2", lang, test=test, open=unfolded))


def feedback_context(result: SubmissionResult, lang: str = "en",
                     shown: frozenset[Visibility] | None = None) -> dict[str, object]:
    """Everything the feedback template prints; `shown` are the visibilities listed (by
    default all but `hidden`: the page is handed out after grading)."""
    visible = shown if shown is not None else frozenset(Visibility) - {Visibility.HIDDEN}
    listed = [shown_test(x, lang) for x in result.tests if x.visibility in visible]
    unlisted = [x for x in result.tests if x.visibility not in visible]
    groups = grouped(listed, result.assignment)
    graded = result.status == Status.GRADED
    for group in groups:
        group.cards = [test_card(x, graded and not x.passed, lang) for x in group.tests]
    origin = result.origin
    return {
        "student": result.student, "assignment": result.assignment,
        "title": assignment_title(result.assignment, lang), "submission": origin.filename,
        "sha256": origin.sha256[:12], "submitted_at": when(origin.submitted_at),
        "declared_at": when(origin.declared_at), "graded_at": when(result.graded_at),
        "status": result.status.value, "score": result.score, "max_score": result.max_score,
        "fraction": result.fraction, "execution_time": result.execution_time,
        "problem": None if result.problem is None else render(result.problem, lang),
        "cells": [(cell_label(c.cell, lang), render(c.message, lang)) for c in result.cells],
        "printed": result.printed, "notes": [render(n, lang) for n in result.notes],
        "warnings": [w.layer for w in result.warnings], "tests": listed,
        "passed": sum(x.passed for x in listed), "functions": groups,
        "grouped": any(len(g.tests) > 1 for g in groups), "hidden_count": len(unlisted),
        "hidden_points": sum(x.max_score for x in unlisted),
        "quiz": result.assignment in assignments.ALL
        and assignments.ALL[result.assignment].is_quiz,  # no hidden inputs to speak of
    }


def assignment_title(assignment: str, lang: str) -> str:
    """The assignment's title in `lang` (its English title when the catalogue has none)."""
    known = assignments.ALL.get(assignment)
    english = known.title if known else ""
    return translate(english, lang) if english else ""


def render_feedback(result: SubmissionResult, lang: str = "en",
                    shown: frozenset[Visibility] | None = None) -> str:
    """The feedback page for one student's result, in English (`en`) or Korean (`ko`)."""
    return render_template("feedback.html.j2", lang, **feedback_context(result, lang, shown))

