"""`aimath export gradescope ID`: a Gradescope autograder zip for one assignment.

What the zip holds (Gradescope unpacks it into `/autograder/source`):

    setup.sh, run_autograder   at the root, as Gradescope's specification asks
    requirements.txt           the packages grading imports, pinned to this environment's
    aimath-<v>-py3-none-any.whl  the grading code: `autograder/` with only this assignment's
                               suite (a quiz: only its bank), `reference/`, and the public
                               test file students already have (the grader runs it as
                               visible 0-point tests)
    course/aimath.toml         the settings grading reads: limits, this assignment's due date,
                               late policy and hidden visibility, a quiz's values key
    course/.aimath/secret      a key derived from the course secret for this zip only
    gradescope.json            the assignment id and the aimath version

Never the solutions, samples, release or source folders, another assignment's suite or bank,
nor the course secret itself. Byte for byte the same on every run for the same inputs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

from autograder import __version__
from autograder.course import assignments
from autograder.course.secret import course_secret, derive
from autograder.course.settings import Settings
from autograder.exports.gradescope_run import CONFIG, describe
from autograder.exports.gradescope_scripts import run_autograder, setup_sh
from autograder.exports.pins import pinned
from autograder.grading.public import public_tests
from autograder.safefs import write_file
from autograder.student.limits import Limits

EPOCH = (1980, 1, 1, 0, 0, 0)
DATA = (".py", ".yaml", ".j2", ".ini")
EXECUTABLE = {"setup.sh", "run_autograder"}


def grader_files(assignment: str) -> dict[str, bytes]:
    """The grading code for `assignment`, by path inside site-packages."""
    item = assignments.get(assignment)
    files = {}
    for path in sorted(assignments.PACKAGE.rglob("*")):
        relative = path.relative_to(assignments.PACKAGE)
        if path.is_file() and path.suffix in DATA and "__pycache__" not in relative.parts \
                and _needed(relative, item):
            files[f"autograder/{relative.as_posix()}"] = path.read_bytes()
    for path in sorted((assignments.ROOT / "reference").rglob("*.py")):
        if "__pycache__" not in path.parts:
            files[path.relative_to(assignments.ROOT).as_posix()] = path.read_bytes()
    public = public_tests(assignment)
    if public is not None:
        files[public.relative_to(assignments.ROOT).as_posix()] = public.read_bytes()
    return files


def _needed(relative: Path, item: assignments.Assignment) -> bool:
    """False for another assignment's suite folder or another quiz's bank."""
    parts = relative.parts
    if parts[0] == "suites" and len(parts) > 2:
        return parts[1] == item.suite_dir.name
    if parts[:2] == ("quiz", "banks"):
        return relative.name == f"{item.id}.yaml"
    return True


def wheel(files: dict[str, bytes], version: str = __version__) -> tuple[str, bytes]:
    """(file name, bytes) of a wheel installing `files` (no dependencies: pinned apart)."""
    info = f"aimath-{version}.dist-info"
    members = dict(files)
    members[f"{info}/METADATA"] = ("Metadata-Version: 2.1\nName: aimath\nVersion: "
                                   f"{version}\nRequires-Python: >=3.11\n").encode()
    members[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: aimath\n"
                                b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    lines = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in members.items()]
    members[f"{info}/RECORD"] = ("\n".join([*lines, f"{info}/RECORD,,"]) + "\n").encode()
    return f"aimath-{version}-py3-none-any.whl", _zip(members)


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _zip(members: dict[str, bytes], modes: dict[str, int] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            entry = zipfile.ZipInfo(name, date_time=EPOCH)
            entry.external_attr = (modes or {}).get(name, 0o644) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return buffer.getvalue()


def course_toml(assignment: str, settings: Settings) -> str:
    """The course settings grading reads, as `course/aimath.toml`."""
    limits = settings.limits
    policy = settings.policy(assignment)
    lines = ["# The settings of the course this autograder was exported from, as grading",
             f"# reads them (aimath {__version__}).",
             *(f"{name} = {getattr(limits, name)!r}" for name in Limits.__dataclass_fields__)]
    if assignments.get(assignment).is_quiz:
        from autograder.quiz.variants import values_key

        lines.append(f'quiz_values_key = "{values_key(settings.course).hex()}"')
    lines += ["", f'[assignments."{assignment}"]', f'late_policy = "{describe(policy)}"',
              f'hidden_visibility = "{policy.hidden_visibility.value}"']
    if policy.due is not None:
        lines.append(f'due = "{policy.due.isoformat()}"')
    return "\n".join(lines) + "\n"


def zip_members(assignment: str, settings: Settings) -> dict[str, bytes]:
    """Every file of the autograder zip, by name."""
    name, grader = wheel(grader_files(assignment))
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    secret = derive(course_secret(settings.course), "gradescope", assignment)
    return {
        "setup.sh": setup_sh(assignment, __version__, name, python).encode(),
        "run_autograder": run_autograder(assignment, __version__).encode(),
        "requirements.txt": ("\n".join(pinned()) + "\n").encode(),
        name: grader,
        "course/aimath.toml": course_toml(assignment, settings).encode(),
        "course/.aimath/secret": (secret.hex() + "\n").encode(),
        CONFIG: json.dumps({"assignment": assignment, "aimath": __version__}).encode(),
    }


def export_gradescope(assignment: str, settings: Settings, out: Path) -> Path:
    """Write the autograder zip for `assignment` to `out`; the path written."""
    members = zip_members(assignment, settings)
    modes = {name: 0o755 for name in EXECUTABLE} | {"course/.aimath/secret": 0o600}
    return write_file(out, _zip(members, modes))
