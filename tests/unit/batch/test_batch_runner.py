"""The local batch's bookkeeping: one holder of an output folder at a time, and a student is
skipped on resume only when the same file was graded by the same grading."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path, PurePosixPath

import pytest
from support import factories

from autograder.batch import runner
from autograder.batch.runner import BatchError, locked, source_sha256, unchanged
from autograder.grading.model import Origin, Status
from autograder.intake.discover import Source
from autograder.message import msg
from autograder.reports import results
from autograder.safefs import write_beneath

KEY = "0123456789abcdef"
LIMIT = 2**20


def test_the_lock_refuses_a_second_holder_and_goes_at_the_end(tmp_path: Path) -> None:
    """While one run holds the output folder, is a second refused with who holds it, and is
    the lock file gone when the first ends?"""
    out = tmp_path / "out"
    with locked(out):
        assert (out / runner.LOCK).read_text() == f"pid {os.getpid()}"
        with pytest.raises(BatchError, match=f"pid {os.getpid()}"), locked(out):
            pass
        assert (out / runner.LOCK).exists()
    assert not (out / runner.LOCK).exists()
    with locked(out):  # free again
        pass


def test_the_lock_goes_when_the_run_fails(tmp_path: Path) -> None:
    """Is the lock released and removed when the run raises?"""
    with pytest.raises(RuntimeError), locked(tmp_path):
        raise RuntimeError("the batch failed")
    assert not (tmp_path / runner.LOCK).exists()
    with locked(tmp_path):
        pass


def test_a_stale_lock_file_of_a_killed_run_does_not_block(tmp_path: Path) -> None:
    """Does a lock file left by a killed run (nobody holds it) let the next run start?"""
    (tmp_path / runner.LOCK).write_text("pid 999999")
    with locked(tmp_path):
        assert (tmp_path / runner.LOCK).read_text() == f"pid {os.getpid()}"


def test_a_planted_lock_link_is_never_followed(tmp_path: Path) -> None:
    """Does a link planted as the lock file leave its target untouched?"""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / runner.LOCK).symlink_to(victim)
    with locked(tmp_path / "out"):
        pass
    assert victim.read_text() == "precious"
    assert not (tmp_path / "out" / runner.LOCK).is_symlink()


def submissions(tmp_path: Path, text: str = "x = 1\n") -> Source:
    (tmp_path / "subs").mkdir(exist_ok=True)
    (tmp_path / "subs" / "alice.py").write_text(text)
    return Source("alice", tmp_path / "subs", PurePosixPath("alice.py"), raw="alice")


def graded(out: Path, source: Source, suite: str = KEY) -> None:
    """A results.json for `source` as a run with fingerprint `suite` wrote it (its notes:
    the source's, then one of loading)."""
    result = replace(factories.result(source.student, factories.test("f: x", 1.0)),
                     origin=Origin(source.filename, "ab" * 32, source_sha256(source, LIMIT),
                                   source.submitted_at),
                     suite=suite, notes=(*source.notes, msg("intake.no_code")))
    write_beneath(out, PurePosixPath(source.student, "results.json"), results.dumps(result))


def test_the_same_file_under_the_same_grading_is_unchanged(tmp_path: Path) -> None:
    """Is a student whose results come from these bytes and this key skipped?"""
    source = submissions(tmp_path)
    graded(tmp_path / "out", source)
    assert unchanged(source, tmp_path / "out", KEY, LIMIT)


def test_other_bytes_or_another_key_are_graded_again(tmp_path: Path) -> None:
    """Is a student graded again after changing the file, or after the grading changed?"""
    source = submissions(tmp_path)
    graded(tmp_path / "out", source)
    assert not unchanged(source, tmp_path / "out", "another key", LIMIT)
    submissions(tmp_path, "x = 2\n")
    assert not unchanged(source, tmp_path / "out", KEY, LIMIT)


def test_the_same_file_collected_at_another_time_is_graded_again(tmp_path: Path) -> None:
    """Is a student graded again when only the collection time changed (a corrected
    timestamp.txt, a re-collection), so the late penalty follows the time that counts?"""
    source = replace(submissions(tmp_path), submitted_at="2026-03-21T10:00:00+00:00")
    graded(tmp_path / "out", source)
    assert unchanged(source, tmp_path / "out", KEY, LIMIT)
    corrected = replace(source, submitted_at="2026-03-19T10:00:00+00:00")
    assert not unchanged(corrected, tmp_path / "out", KEY, LIMIT)


def test_a_file_found_beside_it_since_or_gone_grades_it_again(tmp_path: Path) -> None:
    """Is the same file graded again when what the collection notes about it changed (a
    second file beside it found since, or gone since), so its results say it, where a
    resumed run kept the old results and said nothing?"""
    alone = submissions(tmp_path)
    beside = replace(alone, notes=(msg("intake.also_found", names="alice.py"),))
    graded(tmp_path / "out", alone)
    assert unchanged(alone, tmp_path / "out", KEY, LIMIT)
    assert not unchanged(beside, tmp_path / "out", KEY, LIMIT)
    graded(tmp_path / "out", beside)
    assert unchanged(beside, tmp_path / "out", KEY, LIMIT)
    assert not unchanged(alone, tmp_path / "out", KEY, LIMIT)


def test_missing_or_damaged_results_are_graded_again(tmp_path: Path) -> None:
    """Is a student without results, or with a damaged results.json, graded again?"""
    source = submissions(tmp_path)
    assert not unchanged(source, tmp_path / "out", KEY, LIMIT)
    (tmp_path / "out" / "alice").mkdir(parents=True)
    (tmp_path / "out" / "alice" / "results.json").write_text('{"score": 1}')
    assert not unchanged(source, tmp_path / "out", KEY, LIMIT)


def test_only_students_graded_the_same_way_are_left_out(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Does `to_grade` keep every student but the one whose results match, reading results
    only where the output folder has the student's folder (a first run reads none)?"""
    alice = submissions(tmp_path)
    bob = replace(alice, student="bob")
    out = tmp_path / "out"
    graded(out, alice)
    read: list[str] = []

    def counted(source: Source, *args: object) -> bool:
        read.append(source.student)
        return unchanged(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "unchanged", counted)
    assert runner.to_grade([alice, bob], out, KEY, LIMIT) == [bob]
    assert read == ["alice"]
    assert runner.to_grade([alice, bob], out, "another key", LIMIT) == [alice, bob]


def test_a_linked_results_json_is_never_trusted(tmp_path: Path) -> None:
    """Is a results.json that is a link (or sits in a linked folder) never taken as
    already graded, even when its content would match?"""
    source = submissions(tmp_path)
    graded(tmp_path / "elsewhere", source)
    (tmp_path / "out" / "alice").mkdir(parents=True)
    (tmp_path / "out" / "alice" / "results.json").symlink_to(
        tmp_path / "elsewhere" / "alice" / "results.json")
    assert not unchanged(source, tmp_path / "out", KEY, LIMIT)
    (tmp_path / "out2").mkdir()
    (tmp_path / "out2" / "alice").symlink_to(tmp_path / "elsewhere" / "alice")
    assert not unchanged(source, tmp_path / "out2", KEY, LIMIT)


def test_an_unreadable_source_is_always_graded_again(tmp_path: Path) -> None:
    """Is a source that is refused, missing or a link hashed as "" and so never skipped?"""
    source = submissions(tmp_path)
    refused = replace(source, status=Status.REFUSED,
                      problem=msg("intake.refused_link", file="alice.py"))
    assert source_sha256(refused, LIMIT) == ""
    assert not unchanged(refused, tmp_path / "out", KEY, LIMIT)
    os.unlink(tmp_path / "subs" / "alice.py")
    assert source_sha256(source, LIMIT) == ""
    (tmp_path / "subs" / "alice.py").symlink_to(tmp_path / "elsewhere.py")
    (tmp_path / "elsewhere.py").write_text("x = 1\n")
    assert source_sha256(source, LIMIT) == ""
    assert len(source_sha256(replace(source, relative=PurePosixPath("../elsewhere.py")),
                             LIMIT)) == 0


def test_the_source_hash_is_of_the_file_collected(tmp_path: Path) -> None:
    """Is the hash the sha256 of the collected file's bytes (within the limit)?"""
    import hashlib

    source = submissions(tmp_path, "print('hi')\n")
    assert source_sha256(source, LIMIT) == hashlib.sha256(b"print('hi')\n").hexdigest()
    assert source_sha256(source, 3) == ""
