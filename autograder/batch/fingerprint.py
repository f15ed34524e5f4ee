"""The resume cache key: a hash of everything that decided a grade, taken from what grading
actually loaded rather than from a hand-kept list of files.

Computed by a worker once its suite is collected and its grading modules are imported: every
module of `autograder/` and `reference/` then in `sys.modules`, every file of the suite folder
(tests, conftest, mutants, pytest.ini), the quiz bank, the limits and visibility, the version,
and a hash of the course secret (which draws the hidden inputs).
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from pathlib import Path

from autograder import __version__
from autograder.course import assignments

# Loaded here so that the key covers them even when a suite only reaches them lazily.
GRADING_MODULES = ("autograder.grading.checks", "autograder.grading.equivalence",
                   "autograder.grading.outcomes", "autograder.grading.loop",
                   "autograder.sandbox.wire", "autograder.sandbox.callables")
SEED_RULE = "submission-seed-v1"


def _module_files() -> list[Path]:
    roots = (assignments.PACKAGE, assignments.ROOT / "reference")
    files = set()
    for module in list(sys.modules.values()):
        location = getattr(module, "__file__", None)
        if location:
            path = Path(location).resolve()
            if any(path.is_relative_to(root) for root in roots):
                files.add(path)
    return sorted(files)


def fingerprint(assignment: str, secret: bytes, settings: str) -> str:
    """The key of one assignment's grading as this process has loaded it."""
    for name in GRADING_MODULES:
        importlib.import_module(name)
    item = assignments.get(assignment)
    files = [*_module_files(), *sorted(p for p in item.suite_dir.parent.glob("*.ini")),
             *sorted(p for p in item.suite_dir.rglob("*") if p.is_file()
                     and "__pycache__" not in p.parts)]
    if item.is_quiz:
        files.append(assignments.QUIZBANK / f"{item.id}.yaml")
    digest = hashlib.sha256(f"{__version__}|{SEED_RULE}|{settings}".encode())
    digest.update(hashlib.sha256(secret).digest())
    for path in files:
        digest.update(str(path.relative_to(assignments.ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
