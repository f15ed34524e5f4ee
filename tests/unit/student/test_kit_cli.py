"""`aimath-student`: the kit's command, with aimath's table, limits and exit codes."""

import zipfile
from pathlib import Path

import pytest

from autograder.student.catalog import Assignment, Catalog
from autograder.student.cli import main
from autograder.student.limits import Limits

TESTS = '''
def test_double(student):
    """double: 2 becomes 4"""
    assert student.double(2) == 4
'''


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Catalog:
    """A catalog of `demo`, whose public test sits beside the notebook, in the cwd."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "test_demo.py").write_text(TESTS, encoding="utf-8")
    return Catalog((Assignment("demo", ("double",)),), limits=Limits(call_timeout=2.0))


@pytest.mark.parametrize(("code", "status"), [("return 2 * x", 0), ("return x", 1)])
def test_check_exits_zero_iff_every_test_passes(catalog, capsys, code, status):
    """Does `aimath-student check demo.py` print the table and exit 0 only if all pass?"""
    Path("demo.py").write_text(f"def double(x):\n    {code}\n", encoding="utf-8")
    assert main(["check", "demo.py"], catalog) == status
    assert "double: 2 becomes 4" in capsys.readouterr().out


def test_errors_are_one_line_with_exit_code_one(catalog, capsys):
    """Are a missing file and an unreadable notebook one line on stderr, exit code 1?"""
    Path("demo.ipynb").write_bytes(b"")
    assert main(["check", "nothing.ipynb"], catalog) == 1
    assert main(["check", "demo.ipynb"], catalog) == 1
    assert capsys.readouterr().err.splitlines() == ["Error: nothing.ipynb: no such file",
                                                    "Error: demo.ipynb is empty"]


def test_a_folder_is_named_as_a_folder(catalog, capsys):
    """Is a folder given for the notebook said to be one, not a missing file?"""
    Path("work").mkdir()
    assert main(["check", "work"], catalog) == 1
    assert capsys.readouterr().err == "Error: work is a folder: give the notebook file in it\n"


@pytest.mark.parametrize("option", [["--timeout", "0"], ["--timeout", "-1"],
                                    ["--timeout", "nan"], ["--memory-mb", "0"],
                                    ["--timeout", "soon"]])
def test_a_limit_that_is_not_above_zero_is_a_usage_error(catalog, capsys, option):
    """Is `--timeout 0` (or a memory of 0 MB, or a word) argparse's usage error, exit 2,
    never a traceback?"""
    Path("demo.py").write_text("def double(x):\n    return 2 * x\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["check", "demo.py", *option], catalog)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option[0]}" in err and "Traceback" not in err


def test_submit_checks_then_writes_the_zip(catalog, capsys):
    """Does `submit --student 김민호 --to out` check first, then write a zip into out/?"""
    Path("demo.py").write_text("def double(x):\n    return 2 * x\n", encoding="utf-8")
    assert main(["submit", "demo.py", "--student", "김민호", "--to", "out"], catalog) == 0
    zips = list(Path("out").glob("김민호_demo_*.zip"))
    assert len(zips) == 1 and "demo.py" in zipfile.ZipFile(zips[0]).namelist()
    out = capsys.readouterr().out
    assert "PASS" in out
    assert out.splitlines()[-1] == f"wrote {zips[0]} (a new folder: out)"


def test_submit_asks_before_handing_in_failing_work(catalog, monkeypatch, capsys):
    """Does a failing check ask first, write nothing when the answer is no, and say so?"""
    Path("demo.py").write_text("def double(x):\n    return x\n", encoding="utf-8")
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["submit", "demo.py", "--student", "kim", "--to", "out"], catalog) == 1
    assert not Path("out").exists()
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Not submitted: fix the failing tests, or submit with --force.")


def test_a_bad_student_id_fails_before_the_check(catalog, capsys):
    """Is an id that cannot be handed in one error before any test runs (no table)?"""
    Path("demo.py").write_text("def double(x):\n    return 2 * x\n", encoding="utf-8")
    assert main(["submit", "demo.py", "--student", "../kim", "--to", "out"], catalog) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Error: invalid student id '../kim'")


def test_korean_check_says_titles_and_cells_in_korean(tmp_path, monkeypatch, capsys):
    """With the catalog's Korean titles, does `check --lang ko` title the public test in
    Korean and name a .py file's broken statement by its Korean line label?"""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "test_demo.py").write_text(TESTS, encoding="utf-8")
    titles = {"ko": {"test_double": "double: 2는 4가 됩니다"}}
    catalog = Catalog((Assignment("demo", ("double",), titles=titles),),
                      limits=Limits(call_timeout=2.0))
    Path("demo.py").write_text("x = 1 +\n\ndef double(x):\n    return 2 * x\n", "utf-8")
    assert main(["check", "demo.py", "--lang", "ko"], catalog) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "통과    double: 2는 4가 됩니다" in lines
    assert "셀      1번째 줄" in lines


def test_an_approx_failure_is_one_line_in_the_table(catalog, capsys):
    """Does a failed `== pytest.approx(4.0)` show the returned and expected values on one
    line, without pytest's `comparison failed` block?"""
    Path("test_demo.py").write_text(
        'import pytest\n\ndef test_double(student):\n    """double: 2 becomes 4"""\n'
        '    assert student.double(2) == pytest.approx(4.0)\n', encoding="utf-8")
    Path("demo.py").write_text("def double(x):\n    return float(x)\n", encoding="utf-8")
    assert main(["check", "demo.py"], catalog) == 1
    lines = capsys.readouterr().out.splitlines()
    failed = lines.index("FAIL    double: 2 becomes 4")
    assert lines[failed + 1].strip() == "assert 2.0 == 4.0 ± 4.0e-06"
    assert not any("comparison failed" in line for line in lines)


def test_submit_checks_under_the_timeout_it_is_given(catalog, capsys):
    """Does `submit --timeout 0.3` stop a 1.5 s call at 0.3 s (the course allows 2 s), and
    still hand in with --force?"""
    Path("demo.py").write_text("import time\n\ndef double(x):\n    time.sleep(1.5)\n"
                               "    return 2 * x\n", encoding="utf-8")
    assert main(["submit", "demo.py", "--student", "s1", "--to", "out", "--force",
                 "--timeout", "0.3"], catalog) == 0
    assert "0.3 s" in capsys.readouterr().out
    assert len(list(Path("out").glob("s1_demo_*.zip"))) == 1


def test_submit_says_when_the_notebook_was_answered_for_another_id(catalog, capsys):
    """A quiz's values are drawn for its STUDENT_ID: does handing it in under another id say
    whose values it will be graded with, and say nothing when the ids agree?"""
    Path("demo.py").write_text('STUDENT_ID = "v02"\n\ndef double(x):\n    return 2 * x\n',
                               encoding="utf-8")
    assert main(["submit", "demo.py", "--student", "20239999", "--to", "out"], catalog) == 0
    said = capsys.readouterr().out
    assert ("note: the notebook's STUDENT_ID is 'v02', but you hand it in as '20239999': it "
            "is graded with the values of '20239999'") in said
    assert said.index("STUDENT_ID") > said.index("double"), "under the table, seen last"
    assert main(["submit", "demo.py", "--student", "v02", "--to", "out"], catalog) == 0
    assert "STUDENT_ID" not in capsys.readouterr().out


def test_another_assignments_file_given_an_assignment_says_which_it_is(tmp_path, capsys,
                                                                       monkeypatch):
    """`check softmax.py --assignment demo` on a file that defines none of demo's functions
    but one of `other`: is it one line naming `other`, where every test said its function
    was not defined? A file defining none at all is still checked (every test fails)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "test_demo.py").write_text(TESTS, encoding="utf-8")
    catalog = Catalog((Assignment("demo", ("double",)), Assignment("other", ("softmax",))),
                      limits=Limits(call_timeout=2.0))
    Path("softmax.py").write_text("def softmax(z):\n    return z\n", encoding="utf-8")
    assert main(["check", "softmax.py", "--assignment", "demo"], catalog) == 1
    assert capsys.readouterr().err == (
        "Error: softmax.py defines none of the functions of demo (double), and some of other:"
        " pass --assignment other, or check the right file\n")
    Path("empty.py").write_text("x = 1\n", encoding="utf-8")
    assert main(["check", "empty.py", "--assignment", "demo"], catalog) == 1
    assert "double: 2 becomes 4" in capsys.readouterr().out
