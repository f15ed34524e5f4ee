"""The one reader: a submission's bytes (`.ipynb` or `.py`) -> the cells that run, with notes.

Grading, `aimath check`, the kit, `pytest` in `release/<id>/` and validation all read code
through `read_bytes`/`read_path`, so they run the same cells under the same names:
"code cell N" counts a notebook's code cells from the top (markdown cells not counted),
"line N" is where a `.py` file's top-level statement starts, "In [N]" is a kernel's input.
Magics that only time, capture or configure output keep their code; other magics and shell
lines become `pass` (same indent, so line numbers stay) with a `Note`. Unreadable bytes
raise `NotebookError` with a message written for the student. Standard library only.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import wellformed
from .limits import DEFAULT_LIMITS

KIT = "aimath_student"
KIT_CALLS = frozenset({"check", "check_all"})
_MAGIC = re.compile(r"^(\s*)(%%?[A-Za-z_]\S*|![^=].*|!$|get_ipython\(\)\..*)(.*)$")
_HELP = re.compile(r"^\s*(\?\??[\w.]+|[\w.]+\?\??)\s*$")
_RUNS = {"%%time": "cell", "%%capture": "cell", "%time": "line"}
CONTINUING = ("else", "elif", "except", "finally", ")", "]", "}")  # not a new piece
_SILENT = {"%matplotlib", "%config", "%precision", "%load_ext", "%reload_ext", "%autoreload"}
SUFFIXES = (".ipynb", ".py")  # what a submission may be: a notebook, or a Python file
# What a hand-in's code may hold (outputs aside), its size checked before any of it is
# parsed: reading costs about 250 times the text in memory (450 KB of one-line functions:
# 0.6 s and 115 MB), and a grader or a web service reads every file it is handed. A
# solution here is 1 to 6 KB of code in a few dozen cells.
MAX_CODE = 512 * 2**10  # characters of code
MAX_CELLS = 25_000  # code cells of a notebook, or top-level statements of a .py file


class NotebookError(ValueError):
    """The submission cannot be read; the message names the file and says exactly why."""


@dataclass(frozen=True)
class Cell:
    """One unit of code to run: its number, the label students recognise, runnable code,
    and the line of its file where the code starts (a `.py` file's statement keeps the
    file's line numbers; a notebook cell starts at 1)."""

    index: int
    label: str
    code: str
    first_line: int = 1

    @property
    def filename(self) -> str:
        """The name tracebacks show for this cell, e.g. `<code cell 3>`."""
        return f"<{self.label}>"


@dataclass(frozen=True)
class Note:
    """Something the reader left out: a magic or shell line (`kind` "line") or a whole
    cell under a cell magic (`kind` "cell"), in the cell labelled `cell`."""

    kind: str
    cell: str
    text: str

    def __str__(self) -> str:
        return (f"{self.cell}: skipped {self.text!r} (IPython magics and shell commands do not "
                "run when grading or checking)")


@dataclass(frozen=True)
class Source:
    """A readable submission: the cells to run in order, what was skipped, its sha256."""

    filename: str
    cells: tuple[Cell, ...]
    notes: tuple[Note, ...]
    sha256: str
    named: tuple[str, ...] = ()  # ids its removed self-check calls named: assignment="quiz_01"



def read_path(path: Path, max_bytes: int = DEFAULT_LIMITS.upload_mb * 2**20) -> Source:
    """Read a file from disk, refusing one over `max_bytes` before reading it."""
    size = Path(path).stat().st_size
    if size > max_bytes:
        raise NotebookError(f"{path.name}: {size // 2**20} MiB is over the "
                            f"{max_bytes // 2**20} MiB limit")
    return read_bytes(Path(path).read_bytes(), path.name)


def read_bytes(data: bytes, filename: str) -> Source:
    """Parse a submission's bytes according to its file name's suffix."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise NotebookError(f"{filename}: expected a .ipynb notebook or a .py file")
    text = _decode(data, filename, declared=suffix == ".py")
    kit = KitCalls()
    if suffix == ".py":
        _not_a_notebook(text, filename)
        _small_enough(filename, len(text))
        notes: list[Note] = []
        code = _strip_magics(text, "line 1", notes, per_line=True)
        cells = _statements(_without_kit_calls(code, kit))
        _few_enough(filename, len(cells), "top-level statements")
    else:
        found = _notebook_cells(text, filename)
        _small_enough(filename, sum(len(cell.code) for cell in found))
        _few_enough(filename, len(found), "code cells")
        cells, notes = _prepared(found, kit)
    return Source(filename, tuple(cells), tuple(notes), hashlib.sha256(data).hexdigest(),
                  tuple(sorted(kit.named)))


def _small_enough(filename: str, code: int) -> None:
    """Refuse a hand-in with more code than any exercise's, before it is parsed."""
    if code > MAX_CODE:
        raise NotebookError(f"{filename} holds {code / 2**10:,.0f} KB of code, more than the "
                            f"{MAX_CODE // 2**10} KB a hand-in may hold: hand in your own "
                            "code, without data pasted into it")


def _few_enough(filename: str, pieces: int, what: str) -> None:
    """Refuse a hand-in cut into more cells than any exercise's."""
    if pieces > MAX_CELLS:
        raise NotebookError(f"{filename} has {pieces:,} {what}, more than the {MAX_CELLS:,} "
                            "a hand-in may have")


def _not_a_notebook(text: str, filename: str) -> None:
    """A `.py` file that is a notebook's JSON would run as a dict literal and fail on its
    first `null`: said instead, with the name it needs."""
    if not text.lstrip().startswith("{"):
        return
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return
    if isinstance(parsed, dict) and {"cells", "nbformat"} <= parsed.keys():
        raise NotebookError(f"{filename} holds a Jupyter notebook, not Python code: save it "
                            f"as {Path(filename).stem}.ipynb and hand it in again")


def read_inputs(inputs: Iterable[tuple[int, str]], filename: str = "kernel history") -> Source:
    """A kernel's executed inputs `(execution count, raw text)` as cells labelled `In [N]`."""
    raw = [Cell(count, f"In [{count}]", text) for count, text in inputs]
    kit = KitCalls()
    cells, notes = _prepared(raw, kit)
    digest = hashlib.sha256("\0".join(c.code for c in cells).encode()).hexdigest()
    return Source(filename, tuple(cells), tuple(notes), digest, tuple(sorted(kit.named)))


def _prepared(raw: list[Cell], kit: KitCalls) -> tuple[list[Cell], list[Note]]:
    """Magics stripped, self-check calls removed, empty cells dropped; notes in order."""
    notes: list[Note] = []
    cells = []
    for cell in raw:
        code = _strip_magics(wellformed.text(cell.code), cell.label, notes, per_line=False)
        code = _without_kit_calls(code, kit)
        if not _inert(code):
            cells.append(Cell(cell.index, cell.label, code))
    return cells, notes


def _inert(code: str) -> bool:
    """Whether running `code` could do nothing at all (blank, or only what replaced magics)."""
    return all(line.strip() in ("", "pass") for line in code.split("\n"))


def _decode(data: bytes, filename: str, declared: bool = False) -> str:
    """The file's text: UTF-8, or for a `.py` (`declared`) the encoding its first lines
    declare (PEP 263: `# -*- coding: cp949 -*-`, which Python itself honours)."""
    if not data.strip():
        raise NotebookError(f"{filename} is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotebookError(f"{filename} is UTF-16 text, not UTF-8: save it again from "
                            "Jupyter or your editor as UTF-8")
    if b"\x00" in data[:8192]:
        raise NotebookError(f"{filename} holds binary data, not text: was the right file "
                            "uploaded?")
    encoding = _declared(data) if declared else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8-sig":
            raise NotebookError(f"{filename} is not {encoding} text (byte {exc.start}), the "
                                "encoding its first lines declare") from None
        raise NotebookError(f"{filename} is not UTF-8 text (byte {exc.start}): save it "
                            "again from Jupyter or your editor as UTF-8") from None


# Codecs (by `codecs.lookup(...).name`) a .py may declare: Unicode's and the code pages'.
TEXT_ENCODINGS = re.compile(r"utf-8|ascii|iso8859-\d+|cp\d{3,4}|koi8_[ru]|euc_(kr|jp)|"
                            r"shift_jis|gbk|gb2312|gb18030|big5|johab|mac-roman")


def _declared(data: bytes) -> str:
    """The encoding a Python file's first two lines declare, else UTF-8: only a plain text
    encoding of a code page counts (`punycode` decodes in time that grows with the square of
    the file, `utf-7` and `iso2022` show one text to an editor and another to Python)."""
    import codecs
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        name = codecs.lookup(encoding).name
    except (SyntaxError, LookupError):
        return "utf-8-sig"
    return name if TEXT_ENCODINGS.fullmatch(name) else "utf-8-sig"


def _notebook_cells(text: str, filename: str) -> list[Cell]:
    """Every code cell but nbgrader tests cells as released, numbered among code cells from
    the top."""
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"{filename} is not valid notebook JSON (line {exc.lineno}, "
                            f"column {exc.colno}: {exc.msg}); it may have been edited "
                            "by hand or truncated") from None
    except RecursionError:
        raise NotebookError(f"{filename} is nested too deeply to be a notebook") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells", nb.get("worksheets")), list):
        kept = "'cells' that is not a list" if isinstance(nb, dict) and "cells" in nb \
            else "no 'cells'"
        raise NotebookError(f"{filename} is JSON but not a Jupyter notebook ({kept})")
    version = nb.get("nbformat")
    if version is None:
        raise NotebookError(f"{filename} has no nbformat version: it is not a notebook "
                            "Jupyter saved; open and save it in a current Jupyter")
    if version != 4:
        raise NotebookError(f"{filename} is in nbformat {version!r}; only nbformat 4 "
                            "(Jupyter 4 and later) is supported: open and save it in a "
                            "current Jupyter")
    if not isinstance(nb.get("cells"), list):
        raise NotebookError(f"{filename} says nbformat 4 but keeps its cells the older way "
                            "('worksheets'): open and save it in a current Jupyter")
    code = [raw for raw in nb["cells"] if isinstance(raw, dict) and raw.get("cell_type") == "code"]
    cells = [Cell(number, f"code cell {number}", _source_text(raw.get("source"), filename))
             for number, raw in enumerate(code, start=1)]
    return [cell for cell, raw in zip(cells, code, strict=True)
            if not _instructor_tests(raw, cell.code)]


def _instructor_tests(raw: dict, source: str) -> bool:
    """Is this an nbgrader "Autograder tests" cell exactly as the instructor released it (its
    flags, id, points and code still give the checksum nbgrader stored)? Then it holds none
    of the student's code: nbgrader swaps in its own copy when it grades and aimath grades
    with its hidden suite, so it is not run (run, an import of the instructor's helpers failed
    in every student's feedback). A cell the student changed, or whose marks were changed,
    no longer matches and runs as theirs: nothing they wrote is dropped."""
    metadata = raw.get("metadata")
    marks = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    if not (isinstance(marks, dict) and marks.get("grade") is True
            and not marks.get("solution") and not marks.get("task")):
        return False
    grade_id, points = marks.get("grade_id"), marks.get("points")
    if not isinstance(grade_id, str) or not isinstance(points, int | float):
        return False
    digest = hashlib.md5(usedforsecurity=False)  # nbgrader's `utils.compute_checksum`
    for part in (source, "code", "True", "False", "True", grade_id, str(float(points))):
        digest.update(part.encode("utf-8", "surrogatepass"))
    return marks.get("checksum") == digest.hexdigest()


def _source_text(source: object, filename: str) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    raise NotebookError(f"{filename}: a code cell's source is not text")


def defines(code: str, name: str) -> bool:
    """Does `code` define `name` at its margin (def, class, assignment)? Read as text, so a
    cell that does not parse is judged too: which failed cell a missing name was in."""
    return re.search(rf"^(?:(?:async\s+)?def|class)\s+{re.escape(name)}\b"
                     rf"|^{re.escape(name)}\s*[:=]", code, re.M) is not None


_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def python_lines(text: str) -> list[str]:
    """`text`'s lines as Python counts them (ends kept): only \\n, \\r\\n and \\r end a
    line, where `str.splitlines` also cuts at form feeds and other separators inside one."""
    return [line for line in _LINE_END.split(text) if line]


def _statements(text: str) -> list[Cell]:
    """One cell per top-level statement (placed at its own line); statements sharing a line
    share a cell. A file that does not parse is cut at its margin lines instead."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _margin_pieces(text)
    lines = python_lines(text)
    spans: list[list[int]] = []
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        last = node.end_lineno or first
        if spans and first <= spans[-1][1]:  # `import os; os.exit()`: one line, one cell
            spans[-1][1] = max(spans[-1][1], last)
        else:
            spans.append([first, last])
    chunks = [(first, "".join(lines[first - 1:last])) for first, last in spans]
    return [Cell(number, f"line {first}", code, first)
            for number, (first, code) in enumerate(chunks, start=1) if not _inert(code)]


def _margin_pieces(text: str) -> list[Cell]:
    """A file that does not parse, cut where a line starts at the margin, so each piece runs
    or fails on its own: one broken function costs only its own tests. A decorator keeps
    the definition under it; `else:`, `except:` and closing brackets keep their block."""
    lines = python_lines(text)
    starts: list[int] = [1]  # what comes before the first margin line is a piece too
    previous = ""
    for number, line in enumerate(lines, start=1):
        if line[:1] in ("", " ", "\t", "#", "\n", "\r") or line.startswith(CONTINUING):
            continue
        if not previous.startswith("@") and number > 1:
            starts.append(number)
        previous = line
    ends = [start - 1 for start in starts[1:]] + [len(lines)]
    pieces = [(start, "".join(lines[start - 1:end]))
              for start, end in zip(starts, ends, strict=True)]
    return [Cell(number, f"line {start}", code, start)
            for number, (start, code) in enumerate(pieces, start=1) if not _inert(code)]


def _strip_magics(code: str, label: str, notes: list[Note], *, per_line: bool) -> str:
    """Replace magics and shell lines by `pass` (same indent); keep what only times or
    configures output running. `per_line` labels notes by line (a `.py` file)."""
    lines = code.split("\n")
    first = lines[0].strip()
    head = first.split(maxsplit=1)[0] if first.startswith("%%") and not per_line else ""
    if head:
        if _RUNS.get(head) != "cell":
            notes.append(Note("cell", label, _shown(first)))
            return ""
        lines[0] = "pass"
    for number, line in enumerate(lines[1:] if head else lines, start=2 if head else 1):
        replaced = _line(line, f"line {number}" if per_line else label, notes)
        lines[number - 1] = replaced
    return "\n".join(lines)


def _line(line: str, label: str, notes: list[Note]) -> str:
    """One line as plain Python: a magic's statement, `pass`, or the line unchanged."""
    match = _MAGIC.match(line)
    if match is None:
        if _HELP.match(line) and not _parses(line):
            notes.append(Note("line", label, _shown(line.strip())))
            return f"{line[:len(line) - len(line.lstrip())]}pass"
        return line
    indent, word, rest = match.groups()
    if _RUNS.get(word) == "line" and rest.strip():
        return indent + rest.strip()
    if word not in _SILENT:
        notes.append(Note("line", label, _shown((word + rest).strip())))
    return f"{indent}pass"


def _parses(line: str) -> bool:
    try:
        ast.parse(line.strip())
    except SyntaxError:
        return False
    return True


@dataclass
class KitCalls:
    """What the self-check kit's lines of a submission told: the names they imported, and the
    assignment ids their calls named."""

    names: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)


def _without_kit_calls(code: str, kit: KitCalls) -> str:
    """Blank out top-level imports from the self-check kit and calls of what they imported,
    so a notebook's `check_all()` cell never runs inside a check or the grader. A cell that
    names neither the kit nor what it imported has none: it is not parsed."""
    if KIT not in code and not any(name in code for name in kit.names):
        return code
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return code
    lines = code.split("\n")
    for node in tree.body:
        if _kit_statement(node, kit):
            first, last = node.lineno, node.end_lineno or node.lineno
            lines[first - 1:last] = ["pass"] + [""] * (last - first)
    return "\n".join(lines)


def _kit_statement(node: ast.stmt, kit: KitCalls) -> bool:
    """Whether `node` imports from the kit (remembering the names) or calls one of them
    (remembering an `assignment="..."` it passes, or the quiz `show_values` names)."""
    if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == KIT:
        kit.names.update(alias.asname or alias.name for alias in node.names)
        return True
    if isinstance(node, ast.Import) and any(a.name.split(".")[0] == KIT for a in node.names):
        kit.names.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
        return True
    call = node.value if isinstance(node, ast.Expr) else None
    if not isinstance(call, ast.Call):
        return False
    if not _calls_kit(call.func, kit):
        return False
    kit.named.update(k.value.value for k in call.keywords if k.arg == "assignment"
                     and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str))
    called = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    first = call.args[0] if call.args else None
    if called == "show_values" and isinstance(first, ast.Constant) \
            and isinstance(first.value, str):  # a quiz's first cell: show_values("quiz_03", ...)
        kit.named.add(first.value)
    return True


def _calls_kit(func: ast.expr, kit: KitCalls) -> bool:
    """`check(...)` imported from the kit, or `aimath_student.check_all(...)`."""
    if isinstance(func, ast.Name):
        return func.id in kit.names
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id in kit.names and func.attr in KIT_CALLS)


def _shown(text: str, cap: int = 60) -> str:
    """What a note quotes of a skipped line: at most `cap` characters, marked where cut."""
    return text if len(text) <= cap else text[:cap - 1] + "…"
