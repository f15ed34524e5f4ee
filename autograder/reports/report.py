"""The class report: score distribution, the class's most common mistakes, quiz item analysis.

`build_report` consumes results one at a time and keeps only aggregates (per-test counters
and the list of scores), so a class of 10,000 costs no more memory than its counters.
"""

from __future__ import annotations

import base64
import heapq
import io
import math
import os
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from autograder.course import assignments
from autograder.reports.feedback import ShownTest, shown_test, summarise
from autograder.reports.i18n import render_template
from autograder.safefs import atomic_open

SLOWEST = 10
MAX_DISTINCT = 1000  # distinct wrong answers / hints remembered per test, to bound memory


def _count(counter: Counter[str], key: str) -> None:
    if key in counter or len(counter) < MAX_DISTINCT:
        counter[key] += 1


@dataclass
class PerTestStats:
    """How the class did on one test, and which hints its failures printed most."""

    name: str
    function: str
    max_score: float = 0.0
    attempts: int = 0
    passed: int = 0
    points: float = 0.0
    hints: Counter[str] = field(default_factory=Counter)

    def add(self, test: ShownTest) -> None:
        self.max_score = max(self.max_score, test.max_score)
        self.attempts += 1
        self.passed += test.passed
        self.points += test.score
        for hint in () if test.passed else test.hints:
            _count(self.hints, hint[:200])

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


@dataclass
class PerFunctionStats:
    """Share of students who passed every test of one function."""

    function: str
    students: int = 0
    all_passed: int = 0
    points: float = 0.0
    max_points: float = 0.0

    @property
    def pass_rate(self) -> float:
        return self.all_passed / self.students if self.students else 0.0


@dataclass
class ItemStats:
    """Quiz item analysis: share correct, discrimination, the most chosen wrong answers.

    Discrimination is the correlation of being right on this item with the score on the
    rest of the quiz (corrected point-biserial), kept as running sums.
    """

    name: str
    n: int = 0
    correct: int = 0
    rest_sum: float = 0.0
    rest_sq: float = 0.0
    cross: float = 0.0
    wrong: Counter[str] = field(default_factory=Counter)

    def add(self, test: ShownTest, total: float) -> None:
        rest = total - test.score
        self.n += 1
        self.correct += test.passed
        self.rest_sum += rest
        self.rest_sq += rest * rest
        self.cross += rest * test.passed
        if not test.passed:
            _count(self.wrong, "—" if test.answer is None else test.answer[:80])

    @property
    def share_correct(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def discrimination(self) -> float | None:
        """None when everyone got the item (or the rest of the quiz) equally right."""
        if not self.n:
            return None
        p, mean = self.share_correct, self.rest_sum / self.n
        var_rest = self.rest_sq / self.n - mean * mean
        if p * (1 - p) < 1e-12 or var_rest < 1e-12:
            return None
        return (self.cross / self.n - p * mean) / math.sqrt(p * (1 - p) * var_rest)


@dataclass
class ClassReport:
    """Aggregates over a class's results for one assignment; fed by `add`, one at a time."""

    assignment: str
    lang: str = "en"
    statuses: Counter[str] = field(default_factory=Counter)
    scores: list[float] = field(default_factory=list)
    max_score: float = 0.0
    tests: dict[str, PerTestStats] = field(default_factory=dict)
    functions: dict[str, PerFunctionStats] = field(default_factory=dict)
    items: dict[str, ItemStats] = field(default_factory=dict)
    attention: list[dict[str, Any]] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)

    def add(self, result: Mapping[str, Any]) -> None:
        """Fold one student's results.json dict into the aggregates."""
        extra = result.get("extra_data") or {}
        student, status = str(extra.get("student", "")), str(extra.get("status", "graded"))
        score = float(result.get("score") or 0)
        self.statuses[status] += 1
        self.scores.append(score)
        self.max_score = max(self.max_score, float(result.get("max_score") or 0))
        if status == "graded":  # a notebook that never ran says nothing about the tests
            self._add_tests([shown_test(test, self.lang) for test in result.get("tests", [])],
                            score)
        if status != "graded" or score == 0:
            message = str(result.get("output") or "").strip()
            self.attention.append({"student": student, "status": status, "score": score,
                                   "message": message[:300]})
        entry = (float(result.get("execution_time") or 0), student)
        if len(self.slowest) < SLOWEST:
            heapq.heappush(self.slowest, entry)
        else:
            heapq.heappushpop(self.slowest, entry)
        for warning in extra.get("warnings") or []:
            _count(self.warnings, str(warning))

    def _add_tests(self, views: list[ShownTest], score: float) -> None:
        for view in views:
            if view.name not in self.tests:
                self.tests[view.name] = PerTestStats(view.name, view.function)
            self.tests[view.name].add(view)
            if view.is_item:
                if view.name not in self.items:
                    self.items[view.name] = ItemStats(view.name)
                self.items[view.name].add(view, score)
        for group in summarise(views):
            if group.function not in self.functions:
                self.functions[group.function] = PerFunctionStats(group.function)
            stats = self.functions[group.function]
            stats.students += 1
            stats.all_passed += group.passed == group.total
            stats.points += group.score
            stats.max_points = max(stats.max_points, group.max_score)


def build_report(
    results: Iterable[Mapping[str, Any]], assignment: str, lang: str = "en"
) -> ClassReport:
    """Aggregate results (any iterable, e.g. a generator reading files) into a ClassReport."""
    report = ClassReport(assignment, lang)
    for result in results:
        report.add(result)
    return report


def histogram_edges(scores: list[float], max_score: float) -> list[float]:
    """Bin edges: one bar centred on each whole score when there are few, else 20 equal bins."""
    top = max(max_score, max(scores, default=0.0)) or 1.0
    if top <= 30 and all(float(score).is_integer() for score in scores):
        return [k - 0.5 for k in range(math.ceil(top) + 2)]
    return [top * k / 20 for k in range(21)]


def histogram_png(scores: list[float], max_score: float) -> str:
    """The score histogram as a base64 PNG (numbers only: labels live in the page)."""
    edges = histogram_edges(scores, max_score)
    figure = Figure(figsize=(7.2, 2.6), dpi=130)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.hist(scores, bins=edges, color="#4263eb", edgecolor="white")
    axes.axvline(statistics.fmean(scores), color="#212529", linestyle="--", linewidth=1.2)
    axes.set_xlim(edges[0], edges[-1])
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def report_context(report: ClassReport) -> dict[str, Any]:
    """Everything the report template prints, sorted so the worst results come first."""
    known = assignments.ALL.get(report.assignment)
    scores = report.scores
    return {
        "assignment": report.assignment,
        "title": known.title if known else "",
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "count": len(scores),
        "statuses": dict(report.statuses),
        "max_score": report.max_score,
        "mean": statistics.fmean(scores) if scores else None,
        "median": statistics.median(scores) if scores else None,
        "best": max(scores, default=None),
        "histogram": histogram_png(scores, report.max_score) if scores else None,
        "functions": sorted(report.functions.values(), key=lambda s: (s.pass_rate, s.function)),
        "tests": sorted(report.tests.values(), key=lambda s: (s.pass_rate, s.name)),
        # A quiz has one test per item: its function and test tables would repeat the items.
        "show_functions": len(report.functions) < len(report.tests),
        "show_tests": len(report.items) < len(report.tests),
        "show_hints": any(stats.hints for stats in report.tests.values()),
        "items": sorted(report.items.values(), key=lambda s: (s.share_correct, s.name)),
        "attention": sorted(report.attention, key=lambda a: (a["status"] == "graded",
                                                             a["student"])),
        "slowest": sorted(report.slowest, reverse=True),
        "warnings": report.warnings.most_common(),
    }


def render_report(report: ClassReport) -> str:
    """The class report as one self-contained HTML page in the report's language."""
    return render_template("report.html.j2", report.lang, **report_context(report))


def write_report(report: ClassReport, path: str | os.PathLike[str]) -> Path:
    """Write the class report atomically; returns the path."""
    with atomic_open(path) as handle:
        handle.write(render_report(report))
    return Path(path)
