"""Zips handed to `aimath grade`: a zip of submissions is unpacked within limits, refusing
anything that could escape, plant a link or explode; a submit zip is recognised and named."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder.intake import unzip
from autograder.intake.unzip import UnzipError, is_submit_zip, unpack, zip_student


def raw_zip(path: Path, *members: tuple[str, bytes, int]) -> Path:
    """A zip whose members have exactly these names, contents and unix modes."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            zf.writestr(info, data)
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_a_zip_of_one_folder_is_unwrapped(tmp_path: Path) -> None:
    """Is the one top folder of a zip (macOS debris aside) the folder returned?"""
    archive = raw_zip(tmp_path / "subs.zip", ("subs/alice.py", b"x = 1", 0o644),
                      ("__MACOSX/subs/._alice.py", b"", 0o644))
    assert unpack(archive, tmp_path / "out") == (tmp_path / "out" / "subs").resolve()


def test_a_zip_of_several_files_unpacks_into_the_target(tmp_path: Path) -> None:
    """Is a zip of loose files unpacked into the target itself, contents intact?"""
    archive = raw_zip(tmp_path / "subs.zip", ("alice.py", b"x = 1", 0o644),
                      ("bob.py", b"x = 2", 0o644))
    folder = unpack(archive, tmp_path / "out")
    assert folder == (tmp_path / "out").resolve()
    assert (folder / "bob.py").read_bytes() == b"x = 2"


@pytest.mark.parametrize("name", ["../../escaped.py", "/tmp/escaped-aimath-test.py",
                                  "a/../../escaped.py", "__MACOSX/../../escaped.py"])
def test_entries_that_escape_are_never_unpacked_and_the_rest_is(tmp_path: Path,
                                                                 name: str) -> None:
    """Is a `..` or absolute entry left in the zip, named by `outside_entries`, with nothing
    written outside, while the other hand-ins are unpacked (one bad entry of a class zip
    stopped the whole class)?"""
    archive = raw_zip(tmp_path / "evil.zip", ("ok.py", b"x = 1", 0o644),
                      (name, b"pwned", 0o644))
    folder = unpack(archive, tmp_path / "a" / "b" / "out")
    assert listing(folder) == ["ok.py"]
    assert unzip.outside_entries(archive) == [name]
    assert not list(tmp_path.rglob("escaped*.py"))
    assert not Path("/tmp/escaped-aimath-test.py").exists()


def test_outside_entries_of_what_is_not_a_zip_are_none(tmp_path: Path) -> None:
    (tmp_path / "notes.zip").write_bytes(b"not a zip")
    assert unzip.outside_entries(tmp_path / "notes.zip") == []
    assert unzip.outside_entries(tmp_path) == []


def test_links_in_a_zip_are_never_followed(tmp_path: Path) -> None:
    """Does a link entry to be graded stand as a link to nothing inside the folder (refused
    for its student later, as in a folder), and a file 'through' another land in the folder
    itself, never in the link's target?"""
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    archive = raw_zip(tmp_path / "links.zip",
                      ("alice.py", str(secret).encode(), stat.S_IFLNK | 0o777),
                      ("dir", b"/etc", stat.S_IFLNK | 0o777),
                      ("dir/passwd.py", b"x = 1", 0o644), ("bob.py", b"x = 2", 0o644),
                      ("carol/x.py", b"/etc/passwd", stat.S_IFLNK | 0o777))
    out = tmp_path / "out"
    unpack(archive, out)
    assert listing(out) == ["alice.py", "bob.py", "carol", "carol/x.py", "dir", "dir/passwd.py"]
    links = [p for p in out.rglob("*") if p.is_symlink()]
    assert sorted(p.name for p in links) == ["alice.py", "x.py"]
    assert all(os.readlink(p) == unzip.LINK_TARGET for p in links)
    assert not (out / "dir").is_symlink()


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Is a zip that declares more than the unpack limit refused before anything is
    written?"""
    monkeypatch.setattr(unzip, "MAX_UNPACKED", 10_000)
    archive = raw_zip(tmp_path / "bomb.zip", ("a.py", b"0" * 6_000, 0o644),
                      ("b.py", b"0" * 6_000, 0o644))
    with pytest.raises(UnzipError, match="would unpack to more than"):
        unpack(archive, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_zip_whose_sizes_lie_is_refused(tmp_path: Path) -> None:
    """Is a member that unpacks to more than its header says refused as damaged?"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("alice.py", "x = 1\n" * 10_000)
    data = bytearray(buffer.getvalue())
    struct.pack_into("<I", data, 22, 10)  # the local header's uncompressed size
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 10)  # the central one's
    (tmp_path / "lying.zip").write_bytes(data)
    with pytest.raises(UnzipError, match=r"lying\.zip is damaged"):
        unpack(tmp_path / "lying.zip", tmp_path / "out")
    assert all(p.stat().st_size <= 10 for p in (tmp_path / "out").rglob("*") if p.is_file())


def test_too_many_members_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Is a zip with more entries than the limit refused?"""
    monkeypatch.setattr(unzip, "MAX_MEMBERS", 3)
    archive = raw_zip(tmp_path / "many.zip", *[(f"s{i}.py", b"", 0o644) for i in range(4)])
    with pytest.raises(UnzipError, match="holds 4 notebooks and files to grade"):
        unpack(archive, tmp_path / "out")


def test_one_students_other_files_neither_count_nor_stop_the_class(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Are files nobody grades (a data set, a name too long for the disk) left packed,
    uncounted, without stopping the others, their student's folder still there; and is an
    entry named twice refused, naming it?"""
    monkeypatch.setattr(unzip, "MAX_MEMBERS", 3)
    junk = [(f"submitted/mallory/01_vectors/data/{i}.csv", b"1", 0o644) for i in range(20)]
    archive = raw_zip(tmp_path / "class.zip",
                      ("submitted/alice/01_vectors/01_vectors.ipynb", b"{}", 0o644),
                      ("submitted/alice/01_vectors/timestamp.txt", b"2025", 0o644),
                      ("submitted/mallory/01_vectors/" + "가" * 100 + ".txt", b"x", 0o644),
                      *junk)
    out = unpack(archive, tmp_path / "out")
    assert listing(out) == ["alice", "alice/01_vectors", "alice/01_vectors/01_vectors.ipynb",
                            "alice/01_vectors/timestamp.txt", "mallory", "mallory/01_vectors",
                            "mallory/01_vectors/data"]
    with pytest.warns(UserWarning, match="Duplicate name"):  # zipfile writes it all the same
        twice = raw_zip(tmp_path / "twice.zip", ("alice.ipynb", b"{}", 0o644),
                        ("bob.ipynb", b"{}", 0o644), ("alice.ipynb", b"[]", 0o644))
    with pytest.raises(UnzipError, match=r"holds 'alice\.ipynb' twice"):
        unpack(twice, tmp_path / "out2")


def test_a_name_too_long_for_the_disk_is_unpacked_under_the_id_it_stands_for(
        tmp_path: Path) -> None:
    """Is a notebook whose name is longer than a file name may be (90 Korean letters, 270
    bytes) unpacked under the id discovery would give it, beside the others, the class
    graded instead of stopped?"""
    from autograder.intake.discover import discover
    from autograder.student.identity import student_id

    long = "김" * 90
    archive = raw_zip(tmp_path / "class.zip", ("alice.ipynb", b"{}", 0o644),
                      (f"{long}.ipynb", b"{}", 0o644))
    found = [s.student for s in discover(archive, "01_vectors", tmp_path / "work")]
    assert found == sorted(["alice", student_id(long).value])


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    """Is a broken zip refused with its name?"""
    (tmp_path / "x.zip").write_text("not a zip")
    with pytest.raises(UnzipError, match=r"x\.zip is not a readable zip file"):
        unpack(tmp_path / "x.zip", tmp_path / "out")


def test_an_encrypted_member_is_refused_as_unreadable(tmp_path: Path) -> None:
    """Is a password-protected member an UnzipError (the batch says why), not a crash?"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("subs/alice.py", "x = 1\n")
    data = bytearray(buffer.getvalue())
    struct.pack_into("<H", data, 6, 1)  # the "encrypted" flag, local header
    struct.pack_into("<H", data, data.rfind(b"PK\x01\x02") + 8, 1)  # and central directory
    (tmp_path / "locked.zip").write_bytes(data)
    with pytest.raises(UnzipError, match=r"locked\.zip"):
        unpack(tmp_path / "locked.zip", tmp_path / "out")


def test_a_file_and_a_folder_of_one_name_are_refused(tmp_path: Path) -> None:
    """Is a zip holding both `a.py` and `a.py/b.py` an UnzipError, not a stray OSError?"""
    archive = raw_zip(tmp_path / "clash.zip", ("a.py", b"x", 0o644), ("a.py/b.py", b"y", 0o644))
    with pytest.raises(UnzipError, match=r"clash\.zip"):
        unpack(archive, tmp_path / "out")


def test_a_submit_zip_is_told_by_its_manifest(tmp_path: Path) -> None:
    """Is a zip with a top-level manifest.json a submit zip, and any other zip or file not?"""
    assert is_submit_zip(raw_zip(tmp_path / "s.zip", ("manifest.json", b"{}", 0o644),
                                 ("a.ipynb", b"{}", 0o644)))
    assert not is_submit_zip(raw_zip(tmp_path / "t.zip", ("x/manifest.json", b"{}", 0o644)))
    (tmp_path / "u.zip").write_text("no zip")
    assert not is_submit_zip(tmp_path / "u.zip")


def test_a_zip_of_several_notebooks_is_a_batch_whatever_manifest_it_holds(
        tmp_path: Path) -> None:
    """Is a zip with a top-level manifest.json beside two students' notebooks (one of them
    unpacked their hand-in) a zip of submissions, each student found, not one student's
    submit zip that loses the class?"""
    from autograder.intake.discover import discover

    archive = raw_zip(tmp_path / "submissions.zip", ("manifest.json", b"{}", 0o644),
                      ("alice.ipynb", b"{}", 0o644), ("bob.ipynb", b"{}", 0o644))
    assert not is_submit_zip(archive)
    assert [s.student for s in discover(archive, "01_vectors", tmp_path / "work")] == [
        "alice", "bob"]


@pytest.mark.parametrize(("name", "raw"), [
    ("alice_01_vectors_20250302T003000Z.zip", "alice"),
    ("김민준_01_vectors_20250302T003000Z.zip", "김민준"),
    ("jo_smith_01_vectors_20250302T003000Z.zip", "jo_smith"),
    ("alice.zip", "alice"),
    ("_01_vectors_20250302T003000Z.zip", "_01_vectors_20250302T003000Z"),
    ("alice_02_matrices_20250302T003000Z.zip", "alice_02_matrices_20250302T003000Z"),
])
def test_a_submit_zip_names_its_student_by_its_file_name(name: str, raw: str) -> None:
    """Is the raw id the part of `<id>_<assignment>_<time>.zip` before the assignment (the
    whole stem when the name has another form)?"""
    assert zip_student(name, "01_vectors") == raw


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                         zipfile.ZIP_LZMA])
def test_damaged_compressed_data_is_refused(tmp_path: Path, compression: int) -> None:
    """Is a member whose compressed data is damaged an UnzipError, whatever its method?"""
    with zipfile.ZipFile(tmp_path / "bad.zip", "w", compression) as zf:
        zf.writestr("alice.py", "x = 1\n" * 500)
    data = bytearray((tmp_path / "bad.zip").read_bytes())
    start = data.find(b"alice.py") + len("alice.py")
    for i in range(start + 5, start + 25):
        data[i] ^= 0xFF
    (tmp_path / "bad.zip").write_bytes(data)
    with pytest.raises(UnzipError, match=r"bad\.zip"):
        unpack(tmp_path / "bad.zip", tmp_path / "out")


def damaged(flips: list[int], tail: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("subs/alice.py", "x = 1\n" * 50)
        zf.writestr("manifest.json", "{}")
    data = bytearray(buffer.getvalue())
    for flip in flips:
        data[flip % len(data)] ^= 0xA5
    return bytes(data) + tail


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.integers(0, 10_000), min_size=1, max_size=6),
       tail=st.binary(max_size=40))
def test_damaged_zips_unpack_or_are_refused(tmp_path: Path, flips: list[int],
                                            tail: bytes) -> None:
    """Do damaged bytes unpack, or raise UnzipError, and never another exception (which
    would stop the batch with a traceback)?"""
    path = tmp_path / "subs.zip"
    path.write_bytes(damaged(flips, tail))
    assert isinstance(is_submit_zip(path), bool)
    with contextlib.suppress(UnzipError):
        unpack(path, tmp_path / "out")


def _unflagged(path: Path, names: dict[bytes, bytes]) -> Path:
    """A zip whose entries carry raw name bytes without the UTF-8 flag, as Info-ZIP's `zip`
    and Windows' Explorer write them: made with ASCII stand-ins, then the bytes swapped in."""
    with zipfile.ZipFile(path, "w") as archive:
        for stand_in in names:
            archive.writestr(stand_in.decode(), b"{}")
    data = path.read_bytes()
    for stand_in, raw in names.items():
        assert len(stand_in) == len(raw) and data.count(stand_in) == 2
        data = data.replace(stand_in, raw)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "cp949"])
def test_korean_names_of_a_zip_without_the_utf8_flag_are_read_as_written(tmp_path: Path,
                                                                         encoding: str):
    """`zip` on Linux (UTF-8 bytes) and Explorer on Korean Windows (cp949 bytes) set no UTF-8
    flag: is 김민수.ipynb still 김민수.ipynb, not zipfile's cp437 reading?"""
    raw = [name.encode(encoding) for name in ("김민수.ipynb", "subs/이영희.py")]
    stand_ins = {(letter * len(r)): r for letter, r in zip((b"a", b"b"), raw, strict=True)}
    unpack(_unflagged(tmp_path / "subs.zip", stand_ins), tmp_path / "out")
    assert listing(tmp_path / "out") == ["subs", "subs/이영희.py", "김민수.ipynb"]


def test_an_unflagged_name_that_is_neither_utf8_nor_korean_stays_cp437(tmp_path: Path):
    raw = "Müller.py".encode("cp437")
    unpack(_unflagged(tmp_path / "subs.zip", {b"x" * len(raw): raw}), tmp_path / "out")
    assert listing(tmp_path / "out") == ["Müller.py"]
