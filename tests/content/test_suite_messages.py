"""What a hidden suite says about its calls: a generator's seed is never printed (with it, a
student could redraw the hidden inputs and their expected values)."""

from __future__ import annotations

import ast
from pathlib import Path

from autograder.course.assignments import PACKAGE


def _printed_seeds(path: Path) -> list[int]:
    """Lines where a `call=` text interpolates a name holding a seed."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.keyword) and node.arg == "call" and isinstance(
                node.value, ast.JoinedStr):
            names = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
            if any("seed" in name for name in names):
                found.append(node.value.lineno)
    return found


def test_no_hidden_call_text_prints_a_seed():
    suites = sorted((PACKAGE / "suites").rglob("test_*.py"))
    assert len(suites) > 40
    printed = {str(p.relative_to(PACKAGE)): lines for p in suites if (lines := _printed_seeds(p))}
    assert printed == {}
