"""What every grade file shares: text cells a spreadsheet never runs as a formula, points as
import screens read them, UTF-8 rows with CRLF endings (RFC 4180)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from autograder.reports.grades_csv import safe_text

__all__ = ["csv_bytes", "points", "safe_text"]

BOM = "\ufeff"


def points(value: float | None) -> str:
    """A score as import screens read it: at most two decimals, a point, no thousands
    separator; an empty cell for no grade."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def csv_bytes(rows: Iterable[Sequence[str]], bom: bool) -> bytes:
    """The rows as one CSV file in UTF-8, with a byte-order mark when `bom`. Every cell must
    already be safe (`safe_text`, `points`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")
