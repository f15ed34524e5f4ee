"""`pytest` run by a student in a released folder, the way the notebook's first cell says."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.cli import RELEASE, SOLUTIONS, aimath

pytestmark = pytest.mark.slow
VECTORS = "01_vectors"


def test_two_notebooks_in_the_folder_are_one_usage_error(tmp_path: Path):
    """With a copy of the notebook beside the original, does pytest stop with one line that
    names both notebooks and how to choose, instead of an error for every test?"""
    folder = tmp_path / VECTORS
    shutil.copytree(RELEASE / VECTORS, folder)
    shutil.copy(folder / f"{VECTORS}.ipynb", folder / "my copy.ipynb")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                         cwd=folder, capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, output[-2000:]
    assert output.count("expected exactly one .ipynb") == 1, output[-2000:]
    assert f"{VECTORS}.ipynb, my copy.ipynb" in output
    assert "AIMATH_SUBMISSION" in output


def test_a_missing_chosen_submission_is_one_usage_error(tmp_path: Path):
    """With AIMATH_SUBMISSION naming a file that is not there, does pytest stop with one line
    naming it, instead of a traceback for every test?"""
    folder = tmp_path / VECTORS
    shutil.copytree(RELEASE / VECTORS, folder)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                         cwd=folder, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "AIMATH_SUBMISSION": "nonexist.ipynb"})
    output = run.stdout + run.stderr
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, output[-2000:]
    assert output.count("AIMATH_SUBMISSION=nonexist.ipynb: no such file") == 1, output[-2000:]
    assert "Traceback" not in output


def test_an_endless_loop_is_stopped_at_the_courses_limit(tmp_path: Path):
    """With an `angle` that loops forever (and swallows exceptions), does pytest in the
    folder finish, each angle test failing "timed out after 1 s (in angle)" under a kit
    whose course limit is 1 s, while the other tests pass?"""
    folder = tmp_path / VECTORS
    shutil.copytree(RELEASE / VECTORS, folder)
    solved = {c["metadata"].get("nbgrader", {}).get("grade_id"): c["source"] for c in
              json.loads((SOLUTIONS / VECTORS / f"{VECTORS}.ipynb").read_text())["cells"]}
    notebook = json.loads((folder / f"{VECTORS}.ipynb").read_text())
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in ("l1_norm", "l2_norm", "hadamard"):
            cell["source"] = solved[grade_id]
        elif grade_id == "angle":
            cell["source"] = LOOPS_FOREVER
    (folder / f"{VECTORS}.ipynb").write_text(json.dumps(notebook))
    index = folder / "aimath_student" / "data" / "assignments.json"
    data = json.loads(index.read_text())
    data["limits"]["call_timeout"] = 1.0
    index.write_text(json.dumps(data))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                         cwd=folder, capture_output=True, text=True, timeout=120)
    assert run.returncode == pytest.ExitCode.TESTS_FAILED, run.stdout[-3000:]
    assert "4 failed, 9 passed" in run.stdout
    assert run.stdout.count("timed out after 1 s (in angle)") >= 4


LOOPS_FOREVER = """def angle(x, y):
    while True:
        try:
            pass
        except Exception:
            pass
"""


def test_a_hand_in_from_the_folder_names_the_kits_version(tmp_path: Path):
    """Does a zip made by the kit beside the notebook (never installed) record the version
    its catalog was built by, rather than "unknown"?"""
    folder = tmp_path / VECTORS
    shutil.copytree(RELEASE / VECTORS, folder)
    run = subprocess.run([sys.executable, "-m", "aimath_student", "submit", f"{VECTORS}.ipynb",
                          "--student", "s1", "--to", "out", "--force"],
                         cwd=folder, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    [made] = (folder / "out").glob("*.zip")
    with zipfile.ZipFile(made) as archive:
        name = next(n for n in archive.namelist() if n.endswith("manifest.json"))
        manifest = json.loads(archive.read(name))
    built_by = json.loads((folder / "aimath_student" / "data" / "assignments.json").read_text())
    assert manifest["aimath_version"] == built_by["version"] != "unknown"


def test_a_failed_test_shows_the_test_and_the_students_code_not_the_kits(tmp_path: Path):
    """With l1_norm's cell emptied and an l2_norm that raises NameError, does pytest in the
    folder show the test's line, the student's own line and the kit's message, but no frame
    of the kit's own code?"""
    folder = tmp_path / VECTORS
    shutil.copytree(RELEASE / VECTORS, folder)
    notebook = json.loads((folder / f"{VECTORS}.ipynb").read_text())
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id == "l1_norm":
            cell["source"] = "# not yet\n"
        elif grade_id == "l2_norm":
            cell["source"] = "def l2_norm(x):\n    return float(x @ x) ** 0.5 + scale\n"
    (folder / f"{VECTORS}.ipynb").write_text(json.dumps(notebook))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-k", "lecture_example"], cwd=folder, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == pytest.ExitCode.TESTS_FAILED, run.stdout[-3000:]
    assert "l1_norm is not defined in your code" in run.stdout
    assert "return float(x @ x) ** 0.5 + scale" in run.stdout  # the student's own line
    assert "NameError: name 'scale' is not defined" in run.stdout
    assert "aimath_student/" not in run.stdout.split("short test summary")[0], run.stdout


def test_numpys_pinv_fails_the_formula_tests_in_the_folder_as_in_the_grader(tmp_path: Path):
    """With moore_penrose returning np.linalg.pinv(A), which the exercise forbids, do the
    folder's pytest, `aimath check` and `aimath grade` all fail its tests with the same
    reason, while the other functions still pass?"""
    folder = tmp_path / "02_matrices"
    shutil.copytree(RELEASE / "02_matrices", folder)
    notebook = json.loads((SOLUTIONS / "02_matrices" / "02_matrices.ipynb").read_text())
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "moore_penrose":
            cell["source"] = "from numpy.linalg import pinv\ndef moore_penrose(A):\n" \
                             "    return pinv(A)\n"
    (folder / "02_matrices.ipynb").write_text(json.dumps(notebook))
    said = "numpy.linalg.pinv() is not allowed in this exercise"
    in_folder = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                               cwd=folder, capture_output=True, text=True, timeout=300)
    assert "3 failed, 7 passed" in in_folder.stdout, in_folder.stdout[-3000:]
    assert in_folder.stdout.count(said) >= 3
    check = aimath(folder, "check", "02_matrices.ipynb")
    assert "7/10 public tests passed" in check.stdout and said in check.stdout
    (tmp_path / "subs").mkdir()
    shutil.copy(folder / "02_matrices.ipynb", tmp_path / "subs" / "kim.ipynb")
    assert aimath(tmp_path, "grade", "subs", "--assignment", "02_matrices",
                  "--out", "out").returncode == 0
    tests = json.loads((tmp_path / "out" / "kim" / "results.json").read_text())["tests"]
    failed = {t["name"].split(":")[0] for t in tests if t["status"] == "failed"}
    assert failed == {"moore_penrose"}
    assert all(said in t["output"] for t in tests if t["status"] == "failed")


def test_the_kit_checks_a_copy_of_the_notebook_kept_elsewhere(tmp_path: Path):
    """Run from the released folder on a copy of the notebook kept in another folder, does
    the kit find the public tests beside itself and check the copy (the stub fails), where
    it used to say it had no public tests?"""
    folder = tmp_path / VECTORS
    shutil.copytree(RELEASE / VECTORS, folder)
    (tmp_path / "mine").mkdir()
    shutil.copy(folder / f"{VECTORS}.ipynb", tmp_path / "mine" / f"{VECTORS}.ipynb")
    run = subprocess.run([sys.executable, "-m", "aimath_student", "check",
                          f"../mine/{VECTORS}.ipynb"], cwd=folder, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-2000:]
    assert "0/13 public tests passed" in run.stdout


def test_the_kit_beside_the_notebook_is_compiled_once_and_nothing_else(tmp_path: Path):
    """After one check in a released folder (bytecode on, as in a student's Python), does
    the kit hold the bytecode of the modules only the check's child imports, so the next
    check does not compile them again, while the notebook's folder gains no bytecode?"""
    folder = tmp_path / VECTORS
    shutil.copytree(RELEASE / VECTORS, folder)
    before = sorted(p.name for p in folder.iterdir())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = subprocess.run([sys.executable, "-m", "aimath_student", "check", f"{VECTORS}.ipynb"],
                         cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert "public tests passed" in run.stdout, run.stdout[-2000:] + run.stderr[-2000:]
    tag = sys.implementation.cache_tag
    compiled = {p.name.split(".")[0] for p in (folder / "aimath_student" / "__pycache__").iterdir()
                if p.name.endswith(f".{tag}.pyc")}
    assert {"child", "plugin", "values", "compare"} <= compiled
    assert sorted(p.name for p in folder.iterdir()) == before
