"""The import rules that keep the pipeline one-way, read from the source with `ast` (imports
inside functions included): what runs beside student code imports nothing secret, the student
kit stands alone, and nothing flows backwards."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course.assignments import PACKAGE, ROOT

THIRD_PARTY = {"numpy", "sympy", "pytest", "mpmath", "_pytest"}


def imports(path: Path) -> set[str]:
    """Every module a file imports, absolute names (relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "suites" not in p.parts)


def offenders(folder: Path, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {}
    for path in modules(folder):
        names = sorted(n for n in imports(path) if n.startswith(forbidden))
        if names:
            bad[str(path.relative_to(ROOT))] = names
    return bad


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("sandbox/inside", ("autograder.grading", "autograder.quiz", "autograder.reports",
                        "autograder.batch", "autograder.intake", "reference")),
    ("reports", ("autograder.sandbox", "autograder.batch")),
    ("intake", ("autograder.reports", "autograder.batch")),
    ("grading", ("autograder.batch", "autograder.cli", "autograder.service")),
    ("quiz", ("autograder.batch", "autograder.reports", "autograder.sandbox.host")),
])
def test_nothing_flows_backwards(folder: str, forbidden: tuple[str, ...]):
    """Does no module of `folder` import a later stage (or, inside the sandbox, a secret)?"""
    assert offenders(PACKAGE / folder, forbidden) == {}


def test_the_student_kit_stands_alone():
    """Does `autograder/student/` import only its own modules, the standard library, NumPy,
    SymPy and pytest (so the kit's wheel needs nothing else)?"""
    allowed = set(sys.stdlib_module_names) | THIRD_PARTY
    bad = {path.name: sorted(n for n in imports(path) if n.split(".")[0] not in allowed
                             and not n.startswith(("autograder.student", "aimath_student")))
           for path in modules(PACKAGE / "student")}
    assert {name: found for name, found in bad.items() if found} == {}


def test_the_reference_imports_nothing_of_the_grader():
    """Does `reference/` import only NumPy, SymPy and the standard library, never aimath?"""
    found = {n.split(".")[0] for p in modules(ROOT / "reference") for n in imports(p)}
    assert found - set(sys.stdlib_module_names) <= {"numpy", "sympy", "reference"}


def test_no_test_imports_a_conftest():
    """Do tests take helpers as `support.*` (from `tests/support/`)? `from conftest import`
    finds whichever conftest pytest imported first, and `tests.support` imports only when
    the repository happens to be on sys.path (not when one test file is run alone)."""
    bad = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "tests").rglob("*.py"))
           if any(name.split(".")[0] in ("conftest", "tests") for name in imports(p))]
    assert bad == []


def test_a_zygote_loads_none_of_the_kits_commands():
    """Does a zygote, preloaded, hold none of the kit's command machinery (`spawn`, with the
    tempfile, shutil and compression libraries it brings)? Every library a zygote maps is
    copied at each fork and torn down at each exit of every child it makes."""
    code = ("import sys; from autograder.sandbox.inside import zygote; zygote.preload([]); "
            "print(sorted(m for m in ('autograder.student.spawn', 'tempfile', 'shutil', 'lzma')"
            " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"
