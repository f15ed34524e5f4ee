"""`make student-kit`: `dist/aimath_student-<version>-py3-none-any.whl`, offline.

The package is `autograder/student/` under the name `aimath_student` (its modules import
each other relatively, so nothing is rewritten) plus public data only: the catalog
(`data/assignments.json`), the released public tests (`data/<id>/test_<id>.py`) and the
quizzes' answer forms (`forms/<quiz>.forms.json`). Written with zipfile, byte for byte the
same on every run. `python -m autograder.kit.build [--out DIR] [--course DIR]`: a course that
records its own quiz values key builds the wheel with it, so the values the kit shows are the
ones its grader draws.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import zipfile
from collections.abc import Sequence
from pathlib import Path

from autograder.course.assignments import PACKAGE, ROOT
from autograder.quiz.publish import with_key
from autograder.quiz.variants import values_key
from autograder.student.catalog import FORMS, INDEX, Catalog, index_text

STUDENT = PACKAGE / "student"
NAME, DISTRIBUTION = "aimath_student", "aimath-student"
NOT_SHIPPED = frozenset({"public_conftest.py"})  # the template of the release folders' conftest
REQUIRES = ("numpy>=1.26", "sympy>=1.12", "pytest>=8")
EPOCH = (1980, 1, 1, 0, 0, 0)


def code_files() -> dict[str, bytes]:
    """The kit's modules: every `autograder/student/*.py` but the conftest template."""
    return {path.name: path.read_bytes() for path in sorted(STUDENT.glob("*.py"))
            if path.name not in NOT_SHIPPED}


def package_files(catalog: Catalog, release: Path = ROOT / "release",
                  key: bytes | None = None) -> dict[str, bytes]:
    """Everything under `aimath_student/` in the wheel: code, catalog, tests, forms (their
    values key replaced by `key`, a course's own, when given)."""
    files = code_files() | {f"data/{INDEX}": index_text(catalog).encode()}
    for assignment in catalog.assignments:
        folder = release / assignment.id
        tests = folder / f"test_{assignment.id}.py"
        files[f"data/{assignment.id}/{tests.name}"] = tests.read_bytes()
        forms = folder / FORMS.format(id=assignment.id)
        if assignment.quiz and forms.is_file():
            text = forms.read_text(encoding="utf-8")
            files[f"forms/{forms.name}"] = (with_key(text, key) if key else text).encode()
    return files


def _metadata(version: str) -> dict[str, bytes]:
    info = f"{NAME}-{version}.dist-info"
    metadata = "\n".join([
        "Metadata-Version: 2.1", f"Name: {DISTRIBUTION}", f"Version: {version}",
        "Summary: Self-check kit of the AI Math course: public tests, answer forms, "
        "notebook reader", "Requires-Python: >=3.11",
        *(f"Requires-Dist: {requirement}" for requirement in REQUIRES), ""])
    wheel = "Wheel-Version: 1.0\nGenerator: aimath\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    scripts = f"[console_scripts]\naimath-student = {NAME}.launch:main\n"
    return {f"{info}/METADATA": metadata.encode(), f"{info}/WHEEL": wheel.encode(),
            f"{info}/entry_points.txt": scripts.encode(),
            f"{info}/top_level.txt": f"{NAME}\n".encode()}


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(out_dir: Path, catalog: Catalog | None = None,
                release: Path = ROOT / "release", key: bytes | None = None) -> Path:
    """Write the wheel into `out_dir`; its path."""
    from autograder.kit import course_catalog

    catalog = catalog or course_catalog()
    members = {f"{NAME}/{name}": data
               for name, data in package_files(catalog, release, key).items()}
    members |= _metadata(catalog.version)
    record = f"{NAME}-{catalog.version}.dist-info/RECORD"
    lines = [_record_line(name, data) for name, data in members.items()] + [f"{record},,"]
    members[record] = ("\n".join(lines) + "\n").encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{NAME}-{catalog.version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m autograder.kit.build [--course DIR] [--out DIR]`: print the wheel's path."""
    parser = argparse.ArgumentParser(prog="python -m autograder.kit.build",
                                     description="Build the student kit wheel.")
    parser.add_argument("--out", type=Path, help="output folder [default: the course's dist/]")
    parser.add_argument("--course", type=Path, default=ROOT,
                        help="the course whose quiz values key the forms publish [default: "
                             "this repository]")
    args = parser.parse_args(argv)  # a course's wheel never lands on this repository's own
    print(build_wheel(args.out or args.course / "dist", key=values_key(args.course)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
