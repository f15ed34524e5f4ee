"""The executor's error replies: the student's own frames, read without touching a library's
file (in the sandbox each such lookup searches the disk and every folder on the path)."""

import linecache

import pytest

from autograder.grading.proxy import Student
from autograder.sandbox import wire
from autograder.sandbox.failures import StudentError
from autograder.sandbox.host.client import SandboxBackend
from autograder.sandbox.inside.executor import Executor
from autograder.student.limits import Limits
from autograder.student.notebook import Cell

CODE = """\
import json
import numpy as np

def parse(text):
    return json.loads(text)

def dot(x, y):
    return np.dot(x, y)

def deep(n):
    return deep(n + 1)

def check(x):
    if x < 0:
        raise ValueError("negative")
    raise TypeError("not negative")
"""


@pytest.fixture
def executor() -> Executor:
    ran = Executor()
    assert ran.run_cell(1, CODE, "code cell 1") == {"ok": True}
    return ran


def call(executor: Executor, name: str, *args: object) -> dict:
    tree, buffers = wire.encode((list(args), {}))
    reply, _ = executor.handle({"op": "call", "name": name, "args": tree}, buffers)
    assert reply["ok"] is False
    return reply


def test_the_traceback_shows_the_students_frames_with_the_failing_expression(executor):
    reply = call(executor, "dot", [1.0, 2.0], [1.0, 2.0, 3.0])
    assert reply["type"] == "ValueError"
    assert reply["traceback"] == ('  File "<code cell 1>", line 8, in dot\n'
                                  "    return np.dot(x, y)\n"
                                  "           ^^^^^^^^^^^^\n")


def test_library_frames_are_left_out_without_looking_their_lines_up(executor, monkeypatch):
    looked_up: list[str] = []
    for name in ("checkcache", "updatecache", "lazycache"):
        original = getattr(linecache, name)

        def recording(filename, *args, _original=original):
            looked_up.append(filename)
            return _original(filename, *args)

        monkeypatch.setattr(linecache, name, recording)
    reply = call(executor, "parse", "{")  # raised three frames deep inside the json package
    assert reply["type"] == "JSONDecodeError"
    assert reply["traceback"] == ('  File "<code cell 1>", line 5, in parse\n'
                                  "    return json.loads(text)\n"
                                  "           ^^^^^^^^^^^^^^^^\n")
    assert looked_up and all(name == "<code cell 1>" for name in looked_up)


def test_a_deep_recursion_keeps_its_last_frames(executor):
    reply = call(executor, "deep", 0)
    assert reply["type"] == "RecursionError"
    lines = reply["traceback"].splitlines()
    assert lines.count('  File "<code cell 1>", line 11, in deep') == 3
    assert lines[-1] == "  [Previous line repeated 3 more times]"


def test_each_raising_line_keeps_its_own_traceback_however_often_it_raises(executor):
    """Tracebacks are remembered by their chain of frames: the same line raising again reads
    the same, and another line of the same function is never mistaken for it."""
    shown = [call(executor, "check", x)["traceback"] for x in (-1, 1, -2, 2)]
    assert shown[0] == shown[2] == ('  File "<code cell 1>", line 15, in check\n'
                                    '    raise ValueError("negative")\n')
    assert shown[1] == shown[3] == ('  File "<code cell 1>", line 16, in check\n'
                                    '    raise TypeError("not negative")\n')
    rerun = Executor()
    assert rerun.run_cell(1, CODE.replace("negative", "below zero"), "code cell 1")["ok"]
    assert "below zero" in call(rerun, "check", -1)["traceback"]  # a new cell, its own lines


@pytest.mark.slow
def test_in_the_sandbox_the_student_sees_their_own_frames():
    """In a real student process (private root: the grader's files are not there, the
    libraries are), does an error raised inside a library still show the student's line
    and its carets, and nothing of the library or the grader?"""
    backend = SandboxBackend([Cell(0, "code cell 1", CODE)], Limits())
    try:
        assert backend.load().cells == []
        with pytest.raises(StudentError) as raised:
            Student(backend).parse("{")
    finally:
        backend.close()
    assert raised.value.where == ('  File "<code cell 1>", line 5, in parse\n'
                                  "    return json.loads(text)\n"
                                  "           ^^^^^^^^^^^^^^^^\n")
