"""Reading an `aimath submit` zip: what the writer packed comes back; anything unsafe,
incomplete or altered is a SubmissionError; the manifest's student and time are claims only."""

from __future__ import annotations

import hashlib
import json
import re
import stat
import struct
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from autograder import __version__
from autograder.intake import submitzip
from autograder.intake.submitzip import SubmissionError, read_submission_zip
from autograder.student.handin import make_submission_zip
from autograder.student.limits import DEFAULT_LIMITS

NOTEBOOK = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    path = tmp_path / "01_vectors.ipynb"
    path.write_bytes(NOTEBOOK)
    return path


def packed(path: Path, members: dict[str, bytes], manifest: dict | None = None,
           compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A hand-made zip, its manifest first when given."""
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        if manifest is not None:
            archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def manifest_of(**changes: object) -> dict:
    """A manifest matching `01_vectors.ipynb` = NOTEBOOK, with `changes`."""
    return {"student": "alice", "assignment": "01_vectors",
            "timestamp": "2025-03-02T00:30:00+00:00",
            "sha256": hashlib.sha256(NOTEBOOK).hexdigest(), "notebook": "01_vectors.ipynb",
            **changes}


def test_what_the_writer_packs_reads_back(notebook: Path, tmp_path: Path) -> None:
    """Does reading a packaged zip give back exactly what was packaged?"""
    path = make_submission_zip(notebook, "alice", "01_vectors", tmp_path / "out")
    student, assignment_id, data, manifest = read_submission_zip(path)
    assert (student, assignment_id, data) == ("alice", "01_vectors", NOTEBOOK)
    assert manifest["sha256"] == hashlib.sha256(NOTEBOOK).hexdigest()
    assert manifest["aimath_version"] == __version__
    assert re.fullmatch(r"alice_01_vectors_\d{8}T\d{6}Z\.zip", path.name)
    stamp = datetime.fromisoformat(manifest["timestamp"])
    assert stamp.utcoffset() == timedelta(0)


def test_a_python_file_and_a_korean_id_read_back(tmp_path: Path) -> None:
    """Is a .py submission of a student with a Korean id read under its own name?"""
    script = tmp_path / "answers.py"
    script.write_text("q1 = 'B'\n")
    student, _, data, manifest = read_submission_zip(
        make_submission_zip(script, "김민준", "quiz_01", tmp_path))
    assert (student, data, manifest["notebook"]) == ("김민준", b"q1 = 'B'\n", "answers.py")


def test_bytes_are_read_as_well_as_paths(tmp_path: Path) -> None:
    """Can the zip be given as the bytes safefs read, named by `label` in messages?"""
    raw = packed(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK}, manifest_of()).read_bytes()
    assert read_submission_zip(raw, "alice_01_vectors_x.zip")[2] == NOTEBOOK
    with pytest.raises(SubmissionError, match=r"^alice_01_vectors_x\.zip: "):
        read_submission_zip(raw[:-30], "alice_01_vectors_x.zip")


@pytest.mark.parametrize("claim", ["mallory", "../bob", "", "x" * 200])
def test_the_manifests_student_is_returned_as_a_claim(tmp_path: Path, claim: str) -> None:
    """Is whatever student the manifest names handed back unjudged (the caller takes the id
    from where the zip was collected)?"""
    path = packed(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK},
                  manifest_of(student=claim))
    assert read_submission_zip(path)[0] == claim


def test_a_notebook_changed_after_packaging_fails_its_checksum(tmp_path: Path) -> None:
    """Is a notebook edited after packaging detected by its sha256?"""
    path = packed(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK + b" "}, manifest_of())
    with pytest.raises(SubmissionError, match="does not match the sha256"):
        read_submission_zip(path)


@pytest.mark.parametrize(("members", "manifest", "message"), [
    ({"01_vectors.ipynb": NOTEBOOK}, None, "no manifest.json"),
    ({}, manifest_of(), "not in the zip"),
    ({"01_vectors.ipynb": NOTEBOOK}, manifest_of(sha256=None), "lacks sha256"),
    ({"01_vectors.ipynb": NOTEBOOK}, manifest_of(timestamp=20250302), "lacks timestamp"),
    ({"01_vectors.ipynb": NOTEBOOK}, manifest_of(assignment="a" * 201), "over 200 characters"),
    ({"notes.txt": b"x"}, manifest_of(notebook="notes.txt"), "not a .ipynb or .py file"),
])
def test_incomplete_manifests_are_refused(tmp_path: Path, members: dict, manifest: dict | None,
                                          message: str) -> None:
    """Is a zip without a usable manifest, or without the file it names, refused?"""
    with pytest.raises(SubmissionError, match=message):
        read_submission_zip(packed(tmp_path / "s.zip", members, manifest))


@pytest.mark.parametrize("text", [b"not json", b"[1, 2]", b"\xff\xfe"])
def test_a_manifest_that_is_not_a_json_object_is_refused(tmp_path: Path, text: bytes) -> None:
    """Is a manifest that is not a JSON object refused with what is wrong?"""
    path = packed(tmp_path / "s.zip", {"manifest.json": text, "01_vectors.ipynb": NOTEBOOK})
    with pytest.raises(SubmissionError, match=r"manifest\.json"):
        read_submission_zip(path)


@pytest.mark.parametrize(("name", "message"), [
    ("../01_vectors.ipynb", "points outside the zip"),
    ("notes/../../x.py", "points outside the zip"),
    ("/etc/passwd", "absolute path"),
    ("C:/Windows/x.py", "absolute path"),
    ("\\\\server\\share.py", "absolute path"),
    ("folder/01_vectors.ipynb", "top level"),
    ("folder/", "top level"),
])
def test_names_that_could_escape_are_refused(tmp_path: Path, name: str, message: str) -> None:
    """Is a member with `..`, an absolute path or a folder refused?"""
    path = packed(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK, name: b"x"}, manifest_of())
    with pytest.raises(SubmissionError, match=message):
        read_submission_zip(path)


def test_symbolic_links_are_refused(tmp_path: Path) -> None:
    """Is a member stored as a symbolic link refused?"""
    link = zipfile.ZipInfo("01_vectors.ipynb")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest_of()))
        archive.writestr(link, "/home/teacher/solutions.ipynb")
    with pytest.raises(SubmissionError, match="symbolic link"):
        read_submission_zip(path)


def test_a_name_twice_is_refused(tmp_path: Path) -> None:
    """Is a zip holding one name twice (which of them would count?) refused?"""
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("manifest.json", json.dumps(manifest_of()))
        archive.writestr("01_vectors.ipynb", NOTEBOOK)
        archive.writestr("01_vectors.ipynb", b"{}")
    with pytest.raises(SubmissionError, match="twice"):
        read_submission_zip(path)


def test_too_many_files_are_refused(tmp_path: Path) -> None:
    """Is a zip with more than a few files refused before anything is read?"""
    members = {f"extra{i}.py": b"" for i in range(submitzip.MAX_FILES)}
    path = packed(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK, **members}, manifest_of())
    with pytest.raises(SubmissionError, match=f"holds {submitzip.MAX_FILES + 2} files"):
        read_submission_zip(path)


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    """Is a small zip that unpacks to more than the upload limit refused?"""
    bomb = b"\0" * (DEFAULT_LIMITS.upload_mb * 2**20 + 1)
    path = packed(tmp_path / "s.zip", {"01_vectors.ipynb": bomb}, manifest_of())
    assert path.stat().st_size < 100_000
    with pytest.raises(SubmissionError, match="unpacks to more than"):
        read_submission_zip(path)


def test_sizes_add_up_across_members(tmp_path: Path) -> None:
    """Are members each under the limit but together over it refused?"""
    limit = len(json.dumps(manifest_of())) + len(NOTEBOOK) + 100
    path = packed(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK, "pad.py": b"#" * 150},
                  manifest_of())
    with pytest.raises(SubmissionError, match="unpacks to more than"):
        read_submission_zip(path, limit=limit)


def test_a_size_that_lies_is_refused(tmp_path: Path) -> None:
    """Is a member that holds more than its headers declare refused, not read past them?"""
    packed_path = packed(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK * 50}, manifest_of())
    data = bytearray(packed_path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    local = data.find(b"PK\x03\x04", 4)
    struct.pack_into("<I", data, local + 22, 10)
    struct.pack_into("<I", data, central + 24, 10)
    with pytest.raises(SubmissionError, match=r"lying\.zip"):
        read_submission_zip(bytes(data), "lying.zip")


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    """Is a notebook renamed to .zip refused with a readable message?"""
    path = tmp_path / "s.zip"
    path.write_bytes(NOTEBOOK)
    with pytest.raises(SubmissionError, match="not a readable zip file"):
        read_submission_zip(path)


def corrupted(tmp_path: Path, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A submit zip whose notebook's compressed stream is damaged (its CRC never reached)."""
    body = json.dumps({"cells": [{"cell_type": "code", "source": "x = 1\n" * 200}],
                       "nbformat": 4}).encode()
    path = packed(tmp_path / "s.zip", {"01_vectors.ipynb": body},
                  manifest_of(sha256=hashlib.sha256(body).hexdigest()), compression)
    data = bytearray(path.read_bytes())
    start = data.find(b"01_vectors.ipynb", 30) + len("01_vectors.ipynb")
    for i in range(start + 5, start + 25):
        data[i] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                         zipfile.ZIP_LZMA])
def test_a_damaged_compressed_stream_is_a_submission_error(tmp_path: Path,
                                                           compression: int) -> None:
    """Is a zip whose compressed data is damaged refused as unreadable (not a zlib, bz2 or
    LZMA crash)?"""
    with pytest.raises(SubmissionError, match=r"alice\.zip"):
        read_submission_zip(corrupted(tmp_path, compression), "alice.zip")


def test_an_encrypted_member_is_a_submission_error(tmp_path: Path) -> None:
    """Is a password-protected notebook refused as unreadable (not a RuntimeError)?"""
    data = bytearray(packed(tmp_path / "s.zip", {"01_vectors.ipynb": NOTEBOOK}, manifest_of(),
                            zipfile.ZIP_STORED).read_bytes())
    local = data.find(b"PK\x03\x04", 4)
    central = data.find(b"PK\x01\x02")
    central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<H", data, local + 6, 1)
    struct.pack_into("<H", data, central + 8, 1)
    with pytest.raises(SubmissionError, match=r"alice\.zip"):
        read_submission_zip(bytes(data), "alice.zip")


def test_submission_error_is_a_value_error() -> None:
    """Can callers that catch ValueError also catch submission problems?"""
    assert issubclass(SubmissionError, ValueError)
