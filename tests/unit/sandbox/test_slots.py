"""Sandbox slots: a session's own uid, and the CPU a pinned session grades on."""

import os

from autograder.sandbox.host.slots import slot_cpu


def test_the_first_slots_get_a_cpu_each_and_the_rest_wrap_around():
    """Do sessions side by side (slots 0, 1, ...) land on different CPUs while there are
    enough, then start again from the first?"""
    cpus = sorted(os.sched_getaffinity(0))
    assert [slot_cpu(slot) for slot in range(len(cpus))] == cpus
    assert slot_cpu(len(cpus)) == cpus[0]
