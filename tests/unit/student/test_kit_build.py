"""The student kit's wheel: built offline from `autograder/student/` and the released files,
valid for pip, the same bytes every time, and holding only what students may see."""

import base64
import hashlib
import zipfile

import pytest

from autograder.course.assignments import ALL, ROOT
from autograder.kit import course_catalog
from autograder.kit.build import STUDENT, build_wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_wheel(tmp_path_factory.mktemp("dist"))


def test_the_wheel_is_named_and_described_for_pip(wheel):
    """Is it `aimath_student-<version>-py3-none-any.whl` with metadata, the three
    dependencies and the `aimath-student` command?"""
    version = course_catalog().version
    assert wheel.name == f"aimath_student-{version}-py3-none-any.whl"
    info = f"aimath_student-{version}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"{info}/METADATA").decode()
        scripts = archive.read(f"{info}/entry_points.txt").decode()
    assert "Name: aimath-student" in metadata
    assert [line for line in metadata.splitlines() if line.startswith("Requires-Dist")] == [
        "Requires-Dist: numpy>=1.26", "Requires-Dist: sympy>=1.12", "Requires-Dist: pytest>=8"]
    assert "aimath-student = aimath_student.launch:main" in scripts


def test_record_hashes_match_every_file(wheel):
    """Does RECORD list every member with its true sha256 and size?"""
    with zipfile.ZipFile(wheel) as archive:
        record = next(n for n in archive.namelist() if n.endswith("RECORD"))
        rows = [line.split(",") for line in archive.read(record).decode().splitlines()]
        assert {row[0] for row in rows} == set(archive.namelist())
        for name, digest, size in rows:
            if name == record:
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert (digest, int(size)) == (f"sha256={expected.decode()}", len(data)), name


def test_the_package_is_the_student_folder_plus_public_data(wheel):
    """Is the code exactly `autograder/student/*.py` (but the conftest template), with every
    assignment's released public tests and every quiz's forms?"""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        code = {n.split("/")[1] for n in names if n.count("/") == 1 and n.endswith(".py")}
        assert code == {p.name for p in STUDENT.glob("*.py")} - {"public_conftest.py"}
        for assignment_id in ALL:
            test = f"aimath_student/data/{assignment_id}/test_{assignment_id}.py"
            assert archive.read(test) == (ROOT / "release" / assignment_id / test.split("/")[-1]
                                          ).read_bytes()
        quizzes = {n for n in names if n.startswith("aimath_student/forms/")}
        assert len(quizzes) == sum(a.startswith("quiz_") for a in ALL)


def test_two_builds_are_identical(wheel, tmp_path):
    """Is the wheel reproducible byte for byte?"""
    assert build_wheel(tmp_path).read_bytes() == wheel.read_bytes()
