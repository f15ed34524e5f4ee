"""The small `aimath` commands: list, check, and the errors bad arguments get."""

from click.testing import CliRunner

from autograder.cli import main
from autograder.points import collect_suite


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
