"""The records of a similarity run: each student's code, the settings, the pairs found.

A `Match` is a region two students share, as line ranges in each one's code, numbered as
`source.py` describes; `as_json` gives similarity.json's `[a_line, b_line, length]`, where
`length` is the lines the region spans in a's code (b's span can differ when lines were split
or joined; the page highlights each side's own span).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograder.message import Message


@dataclass(frozen=True)
class CodeCell:
    """A run of the student's lines: one notebook code cell (`number`) or a whole .py file."""

    number: int | None
    first_line: int
    code: str

    @property
    def lines(self) -> list[str]:
        return self.code.split("\n")


@dataclass(frozen=True)
class StudentCode:
    """One submission's code, cell by cell, with the file name it came from."""

    student: str
    filename: str
    cells: tuple[CodeCell, ...]


@dataclass(frozen=True)
class Skipped:
    """A submission that could not be read, and why (a catalogue message, shown in the
    reader's language); it is listed, never compared."""

    student: str
    problem: Message


FORMULA = "shared fingerprints / max(fingerprints of the smaller submission, floor)"


@dataclass(frozen=True)
class Settings:
    """How submissions are compared; each default is declared here and nowhere else.

    k: tokens per k-gram (shorter shared runs are noise); window: k-grams per winnowing
    window (a shared run of k + window - 1 tokens is always found); threshold: the score a
    pair needs to be listed; common, common_min: a fingerprint held by more than
    max(common_min, common * submissions) submissions is common code, not evidence (MOSS's
    -m); floor: the fewest fingerprints a score is divided by, so a few own lines cannot
    score 1; rare: the share of submissions a quiz answer may be given by and still be
    evidence (`answers.py`).
    """

    k: int = 15
    window: int = 6
    threshold: float = 0.5
    common: float = 0.5
    common_min: int = 10
    floor: int = 10
    rare: float = 0.1

    def common_limit(self, submissions: int) -> int:
        """A fingerprint held by more submissions than this is common code."""
        return max(self.common_min, int(self.common * submissions))

    def rare_limit(self, submissions: int) -> int:
        """A quiz answer given by at most this many submissions is rare (evidence when they
        share it): `rare` of them, and never fewer than three (a ring of three copies)."""
        return max(3, int(self.rare * submissions))


DEFAULTS = Settings()


@dataclass(frozen=True)
class Match:
    """A region of code the two students share: its lines in a's and in b's numbering."""

    a_first: int
    a_last: int
    b_first: int
    b_last: int

    def as_json(self) -> list[int]:
        return [self.a_first, self.b_first, self.a_last - self.a_first + 1]


@dataclass(frozen=True)
class Pair:
    """Two students (a before b by id) whose score reached the threshold."""

    a: str
    b: str
    score: float
    shared: int
    matches: tuple[Match, ...]

    def as_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "score": round(self.score, 4),
                "shared_fingerprints": self.shared,
                "matches": [match.as_json() for match in self.matches]}


@dataclass(frozen=True)
class Similarity:
    """Everything one run found: the pairs, who was skipped, and the code behind the pairs."""

    assignment: str
    settings: Settings
    pairs: tuple[Pair, ...]
    skipped: tuple[Skipped, ...]
    codes: tuple[StudentCode, ...]
    starter: str | None
    common: int
    by_answers: bool = False  # a quiz: compared by its answers (`answers.py`), not its code
