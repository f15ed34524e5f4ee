"""The small `aimath` commands: list, check, submit, and the errors bad arguments get."""

import json
from pathlib import Path

from click.testing import CliRunner

from autograder.cli import main
from autograder.course.assignments import ROOT
from autograder.grading.points import collect_suite


def test_list_shows_every_assignment_with_points():
    """Does `aimath list` show every exercise and quiz with its hidden tests and points?"""
    result = CliRunner().invoke(main, ["list"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "01_vectors" in result.output and "quiz_10" in result.output
    row = next(line for line in result.output.splitlines() if "01_vectors" in line)
    count, points = collect_suite("01_vectors")
    assert count > 0 and points >= count
    assert [cell.strip() for cell in row.split("│")][4:6] == [str(count), f"{points:g}"]


def test_grade_rejects_an_unknown_assignment(tmp_path):
    """Does a mistyped assignment id get a usage error that lists the valid ids?"""
    result = CliRunner().invoke(main, ["grade", str(tmp_path), "--assignment", "01_vector",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "unknown assignment '01_vector'" in result.output
    assert "01_vectors" in result.output


def test_grade_reports_an_empty_folder(tmp_path):
    """Does a folder without submissions fail with a clear message, not a traceback?"""
    (tmp_path / "subs").mkdir()
    result = CliRunner().invoke(main, ["grade", str(tmp_path / "subs"), "--assignment",
                                       "01_vectors", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no .ipynb, .py or submission .zip files found" in result.output


def test_check_passes_a_model_solution():
    """Does `aimath check` exit 0 and list the public tests for a correct notebook?"""
    notebook = ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb"
    result = CliRunner().invoke(main, ["check", str(notebook)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "PASS" in result.output and "FAIL" not in result.output


def test_check_fails_the_released_stub_and_says_why():
    """Does a stub fail every public test with a plain explanation?"""
    notebook = ROOT / "release" / "01_vectors" / "01_vectors.ipynb"
    result = CliRunner().invoke(main, ["check", str(notebook)], terminal_width=200)
    assert result.exit_code == 1
    assert "PASS" not in result.output
    assert "not written yet" in result.output


def test_check_needs_an_assignment_it_can_infer(tmp_path):
    """Is a file whose name names no assignment refused with the valid ids?"""
    path = tmp_path / "homework.py"
    path.write_text("x = 1\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "pass --assignment" in result.output


def test_submit_writes_a_zip_that_grade_accepts(tmp_path):
    """Does `aimath submit` write a verified zip that `aimath grade` grades for that student?"""
    notebook = ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb"
    result = CliRunner().invoke(main, ["submit", str(notebook), "--student", "kim",
                                       "--to", str(tmp_path / "inbox")])
    assert result.exit_code == 0, result.output
    graded = CliRunner().invoke(main, ["grade", str(tmp_path / "inbox"), "--assignment",
                                       "01_vectors", "--out", str(tmp_path / "out")])
    assert graded.exit_code == 0, graded.output
    data = json.loads((tmp_path / "out" / "kim" / "results.json").read_text())
    assert data["score"] == data["max_score"] > 0


def test_quiz_check_flags_forms_without_revealing_answers():
    """Does a quiz self-check flag a wrongly-formed answer but say nothing about right ones?"""
    minho = ROOT / "samples" / "quiz_01" / "minho.py"  # q3 and q4 are wrong, q7 is a bool
    result = CliRunner().invoke(main, ["check", str(minho), "--assignment", "quiz_01"],
                                terminal_width=200)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    rows = {line[8:].split(":")[0]: (line[:8].strip(), lines[n + 1].strip())
            for n, line in enumerate(lines) if line[:8].strip() in ("PASS", "FAIL")}
    assert rows["q7"][0] == "FAIL" and "letters A, B, C, D" in rows["q7"][1]
    assert all(rows[q][0] == "PASS" for q in ("q3", "q4"))  # wrong, but well formed
    jisoo = ROOT / "samples" / "quiz_01" / "jisoo.py"
    assert CliRunner().invoke(main, ["check", str(jisoo), "--assignment", "quiz_01"]).exit_code == 0


def test_every_command_is_named_with_its_module():
    """Does COMMANDS name each command the modules define, so that importing only a
    command's own module (`aimath check` skips the grader's imports) still finds it?"""
    import importlib

    from autograder.cli import COMMANDS

    for module in set(COMMANDS.values()):
        importlib.import_module(f"autograder.cli.{module}")
    assert set(main.commands) == set(COMMANDS)
    for name, command in main.commands.items():
        assert command.callback is None or \
            command.callback.__module__ == f"autograder.cli.{COMMANDS[name]}"


def test_a_check_piped_into_a_reader_that_stops_ends_quietly(tmp_path):
    """`aimath check NB | head -1`, and the kit's check the same way: when the reader has
    gone, does the command end as a pipe's writer does (141, SIGPIPE's code) without an
    error line, where it printed "Error: [Errno 32] Broken pipe"?"""
    import os
    import subprocess
    import sys

    notebook = ROOT / "release" / "01_vectors" / "01_vectors.ipynb"
    aimath = str(Path(sys.executable).parent / "aimath")
    for command in ([aimath, "check", str(notebook)],
                    [sys.executable, "-m", "aimath_student", "check", str(notebook)]):
        read, write = os.pipe()
        os.close(read)  # the reader has gone before the first line
        try:
            done = subprocess.run(command, stdout=write, stderr=subprocess.PIPE, text=True,
                                  cwd=notebook.parent, timeout=120)
        finally:
            os.close(write)
        assert done.returncode == 141 and "Broken pipe" not in done.stderr, done.stderr
