"""Finding submissions in folders, nbgrader trees and zips, and refusing zips that would
escape their folder, plant links or explode."""

import io
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from autograder.intake import discover
from autograder.intake.discover import DiscoveryError, student_id, unpack_zip

ID = "01_vectors"


def touch(path: Path, text: str = "x = 1\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def zip_of(folder: Path, archive: Path) -> Path:
    """Zip every file under `folder` with names relative to it."""
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return archive


def found(path: Path, workdir: Path) -> dict[str, tuple[str, str | None, tuple[str, ...]]]:
    """student -> (file name, submitted_at, notes)."""
    return {s.student: (s.path.name, s.submitted_at, s.notes)
            for s in discover.discover(path, ID, workdir)}


def nbgrader_course(root: Path) -> Path:
    touch(root / "submitted" / "alice" / ID / f"{ID}.ipynb")
    touch(root / "submitted" / "alice" / ID / "timestamp.txt", "2025-03-02 00:30:00 UTC\n")
    touch(root / "submitted" / "bob" / ID / "scratch.ipynb")
    touch(root / "submitted" / "bob" / ID / f"{ID}.ipynb")
    touch(root / "submitted" / "carol" / "other_assignment" / "x.ipynb")
    return root


def test_a_flat_folder_ignores_hidden_files_other_types_and_macos_debris(tmp_path):
    """Are only visible .py/.ipynb files taken, one per student?"""
    subs = tmp_path / "subs"
    for name in ("alice.py", "bob.ipynb", "notes.md", ".secret.py", "__MACOSX/._alice.py"):
        touch(subs / name)
    assert found(subs, tmp_path) == {"alice": ("alice.py", None, ()),
                                     "bob": ("bob.ipynb", None, ())}


def test_a_notebook_wins_over_a_py_file_of_the_same_student(tmp_path):
    """Is alice.ipynb graded and alice.py named in a note?"""
    touch(tmp_path / "subs" / "alice.py")
    touch(tmp_path / "subs" / "alice.ipynb")
    assert found(tmp_path / "subs", tmp_path) == {
        "alice": ("alice.ipynb", None, ("alice.py was also found and not graded",))}


@pytest.mark.parametrize("where", ["submitted", "."])
def test_an_nbgrader_tree_or_its_course_folder(tmp_path, where):
    """Are `submitted/<student>/<id>/` notebooks found (from the tree or the course folder),
    with the timestamp and the assignment's own notebook preferred?"""
    course = nbgrader_course(tmp_path / "course")
    assert found(course / where, tmp_path) == {
        "alice": (f"{ID}.ipynb", "2025-03-02 00:30:00 UTC", ()),
        "bob": (f"{ID}.ipynb", None, (f"several notebooks submitted; graded {ID}.ipynb",))}


@pytest.mark.parametrize("layout", ["flat", "nbgrader"])
def test_a_zip_of_either_layout(tmp_path, layout):
    """Does a zip of a flat folder (inside one top folder) or of a course find the same
    students?"""
    if layout == "flat":
        touch(tmp_path / "src" / "subs" / "alice.py")
        touch(tmp_path / "src" / "subs" / "bob.ipynb")
        expected = {"alice", "bob"}
    else:
        nbgrader_course(tmp_path / "src")
        expected = {"alice", "bob"}
    archive = zip_of(tmp_path / "src", tmp_path / "subs.zip")
    assert set(found(archive, tmp_path / "work")) == expected


@pytest.mark.parametrize(("raw", "clean"), [
    ("alice", "alice"), ("Jo Smith", "Jo_Smith"), ("..evil", "evil"), ("a/b\\c", "a_b_c"),
    ("김민준", "김민준"), ("", "unnamed"), ("x" * 300, "x" * 100), ("a;rm -rf", "a_rm_-rf"),
])
def test_odd_student_ids_are_sanitised(raw, clean):
    """Does every id become one safe path component?"""
    assert student_id(raw) == clean


def test_a_renamed_student_gets_a_note(tmp_path):
    """Is the original id kept in a note when it had to change?"""
    touch(tmp_path / "subs" / "Jo Smith.py")
    assert found(tmp_path / "subs", tmp_path) == {
        "Jo_Smith": ("Jo Smith.py", None, ("student id 'Jo Smith' was stored as 'Jo_Smith'",))}


def raw_zip(path: Path, *members: tuple[str, bytes, int]) -> Path:
    """A zip whose members have exactly these names, contents and unix modes."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            zf.writestr(info, data)
    return path


@pytest.mark.parametrize("name", ["../../escaped.py", "/tmp/escaped.py", "a/../../escaped.py",
                                  "__MACOSX/../../escaped.py"])
def test_zip_entries_that_escape_are_refused(tmp_path, name):
    """Is a `..` or absolute entry refused, with nothing written outside?"""
    archive = raw_zip(tmp_path / "evil.zip", ("ok.py", b"x = 1", 0o644),
                      (name, b"pwned", 0o644))
    with pytest.raises(DiscoveryError, match="points outside the archive"):
        unpack_zip(archive, tmp_path / "a" / "b" / "out")
    assert not list(tmp_path.rglob("escaped.py"))
    assert not Path("/tmp/escaped.py").exists()


def test_symlinks_in_a_zip_are_ignored(tmp_path):
    """Is a link entry skipped, so a file 'through' it lands inside the target?"""
    secret = touch(tmp_path / "secret.txt", "do not read")
    archive = raw_zip(tmp_path / "links.zip",
                      ("alice.py", str(secret).encode(), stat.S_IFLNK | 0o777),
                      ("dir", b"/etc", stat.S_IFLNK | 0o777),
                      ("dir/passwd.py", b"x = 1", 0o644), ("bob.py", b"x = 2", 0o644))
    out = tmp_path / "out"
    unpack_zip(archive, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "bob.py", "dir", "dir/passwd.py"]
    assert not any(p.is_symlink() for p in out.rglob("*"))


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path, monkeypatch):
    """Is a zip that declares more than the unpack limit refused before anything is
    written?"""
    monkeypatch.setattr(discover, "MAX_UNPACKED", 10_000)
    archive = raw_zip(tmp_path / "bomb.zip", ("a.py", b"0" * 6_000, 0o644),
                      ("b.py", b"0" * 6_000, 0o644))
    with pytest.raises(DiscoveryError, match="would unpack to more than"):
        unpack_zip(archive, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_zip_whose_sizes_lie_is_refused(tmp_path):
    """Is a member that unpacks to more than its header says refused as damaged?"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("alice.py", "x = 1\n" * 10_000)
    data = bytearray(buffer.getvalue())
    struct.pack_into("<I", data, 22, 10)  # the local header's uncompressed size
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 10)  # the central one's
    (tmp_path / "lying.zip").write_bytes(data)
    with pytest.raises(DiscoveryError, match=r"lying\.zip is damaged"):
        unpack_zip(tmp_path / "lying.zip", tmp_path / "out")


def test_too_many_members_are_refused(tmp_path, monkeypatch):
    """Is a zip with more entries than the limit refused?"""
    monkeypatch.setattr(discover, "MAX_MEMBERS", 3)
    archive = raw_zip(tmp_path / "many.zip", *[(f"s{i}.py", b"", 0o644) for i in range(4)])
    with pytest.raises(DiscoveryError, match="holds 4 files"):
        unpack_zip(archive, tmp_path / "out")


@pytest.mark.parametrize(("setup", "message"), [
    (lambda p: p / "missing", "does not exist"),
    (lambda p: touch(p / "x.zip", "not a zip"), "x.zip is not a readable zip file"),
    (lambda p: touch(p / "empty" / "notes.md").parent, "no .ipynb, .py or submission .zip"),
])
def test_unusable_arguments_stop_the_batch_with_a_reason(tmp_path, setup, message):
    """Does a missing path, a broken zip or a folder without submissions say why?"""
    with pytest.raises(DiscoveryError, match=message):
        discover.discover(setup(tmp_path), ID, tmp_path / "work")
