"""pytest plugin of every grading session: the `student`, `submission` and `rng` fixtures,
the `points`/`title`/`edge`/`visible` marks, and the verdict attached to each failed report.

Batch grading registers a `GradingLoop` (autograder.grading.loop); suite authors grade one file
with `pytest -p autograder.grading.plugin autograder/suites/<id> --submission FILE
[--no-sandbox]`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.course.secret import test_seed
from autograder.grading.loop import CURRENT, IDENTITY, SubmissionInfo
from autograder.grading.outcomes import test_key, verdict
from autograder.grading.proxy import Student
from autograder.grading.public import PublicStudent, as_given, marks_of, returned_none
from autograder.grading.rewriting import limit_to
from autograder.student.compare import approx_compare

GIVEN = pytest.StashKey[tuple[str, ...]]()  # the session's paths, absolute
MARKERS = (
    "points(n): the test is worth n points",
    "title(name): the test's public name",
    "edge: an edge case (a raised error, a special value, untouched inputs): its points count "
    "only when an ordinary test of the same function passed (one using `rng`, if any does)",
    "visible: shown to students at once (public), whatever the assignment's visibility",
    "public: a released public test (its student gives SymPy objects and built-in errors)",
    "forbids(*names): these functions (dotted: numpy.linalg.pinv) raise in the student's "
    "calls, for an exercise that asks for the formula they stand for",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("aimath", "aimath grading")
    group.addoption("--assignment", default=None, help="assignment or quiz id being graded")
    group.addoption("--submission", default=None, help="grade this one .py/.ipynb file")
    group.addoption("--no-sandbox", action="store_true",
                    help="run the submission in this process (trusted code only)")
    group.addoption("--public-tests", default=None,
                    help="also run this file of public tests, as visible tests worth 0 points")


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Before a suite file or conftest is imported: the public tests' asserts alone are
    rewritten (`grading.rewriting`)."""
    limit_to(early_config, early_config.known_args_namespace.public_tests)


def pytest_assertrepr_compare(op: str, left: Any, right: Any) -> list[str] | None:
    """A public test's `x == pytest.approx(y)` explained as the kit explains it."""
    return approx_compare(op, left, right)


def pytest_configure(config: pytest.Config) -> None:
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    path = config.getoption("submission", None)
    if path and not config.pluginmanager.has_plugin("aimath-loop"):
        from autograder.grading.standalone import standalone_loop

        config.pluginmanager.register(standalone_loop(config, Path(path)), "aimath-loop")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Only the paths the session was given (the suite, the staged public tests), what is in
    them and their ancestors: given a file outside the rootdir, pytest would otherwise collect
    every folder beside each of its ancestors (all of the temporary folder, for the staged
    public tests), and take longer the more it holds."""
    given = config.stash.get(GIVEN, None)
    if given is None:
        given = config.stash[GIVEN] = tuple(
            os.path.abspath(config.invocation_params.dir / arg.split("::")[0])
            for arg in config.args)
    path = str(collection_path)
    if any(path == arg or path.startswith(arg + os.sep) or arg.startswith(path.rstrip(os.sep)
                                                                          + os.sep)
           for arg in given):
        return None
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The public tests are visible, worth no points, see the public `student`, and run
    first: the student's process is then in the state the kit's check leaves it in, and a
    function the hidden tests give up on (it timed out three times) has had its public tests
    run, as the student saw them."""
    public = config.getoption("public_tests", None)
    if not public:
        return
    for item in items:
        if item.path == Path(public):
            for mark in (pytest.mark.visible, pytest.mark.points(0), pytest.mark.public):
                item.add_marker(mark)
    items.sort(key=lambda item: item.path != Path(public))  # stable: each group in order


@pytest.fixture
def student(request: pytest.FixtureRequest) -> Student | PublicStudent:
    """The submission under test; each call runs in the student's process."""
    current = request.config.stash.get(CURRENT, None)
    if current is None:
        raise pytest.UsageError("no submission: use --submission FILE or `aimath grade`")
    return as_given(current, *marks_of(request.node))


@pytest.fixture
def submission(request: pytest.FixtureRequest) -> SubmissionInfo:
    """Who is being graded (the id the submission was collected under) and its seed."""
    info = request.config.stash.get(IDENTITY, None)
    if info is None:
        raise pytest.UsageError("no submission: use --submission FILE or `aimath grade`")
    return info


@pytest.fixture
def rng(request: pytest.FixtureRequest, submission: SubmissionInfo) -> np.random.Generator:
    """This submission's generator for this test: hidden inputs differ between submissions
    and tests, and repeat exactly when the same bytes are graded again."""
    return np.random.default_rng(test_seed(submission.seed, test_key(request.node)))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if call.excinfo is not None and report.failed:
        public = item.get_closest_marker("public") is not None  # its source is no secret
        report.aimath_verdict = verdict(call.excinfo, call.when, show_source=public,
                                        returned_none=returned_none(
                                            getattr(item, "funcargs", {}).get("student")))
    return report


def scratch_course() -> Path:
    """A throwaway course folder (and so a throwaway secret) for one-off runs."""
    return Path(tempfile.mkdtemp(prefix="aimath-course-"))
