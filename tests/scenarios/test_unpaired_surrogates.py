"""A lone surrogate (a file name's undecodable byte, a notebook's `"\\ud800"` escape, an error
message made in student code) is a student's own text: it is shown as U+FFFD and the batch
writes every file it writes for anyone else, similarity included."""

from __future__ import annotations

import json
import os
from pathlib import Path

from support.cli import aimath, notebook, results, solution_code

ASSIGNMENT = "01_vectors"


def _cohort(subs: Path) -> None:
    code = solution_code(ASSIGNMENT)
    subs.mkdir()
    (subs / "honest.py").write_text(code, encoding="utf-8")
    with open(os.path.join(os.fsencode(subs), b"bad\xffname.py"), "w", encoding="utf-8") as f:
        f.write(code)  # a name that is not UTF-8
    (subs / "copier.ipynb").write_text(notebook(code + "\n# note \ud800\n"), encoding="ascii")
    (subs / "raiser.py").write_text(code + '\n\ndef l1_norm(x):\n    raise ValueError("bad'
                                    ' \\udcff")\n', encoding="utf-8")


def test_every_student_is_graded_and_every_class_file_written(tmp_path: Path):
    _cohort(tmp_path / "subs")
    run = aimath(tmp_path, "grade", "subs", "--assignment", ASSIGNMENT, "--out", "out")
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out"
    for student in ("honest", "bad_name", "copier", "raiser"):
        assert (out / student / "feedback.html").is_file(), student
    assert results(out, "honest")["score"] == results(out, "honest")["max_score"]
    assert results(out, "bad_name")["score"] == results(out, "honest")["score"]
    assert results(out, "bad_name")["extra_data"]["submission"] == "bad\ufffdname.py"
    raised = results(out, "raiser")
    assert 0 < raised["score"] < raised["max_score"]
    assert any("bad \ufffd" in test["output"] for test in raised["tests"])
    pairs = json.loads((out / "similarity.json").read_text(encoding="utf-8"))["pairs"]
    assert {"copier", "honest"} in [{p["a"], p["b"]} for p in pairs]
    assert "similarity.html" in (out / "report.html").read_text(encoding="utf-8")


def test_the_similarity_command_reads_them_too(tmp_path: Path):
    _cohort(tmp_path / "subs")
    run = aimath(tmp_path, "similarity", "subs", "--assignment", ASSIGNMENT, "--out", "sim")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "sim" / "similarity.html").is_file()
