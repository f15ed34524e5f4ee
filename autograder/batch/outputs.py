"""One student's outputs: `OUT/<student>/results.json` and `feedback.html`, written through
`safefs` (no link followed, atomic), within the folder's budget whatever the submission did.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath

from autograder.batch.tasks import Line
from autograder.grading.model import Status, SubmissionResult
from autograder.message import msg
from autograder.reports import results
from autograder.reports.feedback import render_feedback
from autograder.reports.i18n import load_template
from autograder.safefs import write_beneath

FEEDBACK_BUDGET = 4 * 2**20  # bytes of one feedback page
PAGE_TEMPLATES = ("feedback.html.j2", "test_card.html.j2")


def prepare_pages() -> None:
    """Compile the feedback page's templates now: a batch does it before it forks its
    workers, which then share them instead of each compiling its own."""
    for name in PAGE_TEMPLATES:
        load_template(name)


def write_outputs(result: SubmissionResult, out: Path, lang: str, pages: bool = True) -> Line:
    """Write both files for one student (only results.json when `pages` is False, the last
    resort after a page failed to render); return the line the batch counts."""
    folder = PurePosixPath(result.student)
    if pages:
        page = render_feedback(result, lang)
        if len(page.encode()) > FEEDBACK_BUDGET:
            page = render_feedback(results.from_json(results.to_json(result, lean=True)), lang)
        write_beneath(out, folder / "feedback.html", page)
    write_beneath(out, folder / "results.json", results.dumps(result))
    return Line(result.student, result.score, result.max_score, result.status.value,
                round(result.execution_time, 3))


def error_result(result: SubmissionResult, detail: str) -> SubmissionResult:
    """The same student's result when writing their outputs failed: no tests, the reason."""
    return replace(result, status=Status.ERROR, tests=(), cells=(), printed="",
                   problem=msg("grader.error", type="OutputError", said=detail[-300:]))
