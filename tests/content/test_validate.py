"""`aimath validate` on every assignment and quiz: the suites grade what they claim to grade."""

import pytest

from autograder.batch.validate import validate
from autograder.course.assignments import ALL

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment_id", list(ALL))
def test_solution_full_stub_zero_mutants_caught(assignment_id):
    """Does the solution score full marks, the stub zero, and every mutant lose points?"""
    verdict = validate(assignment_id, call_timeout=20.0)
    assert verdict.ok, "\n".join(verdict.problems)
    assert verdict.tests >= 5
