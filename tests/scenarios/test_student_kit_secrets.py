"""The student kit holds no secret: unpack the wheel and search every file for what only the
grader may know: hidden tests (names and distinctive lines), the reference implementations,
the quiz keys and explanations, and the model solutions' code."""

from __future__ import annotations

import ast
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from autograder.course.assignments import ROOT
from autograder.kit.build import build_wheel

pytestmark = pytest.mark.slow
REGION = re.compile(r"### BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*### END SOLUTION", re.M | re.S)


def lines_of(text: str, shortest: int) -> set[str]:
    return {line.strip() for line in text.splitlines() if len(line.strip()) >= shortest}


def hidden_suites() -> set[str]:
    """Every hidden test's function name and every line of 30+ characters."""
    found: set[str] = set()
    for path in (ROOT / "autograder" / "suites").rglob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"^def (test_\w+)", text, re.M)) | lines_of(text, 30)
    return found


def reference_bodies() -> set[str]:
    """The lines (20+ characters) of every reference function's body, docstrings aside."""
    found: set[str] = set()
    for path in (ROOT / "reference").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef):
                body = node.body[1:] if ast.get_docstring(node) else node.body
                found |= {line for stmt in body
                          for line in lines_of(ast.get_source_segment(text, stmt) or "", 20)}
    return found


def quiz_keys() -> set[str]:
    """Every explanation line (15+ characters) and every written-out answer (4+)."""
    found: set[str] = set()
    for path in (ROOT / "autograder" / "quiz" / "banks").glob("*.yaml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            found |= lines_of(str(item["explanation"]), 15)
            if isinstance(item["answer"], str) and len(item["answer"]) >= 4:
                found.add(item["answer"])
    return found


def solution_code() -> set[str]:
    """The lines (20+ characters) inside every model solution's solution regions."""
    found: set[str] = set()
    for path in (ROOT / "source").glob("*/*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            for region in REGION.findall(source):
                found |= lines_of(region, 20)
    return found


def public_text(kit: bool = True) -> str:
    """Everything students get anyway (the released folders): not a secret if found there.
    Without `kit`, the kit's copies there are left out: a quiz key that leaked into the kit's
    code (a docstring's example) would otherwise vouch for itself."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in (ROOT / "release").rglob("*")
                     if p.is_file() and (kit or "aimath_student" not in p.parts))


def secrets() -> dict[str, set[str]]:
    public, without_kit = public_text(), public_text(kit=False)
    kinds = {"hidden suite": hidden_suites(), "reference": reference_bodies(),
             "quiz key": quiz_keys(), "model solution": solution_code()}
    return {kind: {s for s in found if s not in (without_kit if kind == "quiz key" else public)}
            for kind, found in kinds.items()}


def leaks(wheel: Path, kinds: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(kind, secret, member) for every secret found in a member of the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        texts = {name: archive.read(name).decode("utf-8", "replace")
                 for name in archive.namelist()}
    return [(kind, secret, name) for kind, found in kinds.items() for secret in sorted(found)
            for name, text in texts.items() if secret in text]


@pytest.fixture(scope="module")
def kinds() -> dict[str, set[str]]:
    return secrets()


def test_the_wheel_holds_no_secret(tmp_path: Path, kinds: dict[str, set[str]]) -> None:
    """Is no hidden test, reference body, quiz key or explanation, or solution line in any
    file of the wheel?"""
    assert all(len(found) > 20 for found in kinds.values()), {k: len(v) for k, v in kinds.items()}
    assert leaks(build_wheel(tmp_path), kinds) == []


def test_the_search_finds_a_planted_secret(tmp_path: Path, kinds: dict[str, set[str]]) -> None:
    """Would the search notice each kind of secret if one reached the kit?"""
    planted = tmp_path / "planted.whl"
    with zipfile.ZipFile(planted, "w") as archive:
        for kind, found in kinds.items():
            archive.writestr(f"aimath_student/{kind}.py", f"x = 1\n{sorted(found)[0]}\n")
    assert sorted({kind for kind, _, _ in leaks(planted, kinds)}) == sorted(kinds)
