"""A new course records its own quiz values key, as the README says: the forms files it hands
out then publish that key, so a student who answers from the values the kit shows scores; a
quiz whose forms publish another key is refused before anyone is graded."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.cli import aimath, results

from autograder.course.assignments import ROOT
from autograder.quiz.bank import bank_paths, load_bank
from autograder.quiz.publish import published_key
from autograder.student.values import draw, load_values

pytestmark = pytest.mark.slow
ID = "quiz_07"
FORMS = Path("source") / ID / f"{ID}.forms.json"


def _course(tmp_path: Path) -> Path:
    """A fresh course folder with the quiz's source copied in, as nbgrader's README steps do."""
    course = tmp_path / "course"
    shutil.copytree(ROOT / "source" / ID, course / "source" / ID)
    return course


def _answers_from_the_kit(course: Path, student: str) -> str:
    """A .py hand-in answering every randomised item for the values the kit shows `student`
    (drawn from the forms file the course hands out), with the right answer for them."""
    spec = load_values(course / FORMS)
    bank = load_bank(next(p for p in bank_paths() if p.stem == ID))
    items = {item.id: item for item in bank.items}
    lines = []
    for entry in spec.items:
        item = items[entry.id]
        lines.append(f"{entry.id} = {item.literal(item.key(draw(entry, spec.key, ID, student)))}")
    return "\n".join(lines) + "\n"


def test_a_new_course_key_is_published_and_answers_from_the_kit_score(tmp_path):
    course = _course(tmp_path)
    repository_key = published_key(course / FORMS)
    done = subprocess.run([sys.executable, "-m", "autograder.quiz.variants", "--course", "."],
                          cwd=course, capture_output=True, text=True, check=True)
    assert published_key(course / FORMS) != repository_key  # the course's own key, published
    assert f"rewritten to publish it: {FORMS}" in done.stdout
    (course / "hand-ins").mkdir()
    (course / "hand-ins" / "alice.py").write_text(_answers_from_the_kit(course, "alice"))
    run = aimath(course, "grade", "hand-ins", "--assignment", ID, "--out", "graded")
    assert run.returncode == 0, run.stderr
    randomised = {e.id for e in load_values(course / FORMS).items}
    scored = {t["name"].split(":")[0]: t["score"] == t["max_score"]
              for t in results(course / "graded", "alice")["tests"]}
    assert randomised and all(scored[item] for item in randomised), scored


def test_a_quiz_whose_forms_publish_another_key_is_refused_before_grading(tmp_path):
    course = _course(tmp_path)
    (course / "aimath.toml").write_text(f'quiz_values_key = "{"ab" * 32}"\n')
    (course / "hand-ins").mkdir()
    (course / "hand-ins" / "alice.py").write_text(_answers_from_the_kit(course, "alice"))
    run = aimath(course, "grade", "hand-ins", "--assignment", ID, "--out", "graded")
    assert run.returncode != 0
    assert str(FORMS) in run.stderr and "variants --course" in run.stderr
    assert not (course / "graded" / "grades.csv").exists()  # no zeros written for anyone


def test_the_kit_wheel_a_course_builds_publishes_its_key(tmp_path):
    """Built with `--course .` from a course that records its own key, does the wheel's forms
    file (what a student in Colab reads) publish the course's key, not the repository's?"""
    course = _course(tmp_path)
    subprocess.run([sys.executable, "-m", "autograder.quiz.variants", "--course", "."],
                   cwd=course, capture_output=True, check=True)
    ours = {p: p.stat().st_mtime_ns for p in (ROOT / "dist").glob("*.whl")}
    subprocess.run([sys.executable, "-m", "autograder.kit.build", "--course", "."],
                   cwd=course, capture_output=True, check=True)
    [wheel] = (course / "dist").glob("*.whl")  # the course's, never the repository's dist/
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "dist").glob("*.whl")} == ours
    with zipfile.ZipFile(wheel) as archive:
        shipped = json.loads(archive.read(f"aimath_student/forms/{ID}.forms.json"))
    assert shipped["values_key"] == published_key(course / FORMS) != published_key(
        ROOT / FORMS)


def test_rewriting_a_released_quiz_warns(tmp_path):
    """A quiz already in the course's release/ when the key is created: does the command say
    that students who fetched it see the old key's values?"""
    course = _course(tmp_path)
    shutil.copytree(course / "source" / ID, course / "release" / ID)
    done = subprocess.run([sys.executable, "-m", "autograder.quiz.variants", "--course", "."],
                          cwd=course, capture_output=True, text=True, check=True)
    assert f"{ID} was already released" in done.stderr


def test_students_whose_handed_in_forms_publish_another_key_are_named(tmp_path):
    """The quiz went out before the course created its key: alice's collected folder holds
    the forms file of the repository's key, bob's the course's. Is alice named on the console
    and told on her page, and bob not?"""
    course = _course(tmp_path)
    old_forms = (course / FORMS).read_text()
    subprocess.run([sys.executable, "-m", "autograder.quiz.variants", "--course", "."],
                   cwd=course, capture_output=True, check=True)
    for student, forms in (("alice", old_forms), ("bob", (course / FORMS).read_text())):
        folder = course / "submitted" / student / ID
        folder.mkdir(parents=True)
        (folder / f"{ID}.py").write_text("q1 = 0.5\n")
        (folder / f"{ID}.forms.json").write_text(forms)
    run = aimath(course, "grade", "submitted", "--assignment", ID, "--out", "graded")
    assert run.returncode == 0, run.stderr
    assert "students shown values of another quiz values key" in run.stderr
    assert "(1): alice." in run.stderr
    notes = {s: [n["key"] for n in results(course / "graded", s)["extra_data"]["notes"]]
             for s in ("alice", "bob")}
    assert "intake.other_values_key" in notes["alice"]
    assert "intake.other_values_key" not in notes["bob"]


@pytest.mark.parametrize("where", ["missing", "a-file"])
def test_a_course_that_is_not_a_folder_is_refused_in_one_line(tmp_path, where):
    """`--course` naming a missing folder or a file: one line of error, nothing created?"""
    (tmp_path / "a-file").write_text("")
    done = subprocess.run([sys.executable, "-m", "autograder.quiz.variants", "--course", where],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2 and "not a folder" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "missing").exists()
