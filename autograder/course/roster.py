"""The course roster: one CSV file, `student_id,name,email[,section]`, read into typed entries.

The one roster reader: `aimath export canvas|moodle --roster` and the course service's
`aimath roster import` both use it. The header row names the columns (any order, any case);
the file is UTF-8 (a byte-order mark, as Excel writes one, is fine). An id must already follow
the one id rule (`student.identity`): a roster never maps ids silently, so it names students
exactly as the graded folders do. Every problem is a `RosterError` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from autograder.student.identity import student_id

COLUMNS = ("student_id", "name", "email", "section")
REQUIRED = COLUMNS[:3]
MAX_BYTES = 8 * 2**20
LONGEST = {"name": 200, "email": 254, "section": 100}  # what the course service stores
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


class RosterError(ValueError):
    """A roster that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class RosterEntry:
    """One student of the course."""

    student_id: str
    name: str
    email: str  # may be empty
    section: str = ""
    line: int = 0  # where the entry was read (the header is line 1)


@dataclass(frozen=True)
class Roster:
    """Every student of the course, in file order; ids and non-empty emails are unique."""

    entries: tuple[RosterEntry, ...] = ()
    source: str = "roster"
    columns: tuple[str, ...] = COLUMNS  # the file's header: without `section`, none was given

    @cached_property
    def by_id(self) -> Mapping[str, RosterEntry]:
        """Each entry by its student id."""
        return {entry.student_id: entry for entry in self.entries}

    def get(self, student: str) -> RosterEntry | None:
        """The entry of `student`, or None when the roster does not list them."""
        return self.by_id.get(student)

    def __contains__(self, student: object) -> bool:
        return student in self.by_id

    def __iter__(self) -> Iterator[RosterEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def read_roster(path: Path) -> Roster:
    """The roster in `path`; RosterError for a missing, huge or malformed file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError(f"{path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise RosterError(f"{path}: {len(data) / 2**20:.1f} MB is too large for a roster")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(f"{path}: not UTF-8 text (byte {exc.start}); save it as "
                          "\"CSV UTF-8\"") from None
    return parse_roster(text, str(path))


def parse_roster(text: str, source: str = "roster.csv") -> Roster:
    """The roster in `text` (the file's contents); `source` names it in errors."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    entries: list[RosterEntry] = []
    header: tuple[str, ...] | None = None
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            where = f"{source}: line {reader.line_num}"
            if header is None:
                header = _header(row, where)
            else:
                entries.append(_entry(dict(zip(header, _fields(row, header, where),
                                                strict=True)), reader.line_num, where))
    except csv.Error as exc:
        raise RosterError(f"{source}: line {reader.line_num}: {exc}") from None
    if header is None:
        raise RosterError(f"{source}: empty; the first row must be {','.join(COLUMNS)}")
    _check_unique(entries, source)
    return Roster(tuple(entries), source, header)


def _header(row: list[str], where: str) -> tuple[str, ...]:
    names = tuple(cell.strip().lower() for cell in row)
    expected = f"the header must be {','.join(REQUIRED)}[,section]"
    unknown = [n for n in names if n not in COLUMNS]
    missing = [n for n in REQUIRED if n not in names]
    if unknown or missing or len(set(names)) != len(names):
        said = (f"unknown column(s) {', '.join(map(repr, unknown))}" if unknown else
                f"missing column(s) {', '.join(missing)}" if missing else "a repeated column")
        raise RosterError(f"{where}: {said}; {expected}")
    return names


def _fields(row: list[str], header: tuple[str, ...], where: str) -> list[str]:
    """The row's cells, one per column (empty cells a spreadsheet added at the end dropped)."""
    while len(row) > len(header) and not row[-1].strip():
        row = row[:-1]
    if len(row) != len(header):
        raise RosterError(f"{where}: {len(row)} field(s) where the header has {len(header)} "
                          f"({','.join(header)}); quote a value that holds a comma")
    return [unicodedata.normalize("NFC", cell.strip()) for cell in row]


def _entry(cells: dict[str, str], line: int, where: str) -> RosterEntry:
    sid, email = cells["student_id"], cells["email"]
    if not sid:
        raise RosterError(f"{where}: the student_id is empty")
    mapped = student_id(sid).value
    if mapped != sid:
        raise RosterError(f"{where}: {sid!r} is not a valid student id (letters, digits, - _ . "
                          f"and at most 64 characters; aimath would store it as {mapped!r})")
    if email and not EMAIL.fullmatch(email):
        raise RosterError(f"{where}: {email!r} is not an email address")
    for column, longest in LONGEST.items():
        value = cells.get(column, "")
        if len(value) > longest:
            raise RosterError(f"{where}: the {column} is {len(value)} characters long; at most "
                              f"{longest}")
        if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in BIDI_CONTROLS
               for c in value):  # a line break, or text shown reversed on staff pages
            raise RosterError(f"{where}: the {column} {value[:40]!r} holds a control character")
    return RosterEntry(sid, cells["name"], email, cells.get("section", ""), line)


def _check_unique(entries: list[RosterEntry], source: str) -> None:
    """No id twice, no email twice (emails compared without case)."""
    seen: dict[str, int] = {}
    for entry in entries:
        for key in (entry.student_id, "@" + entry.email.lower() if entry.email else ""):
            if key and key in seen:
                what = "email" if key.startswith("@") else "student id"
                value = entry.email if key.startswith("@") else entry.student_id
                raise RosterError(f"{source}: line {entry.line}: {what} {value!r} is already "
                                  f"on line {seen[key]}")
            seen[key] = entry.line
