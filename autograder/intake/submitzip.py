"""Package one student's notebook as a self-describing zip, and read such a zip back safely.

The zip holds the notebook and a `manifest.json` (who, which assignment, when, the notebook's
sha256, the aimath version), so a submission handed in by e-mail or an LMS upload still says
whose it is and proves it arrived intact. Reading trusts nothing in the archive: names that
could escape a folder, links, too many files and oversized contents are refused.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from autograder.intake.unzip import DAMAGED
from autograder.student import handin
from autograder.student.limits import DEFAULT_LIMITS
from autograder.student.notebook import SUFFIXES

MANIFEST = "manifest.json"
MAX_FILES = 4
_MANIFEST_KEYS = ("student", "assignment", "timestamp", "sha256", "notebook")

__all__ = ["SubmissionError", "make_submission_zip", "read_submission_zip"]


def make_submission_zip(notebook: Path, student: str, assignment_id: str,
                        out_dir: Path) -> Path:
    """The kit's writer (`autograder.student.handin`), its refusals as `SubmissionError`."""
    try:
        return handin.make_submission_zip(notebook, student, assignment_id, out_dir)
    except handin.HandinError as exc:
        raise SubmissionError(str(exc)) from None


class SubmissionError(ValueError):
    """A submission zip cannot be read; the message says exactly why."""


def read_submission_zip(source: Path | bytes, label: str = "",
                        limit: int = DEFAULT_LIMITS.upload_mb * 2**20,
                        ) -> tuple[str, str, bytes, dict[str, Any]]:
    """Return `(student, assignment_id, notebook_bytes, manifest)` from a submission zip
    (a path, or its bytes as read by `autograder.safefs`; `label` names it in messages;
    `limit` bounds what it unpacks to, in bytes).

    Raises `SubmissionError` when the archive is unsafe, incomplete or was altered. The
    manifest's student and time are only what the zip claims: callers take the id and the
    time from where the zip was collected.
    """
    if isinstance(source, bytes):
        raw, name = source, label or "the zip"
    else:
        raw, name = Path(source).read_bytes(), label or Path(source).name
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            contents = _safe_contents(archive, name, limit)
    except SubmissionError:
        raise
    except DAMAGED as exc:
        raise SubmissionError(f"{name}: not a readable zip file ({exc})"[:300]) from None
    path = Path(name)
    manifest = _manifest(contents, path.name)
    data = contents.get(manifest["notebook"])
    if data is None:
        raise SubmissionError(f"{path.name}: the manifest names {manifest['notebook']!r}, "
                              "which is not in the zip")
    if hashlib.sha256(data).hexdigest() != manifest["sha256"]:
        raise SubmissionError(f"{path.name}: {manifest['notebook']} does not match the sha256 "
                              "in its manifest; the file was changed after packaging")
    return manifest["student"], manifest["assignment"], data, manifest


def _safe_contents(archive: zipfile.ZipFile, label: str, limit: int) -> dict[str, bytes]:
    """Every member's bytes, after refusing unsafe names, links and oversized archives."""
    members = archive.infolist()
    if len(members) > MAX_FILES:
        raise SubmissionError(f"{label}: holds {len(members)} files; a submission zip holds "
                              f"{MANIFEST} and one notebook (at most {MAX_FILES} files)")
    for info in members:
        _check_member(info, label, limit)
    contents: dict[str, bytes] = {}
    budget = limit
    for info in members:
        with archive.open(info) as member:
            data = member.read(budget + 1)  # headers can lie about sizes: read at most this
        if info.filename in contents:
            raise SubmissionError(f"{label}: holds {info.filename!r} twice")
        budget -= len(data)
        if budget < 0:
            raise SubmissionError(f"{label}: unpacks to more than {limit} bytes")
        contents[info.filename] = data
    return contents


def _check_member(info: zipfile.ZipInfo, label: str, limit: int) -> None:
    """Refuse absolute paths, `..`, links, folders and sizes over the limit."""
    name = info.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise SubmissionError(f"{label}: refuses the absolute path {name!r}")
    if ".." in parts:
        raise SubmissionError(f"{label}: refuses {name!r}, which points outside the zip")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise SubmissionError(f"{label}: refuses the symbolic link {name!r}")
    if info.is_dir() or len(parts) != 1:
        raise SubmissionError(f"{label}: refuses {name!r}; files must sit at the top level")
    if info.file_size > limit:
        raise SubmissionError(f"{label}: {name} unpacks to more than {limit} bytes")


def _manifest(contents: dict[str, bytes], label: str) -> dict[str, Any]:
    """The parsed manifest, with every required field present and plain."""
    if MANIFEST not in contents:
        raise SubmissionError(f"{label}: no {MANIFEST}; package it with `aimath submit`")
    try:
        manifest = json.loads(contents[MANIFEST])
    except ValueError:
        raise SubmissionError(f"{label}: {MANIFEST} is not valid JSON") from None
    missing = [key for key in _MANIFEST_KEYS
               if not isinstance(manifest, dict) or not isinstance(manifest.get(key), str)]
    if missing:
        raise SubmissionError(f"{label}: {MANIFEST} lacks {', '.join(missing)}")
    for key in ("student", "assignment", "timestamp"):
        if len(manifest[key]) > 200:
            raise SubmissionError(f"{label}: the {key} in {MANIFEST} is over 200 characters")
    if PurePosixPath(manifest["notebook"]).suffix not in SUFFIXES:
        raise SubmissionError(f"{label}: the manifest names {manifest['notebook']!r}, "
                              "not a .ipynb or .py file")
    return manifest
