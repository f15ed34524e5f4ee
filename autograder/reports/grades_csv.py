"""grades.csv: one row per student, one column per test, written flat in memory.

The header needs every test name before the first row, so the writer reads the results
twice (names first, rows second) instead of holding a whole class in memory.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from autograder.reports.i18n import num
from autograder.safefs import atomic_open

FIXED_COLUMNS = ("student", "score", "max_score", "percent", "status")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Source = str | os.PathLike[str] | Mapping[str, Any]


def load_result(source: Source) -> Mapping[str, Any]:
    """A results dict, read from a results.json path unless it already is one."""
    if isinstance(source, Mapping):
        return source
    with open(source, encoding="utf-8") as handle:
        return json.load(handle)


def read_results(sources: Iterable[Source]) -> Iterator[Mapping[str, Any]]:
    """Results one at a time, for consumers that stream (the class report)."""
    for source in sources:
        yield load_result(source)


def ordered_test_names(sources: Iterable[Source]) -> list[str]:
    """Every test name in the results, in order of first appearance."""
    names: dict[str, None] = {}
    for result in read_results(sources):
        names.update((str(test.get("name", "")), None) for test in result.get("tests", []))
    return list(names)


def text_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a student named `=cmd|...`)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def grade_row(result: Mapping[str, Any], names: Sequence[str]) -> list[str]:
    """One student's row: the fixed columns, then each test's points (empty if absent)."""
    extra = result.get("extra_data") or {}
    score, max_score = float(result.get("score") or 0), float(result.get("max_score") or 0)
    points: dict[str, float] = {}
    for test in result.get("tests", []):
        name = str(test.get("name", ""))
        points[name] = points.get(name, 0.0) + float(test.get("score") or 0)
    return [
        text_cell(str(extra.get("student", ""))),
        num(score, 4),
        num(max_score, 4),
        num(100 * score / max_score, 2) if max_score else "",
        str(extra.get("status", "graded")),
        *(num(points[name], 4) if name in points else "" for name in names),
    ]


def write_grades_csv(sources: Sequence[Source], out_path: str | os.PathLike[str]) -> Path:
    """Write grades.csv (UTF-8) for results files or dicts, in the order given; returns the path.

    `sources` is read twice, so pass a sequence (a list of paths), not a generator.
    """
    if iter(sources) is sources:
        raise TypeError("write_grades_csv reads its sources twice: pass a list, not an iterator")
    names = ordered_test_names(sources)
    with atomic_open(out_path, newline="", encoding="utf-8-sig") as handle:  # Excel reads Korean
        writer = csv.writer(handle)
        writer.writerow([*FIXED_COLUMNS, *(text_cell(name) for name in names)])
        for result in read_results(sources):
            writer.writerow(grade_row(result, names))
    return Path(out_path)
