"""Time `otter run` (otter-grader, not a project dependency) on the same synthetic students.

Each contract function gets an OK-format test whose single case calls the hidden checks
(`nbchecks.check`) in the notebook's global environment, as the nbgrader test cells do;
`otter generate` packs them, and `otter run` grades one notebook per process. Skipped when no
`otter` command is found; install otter-grader in a separate venv to measure it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from corpus import Variant, write_plain
from nbgrader_course import environment, suite_points

OK_TEST = '''OK_FORMAT = True

test = {{
    "name": "{name}",
    "points": {points},
    "suites": [{{
        "type": "doctest", "scored": True, "setup": "", "teardown": "",
        "cases": [{{"hidden": False, "locked": False, "code": (
            ">>> import nbchecks\\n"
            ">>> nbchecks.check(globals(), {aid!r}, {name!r}) > 0\\nTrue")}}],
    }}],
}}
'''


def find_otter() -> str | None:
    """The `otter` command on PATH, if any."""
    return shutil.which("otter")


def _otter(otter: str, args: list[str], cwd: Path) -> None:
    env = environment()
    env["PATH"] = os.pathsep.join([str(Path(otter).parent), env["PATH"]])
    done = subprocess.run([otter, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"otter {args[0]} failed:\n{done.stderr[-3000:]}")


def build_autograder(otter: str, folder: Path, assignment_id: str, functions: list[str]) -> Path:
    """`otter generate` over one OK test per function; returns the autograder zip."""
    tests = folder / "tests"
    tests.mkdir(parents=True)
    for name in functions:
        text = OK_TEST.format(name=name, points=suite_points(assignment_id, name),
                              aid=assignment_id)
        (tests / f"{name}.py").write_text(text, encoding="utf-8")
    _otter(otter, ["generate", "-t", "tests", "-o", "autograder.zip", "--no-requirements",
                   "--no-environment", "--no-config"], folder)
    return folder / "autograder.zip"


def time_otter(otter: str, folder: Path, assignment_id: str,
               variants: list[Variant]) -> float:
    """Seconds `otter run` takes over plain notebooks of `variants`, one process each."""
    zip_path = build_autograder(otter, folder, assignment_id, list(variants[0].functions))
    notebooks = write_plain(folder / "submissions", variants)
    started = time.perf_counter()
    for notebook in notebooks:
        out = folder / "results" / notebook.stem
        out.mkdir(parents=True)
        _otter(otter, ["run", "-a", str(zip_path), "-o", str(out), "--no-logo",
                       str(notebook)], folder)
    elapsed = time.perf_counter() - started
    graded = list((folder / "results").glob("*/results.json"))
    if len(graded) != len(notebooks):
        raise RuntimeError(f"otter graded {len(graded)} of {len(notebooks)} notebooks")
    return elapsed
