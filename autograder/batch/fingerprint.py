"""The resume cache key: a hash of everything that can decide a grade, never a hand-kept list.

It covers every file of the parts of `autograder/` that grading runs (the grading loop, checks
and plugin, the sandbox, the notebook reader and limits, the quiz items, the course's
assignments and secret rules, intake), all of `reference/`, this assignment's suite folder
(tests, conftest, mutants), its public tests, the sessions' `pytest.ini`, the quiz banks, the
limits and
visibility it was graded under, the version, and a hash of the course secret (which draws the
hidden inputs). A file added to one of those folders is covered the day it is added; the
batch, reports and commands only carry results and are left out.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from autograder import __version__
from autograder.course import assignments
from autograder.grading.public import public_tests

DECIDING = ("grading", "sandbox", "student", "quiz", "course", "intake", "message.py")
SEED_RULE = "submission-seed-v1"


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob(pattern)
                  if p.is_file() and "__pycache__" not in p.parts)


def deciding_files(assignment: str) -> list[Path]:
    """Every file whose content can change a grade of `assignment`."""
    item = assignments.get(assignment)
    files = [f for part in DECIDING for f in _files(assignments.PACKAGE / part)]
    files += _files(assignments.ROOT / "reference", "*.py")
    public = public_tests(assignment)
    return [*files, *_files(item.suite_dir), *sorted(item.suite_dir.parent.glob("*.ini")),
            *([public] if public else [])]


def fingerprint(assignment: str, secret: bytes, settings: str) -> str:
    """The key of one assignment's grading under `settings` (limits and visibility)."""
    digest = hashlib.sha256(f"{__version__}|{SEED_RULE}|{settings}".encode())
    digest.update(hashlib.sha256(secret).digest())
    for path in deciding_files(assignment):
        name, content = str(path.relative_to(assignments.ROOT)).encode(), path.read_bytes()
        digest.update(b"%d:%s%d:%s" % (len(name), name, len(content), content))
    return digest.hexdigest()[:16]
