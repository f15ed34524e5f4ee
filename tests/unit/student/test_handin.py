"""Packaging a notebook for hand-in: any Unicode letter or digit in a student id, nothing
that could change the zip's folder, and a manifest that proves what was packaged."""

import hashlib
import json
import unicodedata
import zipfile
from datetime import UTC, datetime, tzinfo

import pytest

from autograder.student import handin
from autograder.student.handin import HandinError, make_submission_zip
from autograder.student.identity import is_valid as valid_id


@pytest.mark.parametrize("student", ["kim", "김민호", "s20231234", "jo.anne-lee_2", "Ärger"])
def test_ordinary_ids_are_valid(student):
    """Are Korean names, digits, dots, dashes and underscores ordinary ids?"""
    assert valid_id(student)


@pytest.mark.parametrize("student", ["", "../kim", "kim/x", ".hidden", "-x", "a b", "kim@x",
                                     "x" * 65, "a\\b"])
def test_ids_that_could_change_a_path_are_refused(student):
    """Are empty, hidden, path-like, spaced and over-long ids refused?"""
    assert not valid_id(student)


def test_the_zip_holds_the_notebook_and_a_manifest(tmp_path):
    """Does the zip hold the notebook's bytes and a manifest with its sha256, under a name
    starting with the NFC form of a decomposed (macOS) Korean id?"""
    notebook = tmp_path / "01_vectors.ipynb"
    notebook.write_bytes(b'{"cells": []}')
    decomposed = unicodedata.normalize("NFD", "김민호")
    path = make_submission_zip(notebook, decomposed, "01_vectors", tmp_path / "out")
    assert path.name.startswith("김민호_01_vectors_") and path.parent == tmp_path / "out"
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("01_vectors.ipynb") == b'{"cells": []}'
    assert manifest["student"] == "김민호" and manifest["assignment"] == "01_vectors"
    assert manifest["sha256"] == hashlib.sha256(b'{"cells": []}').hexdigest()
    assert manifest["notebook"] == "01_vectors.ipynb" and "aimath_version" in manifest


@pytest.mark.parametrize(("name", "student", "message"), [
    ("a.docx", "kim", "expected a .ipynb notebook or a .py file"),
    ("a.ipynb", "../kim", "invalid student id"),
])
def test_refusals_say_why(tmp_path, name, student, message):
    """Are a wrong file type and an unsafe id refused with a message that says why?"""
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(HandinError, match=message):
        make_submission_zip(path, student, "01_vectors", tmp_path)


def test_a_file_where_the_folder_should_be_is_refused(tmp_path):
    """Is `--to` naming an existing file refused as such, not as 'File exists'?"""
    notebook = tmp_path / "01_vectors.ipynb"
    notebook.write_bytes(b'{"cells": []}')
    (tmp_path / "afile").write_bytes(b"")
    with pytest.raises(HandinError, match="afile is a file, not a folder"):
        make_submission_zip(notebook, "kim", "01_vectors", tmp_path / "afile")


class _Frozen:
    """`datetime` as the hand-in sees it, its clock stopped at `stamp` (the zip's name)."""

    def __init__(self, stamp: str) -> None:
        self.moment = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)

    def now(self, zone: tzinfo) -> datetime:
        return self.moment.astimezone(zone)


def test_a_second_hand_in_of_the_same_second_never_replaces_the_first(tmp_path, monkeypatch):
    """Two hand-ins within one second (one name): is the first kept and the second refused
    with the reason, never silently written over it?"""
    notebook = tmp_path / "01_vectors.ipynb"
    notebook.write_bytes(b'{"cells": []}')
    first = make_submission_zip(notebook, "kim", "01_vectors", tmp_path / "out")
    kept = first.read_bytes()
    same_second = first.name.rsplit("_", 1)[1].removesuffix(".zip")
    monkeypatch.setattr(handin, "datetime", _Frozen(same_second))
    with pytest.raises(HandinError, match="already exists"):
        make_submission_zip(notebook, "kim", "01_vectors", tmp_path / "out")
    assert first.read_bytes() == kept
