"""The self-check's table as plain text: the same in a terminal, a notebook and a log.

One line per cell that did not load and per public test (status, name), the message
indented below it, then the notes, the summary and the limits the check ran under. Widths
count East Asian characters as two columns, so Korean lines stay aligned.
"""

from __future__ import annotations

import unicodedata

from .report import CheckReport, Row
from .text import say

INDENT = 8


def columns(text: str) -> int:
    """How many terminal columns `text` takes (wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """`text` broken at spaces into lines of at most `width` columns (longer words stay whole)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and columns(candidate) > width:
                lines.append(line)
                candidate = word
            line = candidate
        lines.append(line)
    return lines


def _status(word: str) -> str:
    return word + " " * max(1, INDENT - columns(word))


def _row(status: str, row: Row, width: int) -> list[str]:
    lines = [_status(status) + row.name]
    if row.message:
        lines += [" " * INDENT + part for part in wrap(row.message, width - INDENT)]
    return lines


def render(report: CheckReport, width: int = 100) -> str:
    """The whole table in the report's language, ready to print."""
    lang = report.lang
    title = say(lang, "title_quiz" if report.quiz else "title", file=report.filename,
                assignment=report.assignment)
    lines = [title, "-" * min(columns(title), width)]
    for row in report.cells:
        lines += _row(say(lang, "cell"), row, width)
    for row in report.tests:
        lines += _row(say(lang, "pass" if row.passed else "fail"), row, width)
    for note in report.notes:
        lines += [_status(say(lang, "skipped")) + part for part in wrap(note, width - INDENT)]
    lines.append("")
    if not report.tests:
        lines.append(say(lang, "no_tests"))
    if report.problem:
        lines += wrap(report.problem, width)
    summary = "summary_quiz" if report.quiz else "summary"
    lines += wrap(say(lang, summary, passed=report.passed, total=len(report.tests)), width)
    lines += wrap(_limits(report, lang), width)
    return "\n".join(lines)


def _limits(report: CheckReport, lang: str) -> str:
    if not report.isolated:
        return say(lang, "in_process")
    memory = (say(lang, "memory_on", mb=report.limits.memory_mb) if report.memory
              else say(lang, "memory_off"))
    return say(lang, "limits", timeout=report.limits.call_timeout, memory=memory)
