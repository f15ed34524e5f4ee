"""A throwaway nbgrader course whose test cells run the hidden checks (`nbchecks.check`).

`build` writes the course and runs `nbgrader generate_assignment`; `submit` fills the
released notebook with each synthetic student's answers (the same files feed `aimath grade`,
which reads nbgrader's `submitted/` tree); `autograde` times `nbgrader autograde`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from corpus import Variant, code_cell, fill, notebook, reference_cells
from nbchecks import suite_module

from autograder.course import assignments

BENCHMARKS = Path(__file__).resolve().parent
CONFIG = """c = get_config()
c.CourseDirectory.course_id = "aimath_bench"
c.Execute.timeout = 120
"""


def environment() -> dict[str, str]:
    """The venv's tools first on PATH (kernel, alembic) and the checks importable."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(assignments.ROOT), str(BENCHMARKS)]))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the venv's `nbgrader` in the course folder; raise with its log if it fails."""
    command = [str(Path(sys.executable).parent / "nbgrader"), *args]
    done = subprocess.run(command, cwd=root, env=environment(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done


def suite_points(assignment_id: str, function: str) -> float:
    """The points of a function's hidden tests (their `points` marks, default 1)."""
    total = 0.0
    for name, test in vars(suite_module(assignment_id, function)).items():
        if name.startswith("test_") and callable(test):
            marks = [m for m in getattr(test, "pytestmark", []) if m.name == "points"]
            total += float(marks[0].args[0]) if marks else 1.0
    return total


def source_notebook(assignment_id: str) -> dict:
    """The instructor's notebook: a solution cell and a hidden-check cell per function."""
    preamble, functions = reference_cells(assignment_id)
    cells = [code_cell(preamble)]
    for name, code in functions.items():
        solution = {"grade": False, "solution": True, "locked": False, "grade_id": name,
                    "schema_version": 3}
        cells.append(code_cell(f"### BEGIN SOLUTION\n{code}\n### END SOLUTION", solution))
        test = {"grade": True, "solution": False, "locked": True, "grade_id": f"test_{name}",
                "points": suite_points(assignment_id, name), "schema_version": 3}
        call = f"import nbchecks\nnbchecks.check(globals(), {assignment_id!r}, {name!r})"
        cells.append(code_cell(call, test))
    return notebook(cells)


def build(root: Path, assignment_id: str) -> dict:
    """Create the course and release the assignment; return the released notebook."""
    folder = root / "source" / assignment_id
    folder.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    (folder / f"{assignment_id}.ipynb").write_text(
        json.dumps(source_notebook(assignment_id), indent=1), encoding="utf-8")
    nbgrader(root, "generate_assignment", assignment_id, "--create", "--force")
    released = root / "release" / assignment_id / f"{assignment_id}.ipynb"
    return json.loads(released.read_text(encoding="utf-8"))


def submit(submitted: Path, assignment_id: str, template: dict,
           variants: list[Variant]) -> list[Path]:
    """`submitted/<student>/<id>/<id>.ipynb` for every variant; returns the notebooks."""
    paths = []
    for i, variant in enumerate(variants):
        folder = submitted / f"s{i:05d}" / assignment_id
        folder.mkdir(parents=True)
        path = folder / f"{assignment_id}.ipynb"
        path.write_text(json.dumps(fill(template, variant), indent=1), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2024-03-01 12:00:00.000000 UTC")
        paths.append(path)
    return paths


def autograde(root: Path, assignment_id: str, expected: int) -> float:
    """Seconds `nbgrader autograde` takes for the whole `submitted/` tree."""
    started = time.perf_counter()
    nbgrader(root, "autograde", assignment_id, "--force")
    elapsed = time.perf_counter() - started
    graded = list((root / "autograded").glob(f"*/{assignment_id}/{assignment_id}.ipynb"))
    if len(graded) != expected:
        raise RuntimeError(f"nbgrader autograded {len(graded)} of {expected} notebooks")
    return elapsed
