"""`aimath grade` end to end: discover, grade (locally or on Dask), then the class-level
outputs (grades.csv, the class report, nbgrader's gradebook) and the summary.

Every path here is absolute (the command line resolves them against the caller's folder);
a failure that belongs to one student is written as that student's result and the batch
goes on.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from autograder.batch import runner
from autograder.batch.outputs import write_outputs
from autograder.batch.summary import BatchReport, ProgressDisplay
from autograder.batch.tasks import Line, WorkerConfig
from autograder.course import assignments
from autograder.course.settings import Settings
from autograder.exports.grades import lateness, parse_time
from autograder.grading.model import Origin, Status, SubmissionResult, utc_now
from autograder.intake.discover import (
    DiscoveryError,
    Source,
    discover,
    hidden_hand_ins,
    other_hand_ins,
)
from autograder.intake.unzip import UnzipError, outside_entries
from autograder.message import msg
from autograder.reports import results
from autograder.reports.feedback import when

if TYPE_CHECKING:
    from autograder.integrity.section import SimilaritySection
    from autograder.nbgrader.sync import Synced

Executor = Callable[[list[Source], WorkerConfig, int, Callable[[Line], None],
                     Callable[[list[Source], str], list[Source]]], None]


class GradeError(RuntimeError):
    """The batch could not be graded at all; the message says why."""


@dataclass(frozen=True)
class GradeRequest:
    """What `aimath grade` was asked to do, with absolute paths."""

    submissions: Path
    assignment: str
    out: Path
    settings: Settings
    gradebook: bool = False
    gradebook_url: str | None = None
    executor: str = "local"
    scheduler: str | None = None

    def worker_config(self) -> WorkerConfig:
        policy = self.settings.policy(self.assignment)
        return WorkerConfig(self.assignment, str(self.out), str(self.settings.course),
                            self.settings.limits, self.settings.lang, policy.hidden_visibility,
                            lateness=f"{policy.due}|{policy.late_policy}")


def grade(request: GradeRequest, console: Console) -> BatchReport:
    """Grade the batch with a progress display, then write the class-level outputs."""
    report = BatchReport(request.assignment)
    cpus = len(os.sched_getaffinity(0))
    if request.executor != "dask" and request.settings.jobs > cpus:  # calls are timed by
        report.oversubscribed = (request.settings.jobs, cpus)  # the clock, not the CPU
    _check_gradebook(request)
    _check_values_key(request)
    started = time.time()
    try:
        with runner.locked(request.out), tempfile.TemporaryDirectory(prefix="aimath-") as work:
            runner.remove_partial_files(request.out)
            if other := runner.other_assignment(request.out, request.assignment):
                raise runner.BatchError(
                    f"{request.out} holds the results of {other}; grade {request.assignment}"
                    " into another --out (one folder of results per assignment)")
            sources = discover(request.submissions, request.assignment, Path(work),
                               request.out)
            report.hidden = hidden_hand_ins(request.submissions, request.assignment)
            report.other = other_hand_ins(request.submissions, request.assignment)
            report.outside = outside_entries(request.submissions)
            sources = _noted_other_values(request, sources, report)
            sources = _noted_late(request, sources, report)
            read = ClassResults(request.out, [s.student for s in sources])
            with ThreadPoolExecutor(1) as background:  # the main thread mostly waits
                similarity = _grade_sources(request, sources, report, console, read,
                                            lambda: background.submit(_while_grading, request,
                                                                      sources))
                section = similarity.result() if similarity else None
    except (runner.BatchError, DiscoveryError, UnzipError, OSError) as exc:
        raise GradeError(str(exc)) from None
    except KeyboardInterrupt:
        raise GradeError(_interrupted(request.out, started)) from None
    report.add_class(iter(read), read.students)
    report.left_out = _left_out(request.out, read.students)
    report.synced = class_outputs(request, read, section)
    report.print(console, request.settings.lang, str(request.out))
    return report


def _left_out(out: Path, students: list[str]) -> int:
    """How many students have results in `out` from an earlier run but are not among this
    run's (one student regraded into the class folder): grades.csv and the report, made
    from this run's students, do not list them."""
    ours = set(students)
    return sum(1 for folder in runner.student_folders(out)
               if folder not in ours and (out / folder / "results.json").is_file())


def _interrupted(out: Path, started: float) -> str:
    """What a batch stopped by Ctrl-C says: the results it wrote (more than the lines shown,
    which the workers had not yet reported) are kept, and the next run grades the rest."""
    saved = 0
    for path in out.glob("*/results.json"):
        with contextlib.suppress(OSError):
            saved += path.stat().st_mtime >= started
    return (f"interrupted: the {saved} result(s) this run wrote in {out} are kept; run the "
            "same command again to grade the others (a result already up to date is skipped)")


def _check_gradebook(request: GradeRequest) -> None:
    """With --gradebook, the course must be an nbgrader course whose gradebook does not
    grade the assignment with cells of its own (aimath's tests would be added to them):
    said before anyone is graded, not after."""
    if not request.gradebook:
        return
    from autograder.nbgrader.gradebook import course_cells

    try:
        cells = course_cells(request.assignment, request.gradebook_url, request.settings.course)
    except Exception as exc:  # a missing or broken nbgrader_config.py, whatever it raises
        raise GradeError(f"--gradebook: {exc}") from None
    if cells:
        names = ", ".join(c.name for c in cells[:5]) + (", ..." if len(cells) > 5 else "")
        raise GradeError(
            f"--gradebook: nbgrader's gradebook already grades {request.assignment} with "
            f"{len(cells)} cell(s) of the course's own ({names}: "
            f"{sum(c.points for c in cells):g} points, notebook {cells[0].notebook}), made by "
            "nbgrader generate_assignment from its source notebook. aimath records its hidden "
            "tests beside them and nbgrader adds the two up, so every total would be wrong. "
            "Grade this assignment with nbgrader alone, or release it from a source notebook "
            "without nbgrader grade cells; without --gradebook, aimath grade still writes the "
            "results, the feedback and grades.csv")


def _check_values_key(request: GradeRequest) -> None:
    """A quiz's forms files in the course must publish the key the grader draws with: said
    before anyone is graded, not as every randomised item marked wrong."""
    if not assignments.get(request.assignment).is_quiz:
        return
    from autograder.quiz.publish import check_published  # SymPy: for quizzes only
    from autograder.quiz.variants import ValuesKeyError

    try:
        check_published(request.settings.course, request.assignment)
    except ValuesKeyError as exc:
        raise GradeError(str(exc)) from None


def _noted_other_values(request: GradeRequest, sources: list[Source],
                        report: BatchReport) -> list[Source]:
    """A quiz's students whose handed-in forms file publishes another values key: named on
    the console and told on their page, as their notebook showed them other values."""
    if not assignments.get(request.assignment).is_quiz:
        return sources
    from autograder.quiz.publish import shown_other_values  # SymPy: for quizzes only

    report.other_values = shown_other_values(sources, request.settings.course,
                                             request.assignment)
    marked = set(report.other_values)
    note = msg("intake.other_values_key")
    return [replace(s, notes=(*s.notes, note)) if s.student in marked else s for s in sources]


def _noted_late(request: GradeRequest, sources: list[Source],
                report: BatchReport) -> list[Source]:
    """Hand-ins collected after the assignment's due date: told on their page (the late
    policy's share is taken when grades are exported, so the page's points are before it)
    and counted on the console."""
    policy = request.settings.policy(request.assignment)
    if policy.due is None:
        return sources
    due = when(policy.due.isoformat())
    noted = []
    for source in sources:
        submitted = parse_time(source.submitted_at)
        days, penalty = lateness(submitted, policy.due, policy.late_policy)
        if days and submitted is not None:
            report.late += 1
            note = msg("intake.late" if penalty else "intake.late_no_penalty", days=days,
                       late=math.ceil((submitted - policy.due).total_seconds()), due=str(due),
                       percent=f"{100 * penalty:g}")
            source = replace(source, notes=(*source.notes, note))
        noted.append(source)
    report.due = due
    return noted


def _grade_sources(request: GradeRequest, sources: list[Source], report: BatchReport,
                   console: Console, read: ClassResults,
                   meanwhile: Callable[[], Future[SimilaritySection | None]],
                   ) -> Future[SimilaritySection | None] | None:
    """Grade; `meanwhile` starts the similarity section once the workers are ready (no
    thread runs here before: the workers may be forked) and its future is returned (None
    when grading never started)."""
    config = request.worker_config()
    limit = request.settings.limits.upload_mb * 2**20
    by_id = {s.student: s for s in sources}
    started: list[Future[SimilaritySection | None]] = []
    with ProgressDisplay(console, request.settings.lang) as display:

        def pending(found: list[Source], key: str) -> list[Source]:
            todo = runner.to_grade(found, request.out, key, limit)
            report.unchanged = len(found) - len(todo)
            display.start(len(todo))
            started.append(meanwhile())  # last: its imports would hold up the workers' first
            return todo

        def record(line: Line) -> None:
            report.graded_now += 1
            if line.status == Status.ERROR and not (request.out / line.student).is_dir():
                write_outputs(_lost(request, by_id[line.student]), request.out,
                              request.settings.lang)
            display.update(line)
            read.read(line.student)  # now, not after the last one: the workers are busy

        _executor(request)(sources, config, request.settings.jobs, record, pending)
    return started[0] if started else None


def _lost(request: GradeRequest, source: Source) -> SubmissionResult:
    """The result of a student whose submission kept killing the grader's workers."""
    return SubmissionResult(source.student, request.assignment, Status.ERROR,
                            Origin(source.filename, submitted_at=source.submitted_at),
                            problem=msg("grader.worker_crashed"), graded_at=utc_now())


def _executor(request: GradeRequest) -> Executor:
    if request.executor != "dask":
        return runner.run_local
    from autograder.batch.cluster import dask_executor

    return dask_executor(request.scheduler)


class ClassResults:
    """Each student's current result (None when missing), read back from the output folder.

    A small class (about 20 KiB a result) is kept as it is read, so the summary,
    grades.csv, the report and the gradebook read each file once, and a result graded now
    can be read the moment its line arrives (`read`), while the others are still being
    graded; a bigger class is read again on every pass and memory stays flat.
    """

    KEEP = 2000

    def __init__(self, out: Path, students: list[str]) -> None:
        self.out, self.students = out, students
        self.keep = len(students) <= self.KEEP
        self._kept: dict[str, SubmissionResult | None] = {}

    def read(self, student: str) -> SubmissionResult | None:
        """`student`'s result as it stands now (kept in a small class)."""
        try:
            result: SubmissionResult | None = results.load(self.out, student)
        except results.ResultsError:
            result = None
        if self.keep:
            self._kept[student] = result
        return result

    def __iter__(self) -> Iterator[SubmissionResult | None]:
        for student in self.students:
            yield self._kept[student] if student in self._kept else self.read(student)

    def present(self) -> Iterator[SubmissionResult]:
        """The results that exist, in the students' order."""
        return (r for r in self if r is not None)


def _while_grading(request: GradeRequest,
                   sources: list[Source]) -> SimilaritySection | None:
    """What needs only the submissions, done while the workers grade: the class report's
    imports and template, and the similarity section (and similarity.json/.html beside the
    report); a failure here costs only the section, never the grades."""
    from autograder.integrity.section import report_section
    from autograder.reports.report import prepare

    prepare()

    try:
        return report_section(sources, request.assignment, request.out, request.settings.lang,
                              request.settings.course)
    except Exception:  # whatever a student's file makes it raise (a RecursionError was one)
        return None


def class_outputs(request: GradeRequest, read: ClassResults,
                  similarity: SimilaritySection | None) -> Synced | None:
    """grades.csv, report.html and (if asked) nbgrader's gradebook and feedback folders."""
    from autograder.reports.grades_csv import write_grades_csv
    from autograder.reports.report import build_report, write_report

    write_grades_csv(read.present, request.out / "grades.csv")
    report = build_report(read.present(), request.assignment, request.settings.lang)
    report.similarity = similarity
    write_report(report, request.out / "report.html")
    if not request.gradebook:
        return None
    from autograder.nbgrader.sync import sync_course

    return sync_course(read.present, request.assignment, request.settings, request.gradebook_url)


def demo(out: Path, console: Console) -> None:
    """Grade every bundled sample set (`samples/<id>/`) into `out/<id>/`, with a 2 s call
    timeout so the samples that hang do not keep the demo waiting."""
    from autograder.course.assignments import ROOT
    from autograder.course.settings import load_settings

    settings = load_settings(ROOT, call_timeout=2.0)
    for folder in sorted(p for p in (ROOT / "samples").iterdir() if p.is_dir()):
        console.rule(f"sample submissions for {folder.name}")
        grade(GradeRequest(folder, folder.name, out / folder.name, settings), console)
