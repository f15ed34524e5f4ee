"""Where a submission's cells run: a real module registered in `sys.modules`, as in Jupyter.

Jupyter runs cells in the `__main__` module, so `@dataclass`, `pickle` and `if __name__ ==
"__main__":` work there; a plain dict passed to `exec` breaks the first two. The grading
sandbox, the self-check child and the release folders' `pytest` all create the namespace
here and run cells with `run_cell`. Standard library only.
"""

from __future__ import annotations

import builtins
import contextlib
import linecache
import sys
import traceback
import types
from collections.abc import Iterator
from dataclasses import dataclass

from .notebook import Cell, python_lines

MODULE_NAME = "__main__"
STUDENT_SEED = 0  # of `random` and NumPy's global generator where a submission runs
SOURCE_LINE_CAP = 60


@dataclass(frozen=True)
class CellFailure:
    """A cell that raised while loading: its label, the error, and the line it points at."""

    label: str
    error: str
    message: str
    line: int | None = None
    text: str = ""

    def __str__(self) -> str:
        where = f", line {self.line} ({self.text})" if self.line else ""
        return f"{self.label}{where}: {self.describe()}"

    def describe(self) -> str:
        """`NameError: name 'x' is not defined`, or whichever of the two is not empty."""
        return ": ".join(part for part in (self.error, self.message) if part)


NO_KEYBOARD = ("input() has no keyboard to read here: the check and the grader run your code "
               "without one; put the value in the code instead")


def _no_input(prompt: object = "") -> str:
    """`input` in a submission: there is never anyone to type (it said only "EOF when
    reading a line")."""
    raise EOFError(NO_KEYBOARD)


def seed_generators() -> None:
    """Seed `random` and NumPy's global generator (`np.random.seed`) at `STUDENT_SEED` in a
    process that runs a submission: code that uses them unseeded draws the same numbers in
    the grader's sandbox, in `aimath check` and in the kit's check, on every run."""
    import random

    import numpy as np

    random.seed(STUDENT_SEED)
    np.random.seed(STUDENT_SEED)


def new_module(name: str = MODULE_NAME) -> types.ModuleType:
    """A fresh, empty module for a submission's top-level names (not yet in `sys.modules`),
    its builtins the usual ones but `input`."""
    module = types.ModuleType(name)
    module.__dict__["__builtins__"] = {**vars(builtins), "input": _no_input}
    return module


def submission_module(blank: types.ModuleType | None = None) -> types.ModuleType:
    """`blank` (a module `new_module` made, never run in) or a fresh one, registered in
    `sys.modules`, for a process that exists only to run one submission (the sandbox's
    child, the self-check's child)."""
    module = new_module() if blank is None else blank
    sys.modules[module.__name__] = module
    return module


@contextlib.contextmanager
def installed(module: types.ModuleType) -> Iterator[types.ModuleType]:
    """Register `module` in `sys.modules` under its name while the block runs, then put back
    whatever was there (a kernel's own `__main__` survives an in-process check)."""
    name = module.__name__
    previous = sys.modules.get(name)
    sys.modules[name] = module
    try:
        yield module
    finally:
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous


def run_cell(module: types.ModuleType, cell: Cell) -> CellFailure | None:
    """Run one cell in `module`; describe what it raised (even `SystemExit`), never raise.
    A `.py` file's statement runs behind blank lines, so its tracebacks (pytest's too) give
    the file's line numbers: a student's own process, running their own file."""
    code = "\n" * (cell.first_line - 1) + cell.code
    linecache.cache[cell.filename] = (len(code), None, code.splitlines(keepends=True),
                                      cell.filename)
    try:
        exec(compile(code, cell.filename, "exec"), module.__dict__)
    except (Exception, SystemExit) as error:
        return failure(cell, error)
    return None


def failure(cell: Cell, error: BaseException) -> CellFailure:
    """The failure record of `error` raised by `cell`, pointing at the cell's innermost line."""
    line = error.lineno if isinstance(error, SyntaxError) else None
    for frame, frame_line in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == cell.filename:
            line = frame_line
    lines = python_lines(cell.code)
    index = line - cell.first_line if line else -1
    text = _cut(lines[index].strip()) if 0 <= index < len(lines) else ""
    message = _message(error)
    return CellFailure(cell.label, type(error).__name__, message, line if text else None, text)


def _cut(text: str) -> str:
    """A source line at most SOURCE_LINE_CAP characters long, marked where it was cut (so a
    cut line never reads as what the student wrote)."""
    return text if len(text) <= SOURCE_LINE_CAP else text[:SOURCE_LINE_CAP - 1] + "…"


def _message(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        return str(error.msg or "")
    try:
        return str(error)
    except Exception:
        return "<the error's message could not be printed>"
