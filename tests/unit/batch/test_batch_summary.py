"""What a batch tells whoever ran it: the whole class as its results stand after the run (a
resumed run counts everyone), an exit code that fails only when a student has no result, and
student text printed as it is, never as Rich markup."""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath

import pytest
from rich.console import Console
from support.factories import result, test, unreadable

from autograder.batch.grade import ClassResults
from autograder.batch.summary import BatchReport, ProgressDisplay
from autograder.batch.tasks import Line
from autograder.grading.model import Failure, Status
from autograder.message import msg
from autograder.reports import results
from autograder.safefs import write_beneath

MARKUP = "[bold red]mallory[/bold red]"


def console(terminal: bool = False) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=400, color_system=None, force_terminal=terminal,
                   legacy_windows=False), buffer


def stored(out: Path, *graded: object) -> None:
    """results.json files as an earlier (or this) run left them."""
    for one in graded:
        write_beneath(out, PurePosixPath(one.student, "results.json"),  # type: ignore[attr-defined]
                      results.dumps(one))  # type: ignore[arg-type]


def test_a_resumed_run_counts_the_whole_class(tmp_path: Path) -> None:
    """After a resume that graded one student and skipped two, does the summary count all
    three, by status, with the mean of every graded one?"""
    stored(tmp_path, result("alice", test("f: a", 1.0), test("f: b", 1.0)),
           result("bob", test("f: a", 1.0), test("f: b", 0.0)), unreadable("carol"))
    report = BatchReport("01_vectors", graded_now=1, unchanged=2)
    students = ["alice", "bob", "carol"]
    report.add_class(iter(ClassResults(tmp_path, students)), students)
    assert report.statuses == {"graded": 2, "unreadable": 1}
    assert sorted(report.fractions) == [0.5, 1.0]
    assert (report.missing, report.exit_code) == ([], 0)
    screen, buffer = console()
    report.print(screen, "en", str(tmp_path))
    text = buffer.getvalue()
    assert "│ 3 " in text and "│ 1 " in text and "│ 2 " in text
    assert "75%" in text or "75.0%" in text


def test_the_exit_code_fails_only_for_a_student_without_a_result(tmp_path: Path) -> None:
    """Is the exit code 0 whatever students scored (errors and conflicts included), and 1 as
    soon as one student has no readable result, who is named?"""
    stored(tmp_path, result("alice", test("f: a", 0.0)),
           result("bob", status=Status.ERROR, problem=msg("grader.worker_crashed")),
           result("carol", status=Status.CONFLICT, problem=msg("intake.conflict", id="carol",
                                                                 names="a, b")))
    everyone = BatchReport("01_vectors")
    everyone.add_class(iter(ClassResults(tmp_path, ["alice", "bob", "carol"])),
                       ["alice", "bob", "carol"])
    assert everyone.exit_code == 0
    (tmp_path / "dave").mkdir()
    (tmp_path / "dave" / "results.json").write_text("{damaged")
    missing = BatchReport("01_vectors")
    students = ["alice", "bob", "carol", "dave", "erin"]
    missing.add_class(iter(ClassResults(tmp_path, students)), students)
    assert missing.missing == ["dave", "erin"] and missing.exit_code == 1
    screen, buffer = console()
    missing.print(screen, "en", str(tmp_path))
    assert "no result for dave" in buffer.getvalue()
    assert "no result for erin" in buffer.getvalue()


def test_the_class_must_be_given_whole() -> None:
    """Is a list of results that does not match the list of students refused?"""
    with pytest.raises(ValueError):
        BatchReport("01_vectors").add_class([None], ["alice", "bob"])


def test_student_text_is_printed_literally_never_as_markup() -> None:
    """Is a student id holding Rich markup printed exactly as it is (missing students, progress
    lines, warning layers and the output folder)?"""
    report = BatchReport("01_vectors")
    report.add_class([None, result("x", warnings=("[blink]landlock[/blink]",))],
                     [MARKUP, "x"])
    screen, buffer = console()
    report.print(screen, "en", "/tmp/[bold]out[/bold]")
    text = buffer.getvalue()
    assert f"no result for {MARKUP}" in text
    assert "[blink]landlock[/blink]" in text and "\\[blink]" not in text
    assert "/tmp/[bold]out[/bold]" in text
    with ProgressDisplay(screen, "en") as display:
        display.update(Line(MARKUP, 1.0, 2.0, "graded", 0.5))
    assert f"{MARKUP}: 1/2" in buffer.getvalue()


def test_the_progress_bar_shows_student_text_literally() -> None:
    """On a terminal, does the progress bar's description show a markup id as it is?"""
    screen, buffer = console(terminal=True)
    with ProgressDisplay(screen, "en") as display:
        display.start(1)
        display.update(Line(MARKUP, 1.0, 2.0, "graded", 0.5))
    assert MARKUP in buffer.getvalue()


def test_a_small_class_is_read_once_and_a_big_one_on_every_pass(tmp_path, monkeypatch):
    """Does a second pass over a small class reuse what the first read, while a class over
    the bound is read from disk again (memory stays flat)?"""
    stored(tmp_path, result("alice"), result("bob"))
    reads: list[str] = []
    load = results.load
    monkeypatch.setattr(results, "load", lambda out, s: reads.append(s) or load(out, s))
    small = ClassResults(tmp_path, ["alice", "bob", "carol"])
    assert [r and r.student for r in small] == ["alice", "bob", None]
    assert [r.student for r in small.present()] == ["alice", "bob"]
    assert reads == ["alice", "bob", "carol"]
    monkeypatch.setattr(ClassResults, "KEEP", 1)
    big = ClassResults(tmp_path, ["alice", "bob"])
    list(big), list(big)
    assert reads[3:] == ["alice", "bob", "alice", "bob"]


def test_a_result_read_as_its_line_arrives_is_not_read_again(tmp_path, monkeypatch):
    """Does the pass after grading reuse a result read the moment it was graded, and read
    only the ones not read yet?"""
    stored(tmp_path, result("alice"), result("bob"))
    reads: list[str] = []
    load = results.load
    monkeypatch.setattr(results, "load", lambda out, s: reads.append(s) or load(out, s))
    class_ = ClassResults(tmp_path, ["alice", "bob"])
    assert class_.read("bob").student == "bob"
    assert [r.student for r in class_.present()] == ["alice", "bob"]
    assert reads == ["bob", "alice"]


def _summary(*graded: object) -> str:
    report = BatchReport("02_matrices")
    report.add_class(graded, [one.student for one in graded])  # type: ignore[attr-defined]
    screen, buffer = console()
    report.print(screen, "en", "out")
    return buffer.getvalue()


def test_a_class_that_defines_none_of_the_functions_is_told_to_check_the_assignment() -> None:
    """When no graded student defines any function tested (01_vectors notebooks graded as
    02_matrices, say), does the summary ask whether --assignment is right, and stay quiet
    as soon as one student defines one?"""
    missing = test("matmul: a", 0.0, failure=Failure.MISSING)
    lost = [result(s, missing, test("trace: b", 0.0, failure=Failure.MISSING))
            for s in ("alice", "bob")]
    assert "was --assignment meant to be another id?" in _summary(*lost, unreadable("carol"))
    one_defines = result("dan", missing, test("trace: b", 0.0, failure=Failure.WRONG))
    assert "--assignment" not in _summary(*lost, one_defines)


@pytest.mark.parametrize(("oversubscribed", "warned"), [((4, 2), True), (None, False)])
def test_more_workers_than_cpus_is_said(tmp_path: Path, oversubscribed: tuple[int, int] | None,
                                        warned: bool) -> None:
    """With --jobs 4 on 2 CPUs, does the summary say that slow code may time out where it
    would not with --jobs 2 (calls are timed by the clock), and say nothing otherwise?"""
    report = BatchReport("01_vectors", oversubscribed=oversubscribed)
    screen, buffer = console()
    report.print(screen, "en", str(tmp_path))
    assert ("--jobs 4 on 2 CPUs" in buffer.getvalue()) is warned
    assert ("with --jobs 2 or fewer" in buffer.getvalue()) is warned
