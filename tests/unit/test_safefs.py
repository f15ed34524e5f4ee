"""safefs: the one reader of student files and writer of outputs, which never follows a link."""

from __future__ import annotations

import os
import threading
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from autograder import safefs
from autograder.safefs import Refused, read_beneath, remove_partial_files, write_beneath


def plant(path: Path, text: str = "x = 1\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside every root: what a planted link points at."""
    return plant(tmp_path / "outside" / "secret.txt", "the teacher's secret")


def test_a_plain_file_below_the_root_is_read(tmp_path: Path) -> None:
    """Is a regular file in a subfolder read whole?"""
    plant(tmp_path / "root" / "alice" / "01" / "a.ipynb", "{}")
    assert read_beneath(tmp_path / "root", PurePosixPath("alice/01/a.ipynb"), 100) == b"{}"


@pytest.mark.parametrize("linked", ["alice.py", "alice", "alice/01", "alice/01/a.py"])
def test_a_link_anywhere_below_the_root_is_refused(tmp_path: Path, outside: Path,
                                                   linked: str) -> None:
    """Is a link as the file or as any folder on the way refused, never followed?"""
    root = tmp_path / "root"
    target = outside if linked.endswith(".py") else outside.parent
    if linked.count("/") == 2:
        plant(root / "alice" / "01" / "other.py")
    elif linked == "alice/01":
        (root / "alice").mkdir(parents=True)
    root.mkdir(exist_ok=True)
    (root / linked).symlink_to(target)
    wanted = {"alice.py": "alice.py", "alice": "alice/secret.txt",
              "alice/01": "alice/01/secret.txt", "alice/01/a.py": "alice/01/a.py"}[linked]
    with pytest.raises(Refused, match="symbolic link"):
        read_beneath(root, PurePosixPath(wanted), 10_000)


def test_a_root_that_is_a_link_is_refused(tmp_path: Path, outside: Path) -> None:
    """Is a root that is itself a link refused?"""
    (tmp_path / "root").symlink_to(outside.parent)
    with pytest.raises(Refused, match="symbolic link"):
        read_beneath(tmp_path / "root", PurePosixPath("secret.txt"), 10_000)


@pytest.mark.parametrize("relative", ["../outside/secret.txt", "alice/../../outside/secret.txt"])
def test_parent_names_never_lead_out_of_the_root(tmp_path: Path, outside: Path,
                                                 relative: str) -> None:
    """Is a `..` on the way refused, for reading and for writing?"""
    plant(tmp_path / "root" / "alice" / "a.py")
    with pytest.raises(Refused, match="not a plain name"):
        read_beneath(tmp_path / "root", PurePosixPath(relative), 10_000)
    with pytest.raises(Refused, match="not a plain name"):
        write_beneath(tmp_path / "root", PurePosixPath(relative), "overwritten")
    assert outside.read_text() == "the teacher's secret"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """Is a named pipe refused at once (no writer ever opens it) rather than waited on?"""
    os.mkfifo(tmp_path / "alice.py")
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(read_beneath(tmp_path, PurePosixPath("alice.py"), 100))
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():  # unblock the reader so the test ends either way
        with open(os.open(tmp_path / "alice.py", os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], Refused) and "not a regular file" in str(outcome[0])


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Is a file larger than the limit refused by its size, without reading its bytes?"""
    plant(tmp_path / "big.py", "#" * 2_000)
    reads: list[int] = []
    real_fdopen = os.fdopen

    class Spy:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            return bytes(self.handle.read(size))

        def fileno(self) -> int:
            return int(self.handle.fileno())

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, *args, **kwargs: Spy(real_fdopen(fd, *args,
                                                                                 **kwargs)))
    with pytest.raises(Refused, match="over the"):
        read_beneath(tmp_path, PurePosixPath("big.py"), 1_000)
    assert reads == []
    assert read_beneath(tmp_path, PurePosixPath("big.py"), 2_000) == b"#" * 2_000
    assert reads == [2_001]


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    """Is a file of exactly the limit accepted?"""
    plant(tmp_path / "a.py", "#" * 1_000)
    assert len(read_beneath(tmp_path, PurePosixPath("a.py"), 1_000)) == 1_000


def test_a_missing_file_is_not_found_rather_than_refused(tmp_path: Path) -> None:
    """Does a name that is not there raise FileNotFoundError (nothing was refused)?"""
    (tmp_path / "alice").mkdir()
    for missing in ("alice/timestamp.txt", "bob/timestamp.txt"):
        with pytest.raises(FileNotFoundError):
            read_beneath(tmp_path, PurePosixPath(missing), 100)


def test_writing_creates_folders_and_replaces_atomically(tmp_path: Path) -> None:
    """Are missing folders created, an old file replaced, and no temporary file left?"""
    out = tmp_path / "out"
    write_beneath(out, PurePosixPath("alice/results.json"), "old")
    assert write_beneath(out, PurePosixPath("alice/results.json"), b"new") == \
        out / "alice" / "results.json"
    assert (out / "alice" / "results.json").read_text() == "new"
    assert sorted(p.name for p in (out / "alice").iterdir()) == ["results.json"]


def test_a_planted_link_at_the_destination_is_replaced_never_followed(tmp_path: Path,
                                                                      outside: Path) -> None:
    """Does writing over a planted link replace the link and leave its target as it was?"""
    (tmp_path / "out" / "alice").mkdir(parents=True)
    (tmp_path / "out" / "alice" / "feedback.html").symlink_to(outside)
    write_beneath(tmp_path / "out", PurePosixPath("alice/feedback.html"), "<p>ok</p>")
    written = tmp_path / "out" / "alice" / "feedback.html"
    assert not written.is_symlink() and written.read_text() == "<p>ok</p>"
    assert outside.read_text() == "the teacher's secret"


def test_a_linked_folder_on_the_way_to_a_write_is_refused(tmp_path: Path, outside: Path) -> None:
    """Is a write through a linked student folder refused, writing nothing outside?"""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "alice").symlink_to(outside.parent)
    with pytest.raises(Refused, match="symbolic link"):
        write_beneath(tmp_path / "out", PurePosixPath("alice/results.json"), "{}")
    assert sorted(p.name for p in outside.parent.iterdir()) == ["secret.txt"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """When the final rename fails, is the temporary file removed and the old file kept?"""
    write_beneath(tmp_path, PurePosixPath("a/results.json"), "old")

    def failing_rename(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(OSError, match="disk full"):
        write_beneath(tmp_path, PurePosixPath("a/results.json"), "new")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["results.json"]
    assert (tmp_path / "a" / "results.json").read_text() == "old"


def test_a_class_file_replaces_a_planted_link(tmp_path: Path, outside: Path) -> None:
    """Does write_file (a class file) replace a link planted under its name?"""
    (tmp_path / "grades.csv").symlink_to(outside)
    safefs.write_file(tmp_path / "grades.csv", "id,score\n")
    assert (tmp_path / "grades.csv").read_text() == "id,score\n"
    assert outside.read_text() == "the teacher's secret"


def test_partial_files_are_removed_from_the_root_and_student_folders(tmp_path: Path) -> None:
    """Are `.name.pid.tmp` leftovers removed, other files kept?"""
    for name in (".grades.csv.1.tmp", "grades.csv", "alice/.results.json.7.tmp",
                 "alice/results.json", "alice/notes.tmp"):
        plant(tmp_path / name)
    remove_partial_files(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "alice", "alice/notes.tmp", "alice/results.json", "grades.csv"]


def test_removing_partial_files_does_not_enter_linked_folders(tmp_path: Path) -> None:
    """Is a linked student folder left alone, whatever it holds?"""
    elsewhere = plant(tmp_path / "elsewhere" / ".keep.1.tmp").parent
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mallory").symlink_to(elsewhere)
    remove_partial_files(tmp_path / "out")
    assert (elsewhere / ".keep.1.tmp").exists()


def test_a_folder_named_like_a_partial_file_is_left_alone(tmp_path: Path) -> None:
    """Does a folder whose name looks like a temporary file stop nothing?"""
    (tmp_path / ".odd.1.tmp").mkdir()
    plant(tmp_path / ".grades.csv.1.tmp")
    remove_partial_files(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [".odd.1.tmp"]


def test_threads_writing_the_same_file_at_once_all_succeed(tmp_path: Path) -> None:
    """Eight threads of one process write the same name at the same moment (the service
    storing one upload for several students), twenty times: does every write succeed,
    leaving the file whole and no temporary file behind?"""
    data = b"#" * 2**20
    rounds, threads = 20, 8
    barrier = threading.Barrier(threads)
    failures: list[BaseException] = []

    def write() -> None:
        for _ in range(rounds):
            barrier.wait()
            try:
                write_beneath(tmp_path, PurePosixPath("blobs", "same.py"), data)
            except BaseException as exc:  # collected: the assertion below names it
                failures.append(exc)

    workers = [threading.Thread(target=write) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert (tmp_path / "blobs" / "same.py").read_bytes() == data
    assert os.listdir(tmp_path / "blobs") == ["same.py"]
