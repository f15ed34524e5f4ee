"""What a determined student hands in to fool the grader itself (not the sandbox): links,
borrowed identities, colliding names, oversized messages and replies, and answers that
compute nothing. Graded by the installed `aimath grade`; each attack is checked for its
score, the size of what it leaves in the output folder, and the grader's time and memory."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from support.attacks import ID, write_attack_folder
from support.cli import SOLUTIONS, Run, aimath, results, submit_nbgrader

from autograder.course.assignments import ROOT

pytestmark = pytest.mark.slow
FOLDER_BUDGET = 4 * 2**20  # bytes one student may leave in the output folder
WORKER_BUDGET_MB = 1024  # the grader's peak resident memory, whatever a student sends


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """Every flat-folder attacker with an honest alice, graded once at 2 s per call."""
    course = tmp_path_factory.mktemp("attacks")
    write_attack_folder(course / "subs")
    run = aimath(course, "grade", "subs", "--assignment", ID, "--out", "out", "--timeout", "2")
    return course / "out", run



def _folder_size(out: Path, student: str) -> int:
    return sum(p.stat().st_size for p in (out / student).iterdir())


def test_the_batch_finishes_within_budget(flat):
    """Does the batch exit 0, with every student's folder under its budget and the workers'
    peak memory under 1 GB, whatever the attackers sent?"""
    out, run = flat
    assert run.returncode == 0, run.stderr
    assert run.worker_peak_mb < WORKER_BUDGET_MB, run.worker_peak_mb
    for folder in out.iterdir():
        if folder.is_dir() and not folder.name.startswith("."):
            assert _folder_size(out, folder.name) < FOLDER_BUDGET, folder.name
    assert results(out, "alice")["score"] == results(out, "alice")["max_score"]


def test_a_linked_notebook_earns_nothing_and_is_said_to_be_a_link(flat):
    """Is a submission that links to the model solution refused, unread, for its student?"""
    out, _ = flat
    linker = results(out, "linker")
    assert linker["score"] == 0 and linker["extra_data"]["status"] == "refused"
    assert "symbolic link" in linker["output"]


def test_a_manifest_cannot_borrow_another_students_identity(flat):
    """Is mallory's zip, whose manifest names alice, graded as mallory, alice's own result
    untouched, and the manifest's time only shown?"""
    out, _ = flat
    mallory, alice = results(out, "mallory"), results(out, "alice")
    assert mallory["extra_data"]["student"] == "mallory"
    assert "names 'alice'; graded as 'mallory'" in mallory["output"]
    assert alice["extra_data"]["submission"] == "alice.py"
    assert mallory["extra_data"]["declared_at"] is None
    assert "'whenever' is not a time" in mallory["output"]


def test_two_names_that_map_to_one_id_are_both_reported(flat):
    """Are `alice smith.py` and `alice_smith.py` reported together under their id, neither
    graded, rather than one of them silently dropped?"""
    out, _ = flat
    clash = results(out, "alice_smith")
    assert clash["extra_data"]["status"] == "conflict" and clash["score"] == 0
    assert "alice smith.py" in clash["output"] and "alice_smith.py" in clash["output"]


def test_a_40_mb_exception_name_costs_a_few_kilobytes(flat):
    """Does an exception class with a 40 MB name leave a small results.json, every other
    function still earning its points?"""
    out, _ = flat
    huge = results(out, "huge_name")
    assert (out / "huge_name" / "results.json").stat().st_size < 200_000
    assert huge["score"] > 0 and "EEEE" in huge["output"] + json.dumps(huge["tests"])


@pytest.mark.parametrize("student", ["forged_250mb", "forged_header"])
def test_a_forged_reply_is_refused_before_it_is_read(flat, student):
    """Is a reply announcing 250 MB (or a 60 MB JSON header) refused for that function
    without the grader reading it, the other functions graded?"""
    out, _ = flat
    forged = results(out, student)
    l1 = [t for t in forged["tests"] if t["name"].startswith("l1_norm")]
    assert all(t["status"] == "failed" for t in l1)
    assert forged["score"] > 0


def test_a_frame_written_at_import_costs_only_its_cell(flat):
    """Does a reply frame announcing 2**40 bytes while a cell loads fail that cell alone?"""
    out, _ = flat
    result = results(out, "frame_at_import")
    assert result["extra_data"]["cells"], result["output"]
    assert result["score"] == result["max_score"]


def test_functions_that_compute_nothing_earn_nothing(flat):
    """Do functions that always raise ValueError or always return 0.0 earn no points at
    all, even on the tests whose answer is an error or 0?"""
    out, _ = flat
    assert results(out, "degenerate")["score"] == 0


def test_links_in_an_nbgrader_tree_leak_nothing(course: Path, tmp_path: Path):
    """In an nbgrader tree: is a notebook linked to the solution refused, a timestamp.txt
    linked to a root-only file never shown, and a submission_secret.txt linked to a quiz key
    never copied into the feedback folder handed back to the student?"""
    solution = (SOLUTIONS / ID / f"{ID}.ipynb").read_text()
    eve = submit_nbgrader(course, "eve", ID, solution)
    (eve / f"{ID}.ipynb").unlink()
    os.symlink(SOLUTIONS / ID / f"{ID}.ipynb", eve / f"{ID}.ipynb")
    zoe = submit_nbgrader(course, "zoe", ID, solution)
    (zoe / "timestamp.txt").unlink()
    os.symlink("/etc/shadow", zoe / "timestamp.txt")
    (zoe / "submission_secret.txt").unlink()
    key = ROOT / "autograder" / "quiz" / "banks" / "quiz_01.yaml"
    os.symlink(key, zoe / "submission_secret.txt")
    run = aimath(course, "grade", "submitted", "--assignment", ID, "--out", "out",
                 "--gradebook")
    assert run.returncode == 0, run.stderr
    assert results(course / "out", "eve")["extra_data"]["status"] == "refused"
    zoe_result = results(course / "out", "zoe")
    assert zoe_result["score"] == zoe_result["max_score"]
    shadow = Path("/etc/shadow").read_text()[:20]
    assert shadow not in json.dumps(zoe_result)
    assert shadow not in (course / "out" / "zoe" / "feedback.html").read_text()
    handed_back = course / "feedback" / "zoe"
    bank = key.read_text()[:200]
    assert not handed_back.exists() or all(
        bank not in p.read_text() for p in handed_back.rglob("*") if p.is_file())


def test_a_100_mb_quiz_answer_is_invalid_and_cheap(tmp_path: Path):
    """Is a 100 MB answer to a choice item invalid for that item only, with the worker's
    memory and time bounded?"""
    subs = tmp_path / "subs"
    subs.mkdir()
    honest = (ROOT / "samples" / "quiz_01" / "jisoo.py").read_text()
    (subs / "jisoo.py").write_text(honest + '\nq7 = "A" * 100_000_000\n')
    run = aimath(tmp_path, "grade", "subs", "--assignment", "quiz_01", "--out", "out")
    assert run.returncode == 0, run.stderr
    assert run.worker_peak_mb < WORKER_BUDGET_MB and run.seconds < 120
    q7 = next(t for t in results(tmp_path / "out", "jisoo")["tests"]
              if t["name"].startswith("q7"))
    assert q7["score"] == 0
    assert (tmp_path / "out" / "jisoo" / "results.json").stat().st_size < 200_000


def test_an_unreadable_zip_of_the_class_is_one_clear_error(tmp_path: Path):
    """Is a damaged zip of submissions one line of error, not a traceback?"""
    (tmp_path / "class.zip").write_bytes(b"PK\x03\x04" + io.BytesIO(b"junk" * 10).read())
    run = aimath(tmp_path, "grade", "class.zip", "--assignment", ID, "--out", "out")
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "not a readable zip file" in run.stderr


def test_a_link_inside_a_zip_of_the_class_is_refused_for_its_student(tmp_path: Path):
    """A zip entry that is a symbolic link (to the model solution) is reported as the same
    link in a folder is, unread; it was dropped without a word."""
    solution = (SOLUTIONS / ID / f"{ID}.ipynb").read_text(encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "class.zip", "w") as zipped:
        zipped.writestr("bob.ipynb", solution)
        link = zipfile.ZipInfo("linker.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zipped.writestr(link, str(SOLUTIONS / ID / f"{ID}.ipynb"))
    run = aimath(tmp_path, "grade", "class.zip", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stderr
    linker = results(tmp_path / "out", "linker")
    assert linker["score"] == 0 and linker["extra_data"]["status"] == "refused"
    assert "symbolic link" in linker["output"]
    bob = results(tmp_path / "out", "bob")
    assert bob["score"] == bob["max_score"]
