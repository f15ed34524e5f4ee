"""The self-check's spare child: started from the command line alone, taken by the check of
that notebook's folder, stopped otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.student import spawn
from autograder.student.limits import Limits
from autograder.student.notebook import read_bytes
from autograder.student.runner import Request, run_check

TESTS = '''
def test_double(student):
    """double: 2 becomes 4"""
    assert student.double(2) == 4
'''


@pytest.fixture(autouse=True)
def no_spare_left() -> Iterator[None]:
    yield
    spawn._stop_spare()


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    path = tmp_path / "sub.py"
    path.write_text("def double(x):\n    return 2 * x\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("argv", [
    ["check", "{nb}"],
    ["check", "--assignment", "01_vectors", "{nb}"],
    ["check", "{nb}", "--lang", "ko"],
    ["submit", "--student", "kim", "--to", "out", "{nb}", "--force"],
    ["check", "--timeout=3", "{nb}"],
])
def test_the_notebook_of_a_check_or_submit_command_line(argv: list[str], notebook: Path) -> None:
    assert spawn.checked_notebook([a.format(nb=notebook) for a in argv]) == str(notebook)


@pytest.mark.parametrize("argv", [
    [], ["grade", "{nb}"], ["check"], ["check", "--help"], ["check", "{nb}.missing"],
    ["check", "--assignment", "{nb}"],  # the path is the option's value, not the notebook
])
def test_no_notebook_no_spare(argv: list[str], notebook: Path) -> None:
    line = [a.format(nb=notebook) for a in argv]
    assert spawn.checked_notebook(line) is None
    spawn.start_spare(line)
    assert spawn.take(notebook.parent) is None


def test_the_check_takes_the_spare_started_for_its_folder(notebook: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    spawn.start_spare(["check", str(notebook)])
    spare = spawn._spare[0]
    monkeypatch.setattr(spawn.Child, "start", _no_second_child)
    tests = notebook.parent / "test_demo.py"
    tests.write_text(TESTS, encoding="utf-8")
    source = read_bytes(notebook.read_bytes(), notebook.name)
    report = run_check(Request(source, "demo", tests, cwd=notebook.parent), Limits())
    assert [r.passed for r in report.tests] == [True] and report.isolated
    assert spawn._spare == [] and spare.process.returncode is not None


def test_a_spare_for_another_folder_is_stopped_not_used(notebook: Path, tmp_path: Path) -> None:
    spawn.start_spare(["check", str(notebook)])
    spare = spawn._spare[0]
    assert spawn.take(tmp_path / "elsewhere") is None
    assert spare.process.returncode is not None
    assert not Path(spare.scratch.name).exists()


def test_a_child_given_no_job_exits_quietly(notebook: Path) -> None:
    child = spawn.Child.start(notebook.parent)
    assert child.process.stdin is not None
    child.process.stdin.close()
    assert child.process.wait(timeout=60) == 0
    assert child.output.read_text(encoding="utf-8") == ""
    child.stop()


def _no_second_child(cwd: Path) -> spawn.Child:
    raise AssertionError(f"a second child was started in {cwd}")
