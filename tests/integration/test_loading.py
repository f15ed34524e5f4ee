"""A notebook's cells load in one request to the student's process, a reply per cell: a cell
that hangs or kills the process costs only itself, and the cells after it still load."""

from dataclasses import replace

import pytest
from support.sandboxed import SLOT

from autograder.grading.model import Failure
from autograder.grading.proxy import Student
from autograder.message import msg
from autograder.sandbox.failures import ShareSpent, StudentCrashed, StudentTimeout
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


def test_a_py_file_of_many_statements_loads_with_its_own_line_numbers():
    """Does a .py of 20,000 statements (a correct function, then filler) load whole, its
    cells no bigger than the file, and does an error in it name the file's line and its
    text, however far down it is?"""
    from autograder.student.notebook import read_bytes

    text = ("def f(x):\n    return 2 * x\n" + "x = 1\n" * 20_000
            + "def g():\n    return missing_name\n")
    cells = list(read_bytes(text.encode(), "bob.py").cells)
    assert sum(len(c.code) for c in cells) <= len(text)
    backend = open_backend(cells, Limits(), slot=SLOT)
    try:
        assert backend.load().cells == []
        student = Student(backend)
        assert student.f(21) == 42
        try:
            student.g()
        except Exception as exc:  # StudentError, carrying the student's traceback
            assert "line 20004" in exc.where and "return missing_name" in exc.where
        else:
            raise AssertionError("g() should raise NameError")
    finally:
        backend.close()
        zygote_client.shared().discard_ahead()


SLOW_AND_FAST = ("import time\n\ndef slow():\n    time.sleep(0.6)\n    return 1\n\n"
                 "def fast():\n    return 2")


def test_a_slow_function_spends_only_its_own_share_of_the_submissions_time():
    """Two functions share 2 s of a submission; `slow` takes 0.6 s a call, under the 1 s
    call limit, so it never times out. Once it has spent its 1 s share, are only its own
    calls refused (not as a hang: no strike), while `fast` still answers, as it would at a
    lower --timeout where `slow` would hang and be refused?"""
    limits = replace(Limits(), call_timeout=1.0, submission_timeout=2.0)
    backend = open_backend([Cell(0, "code cell 1", SLOW_AND_FAST)], limits, slot=SLOT,
                           functions=2)
    try:
        assert backend.load().fatal is None
        student = Student(backend)
        assert student.slow() == 1
        for _ in range(3):
            with pytest.raises(ShareSpent):
                student.slow()
        assert [student.fast() for _ in range(3)] == [2, 2, 2]
    finally:
        backend.close()
        zygote_client.shared().discard_ahead()


def test_replaying_the_cells_after_another_functions_loop_costs_the_next_function_nothing():
    """After `loop` times out, calling `ok` needs a fresh process and the cells replayed
    (here a slow check cell of 0.6 s): is that charged to loading, never to `ok`'s share?
    It was, so a notebook's slow check cells, replayed after one function's endless loop,
    spent a correct function's share and cost it tests, more or less with the machine's
    load. And a restart that fails puts no strike on the function called."""
    limits = replace(Limits(), call_timeout=1.0)
    code = ["import time\ntime.sleep(0.6)", "def loop():\n    while True:\n        pass",
            "def ok():\n    return 1"]
    backend = open_backend([Cell(i, f"code cell {i + 1}", c) for i, c in enumerate(code)],
                           limits, slot=SLOT, functions=2)
    try:
        assert backend.load().cells == []
        student = Student(backend)
        with pytest.raises(StudentTimeout):
            student.loop()
        assert student.ok() == 1
        assert backend.spent["ok"] < 0.3 and backend.spent[""] > 1.0
        assert backend.failures["ok"] == 0
    finally:
        backend.close()
        zygote_client.shared().discard_ahead()


def test_a_replay_that_fails_is_tried_once_and_strikes_no_function(monkeypatch):
    """When the cells cannot be replayed into a fresh process (one hangs the second time),
    is the call not made, with no strike on its function, and not tried again for every
    later call (each try could cost a call's whole timeout)?"""
    backend = open_backend([Cell(1, "code cell 1", "def ok():\n    return 1")], Limits(),
                           slot=SLOT)
    tries = []

    def replay_hangs() -> None:
        tries.append(1)
        raise StudentTimeout(msg("sandbox.timed_out", seconds="1"))

    try:
        assert backend.load().cells == []
        backend.reset()
        monkeypatch.setattr(backend, "_restart", replay_hangs)
        for _ in range(3):
            with pytest.raises(StudentCrashed) as refused:
                Student(backend).ok()
            assert refused.value.message.key == "cell.not_restarted"
        assert tries == [1] and backend.failures["ok"] == 0
    finally:
        backend.close()
        zygote_client.shared().discard_ahead()
