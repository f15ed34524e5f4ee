"""What a submission prints while it loads is shown to the student, within a cap that says
when it cut something."""

import pytest
from support.sandboxed import SLOT

from autograder.message import CUT
from autograder.sandbox.host.backend import PRINTED_KEEP, open_backend
from autograder.student.limits import Limits
from autograder.student.notebook import Cell


def printed(code: str) -> str:
    backend = open_backend([Cell(0, "cell 1", code)], Limits(), slot=SLOT)
    try:
        return backend.load().printed
    finally:
        backend.close()


def test_short_output_is_shown_whole():
    """Is a line printed while loading shown exactly, without a cut mark?"""
    assert printed("print('loss 0.25')") == "loss 0.25"


@pytest.mark.parametrize("code", ["print('x' * 50_000)", "print('가' * 20_000)",
                                  "print('😀' * 4_000)"])
def test_long_output_is_cut_and_says_so(code):
    """Is output longer than the cap (in characters, or in the bytes the grader keeps: four
    per character) cut to the cap, ending with the cut mark?"""
    shown = printed(code)
    assert len(shown) <= PRINTED_KEEP and shown.endswith(CUT)
