"""The one notebook reader: every broken file is refused with a message that says what is
wrong; what can run is split into cells numbered the same way everywhere; magics that only
time or configure output keep their code, the others are skipped with a note."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder.student.limits import DEFAULT_LIMITS
from autograder.student.notebook import (
    MAX_CELLS,
    MAX_CODE,
    Note,
    NotebookError,
    read_bytes,
    read_inputs,
    read_path,
)


def nb(*sources, version=4, **extra) -> bytes:
    """A notebook's bytes with code cells `sources` (each a string or a list of lines)."""
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "source": s} for s in sources]
    return json.dumps({"nbformat": version, "metadata": {}, "cells": cells, **extra}).encode()


def codes(data: bytes, name: str = "a.ipynb") -> list[str]:
    return [cell.code for cell in read_bytes(data, name).cells]


@pytest.mark.parametrize(("data", "name", "message"), [
    (b'{"cells": [', "a.ipynb", "a.ipynb is not valid notebook JSON (line 1, column 12"),
    (b"PK\x03\x04\x00\x00binary", "a.ipynb", "a.ipynb holds binary data, not text"),
    (nb("x = 1", version=3), "a.ipynb", "a.ipynb is in nbformat 3; only nbformat 4"),
    (json.dumps({"cells": []}).encode(), "a.ipynb", "a.ipynb has no nbformat version"),
    (b"", "a.ipynb", "a.ipynb is empty"),
    (b"  \n\t \n", "a.py", "a.py is empty"),
    (b"[1, 2, 3]", "a.ipynb", "a.ipynb is JSON but not a Jupyter notebook (no 'cells')"),
    (b'{"cells": "nope", "nbformat": 4}', "a.ipynb",
     "a.ipynb is JSON but not a Jupyter notebook ('cells' that is not a list)"),
    (b'{"metadata": {}}', "a.ipynb", "a.ipynb is JSON but not a Jupyter notebook"),
    (json.dumps({"nbformat": 4, "worksheets": []}).encode(), "a.ipynb",
     "a.ipynb says nbformat 4 but keeps its cells the older way"),
    (nb(42), "a.ipynb", "a.ipynb: a code cell's source is not text"),
    (nb(["x = 1\n", None]), "a.ipynb", "a.ipynb: a code cell's source is not text"),
    ("x = 'é'\n".encode("utf-16"), "a.py", "a.py is UTF-16 text, not UTF-8"),
    ("x = 'café'\n".encode("latin-1"), "a.py", "a.py is not UTF-8 text (byte 8)"),
    (b"# coding: cp949\nx = '\xff\xff'\n", "a.py",
     "a.py is not cp949 text (byte 21), the encoding its first lines declare"),
    (b"[" * 100_000 + b"]" * 100_000, "a.ipynb", "a.ipynb is nested too deeply"),
    (b"x = 1\n", "a.txt", "a.txt: expected a .ipynb notebook or a .py file"),
    (nb("x = 1"), "hw1.py", "hw1.py holds a Jupyter notebook, not Python code: save it as "
     "hw1.ipynb"),
])
def test_unreadable_files_say_exactly_what_is_wrong(data, name, message):
    """Is each kind of broken file refused with a NotebookError that names the problem?"""
    with pytest.raises(NotebookError) as caught:
        read_bytes(data, name)
    assert str(caught.value).startswith(message), str(caught.value)


@pytest.mark.parametrize("declared", ["# -*- coding: cp949 -*-",
                                      "# vim: set fileencoding=euc-kr :"])
def test_a_py_file_is_read_in_the_encoding_it_declares(declared):
    """A `.py` an older Korean editor saved in cp949, saying so on its first line as Python
    reads it (PEP 263): is it read as Python runs it, where it was refused as not UTF-8?"""
    code = f"{declared}\n# 벡터의 L1 노름\ndef l1_norm(x):\n    return '합'\n"
    source = read_bytes(code.encode("cp949"), "cookie.py")
    assert [cell.code for cell in source.cells] == ["def l1_norm(x):\n    return '합'\n"]


@pytest.mark.parametrize("declared", ["hex", "no-such-codec", "punycode", "idna", "utf-7",
                                      "unicode_escape", "iso2022_kr", "hz", "utf-16"])
def test_a_declaration_of_no_code_pages_encoding_is_read_as_utf_8(declared):
    """A codec that is not a text encoding (`hex`), an unknown name, or one that is no code
    page's (`punycode` decodes in time growing with the square of the file: an attacker's
    2 MB stalled a worker for minutes; `utf-7` and `iso2022` read one way in an editor and
    another in Python): is the file read as UTF-8, as if nothing were declared?"""
    data = f"# coding: {declared}\nx = '+AGEAYgBj-'\n".encode("ascii")
    assert read_bytes(data, "a.py").cells[0].code == "x = '+AGEAYgBj-'\n"


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    """Is a 21 MiB file refused by size, with the limit in the message?"""
    path = tmp_path / "alice.py"
    path.write_bytes(b"#" * (DEFAULT_LIMITS.upload_mb * 2**20 + 2**20))
    with pytest.raises(NotebookError, match=r"alice.py: 21 MiB is over the 20 MiB limit"):
        read_path(path)


def test_a_huge_cell_under_the_limit_loads_as_one_cell():
    """Does a cell of almost all the code a hand-in may hold (500 KB) load whole, as one
    cell? (A 5 MB one is refused: see below.)"""
    code = "x = [" + "1, " * 170_000 + "]"
    assert codes(nb(code)) == [code]


def test_code_cells_are_numbered_among_code_cells_from_the_top():
    """Are markdown cells left out of the count, empty code cells counted but dropped, and
    a UTF-8 BOM accepted?"""
    data = json.loads(nb(["import numpy as np\n", "x = 1"], "", "y = 2"))
    data["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "source": "# Title"})
    source = read_bytes(b"\xef\xbb\xbf" + json.dumps(data).encode(), "alice.ipynb")
    assert [(c.index, c.label, c.code) for c in source.cells] == [
        (1, "code cell 1", "import numpy as np\nx = 1"), (3, "code cell 3", "y = 2")]
    assert source.cells[1].filename == "<code cell 3>"
    assert len(source.sha256) == 64 and source.filename == "alice.ipynb"


@pytest.mark.parametrize(("cell", "runs"), [
    ("%%time\ndef softmax(z):\n    return z", "pass\ndef softmax(z):\n    return z"),
    ("%%capture out\nx = 1", "pass\nx = 1"),
    ("%time x = f()\ny = 2", "x = f()\ny = 2"),
    ("if True:\n    %time x = f()", "if True:\n    x = f()"),
    ("%matplotlib inline\nimport numpy as np", "pass\nimport numpy as np"),
    ("%config InlineBackend.figure_format = 'svg'\nx = 1", "pass\nx = 1"),
])
def test_magics_that_only_time_or_configure_output_keep_the_code_running(cell, runs):
    """Does the code under `%%time`, `%%capture`, `%time` run (with the magic line turned
    into `pass` so line numbers stay), silently?"""
    source = read_bytes(nb(cell), "a.ipynb")
    assert [c.code for c in source.cells] == [runs]
    assert source.notes == ()


def test_other_magics_and_shell_lines_are_skipped_with_a_note():
    """Do `!pip`, `%cd` and `np.sum?` become `pass` (keeping indentation) with one typed
    note each, naming the cell and the magic text?"""
    source = read_bytes(nb("import numpy as np", "!pip install x\nif True:\n    %cd /tmp\n"
                           "np.sum?\nx = 1"), "a.ipynb")
    assert source.cells[1].code == "pass\nif True:\n    pass\npass\nx = 1"
    assert source.notes == (Note("line", "code cell 2", "!pip install x"),
                            Note("line", "code cell 2", "%cd /tmp"),
                            Note("line", "code cell 2", "np.sum?"))
    assert str(source.notes[0]) == ("code cell 2: skipped '!pip install x' (IPython magics and "
                                    "shell commands do not run when grading or checking)")


def test_a_cell_magic_that_is_not_python_skips_the_whole_cell():
    """Is a `%%bash` cell dropped with a note, and the other cells kept and numbered?"""
    source = read_bytes(nb("%%bash\nrm -rf /", "y = 1"), "a.ipynb")
    assert [(c.label, c.code) for c in source.cells] == [("code cell 2", "y = 1")]
    assert source.notes == (Note("cell", "code cell 1", "%%bash"),)


def marked(source: str, **nbgrader) -> dict:
    """A code cell carrying nbgrader's marks (`grade`, `solution`, ...) and, as nbgrader's
    release leaves it, the checksum nbgrader computes for them (`nbgrader.utils`)."""
    from nbformat import from_dict
    from nbgrader.utils import compute_checksum

    cell = {"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "c", **nbgrader}},
            "outputs": [], "execution_count": None, "source": source}
    cell["metadata"]["nbgrader"]["checksum"] = compute_checksum(from_dict(cell))
    return cell


def notebook_of(*cells: dict) -> bytes:
    return json.dumps({"nbformat": 4, "metadata": {}, "cells": list(cells)}).encode()


def labels(*cells: dict) -> list[str]:
    return [c.label for c in read_bytes(notebook_of(*cells), "a.ipynb").cells]


def test_an_nbgrader_tests_cell_as_released_is_the_instructors_and_never_runs():
    """Is nbgrader's "Autograder tests" cell (graded, not an answer), as released (its
    checksum matches), left out, the cells around it keeping their numbers, while answer,
    manually graded and read-only cells run? It holds the instructor's code only: run as the
    student's, its import of the instructor's helpers failed in every student's feedback."""
    assert labels(
        marked("def f(x):\n    return x", grade=False, solution=True),
        marked("import nbchecks\nnbchecks.check(globals())", grade=True, solution=False,
               points=2),
        marked("g = 2", grade=True, solution=True, points=1),
        marked("h = 3", grade=False, solution=False, locked=True)) == [
        "code cell 1", "code cell 3", "code cell 4"]


def test_a_tests_cell_the_student_changed_runs_as_their_code():
    """Does a tests cell whose code, marks or points differ from what was released (a student
    who wrote their function in it, an answer cell whose marks a copy and paste changed, a
    forged grade flag) run as the student's code, so nothing they wrote is dropped?"""
    released = marked("assert f(1) == 1", grade=True, solution=False, points=2)
    written = json.loads(json.dumps(released))
    written["source"] = "assert f(1) == 1\ndef angle(x, y):\n    return 0.0"
    repointed = json.loads(json.dumps(released))
    repointed["metadata"]["nbgrader"]["points"] = 5
    answer = marked("def l1_norm(x):\n    return 1", grade=False, solution=True)
    answer["metadata"]["nbgrader"].update(grade=True, solution=False, points=1)
    unmarked = dict(released, metadata={})
    assert labels(written, repointed, answer, unmarked) == [
        "code cell 1", "code cell 2", "code cell 3", "code cell 4"]


@pytest.mark.parametrize("metadata", [None, [], {"nbgrader": "yes"}, {"nbgrader": []},
                                      {"nbgrader": {"grade": "true", "checksum": "x"}},
                                      {"nbgrader": {"grade": True, "points": "2",
                                                    "grade_id": "c", "checksum": "x"}},
                                      {"nbgrader": {"grade": True, "points": 2,
                                                    "grade_id": ["c"], "checksum": "x"}}])
def test_odd_nbgrader_metadata_leaves_the_cell_to_run(metadata):
    """Is a cell whose metadata is not nbgrader's own shape (a list, a string, points or an
    id of the wrong type) read as an ordinary code cell, never an error?"""
    cell = {"cell_type": "code", "metadata": metadata, "outputs": [], "source": "x = 1"}
    assert [c.code for c in read_bytes(notebook_of(cell), "a.ipynb").cells] == ["x = 1"]


def test_long_magic_text_is_capped():
    """Is a note's magic text at most 60 characters?"""
    source = read_bytes(nb("!" + "x" * 200), "a.ipynb")
    assert len(source.notes[0].text) == 60


def test_operators_at_the_start_of_a_line_are_not_magics():
    """Do `!=` and `% b` continuation lines stay Python?"""
    code = "ok = (1\n      != 2)\nr = (7\n     % 3)"
    assert codes(nb(code)) == [code]


def test_self_check_calls_are_left_out_everywhere():
    """Are `from aimath_student import ...` and calls of what it imported blanked (so the
    released last cell never runs inside a check or the grader), keeping line numbers, while
    a student's own `check` runs?"""
    cells = codes(nb("def check(x):\n    return x\ncheck(1)",
                     "from aimath_student import check_all\ncheck_all(assignment='x')\nz = 1",
                     "import aimath_student as kit\nkit.check('softmax')"))
    assert cells == ["def check(x):\n    return x\ncheck(1)", "pass\npass\nz = 1"]


def test_a_py_file_runs_statement_by_statement():
    """Is each top-level statement its own cell, labelled and placed at its own line (so
    tracebacks point at the student's line numbers), decorators included?"""
    source = "import sys\nsys.exit()\n\n@decorate\ndef f():\n    return 1\n"
    cells = read_bytes(source.encode(), "bob.py").cells
    assert [c.label for c in cells] == ["line 1", "line 2", "line 4"]
    assert (cells[2].first_line, cells[2].code) == (4, "@decorate\ndef f():\n    return 1\n")


@pytest.mark.parametrize("source", ["\fdef f():\n    return 1\n", "x = 1\r\fdef f(:\n"])
def test_a_form_feed_does_not_start_a_line(source):
    """Is a form feed (which Python treats as blank space, `str.splitlines` as a line end)
    kept inside its line, so the function after it is loaded, not dropped?"""
    cells = read_bytes(source.encode(), "bob.py").cells
    assert any("def f(" in c.code for c in cells)


def test_statements_sharing_a_line_run_once():
    """Do `import os; os._exit(0)` on one line make one cell that runs each statement once?"""
    cells = read_bytes(b"import os; x = 1\ny = 2; z = 3\n", "bob.py").cells
    assert [(c.label, c.first_line, c.code) for c in cells] == [
        ("line 1", 1, "import os; x = 1\n"), ("line 2", 2, "y = 2; z = 3\n")]


def test_a_py_file_with_shell_lines_still_splits_by_statement():
    """Does a `.py` copied from Colab with `!pip install` keep running statement by statement,
    with the note labelled by the line?"""
    source = read_bytes(b"!pip install numpy\nimport numpy as np\nx = np.ones(2)\n", "bob.py")
    assert [c.label for c in source.cells] == ["line 2", "line 3"]
    assert source.notes == (Note("line", "line 1", "!pip install numpy"),)


@pytest.mark.parametrize("source", ["def broken(:\n    pass\n", "x = " + "(" * 300 + ")" * 300,
                                    "]", "    indented(:\n", ")\ndef f():\n    return 1\n"])
def test_a_py_file_that_does_not_parse_keeps_its_code(source):
    """Does a file Python cannot parse (syntax error, absurd nesting, a first line that
    continues nothing) keep every line of its code at its own line number, in pieces
    labelled by their first line, whose errors are reported when they run?"""
    cells = read_bytes(source.encode(), "bob.py").cells
    placed = {number: line for cell in cells
              for number, line in enumerate(cell.code.splitlines(), start=cell.first_line)
              if line.strip()}
    assert placed == {number: line for number, line in
                      enumerate(source.splitlines(), start=1) if line.strip()}
    assert cells[0].label == "line 1"


def test_one_broken_function_in_a_py_file_costs_only_its_piece():
    """Is a file with one broken function cut at its margin lines, a decorator kept with its
    function and `except:` with its `try:`, so the other functions still load?"""
    source = (b"import numpy as np\n\n@cache\ndef a(x):\n    return x\n\n"
              b"def b(x:):\n    return 0\n\ntry:\n    c = 1\nexcept ValueError:\n    c = 2\n")
    cells = read_bytes(source, "bob.py").cells
    assert [c.label for c in cells] == ["line 1", "line 3", "line 7", "line 10"]
    assert "except ValueError" in cells[3].code and cells[1].code.lstrip().startswith("@cache")
    assert cells[2].first_line == 7  # numbered from its own line: errors name line 7


def test_kernel_inputs_are_labelled_as_jupyter_shows_them():
    """Are a kernel's executed inputs cells labelled `In [N]` by execution count, with the
    same magic handling?"""
    source = read_inputs([(1, "import numpy as np"), (2, "%%time\nx = 1"), (4, "!ls")])
    assert [(c.index, c.label, c.code) for c in source.cells] == [
        (1, "In [1]", "import numpy as np"), (2, "In [2]", "pass\nx = 1")]
    assert source.notes == (Note("line", "In [4]", "!ls"),)


FUZZ = settings(max_examples=200, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["a.ipynb", "a.py"]))
def test_arbitrary_bytes_are_read_or_refused(data, name):
    """Do random bytes give cells or a NotebookError naming the file, never anything else?"""
    try:
        source = read_bytes(data, name)
    except NotebookError as exc:
        assert str(exc).startswith(name)
    else:
        assert all(isinstance(cell.code, str) and cell.code.strip() for cell in source.cells)


@FUZZ
@given(st.lists(st.text(alphabet=st.sampled_from("%!?x =()\n\t:#'\"pass"), max_size=40),
                max_size=5))
def test_magic_handling_keeps_every_cells_line_count(sources):
    """Does stripping magics keep each cell's number of lines (so tracebacks point right)?"""
    for cell in read_bytes(nb(*sources), "a.ipynb").cells:
        assert cell.code.count("\n") == sources[cell.index - 1].count("\n")


def test_a_py_file_that_is_a_dict_literal_is_still_python():
    assert codes(b'{"cells": 1}\n', "a.py") == ['{"cells": 1}\n']


def test_a_lone_surrogate_in_a_cell_reads_as_the_replacement_character():
    assert codes(nb("x = 1  # \ud800")) == ["x = 1  # \ufffd"]


@pytest.mark.parametrize(("data", "said"), [
    (b"x = 1\n" + b"#" * MAX_CODE, "KB of code, more than the 512 KB a hand-in may hold"),
    (b"x=1\n" * (MAX_CELLS + 1), "25,001 top-level statements, more than the 25,000"),
])
def test_a_py_file_beyond_any_exercise_is_refused_before_it_costs_the_grader(data, said):
    """An 11 MB .py of 400,000 functions held a web service for 104 s and 5 GB (parsing it):
    is a file with more code, or more statements, than any hand-in refused, saying which?"""
    with pytest.raises(NotebookError, match=re.escape(said)):
        read_bytes(data, "big.py")


def test_a_notebook_beyond_any_exercise_is_refused():
    """Is a notebook of more code cells than any hand-in refused, its outputs not counted?"""
    cell = {"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": [],
            "execution_count": None}
    many = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [cell] * (MAX_CELLS + 1)}).encode()
    with pytest.raises(NotebookError, match="25,001 code cells"):
        read_bytes(many, "many.ipynb")
    picture = {**cell, "outputs": [{"output_type": "display_data", "metadata": {},
                                    "data": {"image/png": "A" * (2 * MAX_CODE)}}]}
    plotted = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                          "cells": [picture] * 3}).encode()
    assert len(read_bytes(plotted, "plots.ipynb").cells) == 3  # outputs are not code
