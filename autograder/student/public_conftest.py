"""The ``conftest.py`` shipped in every assignment folder: it loads the student's notebook.

``pytest`` run inside ``release/<id>/`` needs the notebook's functions without Jupyter or
nbformat, so this file reads the ``.ipynb`` as JSON and runs its code cells in order in one
fresh namespace, as a kernel would. A cell that raises (a stub's ``NotImplementedError``, a
typo) is reported and skipped, so one broken cell costs only the tests that need it.
Standard library and pytest only: students do not have the grader installed.
This canonical copy is copied verbatim to ``source/<id>/conftest.py``.
"""

from __future__ import annotations

import json
import linecache
import os
import traceback
import types
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
SUBMISSION_VARIABLE = "AIMATH_SUBMISSION"
MAGIC_PREFIXES = ("%", "!")
NOTES: dict[str, list[str]] = {}


def submission_path() -> Path:
    """The file under test: ``$AIMATH_SUBMISSION`` if set, else the one notebook here."""
    chosen = os.environ.get(SUBMISSION_VARIABLE)
    if chosen:
        return Path(chosen).expanduser().resolve()
    notebooks = sorted(HERE.glob("*.ipynb"))
    if len(notebooks) != 1:
        names = ", ".join(p.name for p in notebooks) or "none"
        raise FileNotFoundError(
            f"expected exactly one .ipynb in {HERE} (found: {names}); "
            f"set {SUBMISSION_VARIABLE} to the file to test"
        )
    return notebooks[0]


def code_cells(path: Path) -> list[tuple[int, str]]:
    """``(cell number, code)`` pairs: the whole file for a ``.py``, each code cell else."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return [(1, text)]
    cells = json.loads(text).get("cells", [])
    return [
        (number, strip_magics(cell.get("source", "")))
        for number, cell in enumerate(cells, start=1)
        if cell.get("cell_type") == "code"
    ]


def strip_magics(source: str | list[str]) -> str:
    """Drop IPython magics and shell lines (``%...``, ``!...``): plain Python cannot run them."""
    text = "".join(source) if isinstance(source, list) else source
    return "\n".join(line for line in text.splitlines() if not line.startswith(MAGIC_PREFIXES))


def load(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Run the code cells in one namespace; return it and a note for every cell that raised."""
    module_name = "__main__" if path.suffix == ".ipynb" else "submission"
    namespace: dict[str, Any] = {"__name__": module_name}
    notes = []
    for number, code in code_cells(path):
        filename = f"{path.name}, cell {number}"
        linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
        try:
            exec(compile(code, filename, "exec"), namespace)
        except (Exception, SystemExit) as error:
            notes.append(f"{filename}{where(error, filename, code)}: {describe(error)}")
    return namespace, notes


def where(error: BaseException, filename: str, code: str) -> str:
    """Point at the cell's line that raised (the innermost frame inside the cell)."""
    line_number = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    for frame, frame_line in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == filename:
            line_number = frame_line
    lines = code.splitlines()
    if not line_number or not 0 < line_number <= len(lines):
        return ""
    return f", line {line_number} ({lines[line_number - 1].strip()[:60]})"


def describe(error: BaseException) -> str:
    """``NameError: name 'x' is not defined``, or just the type when there is no message."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class Submission(types.SimpleNamespace):
    """The submission's top-level names, with a short repr for pytest's failure reports."""

    def __repr__(self) -> str:
        return f"<submission with {len(vars(self))} names>"


@pytest.fixture(scope="session")
def student() -> Submission:
    """The submission's top-level names, e.g. ``student.l1_norm``."""
    path = submission_path()
    namespace, notes = load(path)
    NOTES[str(path)] = notes
    for note in notes:
        print(note)
    names = {k: v for k, v in namespace.items() if k != "__builtins__"}
    return Submission(**names)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """List the cells that raised while loading, so a failing test can be traced to its cell."""
    for path, notes in NOTES.items():
        if notes:
            terminalreporter.write_sep("-", f"cells that raised while loading {Path(path).name}")
            for note in notes:
                terminalreporter.write_line(note)
