"""Discovery: one `Source` per student from a flat folder, an nbgrader tree or a zip; ids from
where a file was collected, times from the collection, links refused for their student and
clashes reported, never resolved silently."""

from __future__ import annotations

import json
import os
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from autograder.grading.model import Rejected, Status
from autograder.intake import discover as discovery
from autograder.intake import prepare as preparing
from autograder.intake.discover import DiscoveryError, Source, discover, parse_time
from autograder.intake.unzip import UnzipError
from autograder.message import msg
from autograder.student.handin import make_submission_zip
from autograder.student.limits import Limits

ID = "01_vectors"
WHEN = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


def touch(path: Path, text: str = "x = 1\n", when: datetime = WHEN) -> Path:
    """A file with `text` whose modification time is `when`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def found(path: Path, workdir: Path) -> dict[str, Source]:
    return {s.student: s for s in discover(path, ID, workdir)}


def keys(source: Source) -> list[str]:
    return [n.key for n in source.notes]


def nbgrader_course(root: Path) -> Path:
    """`root/submitted/...`: alice with a timestamp, bob with two notebooks, carol for another
    assignment, dave without a timestamp."""
    sub = root / "submitted"
    touch(sub / "alice" / ID / f"{ID}.ipynb")
    touch(sub / "alice" / ID / "timestamp.txt", "2025-03-02 00:30:00.123456 UTC\n")
    touch(sub / "bob" / ID / "scratch.ipynb")
    touch(sub / "bob" / ID / f"{ID}.ipynb")
    touch(sub / "carol" / "other_assignment" / "x.ipynb")
    touch(sub / "dave" / ID / "mine.ipynb")
    return root


def test_a_flat_folder_takes_visible_notebooks_and_python_files(tmp_path: Path) -> None:
    """Are only visible .py/.ipynb files taken, each timed by its own file time?"""
    subs = tmp_path / "subs"
    for name in ("alice.py", "bob.ipynb", "notes.md", ".secret.py", "__MACOSX/._alice.py",
                 "folder/carol.py"):
        touch(subs / name)
    sources = found(subs, tmp_path / "work")
    assert sorted(sources) == ["alice", "bob"]
    assert sources["alice"].relative.as_posix() == "alice.py"
    assert sources["alice"].root == subs
    assert sources["bob"].submitted_at == WHEN.isoformat()
    assert (sources["alice"].status, sources["alice"].problem, sources["alice"].notes) == (
        None, None, ())


def test_a_release_folders_pytest_files_are_not_students(tmp_path: Path) -> None:
    """Graded as a flat folder, a release (its notebook, conftest and public tests, as
    `aimath release` writes it) is one submission: the released notebook's."""
    release = tmp_path / "release"
    for name in (f"{ID}.ipynb", "conftest.py", f"test_{ID}.py", "test_02_matrices.py",
                 "requirements.txt", "aimath_student/__init__.py"):
        touch(release / name)
    assert sorted(found(release, tmp_path / "work")) == [ID, "test_02_matrices"]


def test_a_pytest_file_given_by_name_is_still_graded(tmp_path: Path) -> None:
    """Only a folder's listing skips them: a file named on the command line is graded."""
    assert sorted(found(touch(tmp_path / "conftest.py"), tmp_path / "work")) == ["conftest"]


def test_sources_are_sorted_by_id(tmp_path: Path) -> None:
    """Are sources listed in id order, whatever the folder's order?"""
    for name in ("zoe.py", "amy.py", "김민준.py", "Bob.py"):
        touch(tmp_path / "subs" / name)
    assert [s.student for s in discover(tmp_path / "subs", ID, tmp_path)] == [
        "Bob", "amy", "zoe", "김민준"]


def test_a_single_file_is_one_source(tmp_path: Path) -> None:
    """Is a notebook given directly the one source, named by its file?"""
    path = touch(tmp_path / "김민준.ipynb", "{}")
    (source,) = discover(path, ID, tmp_path / "work")
    assert (source.student, source.root, source.filename) == ("김민준", tmp_path, "김민준.ipynb")


def test_a_mapped_id_is_noted(tmp_path: Path) -> None:
    """Is a file name outside the id rule mapped, the original kept in a note?"""
    touch(tmp_path / "subs" / "Jo Smith.py")
    (source,) = discover(tmp_path / "subs", ID, tmp_path)
    assert (source.student, source.raw) == ("Jo_Smith", "Jo Smith")
    assert [(n.key, dict(n.params)) for n in source.notes] == [
        ("intake.id_mapped", {"raw": "Jo Smith", "id": "Jo_Smith"})]


def test_the_output_folder_inside_a_flat_folder_is_never_a_student(tmp_path: Path) -> None:
    """Graded once with `--out graded` inside the folder, a student named like the assignment
    has `graded/<assignment>/`: the folder is still flat, not taken for an nbgrader tree."""
    subs = tmp_path / "subs"
    touch(subs / f"{ID}.ipynb")
    touch(subs / "bob.py")
    touch(subs / "graded" / ID / "results.json")
    sources = discover(subs, ID, tmp_path / "work", subs / "graded")
    assert [s.student for s in sources] == [ID, "bob"]


@pytest.mark.parametrize("where", ["submitted", "."])
def test_an_nbgrader_tree_or_the_course_folder_holding_it(tmp_path: Path, where: str) -> None:
    """Are `submitted/<student>/<id>/` notebooks found from the tree or the course folder,
    the assignment's own notebook preferred, the timestamp used?"""
    course = nbgrader_course(tmp_path / "course")
    sources = found(course / where, tmp_path / "work")
    assert sorted(sources) == ["alice", "bob", "dave"]
    alice, bob, dave = sources["alice"], sources["bob"], sources["dave"]
    assert alice.relative.as_posix() == f"alice/{ID}/{ID}.ipynb"
    assert alice.root == course / "submitted"
    assert (alice.submitted_at, alice.notes) == ("2025-03-02T00:30:00+00:00", ())
    assert bob.filename == f"{ID}.ipynb" and keys(bob) == ["intake.several_notebooks"]
    assert (dave.filename, dave.submitted_at, dave.notes) == ("mine.ipynb", WHEN.isoformat(), ())


def test_every_student_nbgrader_collected_for_the_assignment_is_listed(tmp_path: Path) -> None:
    """Is a collected .py graded (a notebook still wins beside one), and is a collected folder
    with nothing gradable in it (only notes, or empty) a result saying so, never dropped?"""
    sub = tmp_path / "submitted"
    touch(sub / "frank" / ID / "mine.py")
    touch(sub / "gina" / ID / "mine.py")
    touch(sub / "gina" / ID / "mine.ipynb")
    touch(sub / "heidi" / ID / "notes.txt")
    (sub / "ivan" / ID).mkdir(parents=True)
    sources = found(tmp_path, tmp_path / "work")
    assert (sources["frank"].filename, sources["gina"].filename) == ("mine.py", "mine.ipynb")
    for student in ("heidi", "ivan"):
        assert (sources[student].status, sources[student].problem) == (
            Status.UNREADABLE, msg("intake.nothing_collected", folder=f"{student}/{ID}"))


def test_refused_sources_are_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Does preparing a source discovery refused read nothing and keep the refusal?"""
    touch(tmp_path / "outside.py", "secret = 1\n")
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "mallory.py").symlink_to(tmp_path / "outside.py")
    (source,) = discover(tmp_path / "subs", ID, tmp_path)

    def no_reading(*args: object) -> bytes:
        raise AssertionError("a refused source was read")

    monkeypatch.setattr(preparing, "read_beneath", no_reading)
    rejected = preparing.prepare(source, ID, Limits())
    assert isinstance(rejected, Rejected)
    assert (rejected.student, rejected.status, rejected.problem.key) == (
        "mallory", Status.REFUSED, "intake.refused_link")


def test_a_linked_file_in_a_flat_folder_is_refused_for_its_student(tmp_path: Path) -> None:
    """Is `mallory.py -> elsewhere` a refused source of mallory, the others still found?"""
    touch(tmp_path / "elsewhere" / "solution.py")
    touch(tmp_path / "subs" / "alice.py")
    (tmp_path / "subs" / "mallory.py").symlink_to(tmp_path / "elsewhere" / "solution.py")
    (tmp_path / "subs" / "broken.ipynb").symlink_to(tmp_path / "nowhere.ipynb")
    sources = found(tmp_path / "subs", tmp_path / "work")
    assert sources["alice"].status is None
    for student in ("mallory", "broken"):
        assert sources[student].status == Status.REFUSED
        assert sources[student].problem is not None
        assert sources[student].problem.key == "intake.refused_link"


def test_a_fifo_is_refused_without_reading(tmp_path: Path) -> None:
    """Is a named pipe called `alice.py` refused as not a regular file (and nothing blocks)?"""
    (tmp_path / "subs").mkdir()
    os.mkfifo(tmp_path / "subs" / "alice.py")
    (source,) = discover(tmp_path / "subs", ID, tmp_path / "work")
    assert source.status == Status.REFUSED and source.problem is not None
    assert source.problem.key == "intake.refused_special"


@pytest.mark.parametrize("linked", ["notebook", "student folder", "assignment folder"])
def test_a_link_in_an_nbgrader_tree_is_refused_for_that_student(tmp_path: Path,
                                                                 linked: str) -> None:
    """Is a linked notebook, student folder or `<id>` folder a refused source of that student
    (never followed), while the other students are found as usual?"""
    course = nbgrader_course(tmp_path / "course")
    elsewhere = touch(tmp_path / "elsewhere" / ID / f"{ID}.ipynb", "{}").parent
    mallory = course / "submitted" / "mallory"
    if linked == "student folder":
        mallory.symlink_to(elsewhere.parent)
    elif linked == "assignment folder":
        mallory.mkdir()
        (mallory / ID).symlink_to(elsewhere)
    else:
        (mallory / ID).mkdir(parents=True)
        (mallory / ID / f"{ID}.ipynb").symlink_to(elsewhere / f"{ID}.ipynb")
    sources = found(course, tmp_path / "work")
    assert sorted(sources) == ["alice", "bob", "dave", "mallory"]
    refused = sources["mallory"]
    assert refused.status == Status.REFUSED and refused.problem is not None
    assert refused.problem.key == "intake.refused_link"
    assert refused.root == course / "submitted"
    assert sources["alice"].status is None


def test_two_names_mapping_to_one_id_are_a_conflict_naming_both(tmp_path: Path) -> None:
    """Do `alice smith.py` and `alice_smith.py` give one CONFLICT source that names both
    files, rather than one silently graded?"""
    touch(tmp_path / "subs" / "alice smith.py")
    touch(tmp_path / "subs" / "alice_smith.py")
    touch(tmp_path / "subs" / "bob.py")
    sources = found(tmp_path / "subs", tmp_path / "work")
    assert sorted(sources) == ["alice_smith", "bob"]
    conflict = sources["alice_smith"]
    assert conflict.status == Status.CONFLICT and conflict.problem is not None
    assert conflict.problem.key == "intake.conflict"
    names = str(conflict.problem.params["names"])
    assert "alice smith.py" in names and "alice_smith.py" in names


def test_a_notebook_wins_over_a_python_file_of_the_same_student(tmp_path: Path) -> None:
    """Is alice.ipynb graded, alice.py named in a note?"""
    touch(tmp_path / "subs" / "alice.py")
    touch(tmp_path / "subs" / "alice.ipynb")
    (source,) = discover(tmp_path / "subs", ID, tmp_path / "work")
    assert source.filename == "alice.ipynb" and source.status is None
    assert [(n.key, dict(n.params)) for n in source.notes] == [
        ("intake.also_found", {"names": "alice.py"})]


def test_a_linked_file_of_a_student_is_never_outranked(tmp_path: Path) -> None:
    """When a student has a real notebook and a linked .py, is the student refused (a link
    never helps), not graded on the other file?"""
    touch(tmp_path / "elsewhere.py")
    touch(tmp_path / "subs" / "alice.ipynb")
    (tmp_path / "subs" / "alice.py").symlink_to(tmp_path / "elsewhere.py")
    (source,) = discover(tmp_path / "subs", ID, tmp_path / "work")
    assert source.status == Status.REFUSED


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-03-02 00:30:00.123456 UTC", "2025-03-02T00:30:00+00:00"),
    ("2025-03-02T09:30:00+09:00", "2025-03-02T00:30:00+00:00"),
    ("2025-03-02 00:30:00", "2025-03-02T00:30:00+00:00"),
    ("2025-03-02T00:30:00Z", "2025-03-02T00:30:00+00:00"),
    ("\ufeff2025-03-02 00:30:00 UTC", "2025-03-02T00:30:00+00:00"),  # as Notepad saves it
])
def test_a_timestamp_that_parses_is_the_collection_time(tmp_path: Path, text: str,
                                                        expected: str) -> None:
    """Is nbgrader's timestamp.txt (in its formats, or edited by hand and saved with a
    byte-order mark) used as the time, in UTC, without a note?"""
    touch(tmp_path / "submitted" / "alice" / ID / f"{ID}.ipynb")
    touch(tmp_path / "submitted" / "alice" / ID / "timestamp.txt", text)
    (source,) = discover(tmp_path / "submitted", ID, tmp_path / "work")
    assert (source.submitted_at, source.notes) == (expected, ())


@pytest.mark.parametrize("kind", ["unparseable", "linked", "out of range", "too long"])
def test_a_timestamp_that_cannot_be_used_is_ignored_with_a_note(tmp_path: Path,
                                                                kind: str) -> None:
    """Is a linked, unparseable or absurd timestamp.txt ignored with a note, the notebook's own
    time used instead?"""
    folder = touch(tmp_path / "submitted" / "alice" / ID / f"{ID}.ipynb").parent
    if kind == "linked":
        touch(tmp_path / "forged.txt", "2020-01-01 00:00:00 UTC")
        (folder / "timestamp.txt").symlink_to(tmp_path / "forged.txt")
    else:
        text = {"unparseable": "yesterday, honest",
                "out of range": "0001-01-01T00:00:00+01:00",
                "too long": "2025-03-02 00:30:00 UTC" + " " * 300}[kind]
        touch(folder / "timestamp.txt", text)
    (source,) = discover(tmp_path / "submitted", ID, tmp_path / "work")
    assert source.submitted_at == WHEN.isoformat()
    assert keys(source) == ["intake.timestamp_ignored"]


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
                                  "", "not a time", "2025-13-01"])
def test_parse_time_refuses_what_is_not_a_usable_time(text: str) -> None:
    """Does parse_time answer None (never raise) for what is not a time in range?"""
    assert parse_time(text) is None


def zip_of(folder: Path, archive: Path) -> Path:
    """Zip every file under `folder` with names relative to its parent (one top folder)."""
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder.parent).as_posix())
    return archive


@pytest.mark.parametrize("layout", ["flat", "nbgrader"])
def test_a_zip_of_a_folder_is_unpacked_and_discovered(tmp_path: Path, layout: str) -> None:
    """Does a zip of a flat folder or of an nbgrader course give the same students as the
    folder?"""
    if layout == "flat":
        touch(tmp_path / "src" / "subs" / "alice.py")
        touch(tmp_path / "src" / "subs" / "bob.ipynb")
        expected = ["alice", "bob"]
        folder = tmp_path / "src" / "subs"
    else:
        folder = nbgrader_course(tmp_path / "src" / "course")
        expected = ["alice", "bob", "dave"]
    archive = zip_of(folder, tmp_path / "subs.zip")
    sources = found(archive, tmp_path / "work")
    assert sorted(sources) == expected
    assert all(s.root.is_relative_to(tmp_path / "work") for s in sources.values())
    if layout == "nbgrader":
        assert sources["alice"].submitted_at == "2025-03-02T00:30:00+00:00"


def submit_zip(tmp_path: Path, student: str, name: str | None = None) -> Path:
    """An `aimath submit` zip packaged by `student`, renamed to `name` if given."""
    notebook = touch(tmp_path / "work-of" / student / f"{ID}.ipynb", json.dumps(
        {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}))
    path = make_submission_zip(notebook, student, ID, tmp_path / "packed" / student)
    if name is None:
        return path
    return path.rename(path.with_name(name))


UNIX_TIME = struct.pack("<HHBi", 0x5455, 5, 1, int(WHEN.timestamp()))  # Info-ZIP, macOS
NTFS_TIME = struct.pack("<HHIHHQQQ", 0x000A, 32, 0, 1, 24,
                        int((WHEN.timestamp() + 11_644_473_600) * 10**7), 0, 0)  # Windows


@pytest.mark.parametrize(("extra", "stamped", "expected"), [
    (UNIX_TIME, (2020, 1, 1, 0, 0, 0), WHEN),
    (NTFS_TIME, (2020, 1, 1, 0, 0, 0), WHEN),
    (b"", (2025, 3, 1, 12, 0, 0), datetime(2025, 3, 1, 12, 0, 0).astimezone(UTC)),
], ids=["extended time", "NTFS time", "DOS time, local"])
def test_a_zipped_notebook_is_timed_by_its_entry_not_by_the_unpacking(
        tmp_path: Path, extra: bytes, stamped: tuple[int, ...], expected: datetime) -> None:
    """Is a notebook in a zip of a folder handed in when its zip entry says (in UTC when the
    zip records it), as a file in a folder is by its own time, never when it was unpacked?"""
    entry = zipfile.ZipInfo("alice.ipynb", date_time=stamped)
    entry.extra = extra
    with zipfile.ZipFile(tmp_path / "subs.zip", "w") as archive:
        archive.writestr(entry, json.dumps({"cells": []}))
    source = found(tmp_path / "subs.zip", tmp_path / "work")["alice"]
    assert source.submitted_at == expected.isoformat()


def test_a_submit_zip_is_named_by_its_file_name_not_its_manifest(tmp_path: Path) -> None:
    """Is a zip collected as `alice_<id>_<time>.zip` alice's, whatever its manifest claims?"""
    subs = tmp_path / "subs"
    subs.mkdir()
    packed = submit_zip(tmp_path, "mallory")
    packed.rename(subs / f"alice_{ID}_20250302T003000Z.zip")
    sources = found(subs, tmp_path / "work")
    assert sorted(sources) == ["alice"]
    assert (sources["alice"].raw, sources["alice"].is_zip) == ("alice", True)
    assert sources["alice"].root == subs


def test_a_submit_zip_given_directly_is_one_source(tmp_path: Path) -> None:
    """Is a single submit zip handed to the batch its student's source, not unpacked?"""
    path = submit_zip(tmp_path, "김민준")
    (source,) = discover(path, ID, tmp_path / "work")
    assert (source.student, source.is_zip) == ("김민준", True)
    assert not (tmp_path / "work" / "unzipped").exists()


def test_a_submit_zip_of_another_assignment_is_named_never_graded(tmp_path: Path) -> None:
    """In a hand-in folder the class shares, is a zip collected as
    `lee_02_matrices_<time>.zip` left out of 01_vectors and named, rather than graded as a
    student called `lee_02_matrices_<time>` (who then reached grades.csv and the exports)?"""
    subs = tmp_path / "subs"
    subs.mkdir()
    submit_zip(tmp_path, "kim").rename(subs / f"kim_{ID}_20250302T003000Z.zip")
    submit_zip(tmp_path, "lee").rename(subs / "lee_02_matrices_20250302T003000Z.zip")
    submit_zip(tmp_path, "park").rename(subs / "park_quiz_01_20250302T003000Z.zip")
    assert sorted(found(subs, tmp_path / "work")) == ["kim"]
    assert discovery.other_hand_ins(subs, ID) == ["lee_02_matrices_20250302T003000Z.zip",
                                                  "park_quiz_01_20250302T003000Z.zip"]
    with pytest.raises(DiscoveryError, match="zip of 02_matrices, not of 01_vectors"):
        discover(subs / "lee_02_matrices_20250302T003000Z.zip", ID, tmp_path / "work")


def test_a_zip_that_is_not_a_submission_in_a_flat_folder_is_ignored(tmp_path: Path) -> None:
    """Is a stray zip without a manifest beside the notebooks left out?"""
    touch(tmp_path / "subs" / "alice.py")
    with zipfile.ZipFile(tmp_path / "subs" / "slides.zip", "w") as zf:
        zf.writestr("slides.pdf", b"%PDF")
    assert sorted(found(tmp_path / "subs", tmp_path / "work")) == ["alice"]


def test_a_zip_zipfile_cannot_read_beside_the_notebooks_stops_nothing(tmp_path: Path) -> None:
    """Is a zip that zipfile refuses with something other than BadZipFile (a version it does
    not know) left out, rather than stopping the whole batch?"""
    touch(tmp_path / "subs" / "alice.py")
    info = zipfile.ZipInfo("manifest.json")
    info.extract_version = 0xFF  # "zip file version 25.5": NotImplementedError when opened
    with zipfile.ZipFile(tmp_path / "subs" / "bob_01_vectors_x.zip", "w") as zf:
        zf.writestr(info, "{}")
    assert sorted(found(tmp_path / "subs", tmp_path / "work")) == ["alice"]


def test_the_latest_of_one_students_submit_zips_is_graded(tmp_path: Path) -> None:
    """When a student handed in twice, is the zip collected last graded, the other noted?"""
    subs = tmp_path / "subs"
    subs.mkdir()
    for stamp, when in (("20250301T100000Z", datetime(2025, 3, 1, 10, tzinfo=UTC)),
                        ("20250302T100000Z", datetime(2025, 3, 2, 10, tzinfo=UTC))):
        path = submit_zip(tmp_path, "alice").rename(subs / f"alice_{ID}_{stamp}.zip")
        os.utime(path, (when.timestamp(), when.timestamp()))
    (source,) = discover(subs, ID, tmp_path / "work")
    assert source.filename == f"alice_{ID}_20250302T100000Z.zip"
    assert keys(source) == ["intake.also_found"]


def test_a_zip_entry_with_an_escaping_name_is_left_out_and_the_class_found(
        tmp_path: Path) -> None:
    """Is a zip of submissions holding `../x.py` still discovered, without that entry, and
    with nothing written outside?"""
    with zipfile.ZipFile(tmp_path / "subs.zip", "w") as zf:
        zf.writestr("alice.py", "x = 1")
        zf.writestr("../../escaped.py", "x = 2")
    assert [s.student for s in discover(tmp_path / "subs.zip", ID, tmp_path / "work")] == [
        "alice"]
    assert not list(tmp_path.rglob("escaped.py"))


def test_a_zip_bomb_stops_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Is a zip that would unpack past the limit refused before unpacking?"""
    monkeypatch.setattr(discovery.unzip, "MAX_UNPACKED", 100_000)
    with zipfile.ZipFile(tmp_path / "subs.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("alice.py", "#" * 200_000)
    with pytest.raises(UnzipError, match="would unpack to more than"):
        discover(tmp_path / "subs.zip", ID, tmp_path / "work")
    assert not (tmp_path / "work").exists()


@pytest.mark.parametrize(("setup", "message"), [
    (lambda p: p / "missing", "does not exist"),
    (lambda p: touch(p / "empty" / "notes.md").parent, "no .ipynb, .py or submission .zip"),
    (lambda p: touch(p / "notes.md"), "no .ipynb, .py or submission .zip"),
])
def test_unusable_arguments_stop_the_batch_with_a_reason(tmp_path: Path, setup: object,
                                                         message: str) -> None:
    """Does a missing path or a folder without submissions say why?"""
    with pytest.raises(DiscoveryError, match=message):
        discover(setup(tmp_path), ID, tmp_path / "work")  # type: ignore[operator]


def test_a_zip_with_nothing_to_grade_is_named_with_the_layouts_it_could_be(
        tmp_path: Path) -> None:
    """Is a zip in a layout not read (a Moodle download's per-student folders) said by its
    own name and the accepted layouts, never the temporary folder it was unpacked into?"""
    touch(tmp_path / "m" / "Alice Kim_1_assignsubmission_file_" / "hw.txt")
    touch(tmp_path / "m" / "Bob Lee_2_assignsubmission_file_" / "hw.txt")
    archive = zip_of(tmp_path / "m", tmp_path / "moodle.zip")
    with pytest.raises(DiscoveryError) as caught:
        discover(archive, ID, tmp_path / "work")
    assert str(caught.value).startswith(f"no .ipynb, .py or submission .zip files found in "
                                        f"{archive}: give a folder of <student>.ipynb")
    assert str(tmp_path / "work") not in str(caught.value)


def test_a_linked_submissions_argument_is_refused(tmp_path: Path) -> None:
    """Is the submissions argument itself a link refused, with what to give instead?"""
    touch(tmp_path / "subs" / "alice.py")
    (tmp_path / "link").symlink_to(tmp_path / "subs")
    with pytest.raises(DiscoveryError, match="symbolic link"):
        discover(tmp_path / "link", ID, tmp_path / "work")


def test_a_flat_folder_named_submitted_is_flat(tmp_path: Path) -> None:
    """Are notebooks lying directly in a folder that happens to be named `submitted` found as
    a flat folder, while one holding a student folder (or only links) stays a tree?"""
    flat = tmp_path / "flat" / "submitted"
    touch(flat / "alice.ipynb")
    touch(flat / "bob.py")
    assert set(found(flat, tmp_path / "work1")) == {"alice", "bob"}
    tree = tmp_path / "tree" / "submitted"
    touch(tree / "carol" / ID / f"{ID}.ipynb")
    os.symlink(tree / "carol", tree / "mallory")
    assert set(found(tree, tmp_path / "work2")) == {"carol", "mallory"}
