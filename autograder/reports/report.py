"""The class report: score distribution, the class's misconceptions (known mistakes per
function), pass rates, quiz item analysis, and the submissions a person should look at.

`build_report` consumes results one at a time and keeps only aggregates (counters and the list
of scores), so a class of 10,000 costs no more memory than its counters.
"""

from __future__ import annotations

import heapq
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from autograder.grading.model import Failure, Status, SubmissionResult, TestResult
from autograder.quiz.analysis import count_bounded
from autograder.reports.feedback import assignment_title
from autograder.reports.histogram import histogram_svg
from autograder.reports.i18n import (
    cell_label,
    load_template,
    render,
    render_template,
    t,
    title,
    translate,
)
from autograder.reports.items import ItemTable
from autograder.safefs import write_file

SLOWEST = 10
TEMPLATE = "report.html.j2"
LOOK_AT = (Failure.TIMEOUT, Failure.OUTPUT, Failure.CRASH)
STUB = "NotImplementedError"  # a cell calling a function not written yet: nothing to see


@dataclass
class PerTest:
    """How the class did on one test, and which hints its failures printed most."""

    name: str
    title: str
    public: bool = False
    attempts: int = 0
    passed: int = 0
    hints: Counter[str] = field(default_factory=Counter)

    def add(self, test: TestResult, lang: str) -> None:
        self.attempts += 1
        self.passed += test.passed
        for hint in () if test.passed else test.hints:
            count_bounded(self.hints, translate(hint, lang)[:200])

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


@dataclass
class PerFunction:
    """Share of students who passed every test of one function, and their known mistakes."""

    function: str
    students: int = 0
    all_passed: int = 0
    points: float = 0.0
    max_points: float = 0.0
    mistakes: Counter[str] = field(default_factory=Counter)

    @property
    def pass_rate(self) -> float:
        return self.all_passed / self.students if self.students else 0.0


@dataclass(frozen=True)
class LookAt:
    """A submission a person should open, and why."""

    student: str
    status: str
    score: float
    reason: str


@dataclass
class ClassReport:
    """Aggregates over a class's results for one assignment; fed by `add`, one at a time."""

    assignment: str
    lang: str = "en"
    statuses: Counter[str] = field(default_factory=Counter)
    scores: list[float] = field(default_factory=list)
    graded: list[float] = field(default_factory=list)  # the scores of those graded
    penalised: int = 0  # students whose counted score is below their result's (late)
    max_score: float = 0.0
    tests: dict[str, PerTest] = field(default_factory=dict)
    functions: dict[str, PerFunction] = field(default_factory=dict)
    items: ItemTable = field(default_factory=ItemTable)
    attention: list[LookAt] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)
    similarity: object | None = None  # integrity.section.SimilaritySection, when computed

    def add(self, result: SubmissionResult, counted: float | None = None) -> None:
        """Fold one student's result into the aggregates; `counted` is the score that counts
        when it is not the result's own (a late penalty taken off)."""
        score = result.score if counted is None else counted
        self.statuses[result.status.value] += 1
        self.scores.append(score)
        self.penalised += score < result.score
        self.max_score = max(self.max_score, result.max_score)
        if result.status == Status.GRADED:  # a notebook that never ran says nothing of tests
            self.graded.append(score)
            self._add_tests(result)
        reason = self._reason(result)
        if reason:
            self.attention.append(LookAt(result.student, result.status.value, result.score,
                                         reason[:300]))
        entry = (result.execution_time, result.student)
        (heapq.heappush if len(self.slowest) < SLOWEST else heapq.heappushpop)(self.slowest,
                                                                              entry)
        for warning in result.warnings:
            count_bounded(self.warnings, warning.layer)

    def _reason(self, result: SubmissionResult) -> str | None:
        """Why a person should look at this submission (None: no need)."""
        if result.problem is not None:
            return render(result.problem, self.lang)
        note = result.note_to_look_at
        if note is not None:
            return render(note, self.lang)
        trouble = next((x for x in result.tests if x.failure in LOOK_AT), None)
        if trouble is not None:
            detail = render(trouble.details[0], self.lang) if trouble.details else ""
            return f"{title(trouble, self.lang)}: {detail}"
        broken = next((c for c in result.cells if c.message.params.get("type") != STUB), None)
        if broken is not None:  # a syntax error may cost a whole function: worth a look
            return t("report.cell_failed", self.lang, cell=cell_label(broken.cell, self.lang),
                     error=render(broken.message, self.lang))
        return t("report.scored_zero", self.lang) if result.score == 0 else None

    def _add_tests(self, result: SubmissionResult) -> None:
        for test in result.tests:
            stats = self.tests.setdefault(test.key or test.name,  # titles may repeat
                                          PerTest(test.name, title(test, self.lang),
                                                  test.public))
            stats.add(test, self.lang)
            if test.item:
                self.items.add(test, result.score)
        by_function: dict[str, list[TestResult]] = {}
        for test in result.tests:
            by_function.setdefault(test.function, []).append(test)
        for function, tests in by_function.items():
            stats_f = self.functions.setdefault(function, PerFunction(function))
            stats_f.students += 1
            stats_f.all_passed += all(test.passed for test in tests)
            stats_f.points += sum(test.score for test in tests)
            stats_f.max_points = max(stats_f.max_points, sum(test.max_score for test in tests))
        # Counted once per student: the table says how many students made each mistake.
        mistakes = {(test.function, translate(test.mistake, self.lang))
                    for test in result.tests if test.mistake}
        for function, name in sorted(mistakes):
            count_bounded(self.functions[function].mistakes, name)


def build_report(results: Iterable[SubmissionResult], assignment: str, lang: str = "en",
                 counted: Mapping[str, float] | None = None) -> ClassReport:
    """Aggregate results (any iterable, e.g. a generator reading files) into a ClassReport;
    `counted` gives a student's score when it is not their result's (the course service's
    scores after late penalties)."""
    report = ClassReport(assignment, lang)
    for result in results:
        report.add(result, (counted or {}).get(result.student))
    return report


def report_context(report: ClassReport) -> dict[str, Any]:
    """Everything the report template prints, sorted so the worst results come first."""
    scores = report.scores
    functions = sorted(report.functions.values(), key=lambda s: (s.pass_rate, s.function))
    return {
        "assignment": report.assignment, "title": assignment_title(report.assignment,
                                                                    report.lang),
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "count": len(scores), "statuses": dict(report.statuses), "max_score": report.max_score,
        "mean": statistics.fmean(scores) if scores else None,
        # the console's mean: shown beside the class mean when some were not graded (0 there)
        "graded_mean": statistics.fmean(report.graded)
        if report.graded and len(report.graded) < len(scores) else None,
        "median": statistics.median(scores) if scores else None,
        "penalised": report.penalised,
        "best": max(scores, default=None),
        "histogram": histogram_svg(scores, report.max_score,
                                   t("report.histogram_alt", report.lang)) if scores else None,
        "functions": functions,
        "mistakes": [(f.function, f.mistakes.most_common(5)) for f in functions if f.mistakes],
        "tests": sorted(report.tests.values(), key=lambda s: (s.pass_rate, s.name)),
        # A quiz has one test per item: its function and test tables would repeat the items.
        "show_functions": len(report.functions) < len(report.tests),
        "show_tests": len(report.items) < len(report.tests),
        "show_hints": any(stats.hints for stats in report.tests.values()),
        "items": report.items.rows(),
        "attention": sorted(report.attention, key=lambda a: (a.status == "graded", a.student)),
        "slowest": sorted(report.slowest, reverse=True),
        "warnings": report.warnings.most_common(),
        "similarity": report.similarity,
    }


def render_report(report: ClassReport) -> str:
    """The class report as one self-contained HTML page in the report's language."""
    return render_template(TEMPLATE, report.lang, **report_context(report))


def prepare() -> None:
    """Compile the report's template now (`aimath grade` does it while the workers grade)."""
    load_template(TEMPLATE)


def write_report(report: ClassReport, path: Path) -> Path:
    """Write the class report atomically (never through a link); returns the path."""
    return write_file(path, render_report(report))
