"""The zygote's rehearsal: it runs every kind of request, and nothing of it reaches a child."""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder.course.assignments import ROOT
from autograder.grading.proxy import MissingFunction, Student
from autograder.sandbox.host.client import SandboxBackend
from autograder.sandbox.inside import rehearsal
from autograder.student.limits import Limits
from autograder.student.notebook import Cell


def test_the_rehearsal_runs_every_kind_of_request():
    """Do the cells load, the calls return, raise and miss, and the variable read, as meant
    (a protocol change that turned them all into errors would rehearse only errors)?"""
    assert rehearsal.rehearse(rounds=2) == ["ok", "ok", "ok", "error", "missing", "ok"]


def test_the_rehearsal_leaves_nothing_behind():
    """In a fresh interpreter: is `__main__` still itself, linecache as it was (no cell, no
    source its tracebacks read), and its functions and variable in no module at all?"""
    code = """
import linecache, sys
from autograder.sandbox.inside import rehearsal
main, cached = sys.modules["__main__"], set(linecache.cache)
rehearsal.rehearse()
found = [name for name, module in list(sys.modules.items())
         if getattr(module, "refuse", None) is not None or getattr(module, "answer", None)]
print(sys.modules["__main__"] is main, sorted(set(linecache.cache) ^ cached), found)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout == "True [] []\n"


@pytest.mark.slow
def test_a_child_of_a_rehearsed_zygote_starts_empty():
    """Does a submission's process, forked from the zygote after its rehearsal, know none of
    the rehearsal's names, and still run its own code?"""
    backend = SandboxBackend([Cell(0, "code cell 1", "mine = 41 + 1")], Limits())
    try:
        assert backend.load().cells == []
        student = Student(backend)
        assert student.value("mine") == 42
        with pytest.raises(MissingFunction):
            student.scale(1.0)
        with pytest.raises(MissingFunction):
            student.value("answer")
    finally:
        backend.close()
