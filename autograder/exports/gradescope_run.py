"""Inside Gradescope's container: grade the one file in `/autograder/submission/` with the
hidden suite the zip installed, and write `/autograder/results/results.json`.

`run_autograder` runs `python -m autograder.exports.gradescope_run`. The engine is the batch's
(`batch.worker.Session`: the sandbox, the suite, results.json's one serializer). The submission
is untrusted: anything but exactly one regular `.ipynb` or `.py` file (several files, a link, a
folder, another kind of file, one over the upload limit) is a results.json that says so and
scores 0, never a crash. Gradescope's metadata names the student (`users[0].sid`, else the
email, through the one id rule: it only labels the result) and gives the submission time and
this student's due date: the output shows how late it is and the course's late policy is
applied to the score. A sandbox layer the container lacks is named in the output.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from autograder.course.settings import Policy, Settings, load_settings
from autograder.exports.grades import Grade, make_grade
from autograder.grading.model import Status, SubmissionResult
from autograder.intake.discover import Source
from autograder.message import Message, msg
from autograder.reports import results
from autograder.safefs import write_file
from autograder.student.identity import student_id
from autograder.student.notebook import SUFFIXES

CONFIG = "gradescope.json"


@dataclass(frozen=True)
class Metadata:
    """What Gradescope's `submission_metadata.json` says about this submission."""

    student: str  # the raw name: users[0].sid, else users[0].email
    submitted_at: datetime | None = None  # `created_at`: Gradescope's submission time
    due: datetime | None = None  # this student's due date (`users[0].assignment`, else the
    notes: tuple[str, ...] = ()  # assignment's)


def _time(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _field(data: dict[str, Any], table: str, key: str) -> Any:
    """`data[table][key]`, or None wherever a level is missing or not a table."""
    inner = data.get(table)
    return inner.get(key) if isinstance(inner, dict) else None


def read_metadata(path: Path) -> Metadata:
    """The metadata Gradescope documents (`created_at`, `assignment.due_date`, `users`);
    a missing or malformed file is a note, never an error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("users", []), list):
            raise ValueError("not the documented format")
    except (OSError, ValueError) as exc:
        return Metadata("student", notes=(f"{path.name} could not be read ({exc}); "
                                          "graded as 'student' with no submission time",))
    users = [u for u in data.get("users", []) if isinstance(u, dict)]
    user: dict[str, Any] = users[0] if users else {}
    raw = str(user.get("sid") or "").strip() or str(user.get("email") or "").strip()
    due = _field(user, "assignment", "due_date") or _field(data, "assignment", "due_date")
    notes = [f"group submission of {len(users)} students: graded under {raw!r}"] \
        if len(users) > 1 else []
    return Metadata(raw or "student", _time(data.get("created_at")),
                    None if due is None else _time(due), tuple(notes))


def _refused(student: str, folder: Path, name: str, status: Status,
             problem: Message) -> Source:
    return Source(student, folder, PurePosixPath(name or "submission"), status=status,
                  problem=problem, raw=student)


def submission_source(folder: Path, student: str, submitted_at: str | None,
                      notes: tuple[Message, ...] = ()) -> Source:
    """The one file to grade in `folder`, or a refused source saying what was wrong."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith((".", "__MACOSX"))),
                             key=lambda e: e.name)
    except OSError as exc:
        return _refused(student, folder, "", Status.UNREADABLE,
                        msg("intake.unreadable", said=f"no submission folder: {exc.strerror}"))
    if len(entries) != 1:
        names = ", ".join(e.name for e in entries[:10])
        said = (f"{len(entries)} files were submitted ({names}); " if entries else
                "nothing was submitted; ") + "upload exactly one .ipynb or .py file"
        return _refused(student, folder, "", Status.UNREADABLE, msg("intake.unreadable",
                                                                    said=said))
    entry = entries[0]
    mode = entry.stat(follow_symlinks=False).st_mode
    if stat.S_ISLNK(mode):
        return _refused(student, folder, entry.name, Status.REFUSED,
                        msg("intake.refused_link", file=entry.name))
    if stat.S_ISDIR(mode) or PurePosixPath(entry.name).suffix.lower() not in SUFFIXES:
        what = "a folder" if stat.S_ISDIR(mode) else "not a notebook (.ipynb) or Python file (.py)"
        return _refused(student, folder, entry.name, Status.UNREADABLE, msg(
            "intake.unreadable", said=f"{entry.name} is {what}: upload the .ipynb or .py file"))
    if not stat.S_ISREG(mode):
        return _refused(student, folder, entry.name, Status.REFUSED,
                        msg("intake.refused_special", file=entry.name))
    return Source(student, folder, PurePosixPath(entry.name), submitted_at, notes, raw=student)


def grade(source: Source, settings: Settings, assignment: str,
          slot: int | None) -> SubmissionResult:
    """One submission through the batch's engine (sandboxed), with the zip's settings."""
    from autograder.batch.tasks import WorkerConfig
    from autograder.batch.worker import Session

    graded: list[SubmissionResult] = []
    with tempfile.TemporaryDirectory(prefix="aimath-gradescope-") as out:
        config = WorkerConfig(assignment, out, str(settings.course), settings.limits, "en",
                              settings.policy(assignment).hidden_visibility, slot=slot)
        errors = Session(config, lambda _key: None, graded.append).grade([source])
    if errors or len(graded) != 1:
        raise RuntimeError(f"the hidden suite did not run: {'; '.join(errors)[:500]}")
    return graded[0]


def late_lines(grade: Grade, policy: Policy) -> list[str]:
    """The late information for the output: times, days late and what the policy takes."""
    if grade.submitted_at is None:
        return ["Gradescope gave no submission time: no late penalty applies."]
    said = f"Submitted {grade.submitted_at.isoformat()} (Gradescope's time)"
    if grade.due is None:
        return [f"{said}; no due date is set."]
    said += f"; due {grade.due.isoformat()}"
    if not grade.days_late:
        return [f"{said}: on time."]
    rule = policy.late_policy
    days = f"{grade.days_late} day{'s' if grade.days_late > 1 else ''} late"
    if not grade.penalty:
        return [f"{said}: {days} (every started day counts); the late policy is {rule.kind}: "
                "no penalty."]
    return [f"{said}: {days} (every started day counts); the late policy "
            f"({describe(policy)}) takes {grade.penalty:.0%}: {grade.score:g} -> "
            f"{grade.final:g} of {grade.max_score:g} points."]


def describe(policy: Policy) -> str:
    """A late policy as the course writes it: none, zero or linear:<per day>:<max>."""
    rule = policy.late_policy
    if rule.kind == "linear":
        return f"linear:{rule.percent_per_day:g}:{rule.max_percent:g}"
    return rule.kind


def results_json(result: SubmissionResult, meta: Metadata, policy: Policy) -> dict[str, Any]:
    """results.json for Gradescope: ours, with the late lines first and the late score."""
    grade = make_grade(result.student, result.assignment, result.score, result.max_score,
                       submitted_at=meta.submitted_at, due=meta.due or policy.due,
                       late_policy=policy.late_policy)
    lines = [f"Graded as {result.student}.", *meta.notes, *late_lines(grade, policy)]
    data: dict[str, Any] = json.loads(results.dumps(result))
    data["output"] = "\n".join([*lines, data["output"]] if data["output"] else lines)
    data["score"] = grade.final
    data["extra_data"]["late"] = {
        "due": None if grade.due is None else grade.due.isoformat(),
        "days_late": grade.days_late, "penalty": grade.penalty, "score_before": grade.score}
    return data


def failure_json(detail: str) -> dict[str, Any]:
    """The results.json of a run the grader itself could not finish (never the student's
    fault): score 0 and what to do."""
    return {"score": 0.0, "tests": [], "output": (
        "The autograder failed on this submission (a problem of the grader, not of your "
        f"work): {detail[-300:]}. Please tell your instructor; a regrade will fix it.")}


def run(root: Path, slot: int | None) -> dict[str, Any]:
    """Grade `root/submission` with the settings in `root/source`; results.json's dict."""
    source_dir = root / "source"
    assignment = json.loads((source_dir / CONFIG).read_text(encoding="utf-8"))["assignment"]
    settings = load_settings(source_dir / "course")
    policy = settings.policy(assignment)
    meta = read_metadata(root / "submission_metadata.json")
    sid = student_id(meta.student)
    notes = (msg("intake.id_mapped", raw=sid.raw, id=sid.value),) if sid.changed else ()
    when = None if meta.submitted_at is None else meta.submitted_at.isoformat()
    source = submission_source(root / "submission", sid.value, when, notes)
    return results_json(grade(source, settings, assignment, slot), meta, policy)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m autograder.exports.gradescope_run [--root /autograder] [--slot N]`."""
    parser = argparse.ArgumentParser(prog="run_autograder")
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument("--slot", type=int, default=None, help="sandbox uid slot (tests)")
    args = parser.parse_args(argv)
    try:
        data = run(args.root, args.slot)
    except Exception as exc:  # the grader's own failure: still a results.json, and a trace
        traceback.print_exc()
        data = failure_json(f"{type(exc).__name__}: {exc}")
    write_file(args.root / "results" / "results.json",
               json.dumps(data, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
