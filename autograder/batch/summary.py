"""What a batch tells the person who ran it: progress while grading, then the class's state.

The summary covers the whole class as its results.json files stand after the run (a resumed
run counts everyone, not only those graded this time). Every word comes from the catalogue in
the console's language; everything a student chose (ids, file names) is printed as plain text,
never as Rich markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from autograder.batch.tasks import Line
from autograder.grading.model import Failure, Status, SubmissionResult
from autograder.message import Message
from autograder.reports.i18n import label, num, pct, render, t

if TYPE_CHECKING:
    from autograder.nbgrader.sync import Synced

NOTED_SHOWN = 10  # students whose note the console names; report.html lists every one


@dataclass
class BatchReport:
    """Counts of one run and of the class it leaves behind; owns the exit code."""

    assignment: str
    graded_now: int = 0
    unchanged: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    fractions: list[float] = field(default_factory=list)
    warnings: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)  # students without a readable result
    hidden: list[str] = field(default_factory=list)  # hand-ins skipped for their "." names
    outside: list[str] = field(default_factory=list)  # zip entries named outside the zip
    other: list[str] = field(default_factory=list)  # submit zips of another assignment
    left_out: int = 0  # students with results in the folder who are not in this run
    other_values: list[str] = field(default_factory=list)  # quiz forms of another values key
    oversubscribed: tuple[int, int] | None = None  # (--jobs, CPUs) when jobs outnumber CPUs
    defines_nothing: int = 0  # graded students who define none of the functions tested
    noted: list[tuple[str, Message]] = field(default_factory=list)  # notes to look at
    late: int = 0  # hand-ins collected after the due date
    due: str | None = None  # the assignment's due date, as shown
    synced: Synced | None = None  # what --gradebook wrote

    def add_class(self, results: Iterable[SubmissionResult | None],
                  students: list[str]) -> None:
        """Fold in every student's current result (None: missing or unreadable)."""
        for student, result in zip(students, results, strict=True):
            if result is None:
                self.missing.append(student)
                continue
            self.statuses[result.status.value] += 1
            if result.status == Status.GRADED and result.fraction is not None:
                self.fractions.append(result.fraction)
            self.warnings.update(w.layer for w in result.warnings)
            self.defines_nothing += _defines_nothing(result)
            if (note := result.note_to_look_at) is not None:
                self.noted.append((student, note))

    @property
    def exit_code(self) -> int:
        """0 when every student has a result, whatever they scored."""
        return 1 if self.missing else 0

    def print(self, console: Console, lang: str, out: str) -> None:
        table = Table(t("console.students", lang), t("console.graded_now", lang),
                      t("console.unchanged", lang), t("console.by_status", lang),
                      t("console.mean", lang), title=f"{self.assignment}: {escape(out)}")
        statuses = ", ".join(f"{label('status', s, lang)} {n}"
                             for s, n in sorted(self.statuses.items()))
        mean = pct(sum(self.fractions) / len(self.fractions)) if self.fractions else "—"
        table.add_row(str(sum(self.statuses.values()) + len(self.missing)),
                      str(self.graded_now), str(self.unchanged), statuses, mean)
        console.print(table)
        for warning in sorted(self.warnings):
            console.print(t("console.warning", lang, layer=warning), style="bold red",
                          markup=False)  # printed as it is: escaping would show backslashes
        if self.defines_nothing and self.defines_nothing == self.statuses[Status.GRADED]:
            console.print(t("console.defines_nothing", lang, assignment=self.assignment),
                          style="bold red", markup=False)
        for student in self.missing:
            console.print(t("console.missing", lang, student=student), style="red", markup=False)
        if self.hidden:
            console.print(t("console.hidden_skipped", lang, names=", ".join(self.hidden[:20])),
                          style="red", markup=False)
        if self.other:
            console.print(t("console.other_skipped", lang, names=", ".join(self.other[:20]),
                            assignment=self.assignment), style="red", markup=False)
        if self.outside:
            console.print(t("console.outside_skipped", lang,
                            names=", ".join(repr(n) for n in self.outside[:20])),
                          style="red", markup=False)
        self._print_noted(console, lang)
        if self.late:
            console.print(t("console.late", lang, count=self.late, due=self.due),
                          style="yellow", markup=False)
        if self.oversubscribed:
            jobs, cpus = self.oversubscribed
            console.print(t("console.oversubscribed", lang, jobs=jobs, cpus=cpus),
                          style="yellow", markup=False)
        if self.other_values:
            console.print(t("console.other_values", lang, count=len(self.other_values),
                            students=", ".join(self.other_values[:20])), style="bold red",
                          markup=False)
        if self.left_out:
            console.print(t("console.left_out", lang, count=self.left_out), style="yellow",
                          markup=False)
        if self.synced is not None:
            self._print_synced(console, lang, self.synced)
        console.print(t("console.where", lang, out=out), markup=False, highlight=False)

    def _print_noted(self, console: Console, lang: str) -> None:
        """The notes an instructor should see (a hand-in left ungraded, a zip naming someone
        else), a few students' by name."""
        for student, note in self.noted[:NOTED_SHOWN]:
            console.print(t("console.noted", lang, student=student, note=render(note, lang)),
                          style="yellow", markup=False)
        if len(self.noted) > NOTED_SHOWN:
            console.print(t("console.noted_more", lang, count=len(self.noted) - NOTED_SHOWN),
                          style="yellow", markup=False)

    @staticmethod
    def _print_synced(console: Console, lang: str, synced: Synced) -> None:
        console.print(t("console.gradebook", lang, rows=synced.gradebook_rows,
                        pages=synced.feedback_pages), markup=False)
        if synced.without_nbgrader:
            console.print(t("console.not_nbgrader", lang, count=len(synced.without_nbgrader),
                            students=", ".join(synced.without_nbgrader[:10])), markup=False)
        for student, raw in synced.renamed:
            console.print(t("console.nbgrader_renamed", lang, student=student, raw=raw),
                          style="yellow", markup=False)
        for student, why in synced.withheld:
            console.print(t("console.sync_withheld", lang, student=student, why=why),
                          style="yellow", markup=False)
        for student, why in synced.failed:
            console.print(t("console.sync_failed", lang, student=student, why=why),
                          style="red", markup=False)


def _defines_nothing(result: SubmissionResult) -> bool:
    """Does every code test say its function is not defined (a wrong --assignment, most
    likely)? Quizzes have no functions."""
    code = [test for test in result.tests if not test.item]
    return result.status == Status.GRADED and bool(code) and all(
        test.failure == Failure.MISSING for test in code)


class ProgressDisplay:
    """A rich progress bar on a terminal; one plain line per student otherwise."""

    def __init__(self, console: Console, lang: str) -> None:
        self.console = console
        self.lang = lang
        self.bar: Progress | None = None
        self.done = 0

    def __enter__(self) -> ProgressDisplay:
        return self

    def start(self, pending: int) -> None:
        """The number of submissions to grade, once the unchanged ones are skipped: the bar
        appears now (its refreshing thread only once the workers have started)."""
        if self.console.is_terminal:
            self.bar = Progress("{task.description}", BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=self.console)
            self.bar.start()
            self.task = self.bar.add_task(t("console.grading", self.lang), total=pending)

    def update(self, line: Line) -> None:
        self.done += 1
        text = t("console.line", self.lang, n=self.done, student=line.student,
                 score=num(line.score), max=num(line.max_score),
                 status=label("status", line.status, self.lang), seconds=f"{line.seconds:.2f}")
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=escape(text))
        else:  # a log, not a screen: the line as it is, without Rich's layout (or its cost)
            self.console.file.write(text + "\n")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
