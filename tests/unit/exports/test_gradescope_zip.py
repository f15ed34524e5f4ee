"""The Gradescope autograder zip: what it holds, what it never holds, and the runner's parts
that need no container (metadata, the submission folder, late scores)."""

from __future__ import annotations

import importlib.metadata as metadata
import io
import json
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.factories import result, test

from autograder.course import assignments
from autograder.course.secret import course_secret
from autograder.course.settings import load_settings
from autograder.exports.gradescope import export_gradescope, zip_members
from autograder.exports.gradescope_run import read_metadata, results_json, submission_source
from autograder.grading.model import Status

SETTINGS = """[tool.aimath]
memory_mb = 700
[tool.aimath.assignments.01_vectors]
due = "2026-03-20T23:59:00+09:00"
late_policy = "linear:10:50"
hidden_visibility = "hidden"
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course folder with its own limits and this assignment's policy."""
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "pyproject.toml").write_text(SETTINGS)
    return folder


def wheel_names(members: dict[str, bytes]) -> list[str]:
    """The files of the grading-code wheel inside the zip."""
    name = next(n for n in members if n.endswith(".whl"))
    return zipfile.ZipFile(io.BytesIO(members[name])).namelist()


def test_the_zip_has_both_scripts_at_its_root_executable(course, tmp_path):
    """Are setup.sh and run_autograder at the root of the zip, executable, and the zip the
    same bytes when exported twice?"""
    first = export_gradescope("01_vectors", load_settings(course), tmp_path / "a.zip")
    second = export_gradescope("01_vectors", load_settings(course), tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    assert modes["course/.aimath/secret"] == 0o600


def test_an_exercise_zip_holds_its_suite_and_no_other_secret(course):
    """Does the grading code hold this assignment's suite, the reference and the public test
    file students have, and nothing of the solutions, samples, release, other suites or the
    quiz banks?"""
    names = wheel_names(zip_members("01_vectors", load_settings(course)))
    assert "autograder/suites/01_vectors/test_l2_norm.py" in names
    assert "autograder/suites/01_vectors/mutants.py" in names
    assert "reference/vectors.py" in names and "autograder/suites/pytest.ini" in names
    assert [n for n in names if n.startswith("source/")] == ["source/01_vectors/test_01_vectors.py"]
    assert not [n for n in names if n.startswith(("solutions/", "samples/", "release/"))]
    assert not [n for n in names if n.startswith("autograder/suites/")
                and not n.startswith(("autograder/suites/01_vectors/", "autograder/suites/py"))]
    assert not [n for n in names if n.startswith("autograder/quiz/banks/")]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_a_quiz_zip_holds_its_own_bank_and_the_values_key(course):
    """Does a quiz's zip hold its bank only, the shared quiz suite, and the course's values
    key in its settings?"""
    settings = load_settings(course)
    members = zip_members("quiz_03", settings)
    names = wheel_names(members)
    assert [n for n in names if "/banks/" in n] == ["autograder/quiz/banks/quiz_03.yaml"]
    assert "autograder/suites/quiz/conftest.py" in names
    baked = load_settings(_unpacked(members, course.parent / "baked"))
    from autograder.quiz.variants import values_key

    assert baked.quiz_values_key == values_key(course).hex()


def _unpacked(members: dict[str, bytes], folder: Path) -> Path:
    """The zip's course folder, written out under `folder`."""
    for name, data in members.items():
        if name.startswith("course/"):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    return folder / "course"


def test_the_baked_settings_are_the_courses_and_the_secret_is_not(course):
    """Do the zip's settings give the course's limits and this assignment's policy, while its
    key is derived (the course secret never leaves the course)?"""
    settings = load_settings(course)
    members = zip_members("01_vectors", settings)
    baked = load_settings(_unpacked(members, course.parent / "baked"))
    assert baked.limits == settings.limits and baked.limits.memory_mb == 700
    assert baked.policy("01_vectors") == settings.policy("01_vectors")
    key = members["course/.aimath/secret"].decode().strip()
    assert len(key) == 64 and key != course_secret(course).hex()
    assert course_secret(course).hex() not in b"".join(members.values()).decode(errors="replace")
    assert json.loads(members["gradescope.json"])["assignment"] == "01_vectors"


def test_requirements_pin_what_is_installed_here(course):
    """Is every requirement pinned with == to the version installed in this environment,
    numpy, sympy and pytest among them?"""
    lines = zip_members("01_vectors", load_settings(course))["requirements.txt"].decode().split()
    pins = dict(line.split("==") for line in lines)
    assert {"numpy", "sympy", "pytest"} <= set(pins)
    for name, version in pins.items():
        assert metadata.version(name) == version


def test_metadata_names_the_student_and_the_times(tmp_path):
    """Is the student Gradescope's sid (else the email), the time `created_at`, and the due
    date the student's own when Gradescope gives one (an extension)?"""
    path = tmp_path / "submission_metadata.json"
    path.write_text(json.dumps({
        "created_at": "2026-03-21T10:00:00.5-07:00",
        "assignment": {"due_date": "2026-03-20T23:00:00-07:00"},
        "users": [{"email": "kim@example.org", "name": "Kim", "sid": "",
                   "assignment": {"due_date": "2026-03-22T23:00:00-07:00"}},
                  {"email": "lee@example.org", "name": "Lee", "sid": "s2"}]}))
    meta = read_metadata(path)
    assert meta.student == "kim@example.org"
    assert meta.submitted_at == datetime(2026, 3, 21, 17, 0, 0, 500000, tzinfo=UTC)
    assert meta.due == datetime(2026, 3, 23, 6, 0, tzinfo=UTC)
    assert meta.notes == ("group submission of 2 students: graded under 'kim@example.org'",)


@pytest.mark.parametrize("content", ["", "[1, 2]", "{\"users\": 5}", "{not json"])
def test_broken_metadata_is_a_note_never_a_crash(tmp_path, content):
    """Is a missing or malformed metadata file graded anyway, as 'student', with a note?"""
    path = tmp_path / "submission_metadata.json"
    if content:
        path.write_text(content)
    meta = read_metadata(path)
    assert meta.student == "student" and meta.submitted_at is None
    assert meta.notes and "could not be read" in meta.notes[0]


@pytest.mark.parametrize(("files", "status", "said"), [
    ({"a.py": "x", ".DS_Store": "", "__MACOSX": None}, None, ""),
    ({"a.py": "x", "b.py": "y"}, Status.UNREADABLE, "2 files were submitted (a.py, b.py)"),
    ({"hw": None}, Status.UNREADABLE, "hw is a folder"),
    ({"hw.pdf": "%PDF"}, Status.UNREADABLE, "hw.pdf is not a notebook"),
    ({}, Status.UNREADABLE, "nothing was submitted"),
])
def test_the_submission_folder_must_hold_one_notebook_or_py(tmp_path, files, status, said):
    """Is exactly one .ipynb or .py file accepted (hidden files ignored), and anything else a
    refusal that says what was found?"""
    for name, content in files.items():
        if content is None:
            (tmp_path / name).mkdir()
        else:
            (tmp_path / name).write_text(content)
    source = submission_source(tmp_path, "kim", "2026-03-21T10:00:00+00:00")
    assert source.status == status and source.student == "kim"
    assert said in ("" if source.problem is None else str(source.problem.params["said"]))


def test_a_link_or_a_pipe_is_refused_unread(tmp_path):
    """Are a symbolic link and a named pipe refused without being opened?"""
    (tmp_path / "hw.py").symlink_to("/etc/hostname")
    assert submission_source(tmp_path, "kim", None).problem.key == "intake.refused_link"
    (tmp_path / "hw.py").unlink()
    os.mkfifo(tmp_path / "hw.py")
    assert submission_source(tmp_path, "kim", None).problem.key == "intake.refused_special"


def test_results_json_applies_the_late_policy_to_the_score(course):
    """Is a submission two started days late scored 80% of its points, with the times,
    the days and the policy in the output and extra_data?"""
    from autograder.exports.gradescope_run import Metadata

    policy = load_settings(course).policy("01_vectors")
    graded = result("kim", test("l1_norm: a", 2, 2), test("angle: b", 3, 3))
    meta = Metadata("kim", datetime(2026, 3, 22, 12, tzinfo=UTC), None)
    data = results_json(graded, meta, policy)
    assert data["score"] == 4.0 and data["max_score"] == 5.0
    assert data["extra_data"]["late"] == {"due": "2026-03-20T23:59:00+09:00", "days_late": 2,
                                          "penalty": pytest.approx(0.2), "score_before": 5.0}
    first = data["output"].splitlines()[:2]
    assert first[0] == "Graded as kim." and "takes 20%: 5 -> 4 of 5 points" in first[1]


def test_the_suite_folders_exist_for_every_assignment():
    """Does every assignment have the suite folder its zip ships (so none exports empty)?"""
    for item in assignments.ALL.values():
        assert any(item.suite_dir.glob("test_*.py")), item.id
