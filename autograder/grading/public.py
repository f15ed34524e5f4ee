"""The released public tests, run by the grader as `visible` tests worth no points.

A public test is the very file students run with `pytest` or the kit (`release/<id>/test_<id>.py`,
from `source/<id>/`), so its verdict in results.json is the verdict students saw. In the grader
its `student` calls the sandboxed process through the proxy, and gives back what the kit gives:
SymPy objects rather than their text (read by the safe formula reader), and the student's own
built-in exception class, so `pytest.raises(ValueError)` means the same thing in both places.
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.course import assignments
from autograder.grading.model import PUBLIC_MODULE
from autograder.grading.proxy import Student
from autograder.message import msg
from autograder.safefs import own_temp_folder
from autograder.sandbox import wire
from autograder.sandbox.failures import BadReturn, StudentError
from autograder.student.plugin import forbids_of

STAGED_NAME = f"{PUBLIC_MODULE}.py"


def public_tests(assignment: str) -> Path | None:
    """The public test file of an exercise (None for a quiz: its suite grades the forms)."""
    item = assignments.get(assignment)
    path = assignments.ROOT / "source" / item.id / f"test_{item.id}.py"
    return None if item.is_quiz or not path.is_file() else path


@contextlib.contextmanager
def staged(assignment: str) -> Iterator[Path | None]:
    """A copy of the public tests in a folder of its own (no conftest of the release folder
    comes with it), for the grading session to collect beside the hidden suite. The folder
    is named by the copy's content, under this user's own folder of the temporary directory:
    made once and shared by every worker, so one killed (it cleans nothing up) leaves
    nothing behind. Where that folder cannot be trusted, a temporary one, gone at the end."""
    source = public_tests(assignment)
    if source is None:
        yield None
        return
    data = source.read_bytes()
    name = STAGED_NAME.format(id=assignment)
    shared = own_temp_folder("aimath-public")
    if shared is not None:
        yield _written(shared / hashlib.sha256(data).hexdigest()[:16], name, data)
        return
    with tempfile.TemporaryDirectory(prefix="aimath-public-") as folder:
        yield _written(Path(folder), name, data)


def _written(folder: Path, name: str, data: bytes) -> Path:
    """`folder/name` holding `data`, written (atomically: workers stage side by side) unless
    it already does."""
    target = folder / name
    with contextlib.suppress(OSError):
        if target.read_bytes() == data:
            return target
    folder.mkdir(exist_ok=True)
    partial = folder / f".{name}.{os.getpid()}"
    partial.write_bytes(data)
    os.replace(partial, target)
    return target


def marks_of(item: pytest.Item) -> tuple[bool, tuple[str, ...]]:
    """What the `student` of a test depends on: whether it is public, what it forbids (read
    as the kit reads it)."""
    return item.get_closest_marker("public") is not None, forbids_of(item)


def as_given(student: Student, public: bool,
             forbid: tuple[str, ...]) -> Student | PublicStudent:
    """A test's `student`: its calls made with `forbid` forbidden, and as the kit gives it
    when the test is public."""
    if forbid:
        student = student.forbidding(*forbid)
    return PublicStudent(student) if public else student


@cache
def _kind(names: tuple[str, ...]) -> type[StudentError]:
    """A StudentError that also is the first built-in exception class the student's raised."""
    for name in names:
        base = getattr(builtins, name, None)
        if isinstance(base, type) and issubclass(base, Exception):
            try:
                return type(name, (StudentError, base), {})
            except TypeError:  # a built-in whose layout cannot be combined (OSError's family)
                break
    return StudentError


def _as_builtin(error: StudentError) -> StudentError:
    kind = _kind(tuple(error.mro_names))
    return error if kind is StudentError else kind(error.type_name, error.mro_names, error.said,
                                                   error.where)


def _sympy(value: Any) -> Any:
    """A returned value with its expressions rebuilt as SymPy objects, safely."""
    if isinstance(value, wire.Expr):
        from autograder.student import formulas  # SymPy takes 0.35 s to import: only if needed

        try:
            return formulas.parse_srepr(value.srepr)
        except formulas.FormulaError as exc:
            raise BadReturn(msg("student.unreadable_value", what="the function",
                                said=str(exc)[:200])) from None
    if isinstance(value, list | tuple):
        return type(value)(_sympy(v) for v in value)
    if isinstance(value, dict):
        return {k: _sympy(v) for k, v in value.items()}
    return value


class PublicStudent:
    """`student` as a public test sees it: `student.softmax(z)` runs in the sandbox."""

    def __init__(self, student: Student) -> None:
        self._student = student
        self.returned_none: list[str] = []  # the functions that returned None, by name

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                done = self._student.call(name, *args, want_args=True, **kwargs)
            except StudentError as error:
                raise _as_builtin(error) from None
            if done.result is None and name not in self.returned_none:
                self.returned_none.append(name)
            for given, left in [*zip(args, done.args_after, strict=False),
                                *((v, done.kwargs_after.get(k)) for k, v in kwargs.items())]:
                write_back(given, left)
            return _sympy(done.result)

        return call


def returned_none(student: object) -> tuple[str, ...]:
    """The functions a public test's `student` saw return None (none for a hidden test's):
    a failed assertion then says why that may be, as the kit's check does."""
    return tuple(student.returned_none) if isinstance(student, PublicStudent) else ()


def write_back(given: Any, left: Any) -> None:
    """Make an argument what the student's function left it, as in one process: the kit runs
    the public tests beside the student's code, so a test that checks an input is left
    unchanged sees the change there, and must see it here too (the sandbox got a copy)."""
    if isinstance(given, np.ndarray) and isinstance(left, np.ndarray) \
            and given.shape == left.shape and given.flags.writeable:
        np.copyto(given, left, casting="unsafe")
    elif type(given) is list and isinstance(left, list):
        given[:] = left
    elif type(given) is dict and isinstance(left, dict):
        given.clear()
        given.update(left)
