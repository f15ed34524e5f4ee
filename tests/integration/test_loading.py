"""A notebook's cells load in one request to the student's process, a reply per cell: a cell
that hangs or kills the process costs only itself, and the cells after it still load."""

from dataclasses import replace

from support.sandboxed import SLOT

from autograder.grading.model import Failure
from autograder.grading.proxy import Student
from autograder.sandbox.host import zygote_client
from autograder.sandbox.host.backend import open_backend
from autograder.student.limits import Limits
from autograder.student.notebook import Cell

CELLS = ["x = 1\nprint('one')",
         "while True:\n    pass",
         "y = x + 1\nprint('three')",
         "import os\nos._exit(3)",
         "raise ValueError('five')",
         "def f():\n    return x + y"]


def test_each_cell_is_judged_alone_and_the_cells_after_a_broken_one_still_load():
    """Are the hanging, the exiting and the raising cell each reported as such, while every
    other cell ran once, in order, in the process that grades the calls?"""
    limits = replace(Limits(), call_timeout=1.0)
    backend = open_backend([Cell(i, f"code cell {i + 1}", c) for i, c in enumerate(CELLS)],
                           limits, slot=SLOT)
    try:
        report = backend.load()
        problems = {p.cell: p.failure for p in report.cells}
        assert problems == {"code cell 2": Failure.TIMEOUT, "code cell 4": Failure.CRASH,
                            "code cell 5": Failure.RAISED}
        assert report.printed.split() == ["one", "three"]
        assert Student(backend).f() == 3
    finally:
        backend.close()
        zygote_client.shared().discard_ahead()  # no idle process left for the next tests


def test_a_notebook_with_megabytes_of_code_loads_whole():
    """Is a notebook whose cells hold more than a frame's usual header (a pasted data cell
    of 2 MB) loaded as any other, not refused and then waited on cell by cell?"""
    data = "DATA = '" + "0123456789" * 200_000 + "'"
    backend = open_backend([Cell(1, "code cell 1", data),
                            Cell(2, "code cell 2", "def f():\n    return len(DATA)")],
                           Limits(), slot=SLOT)
    try:
        assert backend.load().cells == []
        assert Student(backend).f() == 2_000_000
    finally:
        backend.close()
        zygote_client.shared().discard_ahead()
