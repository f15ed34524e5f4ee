"""The student kit as a student installs and runs it: the wheel in a fresh virtual
environment outside the course repository (only NumPy, SymPy and pytest beside it), the
installed `aimath-student` command run from the student's own folder with relative paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

from autograder.course.assignments import ROOT
from autograder.kit.build import build_wheel

pytestmark = pytest.mark.slow
AIMATH = str(Path(sys.executable).parent / "aimath")
SOLUTION = ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb"
RELEASED = ROOT / "release" / "01_vectors" / "01_vectors.ipynb"


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`aimath-student` in a fresh venv (no system site-packages) holding only the kit and
    its three dependencies, installed without an index from downloaded wheels."""
    base = tmp_path_factory.mktemp("kit-venv")
    wheel = build_wheel(base / "dist")
    pins = [f"{name}=={metadata.version(name)}" for name in ("numpy", "sympy", "pytest")]
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "-d",
                    str(base / "wheels"), *pins], check=True, timeout=600)
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True, timeout=120)
    python = base / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index",
                    "--find-links", str(base / "wheels"), *pins, str(wheel)],
                   check=True, timeout=600)
    assert "include-system-site-packages = false" in (base / "venv" / "pyvenv.cfg").read_text()
    return base / "venv" / "bin" / "aimath-student"


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIMATH_TEST_SLOT": os.environ.get("AIMATH_TEST_SLOT", "92")}
    env.pop("PYTHONPATH", None)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=env)


def notebook(folder: Path, name: str, **replace: str) -> Path:
    """The released notebook with some functions taken from the model solution (`"solution"`)
    or replaced by given code."""
    released = nbformat.read(RELEASED, as_version=4)
    solved = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source
              for c in nbformat.read(SOLUTION, as_version=4).cells}
    for cell in released.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in replace:
            cell.source = solved[grade_id] if replace[grade_id] == "solution" else replace[grade_id]
    nbformat.write(released, folder / name)
    return folder / name


def statuses(output: str) -> dict[str, str]:
    """Test name -> PASS/FAIL, read from the table."""
    return {line[8:]: line[:8].strip() for line in output.splitlines()
            if line[:8].strip() in ("PASS", "FAIL")}


def test_kit_check_agrees_with_aimath_check(kit: Path, tmp_path: Path) -> None:
    """Does `aimath-student check` give every public test the same verdict as `aimath
    check` on a partly correct notebook, with exit code 1 from both?"""
    notebook(tmp_path, "partly.ipynb", l1_norm="solution", hadamard="solution",
             l2_norm="def l2_norm(x):\n    return float(np.abs(x).sum())")
    student = run([str(kit), "check", "partly.ipynb"], tmp_path)
    grader = run([AIMATH, "check", "partly.ipynb", "--assignment", "01_vectors"], tmp_path)
    assert (student.returncode, grader.returncode) == (1, 1), student.stderr + grader.stderr
    assert statuses(student.stdout) == statuses(grader.stdout)
    verdicts = statuses(student.stdout)
    assert len(verdicts) == 13 and list(verdicts.values()).count("PASS") == 6
    assert verdicts["l2_norm: x = [3, 4] has L2 norm 5"] == "FAIL"


def test_an_endless_loop_times_out_and_the_rest_is_checked(kit: Path, tmp_path: Path) -> None:
    """Does a function that never returns fail its tests with "timed out after 1 s" (three
    times; then, as the grade does, it is not called again) while the other functions'
    tests still pass?"""
    notebook(tmp_path, "01_vectors.ipynb", l1_norm="solution", l2_norm="solution",
             hadamard="solution", angle="def angle(x, y):\n    while True:\n        pass")
    result = run([str(kit), "check", "01_vectors.ipynb", "--timeout", "1"], tmp_path)
    assert result.returncode == 1
    verdicts = statuses(result.stdout)
    assert [v for name, v in verdicts.items() if not name.startswith("angle")] == ["PASS"] * 9
    assert result.stdout.count("timed out after 1 s (in angle)") == 3
    assert result.stdout.count("not run: angle already crashed or timed out 3 times") == 1


def test_a_kit_submission_is_graded_for_its_student(kit: Path, tmp_path: Path) -> None:
    """Does `aimath-student submit --student 김민호` write a zip that `aimath grade` grades
    as 김민호's?"""
    notebook(tmp_path, "01_vectors.ipynb", l1_norm="solution", l2_norm="solution",
             hadamard="solution", angle="solution")
    submitted = run([str(kit), "submit", "01_vectors.ipynb", "--student", "김민호", "--to",
                     "inbox"], tmp_path)
    assert submitted.returncode == 0, submitted.stdout + submitted.stderr
    assert [p.name.split("_")[0] for p in (tmp_path / "inbox").iterdir()] == ["김민호"]
    graded = run([AIMATH, "grade", "inbox", "--assignment", "01_vectors", "--out", "graded"],
                 tmp_path)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    results = json.loads((tmp_path / "graded" / "김민호" / "results.json").read_text())
    assert results["score"] == results["max_score"] > 0
