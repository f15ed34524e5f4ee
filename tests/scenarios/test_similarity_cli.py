"""`aimath similarity` as an instructor runs it: the installed command, from their own folder,
with paths relative to it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.course.assignments import ROOT

AIMATH = str(Path(sys.executable).parent / "aimath")
RELEASE = ROOT / "release" / "01_vectors" / "01_vectors.ipynb"
SOLUTION = ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb"


def aimath(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([AIMATH, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def disguised_copy() -> str:
    """The model solution's code cells as one .py file, every name changed, comments gone."""
    cells = [c for c in json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    code = "\n\n".join("".join(c["source"]) for c in cells)
    code = re.sub(r"#.*", "", code)
    for old, new in (("norm_x", "lx"), ("norm_y", "ly"), ("cos", "ratio"), ("x", "u"),
                     ("y", "w")):
        code = re.sub(rf"\b{old}\b", new, code)
    return code


def class_folder(tmp_path: Path) -> Path:
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(SOLUTION, subs / "model.ipynb")
    (subs / "copier.py").write_text(disguised_copy(), encoding="utf-8")
    for name in ("stub1", "stub2"):
        shutil.copy(RELEASE, subs / f"{name}.ipynb")
    (subs / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    return subs


def test_similarity_writes_the_report_where_asked(tmp_path):
    """Does the command, run with relative paths, write both files, flag the copy, leave
    the stubs alone, list the unreadable file and exit 0?"""
    class_folder(tmp_path)
    done = aimath(tmp_path, "similarity", "subs", "--assignment", "01_vectors",
                  "--out", "report")
    assert done.returncode == 0, done.stderr
    assert "compared 4 submissions, 1 not compared: 1 pairs" in done.stdout
    data = json.loads((tmp_path / "report" / "similarity.json").read_text(encoding="utf-8"))
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [("copier", "model")]
    assert data["pairs"][0]["score"] >= 0.8
    assert [s["student"] for s in data["skipped"]] == ["broken"]
    html = (tmp_path / "report" / "similarity.html").read_text(encoding="utf-8")
    assert "not a verdict" in html


def test_bad_arguments_get_one_line_and_no_traceback(tmp_path):
    """Is each wrong argument answered with one line naming the problem, never a traceback?"""
    class_folder(tmp_path)
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    cases = [
        (("similarity", "subs", "--assignment", "01_vector", "--out", "r"), 2,
         "unknown assignment '01_vector'"),
        (("similarity", "nowhere", "--assignment", "01_vectors", "--out", "r"), 1,
         "nowhere does not exist"),
        (("similarity", "subs", "--assignment", "01_vectors", "--out", "taken"), 2,
         "is a file"),
    ]
    for args, status, words in cases:
        done = aimath(tmp_path, *args)
        assert done.returncode == status, (args, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def quiz_notebook(answers: dict[str, str]) -> str:
    """The released quiz_01 notebook with `answers` (item -> code) in its answer cells."""
    notebook = json.loads((ROOT / "release" / "quiz_01" / "quiz_01.ipynb").read_text("utf-8"))
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        for item, code in answers.items():
            source = re.sub(rf"^{item} = None.*$", f"{item} = {code}", source, flags=re.M)
        cell["source"] = source
    return json.dumps(notebook)


def test_a_quiz_is_compared_by_its_answers(tmp_path):
    """A byte-for-byte copy of bob's quiz is found; carol and frank, who gave the class's
    common answers but each their own q7, are not; nor are six students who all answered
    everything the common way (the code of every quiz has one shape: by fingerprints the
    copy scored 40%, unlisted, and carol and frank 100%)."""
    common = {"q1": "23", "q2": "4.5", "q3": "0.8", "q4": "12", "q5": "3",
              "q6": "[1, 2, 3]"}
    bob = {"q1": "17", "q2": "2.25", "q3": "0.1", "q4": "5", "q5": "9",
           "q6": "[3, 0, 1]", "q7": "'D'"}
    subs = tmp_path / "subs"
    subs.mkdir()
    honest = {f"h{n}": {**common, "q7": "'C'"} for n in range(1, 7)}
    for student, answers in {"bob": bob, "bobcopy": bob, "carol": {**common, "q7": "'A'"},
                             "frank": {**common, "q7": "'b'"}, **honest}.items():
        (subs / f"{student}.ipynb").write_text(quiz_notebook(answers), encoding="utf-8")
    done = aimath(tmp_path, "similarity", "subs", "--assignment", "quiz_01", "--out", "sim")
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "sim" / "similarity.json").read_text(encoding="utf-8"))
    assert [(p["a"], p["b"], p["score"]) for p in data["pairs"]] == [("bob", "bobcopy", 1.0)]
    assert len(data["pairs"][0]["matches"]) == 7 and "answers" in data["method"]
    html = (tmp_path / "sim" / "similarity.html").read_text(encoding="utf-8")
    assert "compared by its answers" in html


def test_a_deeply_nested_answer_costs_nothing_to_the_class(tmp_path):
    """One student's `q1 = ------...x` (500 signs: a RecursionError reading it back): do
    `aimath similarity` and `aimath grade` still finish, with grades.csv and the report?"""
    subs = tmp_path / "subs"
    subs.mkdir()
    for n in range(3):
        (subs / f"h{n}.ipynb").write_text(quiz_notebook({"q1": "23"}), encoding="utf-8")
    (subs / "p.py").write_text("q1 = " + "-" * 500 + "x\n", encoding="utf-8")
    done = aimath(tmp_path, "similarity", "subs", "--assignment", "quiz_01", "--out", "sim")
    assert done.returncode == 0, done.stderr
    graded = subprocess.run([AIMATH, "grade", "subs", "--assignment", "quiz_01", "--out", "out"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert graded.returncode == 0, graded.stderr
    assert (tmp_path / "out" / "grades.csv").is_file()
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "answers are compared, and students who studied together" in report  # a quiz's note
