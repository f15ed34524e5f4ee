"""What a hidden suite says about its calls: a generator's seed is never printed (with it, a
student could redraw the hidden inputs and their expected values)."""

from __future__ import annotations

import ast
from pathlib import Path

from autograder.course.assignments import PACKAGE, ROOT


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


def _titles(path: Path) -> set[str]:
    """The first docstring lines of a test file's test functions: the tests' titles."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {doc.strip().splitlines()[0] for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
            and (doc := ast.get_docstring(node))}


def test_no_hidden_test_shares_a_public_tests_title():
    """One feedback page lists both: a public PASS and a hidden FAIL under one title (the
    same words, other checks) reads as a contradiction."""
    shared = {}
    for public in sorted((ROOT / "release").glob("*/test_*.py")):
        hidden = set().union(*map(_titles, (PACKAGE / "suites" / public.parent.name).glob(
            "test_*.py")))
        if both := _titles(public) & hidden:
            shared[public.parent.name] = sorted(both)
    assert shared == {}
