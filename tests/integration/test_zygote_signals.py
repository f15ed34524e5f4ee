"""Ctrl-C at the instructor's terminal reaches every process of its group: the grader
handles it, and a zygote neither dies of it nor prints a traceback."""

import os
import signal
import time

from support.sandboxed import SLOT

from autograder.grading.proxy import Student
from autograder.sandbox.host import zygote_client
from autograder.sandbox.host.client import SandboxBackend
from autograder.student.limits import Limits
from autograder.student.notebook import Cell

CELL = Cell(0, "cell 1", "def twice(x):\n    return 2 * x\n")


def test_a_zygote_ignores_ctrl_c_and_keeps_serving():
    """After SIGINT, does the zygote still start student processes that answer?"""
    zygote, before = zygote_client.Zygote(), zygote_client._shared.get(())
    try:
        zygote._wait_ready()
        os.kill(zygote.process.pid, signal.SIGINT)
        time.sleep(0.2)
        assert zygote.process.poll() is None
        backend = SandboxBackend([CELL], Limits(), slot=SLOT)
        zygote_client._shared[()] = zygote
        assert backend.load().fatal is None
        assert Student(backend).twice(21) == 42
        backend.close()
    finally:
        zygote_client._shared.pop((), None)
        if before is not None:
            zygote_client._shared[()] = before
        zygote.close()
