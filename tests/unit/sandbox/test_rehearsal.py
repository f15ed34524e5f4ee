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
         if getattr(module, "refuse", None) is not None or getattr(module, "rehearsed", None)]
print(sys.modules["__main__"] is main, sorted(set(linecache.cache) ^ cached), found)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout == "True [] []\n"


def test_a_failed_rehearsal_still_leaves_linecache_as_it_was(monkeypatch):
    """When a request fails half-way (a protocol change), are the sources read so far taken
    out all the same?"""
    import linecache

    from autograder.sandbox.inside import child

    def broken(executor, message, buffers):
        if message.get("op") == "call":
            raise RuntimeError("changed protocol")
        return original(executor, message, buffers)

    original = child.answer
    monkeypatch.setattr(child, "answer", broken)
    cached = set(linecache.cache)
    with pytest.raises(RuntimeError, match="changed protocol"):
        rehearsal.rehearse(rounds=1)
    assert set(linecache.cache) == cached


PROBE = """
import gc, linecache, sys
gc.unfreeze()  # what the zygote froze is listed too
seen = sorted({name for name, module in list(sys.modules.items())
               if getattr(module, "refuse", None) is not None}
              | {name for name in linecache.cache if "rehearsal" in name or "executor" in name}
              | {f.__qualname__ for f in gc.get_objects()
                 if type(f).__name__ == "function" and f.__qualname__ in ("scale", "refuse")})
"""


@pytest.mark.slow
def test_a_child_of_a_rehearsed_zygote_starts_empty():
    """Does a submission's process, forked from the zygote after its rehearsal, find no trace
    of it (no module, cached source or live function of the rehearsal's), and still run its
    own code?"""
    backend = SandboxBackend([Cell(0, "code cell 1", PROBE)], Limits())
    try:
        assert backend.load().cells == []
        student = Student(backend)
        assert student.value("seen") == []
        with pytest.raises(MissingFunction):
            student.scale(1.0)
    finally:
        backend.close()
