"""How a failed `value == pytest.approx(expected)` in a public test reads in the self-check:
one line, the value returned and the value expected, instead of pytest's five (`comparison
failed`, `Obtained:`, `Expected:`). (The grader runs its sessions with plain asserts: its
page quotes the public test's failing line instead.)"""

from __future__ import annotations

from typing import Any

import pytest

APPROX = type(pytest.approx(0.0)).__bases__[0]  # pytest.Approx (9), ApproxBase (8)
WIDTH = 160


def short(value: Any) -> str:
    """A value as the student's code returned it, on one line and capped."""
    text = " ".join(repr(value).split()) if not isinstance(value, APPROX) else repr(value)
    return text if len(text) <= WIDTH else text[:WIDTH - 3] + "..."


def approx_compare(op: str, left: Any, right: Any) -> list[str] | None:
    """The explanation of `left op right` when one side is `pytest.approx(...)`; None
    leaves every other comparison to pytest."""
    if op not in ("==", "!=") or not (isinstance(left, APPROX) or isinstance(right, APPROX)):
        return None
    return [f"{short(left)} {op} {short(right)}"]
