"""A worker grades on one CPU: its zygote, pinned once the suite is collected, forks every
student process onto that CPU, so a call's round trip never waits for another CPU to wake."""

import os

import pytest
from support.sandboxed import SLOT

from autograder.grading.proxy import Student
from autograder.sandbox.host import zygote_client
from autograder.sandbox.host.backend import open_backend
from autograder.student.limits import Limits
from autograder.student.notebook import Cell

REPORTER = Cell(0, "cell 1",
                "import os\n\ndef cpus():\n    return sorted(os.sched_getaffinity(0))\n")


@pytest.fixture
def zygote():
    shared = zygote_client.shared()
    everywhere = os.sched_getaffinity(0)
    yield shared
    os.sched_setaffinity(shared.process.pid, everywhere)


def student_cpus() -> list[int]:
    backend = open_backend([REPORTER], Limits(), slot=SLOT)
    try:
        assert backend.load().fatal is None
        return Student(backend).cpus()
    finally:
        backend.close()


def test_a_pinned_zygote_starts_students_on_its_cpu(zygote):
    """After `pin(cpu)`, does a new student process run on that CPU only?"""
    cpu = max(os.sched_getaffinity(0))
    student_cpus()  # leaves a child started ahead, on any CPU: pin discards it
    zygote.pin(cpu)
    assert student_cpus() == [cpu]
    assert student_cpus() == [cpu]
