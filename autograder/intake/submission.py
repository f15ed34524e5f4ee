"""Read one submission (.ipynb or .py) into the code cells the sandbox executes.

A notebook's code cells run in order; a `.py` file runs statement by statement, so one
failing statement (an `exit()` at import, a stray `input()`) costs only itself. IPython
magics and shell lines cannot run outside IPython: they are skipped with a note. Anything
unreadable raises `SubmissionError` with a message written for the student.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
_MAGIC = re.compile(r"^(\s*)([%!].*)$")


class SubmissionError(ValueError):
    """A submission cannot be read; the message says exactly why."""


@dataclass(frozen=True)
class Cell:
    """One unit of code to execute, with the label students recognise ("cell 3", "line 12")."""

    index: int
    label: str
    code: str


@dataclass
class Submission:
    """A student's code, ready to run, with what the loader noticed on the way."""

    student: str
    filename: str
    cells: list[Cell]
    sha256: str
    submitted_at: str | None = None
    notes: list[str] = field(default_factory=list)
    source_sha256: str = ""


def load_bytes(data: bytes, filename: str, student: str,
               submitted_at: str | None = None) -> Submission:
    """Parse a submission's bytes according to its file name's suffix."""
    digest = hashlib.sha256(data).hexdigest()
    suffix = Path(filename).suffix.lower()
    if suffix not in (".ipynb", ".py"):
        raise SubmissionError(f"{filename}: expected a .ipynb notebook or a .py file")
    text = _decode_text(data, filename)
    notes: list[str] = []
    raw = _notebook_cells(text, filename) if suffix == ".ipynb" else _python_cells(text)
    cells = [c for c in (_strip_magics(c, notes) for c in raw) if c.code.strip()]
    return Submission(student, filename, cells, digest, submitted_at, notes)


def load_path(path: Path, student: str | None = None,
              submitted_at: str | None = None) -> Submission:
    """Read a file from disk; the student id defaults to the file's stem."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SubmissionError(f"{path.name}: {size // 2**20} MiB is over the 20 MiB limit")
    return load_bytes(path.read_bytes(), path.name, student or path.stem, submitted_at)


def _decode_text(data: bytes, filename: str) -> str:
    if not data.strip():
        raise SubmissionError(f"{filename} is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SubmissionError(f"{filename} is UTF-16 text, not UTF-8: save it again from "
                              "Jupyter or your editor as UTF-8")
    if b"\x00" in data[:8192]:
        raise SubmissionError(f"{filename} holds binary data, not text: was the right file "
                              "uploaded?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"{filename} is not UTF-8 text (byte {exc.start}): save it "
                              "again from Jupyter or your editor as UTF-8") from None


def _notebook_cells(text: str, filename: str) -> list[Cell]:
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"{filename} is not valid notebook JSON (line {exc.lineno}, "
                              f"column {exc.colno}: {exc.msg}); it may have been edited "
                              "by hand or truncated") from None
    except RecursionError:
        raise SubmissionError(f"{filename} is nested too deeply to be a notebook") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells", nb.get("worksheets")), list):
        raise SubmissionError(f"{filename} is JSON but not a Jupyter notebook (no 'cells')")
    version = nb.get("nbformat")
    if version is None:
        raise SubmissionError(f"{filename} has no nbformat version: it is not a notebook "
                              "Jupyter saved; open and save it in a current Jupyter")
    if version != 4:
        raise SubmissionError(f"{filename} is in nbformat {version!r}; only nbformat 4 "
                              "(Jupyter 4 and later) is supported: open and save it in a "
                              "current Jupyter")
    cells, number = [], 0
    for raw in nb["cells"]:
        if not isinstance(raw, dict) or raw.get("cell_type") != "code":
            continue
        number += 1
        cells.append(Cell(number, f"cell {number}", _source_text(raw.get("source"), filename)))
    return cells


def _source_text(source: object, filename: str) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    raise SubmissionError(f"{filename}: a code cell's source is not text")


def _python_cells(text: str) -> list[Cell]:
    """One cell per top-level statement, or the whole file when it does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [Cell(1, "the file", text)]
    lines = text.splitlines(keepends=True)
    spans: list[list[int]] = []
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        last = node.end_lineno or first
        if spans and first <= spans[-1][1]:  # `import os; os.exit()`: one line, one cell
            spans[-1][1] = max(spans[-1][1], last)
        else:
            spans.append([first, last])
    return [Cell(number, f"line {first}", "\n" * (first - 1) + "".join(lines[first - 1 : last]))
            for number, (first, last) in enumerate(spans, start=1)]


def _strip_magics(cell: Cell, notes: list[str]) -> Cell:
    """Replace IPython magics and shell lines by `pass`, keeping line numbers and indents."""
    if cell.code.lstrip().startswith("%%"):
        notes.append(f"{cell.label}: skipped (a cell magic cannot run outside IPython)")
        return Cell(cell.index, cell.label, "")
    out, skipped = [], []
    for line in cell.code.split("\n"):
        match = _MAGIC.match(line)
        if match:
            skipped.append(match.group(2).strip()[:60])
            line = f"{match.group(1)}pass"
        out.append(line)
    if skipped:
        notes.append(f"{cell.label}: skipped {', '.join(repr(s) for s in skipped[:3])} "
                     "(magics and shell commands do not run when grading)")
    return Cell(cell.index, cell.label, "\n".join(out))
