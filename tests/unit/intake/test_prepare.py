"""prepare: one Source -> Prepared (its cells) or Rejected (why not), read once through safefs;
a submit zip's manifest never decides whose grade it is or when it was handed in; and whatever
the bytes, prepare answers rather than raises."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder.grading.model import Prepared, Rejected, Status
from autograder.intake import prepare as preparing
from autograder.intake.discover import Source, discover
from autograder.intake.prepare import prepare
from autograder.message import msg
from autograder.student.limits import Limits

ID = "01_vectors"
CODE = "import numpy as np\n\n\ndef l1_norm(x):\n    return float(np.sum(np.abs(x)))\n"
COLLECTED = "2025-03-02T00:30:00+00:00"


def notebook(*cells: str) -> bytes:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": cell} for cell in cells]}).encode()


def source(root: Path, name: str, data: bytes, student: str | None = None,
           raw: str | None = None) -> Source:
    """`root/name` holding `data`, as discovery would describe it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(data)
    stem = PurePosixPath(name).stem
    return Source(student or stem, root, PurePosixPath(name), COLLECTED, raw=raw or stem)


def submit_zip(manifest: dict, members: dict[str, bytes]) -> bytes:
    """The bytes of a submit zip holding `manifest` and `members`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def manifest(data: bytes, **changes: str) -> dict:
    return {"student": "alice", "assignment": ID, "timestamp": "2025-03-01T23:00:00+09:00",
            "sha256": hashlib.sha256(data).hexdigest(), "notebook": f"{ID}.ipynb", **changes}


def test_a_python_file_is_prepared_with_its_cells_and_origin(tmp_path: Path) -> None:
    """Is a .py file read into its statements, with its hashes and the collection time?"""
    data = CODE.encode()
    prepared = prepare(source(tmp_path, "alice.py", data), ID, Limits())
    assert isinstance(prepared, Prepared)
    assert prepared.student == "alice"
    assert [c.label for c in prepared.cells] == ["line 1", "line 4"]
    digest = hashlib.sha256(data).hexdigest()
    origin = prepared.origin
    assert (origin.filename, origin.sha256, origin.source_sha256) == ("alice.py", digest, digest)
    assert (origin.submitted_at, origin.declared_at) == (COLLECTED, None)


def test_notes_of_discovery_and_of_the_reader_are_kept(tmp_path: Path) -> None:
    """Are the discovery's notes and the reader's skipped magics both passed on, in order?"""
    found = source(tmp_path, "Jo Smith.ipynb", notebook("%timeit 1\nx = 1"), "Jo_Smith",
                   "Jo Smith")
    found = Source(found.student, found.root, found.relative, found.submitted_at,
                   (msg("intake.id_mapped", raw="Jo Smith", id="Jo_Smith"),), raw="Jo Smith")
    prepared = prepare(found, ID, Limits())
    assert isinstance(prepared, Prepared)
    assert [n.key for n in prepared.notes] == ["intake.id_mapped", "notebook.skipped_line"]


@pytest.mark.parametrize(("cells", "noted"), [((), True), (("", "   \n"), True),
                                               ((CODE,), False)])
def test_a_hand_in_without_code_is_told_so(tmp_path: Path, cells: tuple[str, ...],
                                           noted: bool) -> None:
    """Does an empty notebook (or one of blank cells) get a note saying it holds no code,
    and one with code none?"""
    prepared = prepare(source(tmp_path, "ivy.ipynb", notebook(*cells)), ID, Limits())
    assert isinstance(prepared, Prepared)
    assert ("intake.no_code" in [n.key for n in prepared.notes]) is noted


@pytest.mark.parametrize(("assignment", "declared", "noted"), [
    ("quiz_01", "s2023-999", True), ("quiz_01", "alice", False), ("quiz_01", "", False),
    (ID, "s2023-999", False)])
def test_a_quiz_whose_student_id_names_someone_else_says_so(
        tmp_path: Path, assignment: str, declared: str, noted: bool) -> None:
    """Collected as alice, does a quiz notebook whose STUDENT_ID is another id carry a note
    that its values are alice's (an exercise has no drawn values: no note)?"""
    prepared = prepare(source(tmp_path, "alice.ipynb", notebook(f'STUDENT_ID = "{declared}"',
                                                                "q1 = 3")), assignment, Limits())
    assert isinstance(prepared, Prepared)
    expected = [msg("intake.other_student", declared=declared, id="alice")] if noted else []
    assert list(prepared.notes) == expected


def test_a_submit_zip_naming_another_student_is_graded_under_the_collected_id(
        tmp_path: Path) -> None:
    """Is a zip collected as alice's graded as alice, whatever student and time its manifest
    claims, the claims noted and the manifest time kept only as `declared_at`?"""
    data = notebook(CODE)
    raw = submit_zip(manifest(data, student="mallory"), {f"{ID}.ipynb": data})
    found = source(tmp_path, f"alice_{ID}_20250302T003000Z.zip", raw, "alice", "alice")
    prepared = prepare(found, ID, Limits())
    assert isinstance(prepared, Prepared)
    assert prepared.student == "alice"
    origin = prepared.origin
    assert origin.filename == f"{ID}.ipynb"
    assert origin.sha256 == hashlib.sha256(data).hexdigest()
    assert origin.source_sha256 == hashlib.sha256(raw).hexdigest()
    assert origin.submitted_at == COLLECTED
    assert origin.declared_at == "2025-03-01T14:00:00+00:00"
    (note,) = prepared.notes
    assert (note.key, note.params["claimed"], note.params["id"]) == (
        "intake.manifest_student", "mallory", "alice")


def test_a_manifest_of_another_assignment_or_an_odd_time_is_noted(tmp_path: Path) -> None:
    """Are a manifest naming another assignment and a time that does not parse noted, the
    submission still graded?"""
    data = notebook(CODE)
    claims = manifest(data, assignment="02_matrices", timestamp="next tuesday")
    found = source(tmp_path, f"alice_{ID}_x.zip", submit_zip(claims, {f"{ID}.ipynb": data}),
                   "alice", "alice")
    prepared = prepare(found, ID, Limits())
    assert isinstance(prepared, Prepared)
    assert [n.key for n in prepared.notes] == ["intake.manifest_assignment",
                                               "intake.manifest_time"]
    assert prepared.origin.declared_at is None


def test_a_manifest_time_out_of_range_is_noted_not_raised(tmp_path: Path) -> None:
    """Is a manifest time that leaves the calendar in UTC a note, never an exception?"""
    data = notebook(CODE)
    claims = manifest(data, timestamp="0001-01-01T00:00:00+01:00")
    found = source(tmp_path, f"alice_{ID}_x.zip", submit_zip(claims, {f"{ID}.ipynb": data}),
                   "alice", "alice")
    prepared = prepare(found, ID, Limits())
    assert isinstance(prepared, Prepared)
    assert [n.key for n in prepared.notes] == ["intake.manifest_time"]


def test_a_sha_mismatch_is_unreadable(tmp_path: Path) -> None:
    """Is a zip whose notebook no longer matches its manifest's sha256 UNREADABLE, saying
    so?"""
    data = notebook(CODE)
    raw = submit_zip(manifest(data), {f"{ID}.ipynb": data + b" "})
    rejected = prepare(source(tmp_path, f"alice_{ID}_x.zip", raw, "alice", "alice"), ID,
                       Limits())
    assert isinstance(rejected, Rejected)
    assert rejected.status == Status.UNREADABLE
    assert "does not match the sha256" in str(rejected.problem.params["said"])
    assert rejected.origin.source_sha256 == hashlib.sha256(raw).hexdigest()


def test_an_oversized_file_is_refused(tmp_path: Path) -> None:
    """Is a file over the upload limit REFUSED, never read into memory?"""
    rejected = prepare(source(tmp_path, "alice.py", b"#" * (2**20 + 1)), ID, Limits(upload_mb=1))
    assert isinstance(rejected, Rejected)
    assert rejected.status == Status.REFUSED
    assert rejected.problem.key == "intake.refused_reading"
    assert "limit" in str(rejected.problem.params["said"])


def test_a_link_is_refused_even_when_discovery_missed_it(tmp_path: Path) -> None:
    """Is a link that appeared after discovery refused when it is read?"""
    found = source(tmp_path / "subs", "alice.py", CODE.encode())
    os.unlink(tmp_path / "subs" / "alice.py")
    (tmp_path / "elsewhere.py").write_text("secret = 1\n")
    (tmp_path / "subs" / "alice.py").symlink_to(tmp_path / "elsewhere.py")
    rejected = prepare(found, ID, Limits())
    assert isinstance(rejected, Rejected) and rejected.status == Status.REFUSED


def test_a_file_that_vanished_is_unreadable(tmp_path: Path) -> None:
    """Is a file that disappeared between discovery and reading UNREADABLE (not refused)?"""
    found = source(tmp_path, "alice.py", CODE.encode())
    os.unlink(tmp_path / "alice.py")
    rejected = prepare(found, ID, Limits())
    assert isinstance(rejected, Rejected) and rejected.status == Status.UNREADABLE


@pytest.mark.parametrize(("name", "data", "said"), [
    ("alice.ipynb", b'{"cells": [', "is not valid notebook JSON"),
    ("alice.ipynb", b"", "is empty"),
    ("alice.ipynb", b'{"nbformat": 3, "worksheets": []}', "nbformat 3"),
    ("alice.py", b"\xff\xfe" + "x = 1".encode("utf-16-le"), "UTF-16"),
])
def test_a_notebook_that_cannot_be_read_is_unreadable_with_the_readers_message(
        tmp_path: Path, name: str, data: bytes, said: str) -> None:
    """Is an unreadable notebook UNREADABLE, with the reader's own explanation?"""
    rejected = prepare(source(tmp_path, name, data), ID, Limits())
    assert isinstance(rejected, Rejected)
    assert rejected.status == Status.UNREADABLE and rejected.problem.key == "intake.unreadable"
    assert said in str(rejected.problem.params["said"])
    assert str(rejected.problem.params["said"]).startswith(name)


def test_a_source_discovery_already_refused_stays_refused(tmp_path: Path) -> None:
    """Is a conflict found by discovery passed on as that student's Rejected, with its
    notes?"""
    for name in ("alice smith.py", "alice_smith.py"):
        (tmp_path / name).write_text(CODE)
    (found,) = discover(tmp_path, ID, tmp_path / "work")
    rejected = prepare(found, ID, Limits())
    assert isinstance(rejected, Rejected)
    assert (rejected.student, rejected.status, rejected.problem.key) == (
        "alice_smith", Status.CONFLICT, "intake.conflict")


def test_a_failure_of_the_reader_itself_is_that_students_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If reading fails in a way nobody foresaw, is it that student's ERROR rather than an
    exception that stops the worker?"""
    def broken(data: bytes, filename: str) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(preparing, "read_bytes", broken)
    rejected = prepare(source(tmp_path, "alice.py", CODE.encode()), ID, Limits())
    assert isinstance(rejected, Rejected)
    assert rejected.status == Status.ERROR and rejected.problem.key == "grader.error"


FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
TAGS = ["cells", "nbformat", "source", "cell_type", "worksheets", "metadata"]
trees = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.sampled_from(TAGS) | st.text(max_size=8), inner,
                                       max_size=3), max_leaves=30)


def answer(tmp_path: Path, name: str, data: bytes) -> Prepared | Rejected:
    result = prepare(source(tmp_path, name, data, "fuzz", "fuzz"), ID, Limits())
    assert result.student == "fuzz"
    assert isinstance(result, Prepared) or result.status == Status.UNREADABLE
    return result


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.ipynb", "a.py"]))
def test_arbitrary_bytes_are_prepared_or_rejected(tmp_path: Path, data: bytes,
                                                  name: str) -> None:
    """Do random bytes give Prepared or an UNREADABLE Rejected, never an exception?"""
    answer(tmp_path, name, data)


@FUZZ
@given(tree=trees)
def test_arbitrary_json_is_prepared_or_rejected(tmp_path: Path, tree: object) -> None:
    """Does any JSON document (notebook-like or not) give Prepared or Rejected?"""
    result = answer(tmp_path, "a.ipynb", json.dumps(tree).encode())
    assert isinstance(result, Rejected) or all(c.code.strip() for c in result.cells)


@FUZZ
@given(cells=st.lists(st.fixed_dictionaries({
    "cell_type": st.sampled_from(["code", "markdown", 7]),
    "source": st.text(max_size=80) | st.lists(st.text(max_size=30), max_size=4) | trees,
}), max_size=5))
def test_notebook_like_documents_are_prepared_or_rejected(tmp_path: Path,
                                                          cells: list) -> None:
    """Do notebooks with odd cells and odd sources give Prepared or Rejected?"""
    answer(tmp_path, "a.ipynb", json.dumps({"nbformat": 4, "cells": cells}).encode())


@FUZZ
@given(data=st.binary(max_size=600), flips=st.lists(st.integers(0, 10_000), max_size=8))
def test_damaged_submit_zips_are_prepared_or_rejected(tmp_path: Path, data: bytes,
                                                      flips: list[int]) -> None:
    """Does a submit zip with damaged bytes give Prepared or Rejected, never an exception?"""
    body = notebook(CODE)
    raw = bytearray(submit_zip(manifest(body), {f"{ID}.ipynb": body}))
    for flip in flips:
        raw[flip % len(raw)] ^= 0x5A
    answer(tmp_path, f"fuzz_{ID}_x.zip", bytes(raw) + data)
