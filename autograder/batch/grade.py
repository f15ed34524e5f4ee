"""`aimath grade` end to end: grade, then grades.csv, the class report and the gradebook."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from autograder.batch.runner import BatchError, BatchSummary, run_batch
from autograder.batch.worker import WorkerConfig
from autograder.course import assignments
from autograder.intake.discover import DiscoveryError
from autograder.reports import results

SAMPLES = assignments.ROOT / "samples"


class GradeError(RuntimeError):
    """The batch could not be graded; the message says why."""


@dataclass(frozen=True)
class GradeOptions:
    """What `aimath grade` was asked to do."""

    submissions: Path
    assignment: str
    out: Path
    jobs: int = 2
    timeout: float = 10.0
    memory_mb: int = 512
    submission_timeout: float = 300.0
    lang: str = "en"
    gradebook: bool = False
    gradebook_url: str | None = None
    executor: str = "local"
    scheduler: str | None = None


def grade(options: GradeOptions, console: Console) -> BatchSummary:
    """Grade the batch with a progress display, then write the class-level outputs."""
    config = WorkerConfig(assignment=options.assignment, out=str(options.out),
                          call_timeout=options.timeout, memory_mb=options.memory_mb,
                          submission_timeout=options.submission_timeout, lang=options.lang)
    # the class report needs matplotlib (~1 s to import): load it while the workers grade
    threading.Thread(target=importlib.import_module, args=("autograder.reports.report",),
                     daemon=True).start()
    try:
        with _ProgressDisplay(console) as display:
            summary = run_batch(options.submissions, config, options.jobs, display.update,
                                _executor(options), display.start)
    except (BatchError, DiscoveryError, OSError) as exc:
        raise GradeError(str(exc)) from None
    _class_outputs(options, summary)
    _print_summary(options, summary, console)
    return summary


def _executor(options: GradeOptions) -> Callable[..., None] | None:
    if options.executor != "dask":
        return None
    from autograder.batch.cluster import dask_executor

    return dask_executor(options.scheduler)


class _ProgressDisplay:
    """A rich progress bar on a terminal; one plain line per student otherwise."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar: Progress | None = None
        self.done = 0

    def __enter__(self) -> _ProgressDisplay:
        if self.console.is_terminal:
            self.bar = Progress("[progress.description]{task.description}", BarColumn(),
                                MofNCompleteColumn(), TimeElapsedColumn(), console=self.console)
            self.bar.start()
            self.task = self.bar.add_task("grading", total=None)
        return self

    def start(self, pending: int) -> None:
        """The number of submissions to grade, once the unchanged ones are skipped."""
        if self.bar is not None:
            self.bar.update(self.task, total=pending)

    def update(self, line: dict) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"graded {line['student']}")
        else:
            self.console.print(f"[{self.done}] {line['student']}: {line['score']:g}/"
                               f"{line['max_score']:g} ({line['status']}, {line['time']:.2f} s)",
                               highlight=False)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _result_files(out: Path, students: list[str]) -> list[Path]:
    return [p for p in (out / s / "results.json" for s in students) if p.is_file()]


def _iter_results(paths: list[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        data = results.read(path)
        if data is not None:
            yield data


def _class_outputs(options: GradeOptions, summary: BatchSummary) -> None:
    """grades.csv, report.html and (if asked) nbgrader's gradebook and feedback folders."""
    from autograder.reports.grades_csv import write_grades_csv
    from autograder.reports.report import build_report, write_report

    paths = _result_files(options.out, summary.students)
    write_grades_csv(paths, options.out / "grades.csv")
    report = build_report(_iter_results(paths), options.assignment, options.lang)
    write_report(report, options.out / "report.html")
    if options.gradebook:
        _gradebook(options, paths)


def course_root(submissions: Path) -> Path:
    """The nbgrader course being graded: the folder with `nbgrader_config.py` that holds
    (or is) the submissions, else this repository's own course."""
    for folder in (submissions, submissions.parent):
        if (folder / "nbgrader_config.py").is_file():
            return folder.resolve()
    return assignments.ROOT


def _gradebook(options: GradeOptions, paths: list[Path]) -> None:
    from autograder.nbgrader.feedback_dirs import write_nbgrader_feedback
    from autograder.nbgrader.gradebook import write_gradebook
    from autograder.reports.feedback import render_feedback

    root = course_root(options.submissions)
    write_gradebook(_iter_results(paths), options.assignment, options.gradebook_url, root)
    for data in _iter_results(paths):
        student = data["extra_data"]["student"]
        write_nbgrader_feedback(student, options.assignment,
                                render_feedback(data, options.lang), root)


def _print_summary(options: GradeOptions, summary: BatchSummary, console: Console) -> None:
    table = Table("students", "graded now", "unchanged (skipped)", "unreadable", "mean score",
                  title=f"{options.assignment}: {options.out}")
    mean = f"{100 * summary.score_fractions / summary.graded:.1f}%" if summary.graded else "-"
    table.add_row(str(len(summary.students)), str(summary.graded), str(len(summary.skipped)),
                  str(summary.unreadable), mean)
    console.print(table)
    for warning in sorted(summary.warnings):
        console.print(f"[bold red]{warning}[/]")
    for error in summary.errors:
        console.print(f"[red]error:[/] {error}")
    console.print(f"results and feedback: {options.out}/<student>/ · grades: "
                  f"{options.out}/grades.csv · class report: {options.out}/report.html")


def demo(out: Path, console: Console) -> None:
    """Grade every bundled sample set (`samples/<id>/`) into `out/<id>/`, with a 2 s call
    timeout so the samples that hang do not keep the demo waiting."""
    for folder in sorted(p for p in SAMPLES.iterdir() if p.is_dir()):
        console.rule(f"sample submissions for {folder.name}")
        grade(GradeOptions(folder, folder.name, out / folder.name, timeout=2.0), console)
