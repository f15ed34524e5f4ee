"""Submission zips: what `aimath submit` writes, and what reading one refuses."""

from __future__ import annotations

import hashlib
import json
import re
import stat
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from autograder import __version__
from autograder.intake import submitzip as submit
from autograder.intake.submitzip import SubmissionError, make_submission_zip, read_submission_zip

NOTEBOOK = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    path = tmp_path / "01_vectors.ipynb"
    path.write_bytes(NOTEBOOK)
    return path


def _zip(path: Path, members: dict[str, bytes], manifest: dict | None = None) -> Path:
    """A hand-made zip; with a manifest that matches `01_vectors.ipynb` unless overridden."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if manifest is not None:
            archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _manifest(**changes: str) -> dict:
    return {"student": "alice", "assignment": "01_vectors", "timestamp": "2025-03-02T00:30:00",
            "sha256": hashlib.sha256(NOTEBOOK).hexdigest(), "notebook": "01_vectors.ipynb",
            **changes}


def test_round_trip_returns_student_assignment_and_bytes(notebook: Path, tmp_path: Path) -> None:
    """Does reading a packaged zip give back exactly what was packaged?"""
    path = make_submission_zip(notebook, "alice", "01_vectors", tmp_path / "out")
    student, assignment_id, data, manifest = read_submission_zip(path)
    assert (student, assignment_id, data) == ("alice", "01_vectors", NOTEBOOK)
    assert manifest["sha256"] == hashlib.sha256(NOTEBOOK).hexdigest()
    assert manifest["aimath_version"] == __version__


def test_zip_name_and_timestamp_are_utc(notebook: Path, tmp_path: Path) -> None:
    """Is the file named <student>_<id>_<UTC time>.zip, and the manifest time ISO UTC?"""
    path = make_submission_zip(notebook, "alice", "01_vectors", tmp_path)
    assert re.fullmatch(r"alice_01_vectors_\d{8}T\d{6}Z\.zip", path.name)
    stamp = datetime.fromisoformat(read_submission_zip(path)[3]["timestamp"])
    assert stamp.utcoffset() == timedelta(0)
    assert path.name.endswith(f"{stamp:%Y%m%dT%H%M%SZ}.zip")


def test_a_python_file_can_be_submitted(tmp_path: Path) -> None:
    """Is a .py submission packaged under its own name?"""
    script = tmp_path / "answers.py"
    script.write_text("q1 = 'B'\n")
    _, _, data, manifest = read_submission_zip(
        make_submission_zip(script, "alice", "quiz_01", tmp_path))
    assert (data, manifest["notebook"]) == (b"q1 = 'B'\n", "answers.py")


@pytest.mark.parametrize(("student", "assignment_id"), [("../alice", "01_vectors"),
                                                        ("alice", "01/vectors"), ("", "x")])
def test_unsafe_ids_are_refused_when_packaging(notebook: Path, tmp_path: Path, student: str,
                                               assignment_id: str) -> None:
    """Is an id that would change the zip's folder or name rejected?"""
    with pytest.raises(SubmissionError, match="invalid"):
        make_submission_zip(notebook, student, assignment_id, tmp_path)


def test_other_file_types_are_refused_when_packaging(tmp_path: Path) -> None:
    """Is a file that is neither a notebook nor Python rejected?"""
    document = tmp_path / "answers.docx"
    document.write_bytes(b"PK")
    with pytest.raises(SubmissionError, match=r"expected a \.ipynb notebook or a \.py file"):
        make_submission_zip(document, "alice", "01_vectors", tmp_path)


def test_changed_notebook_fails_the_checksum(tmp_path: Path) -> None:
    """Is a notebook edited after packaging detected by its sha256?"""
    path = _zip(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK + b" "}, _manifest())
    with pytest.raises(SubmissionError, match="does not match the sha256"):
        read_submission_zip(path)


@pytest.mark.parametrize(("members", "manifest", "message"), [
    ({"01_vectors.ipynb": NOTEBOOK}, None, "no manifest.json"),
    ({}, _manifest(), "not in the zip"),
    ({"01_vectors.ipynb": NOTEBOOK}, _manifest(sha256=None), "lacks sha256"),
    ({"01_vectors.ipynb": NOTEBOOK}, _manifest(student="../bob"), "invalid student"),
    ({"notes.txt": b"x"}, _manifest(notebook="notes.txt"), "not a .ipynb or .py file"),
])
def test_incomplete_manifests_are_refused(tmp_path: Path, members: dict, manifest: dict | None,
                                          message: str) -> None:
    """Is a zip without a usable manifest, or without the file it names, rejected?"""
    with pytest.raises(SubmissionError, match=message):
        read_submission_zip(_zip(tmp_path / "s.zip", members, manifest))


@pytest.mark.parametrize(("name", "message"), [
    ("../01_vectors.ipynb", "points outside the zip"),
    ("notes/../../x.py", "points outside the zip"),
    ("/etc/passwd", "absolute path"),
    ("C:/Windows/x.py", "absolute path"),
    ("folder/01_vectors.ipynb", "top level"),
])
def test_names_that_could_escape_are_refused(tmp_path: Path, name: str, message: str) -> None:
    """Is a member name with `..`, an absolute path or a folder rejected?"""
    path = _zip(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK, name: b"x"}, _manifest())
    with pytest.raises(SubmissionError, match=message):
        read_submission_zip(path)


def test_symbolic_links_are_refused(tmp_path: Path) -> None:
    """Is a member stored as a symbolic link rejected?"""
    link = zipfile.ZipInfo("01_vectors.ipynb")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(_manifest()))
        archive.writestr(link, "/home/teacher/solutions.ipynb")
    with pytest.raises(SubmissionError, match="symbolic link"):
        read_submission_zip(path)


def test_too_many_files_are_refused(tmp_path: Path) -> None:
    """Is a zip with more than a few files rejected before anything is read?"""
    members = {f"extra{i}.py": b"" for i in range(submit.MAX_FILES)}
    path = _zip(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK, **members}, _manifest())
    with pytest.raises(SubmissionError, match="holds 6 files"):
        read_submission_zip(path)


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    """Is a small zip that unpacks to more than the limit rejected?"""
    bomb = b"\0" * (submit.MAX_UNCOMPRESSED + 1)
    path = _zip(tmp_path / "s.zip", {"01_vectors.ipynb": bomb}, _manifest())
    assert path.stat().st_size < 100_000
    with pytest.raises(SubmissionError, match="unpacks to more than"):
        read_submission_zip(path)


def test_sizes_add_up_across_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Are several members each under the limit but together over it rejected?"""
    limit = len(json.dumps(_manifest())) + len(NOTEBOOK) + 100
    monkeypatch.setattr(submit, "MAX_UNCOMPRESSED", limit)
    path = _zip(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK, "pad.py": b"#" * 150},
                _manifest())
    with pytest.raises(SubmissionError, match="unpacks to more than"):
        read_submission_zip(path)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    """Is a notebook renamed to .zip rejected with a readable message?"""
    path = tmp_path / "s.zip"
    path.write_bytes(NOTEBOOK)
    with pytest.raises(SubmissionError, match="not a readable zip file"):
        read_submission_zip(path)


def test_submission_error_is_a_value_error() -> None:
    """Can callers that catch ValueError also catch submission problems?"""
    assert issubclass(SubmissionError, ValueError)
