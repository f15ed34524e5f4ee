"""The result of one self-check: a row per public test and per cell that did not load, the
limits it ran under, and the exit code (0 iff every public test passed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .limits import Limits
from .namespace import CellFailure
from .text import cell_label, say


@dataclass(frozen=True)
class Row:
    """One line of the table: a test's public name (or a cell's label) and what happened."""

    name: str
    passed: bool
    message: str = ""


def cell_row(failure: CellFailure, lang: str = "en") -> Row:
    """The row of a cell that did not load: its label, the line, the error (in `lang`)."""
    where = f"{say(lang, 'line_n', n=failure.line)} ({failure.text}): " if failure.line else ""
    return Row(cell_label(failure.label, lang), False, where + failure.describe())


@dataclass(frozen=True)
class CheckReport:
    """Everything a self-check found; the table and the exit code are derived from it."""

    filename: str
    assignment: str
    quiz: bool
    tests: tuple[Row, ...]
    cells: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    isolated: bool = True  # the student's code ran in a child process under the limits
    memory: bool = False  # the memory limit was enforced
    problem: str = ""  # why the check stopped before every test ran, if it did
    lang: str = "en"  # the language of the messages, and of the table

    @property
    def passed(self) -> int:
        return sum(row.passed for row in self.tests)

    @property
    def exit_code(self) -> int:
        """0 iff at least one public test ran and every one passed."""
        return 0 if self.tests and self.passed == len(self.tests) and not self.problem else 1
