"""The one way a grading session's pytest starts: the suite, its ini, our plugin, quiet."""

from __future__ import annotations

import os

from autograder.course import assignments


def pytest_args(assignment: str) -> list[str]:
    """The command line of a session over `assignment`'s hidden suite."""
    suite = assignments.get(assignment).suite_dir
    return [str(suite), "-c", str(suite.parent / "pytest.ini"), "--rootdir", str(suite.parent),
            "-p", "autograder.grading.plugin", "--assignment", assignment, "-p", "no:terminal"]


def run_session(assignment: str, plugin: object, *extra: str) -> int:
    """One pytest session over the assignment's suite, with `plugin` driving it."""
    import pytest

    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # only our plugin: faster, no surprises
    return int(pytest.main([*pytest_args(assignment), *extra], plugins=[plugin]))
