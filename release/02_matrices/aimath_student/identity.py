"""The one rule that turns where a submission was collected into a student id.

Used everywhere an id is made or checked: discovery, output folders, grades.csv, nbgrader's
gradebook and feedback folders, the course service, and the student kit's `submit` (standard
library only, so it ships in the kit). An id holds Unicode letters and digits
(Korean names are ordinary ids) plus `-`, `_` and `.`; it never starts with `.` or `-`, is at
most 64 characters and never names one of the class's own files in an output folder. A raw
name outside the rule is mapped (spaces and other characters become `_`, a long name is cut and
keeps a hash of the whole), and the mapping is noted, never silent.
"""

from __future__ import annotations

import ast
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .notebook import Cell

MAX_LENGTH = 64
EXTRA = frozenset("-_.")
# Names the batch writes beside the students' folders: a student may never be one of them.
CLASS_FILES = frozenset({"grades.csv", "report.html", "similarity.json", "similarity.html",
                         "canvas.csv", "moodle.csv"})


@dataclass(frozen=True)
class StudentId:
    """A valid id, and whether it differs from the raw name it was made from."""

    value: str
    raw: str

    @property
    def changed(self) -> bool:
        """Does the id read differently from the name? Composing its Unicode (NFC, as a Mac
        stores 박지성 decomposed) does not: both show the same letters."""
        return self.value != unicodedata.normalize("NFC", self.raw)


def _allowed(char: str) -> bool:
    return char in EXTRA or unicodedata.category(char)[0] in "LN"


def is_valid(value: str) -> bool:
    """Does `value` already follow the rule (so it can name a folder as it is)?"""
    return student_id(value).value == value


def student_id(raw: str) -> StudentId:
    """The id for a raw name (a file's stem, a folder, a zip's prefix, an account)."""
    name = unicodedata.normalize("NFC", raw.strip())
    cleaned = "".join(c if _allowed(c) else "_" for c in name).lstrip(".-") or "unnamed"
    if len(cleaned) > MAX_LENGTH:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        cleaned = f"{cleaned[: MAX_LENGTH - 9]}_{digest}"
    if cleaned.lower() in CLASS_FILES:
        cleaned += "_"
    return StudentId(cleaned, raw)


def declared_student(cells: Iterable[Cell]) -> str:
    """The id a quiz notebook's `STUDENT_ID = "..."` cell declares (its values were drawn for
    it), or "" when it declares none."""
    for cell in cells:
        try:
            tree = ast.parse(cell.code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "STUDENT_ID" for t in node.targets) \
                    and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return node.value.value.strip()
    return ""
