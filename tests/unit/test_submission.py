"""Reading submissions: every broken file is refused with a message that says what is wrong,
and what can run (cells, statements) is split so one failure costs only itself."""

import json

import pytest

from autograder.intake.submission import MAX_BYTES, SubmissionError, load_bytes, load_path


def nb(*sources, version=4, **extra) -> bytes:
    """A notebook's bytes with code cells `sources` (each a string or a list of lines)."""
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "source": s} for s in sources]
    return json.dumps({"nbformat": version, "metadata": {}, "cells": cells, **extra}).encode()


@pytest.mark.parametrize(("data", "name", "message"), [
    (b'{"cells": [', "a.ipynb", "a.ipynb is not valid notebook JSON (line 1, column 12"),
    (b"PK\x03\x04\x00\x00binary", "a.ipynb", "a.ipynb holds binary data, not text"),
    (nb("x = 1", version=3), "a.ipynb", "a.ipynb is in nbformat 3; only nbformat 4"),
    (json.dumps({"cells": []}).encode(), "a.ipynb", "a.ipynb has no nbformat version"),
    (b"", "a.ipynb", "a.ipynb is empty"),
    (b"  \n\t \n", "a.py", "a.py is empty"),
    (b"[1, 2, 3]", "a.ipynb", "a.ipynb is JSON but not a Jupyter notebook (no 'cells')"),
    (b'{"metadata": {}}', "a.ipynb", "a.ipynb is JSON but not a Jupyter notebook"),
    (nb(42), "a.ipynb", "a.ipynb: a code cell's source is not text"),
    (nb(["x = 1\n", None]), "a.ipynb", "a.ipynb: a code cell's source is not text"),
    ("x = 'é'\n".encode("utf-16"), "a.py", "a.py is UTF-16 text, not UTF-8"),
    ("x = 'café'\n".encode("latin-1"), "a.py", "a.py is not UTF-8 text (byte 8)"),
    (b"[" * 100_000 + b"]" * 100_000, "a.ipynb", "a.ipynb is nested too deeply"),
    (b"x = 1\n", "a.txt", "a.txt: expected a .ipynb notebook or a .py file"),
])
def test_unreadable_files_say_exactly_what_is_wrong(data, name, message):
    """Is each kind of broken file refused with a message that names the problem?"""
    with pytest.raises(SubmissionError) as caught:
        load_bytes(data, name, "alice")
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    """Is a 21 MiB file refused by size, with the limit in the message?"""
    path = tmp_path / "alice.py"
    path.write_bytes(b"#" * (MAX_BYTES + 2**20))
    with pytest.raises(SubmissionError, match=r"alice.py: 21 MiB is over the 20 MiB limit"):
        load_path(path)


def test_a_huge_cell_under_the_limit_loads_as_one_cell():
    """Does a 5 MB cell load whole, as one cell?"""
    code = "x = [" + "1, " * 1_700_000 + "]"
    sub = load_bytes(nb(code), "alice.ipynb", "alice")
    assert [c.code for c in sub.cells] == [code]


def test_a_notebook_keeps_its_code_cells_in_order_with_labels():
    """Are only code cells kept, numbered as the student counts them, with a BOM allowed?"""
    data = json.loads(nb(["import numpy as np\n", "x = 1"], "", "y = 2"))
    data["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "source": "# Title"})
    sub = load_bytes(b"\xef\xbb\xbf" + json.dumps(data).encode(), "alice.ipynb", "alice")
    assert [(c.index, c.label, c.code) for c in sub.cells] == [
        (1, "cell 1", "import numpy as np\nx = 1"), (3, "cell 3", "y = 2")]
    assert sub.student == "alice" and len(sub.sha256) == 64


def test_magics_and_shell_lines_are_skipped_with_a_note():
    """Do `%` and `!` lines become `pass` (keeping indentation and line numbers) and are
    they listed in the notes?"""
    sub = load_bytes(nb("%matplotlib inline\nimport numpy as np\nif True:\n    !pip install x"),
                     "alice.ipynb", "alice")
    assert sub.cells[0].code == "pass\nimport numpy as np\nif True:\n    pass"
    assert sub.notes == ["cell 1: skipped '%matplotlib inline', '!pip install x' (magics and "
                         "shell commands do not run when grading)"]


def test_a_cell_magic_skips_the_whole_cell():
    """Is a `%%time` cell dropped with a note, and the other cells kept?"""
    sub = load_bytes(nb("%%time\nx = slow()", "y = 1"), "alice.ipynb", "alice")
    assert [c.code for c in sub.cells] == ["y = 1"]
    assert sub.notes == ["cell 1: skipped (a cell magic cannot run outside IPython)"]


def test_a_py_file_runs_statement_by_statement():
    """Is each top-level statement its own cell, labelled and placed at its own line (so
    tracebacks point at the student's line numbers), decorators included?"""
    source = "import sys\nsys.exit()\n\n@decorate\ndef f():\n    return 1\n"
    cells = load_bytes(source.encode(), "bob.py", "bob").cells
    assert [c.label for c in cells] == ["line 1", "line 2", "line 4"]
    assert cells[2].code == "\n\n\n@decorate\ndef f():\n    return 1\n"


def test_statements_sharing_a_line_run_once():
    """Do `import os; os._exit(0)` on one line make one cell that runs each statement once?"""
    cells = load_bytes(b"import os; x = 1\ny = 2; z = 3\n", "bob.py", "bob").cells
    assert [(c.label, c.code) for c in cells] == [("line 1", "import os; x = 1\n"),
                                                 ("line 2", "\ny = 2; z = 3\n")]


@pytest.mark.parametrize("source", ["def broken(:\n    pass\n", "x = " + "(" * 300 + ")" * 300])
def test_a_py_file_that_does_not_parse_is_one_cell(source):
    """Does a file Python cannot parse (syntax error, absurd nesting) become one cell whose
    error the sandbox reports?"""
    cells = load_bytes(source.encode(), "bob.py", "bob").cells
    assert [(c.label, c.code) for c in cells] == [("the file", source)]
