"""Package one student's notebook as a self-describing zip (`aimath submit`, the kit's
`aimath-student submit`); the grader's reader lives in `autograder.intake.submitzip`.

The zip holds the notebook and a `manifest.json` (who, which assignment, when, the notebook's
sha256, the version that packaged it), so a submission handed in by e-mail or an LMS upload
still says whose it is and proves it arrived intact.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zipfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from .identity import MAX_LENGTH, is_valid
from .notebook import SUFFIXES

MANIFEST = "manifest.json"
DISTRIBUTION = "aimath-student" if __package__ == "aimath_student" else "aimath"


class HandinError(ValueError):
    """The notebook cannot be packaged (a bad id, a file that is not a notebook)."""


def version() -> str:
    """The version of what packages the zip (aimath, or the student kit); a kit copied into
    a released folder, never installed, says the version its catalog was built by."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    from .catalog import CheckError, load_catalog

    try:
        return load_catalog().version or "unknown"
    except CheckError:
        return "unknown"


def handin_student(notebook: Path, student: str) -> str:
    """The student id as it will be recorded (NFC), or `HandinError` before any work is done
    when the id or the kind of file cannot be handed in."""
    student = unicodedata.normalize("NFC", student)
    _check_id(student, "student id")
    if Path(notebook).suffix not in SUFFIXES:
        raise HandinError(f"{Path(notebook).name}: expected a .ipynb notebook or a .py file")
    return student


def _check_id(value: str, what: str) -> None:
    if not is_valid(value):
        raise HandinError(f"invalid {what} {value!r}: use letters, digits, '-', '_' or '.' "
                          f"(at most {MAX_LENGTH}, not starting with '.' or '-')")


def make_submission_zip(notebook: Path, student: str, assignment_id: str,
                        out_dir: Path) -> Path:
    """Write `<student>_<assignment_id>_<timestamp>.zip` in `out_dir`; returns its path."""
    notebook = Path(notebook)
    student = handin_student(notebook, student)
    _check_id(assignment_id, "assignment id")
    data = notebook.read_bytes()
    now = datetime.now(UTC).replace(microsecond=0)
    manifest = {"student": student, "assignment": assignment_id,
                "timestamp": now.isoformat(), "sha256": hashlib.sha256(data).hexdigest(),
                "notebook": notebook.name, "aimath_version": version()}
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise HandinError(f"{out_dir} is a file, not a folder for the zip")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{student}_{assignment_id}_{now:%Y%m%dT%H%M%SZ}.zip"
    try:  # "x": a hand-in of the same second is never replaced
        with open(path, "xb") as target, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
            zf.writestr(notebook.name, data)
    except FileExistsError:
        raise HandinError(f"{path.name} already exists: submit again in a second") from None
    return path
