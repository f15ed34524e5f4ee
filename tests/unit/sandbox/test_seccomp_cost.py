"""What the seccomp filter costs each child: a warm process, as the zygote is, spawns isolated
children with and without the filter, alternately, and times each from fork to greeting.

    AIMATH_TEST_SLOT=93 .venv/bin/python -m pytest tests/unit/sandbox/test_seccomp_cost.py \\
        -m benchmark -s
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from support.sandboxed import SANDBOX_UID

from autograder.course.assignments import ROOT

RUNS = 100

BENCH = r'''
import ctypes, json, os, statistics, struct, sys, time
from autograder.sandbox.inside import isolation, linux, seccomp, zygote

def spawned(request, fs):
    """Seconds from the fork to the isolated child's greeting."""
    started = time.perf_counter()
    reply, (requests, replies, output, status) = zygote.spawn(request, fs, CHILDREN, BLANK)
    greeting = os.read(replies, 8 + struct.unpack("!Q", os.read(replies, 8))[0])
    elapsed = time.perf_counter() - started
    assert b"true" in greeting, greeting
    os.close(requests)
    os.waitpid(reply["pid"], 0)  # the zygote's own child: its serve loop would reap it
    for fd in (replies, output, status, CHILDREN.status.pop(reply["pid"])):
        os.close(fd)
    return elapsed

def loaded():
    """Seconds a forked child takes to load the (inherited) filter."""
    read, write = os.pipe()
    if os.fork() == 0:
        linux.prctl(linux.PR_SET_NO_NEW_PRIVS, 1)
        started = time.perf_counter()
        linux.set_seccomp_filter(ctypes.byref(seccomp.compiled(seccomp.native_machine())))
        os.write(write, struct.pack("d", time.perf_counter() - started))
        os._exit(0)
    seconds = struct.unpack("d", os.read(read, 8))[0]
    os.wait()
    os.close(read)
    os.close(write)
    return seconds

runs, uid = int(sys.argv[1]), int(sys.argv[2])
CHILDREN = zygote.Children()
BLANK = zygote.namespace.new_module()
zygote.preload([])
fs = isolation.filesystem()
seccomp.compiled(seccomp.native_machine())
request = {"op": "spawn", "memory_mb": 512, "cpu_seconds": 60, "uid": uid}
real, times = seccomp.restrict, {"with": [], "without": [], "load": []}
for run in range(2 * runs):
    seccomp.restrict = real if run % 2 else (lambda: [])
    times["with" if run % 2 else "without"].append(spawned(request, fs))
    times["load"].append(loaded())
print(json.dumps({name: statistics.median(values) * 1e3 for name, values in times.items()}))
'''


@pytest.mark.benchmark
@pytest.mark.skipif(os.geteuid() != 0, reason="isolating a child needs root")
def test_the_filter_costs_a_child_well_under_a_millisecond():
    """Does loading the filter, built once in the parent, cost each child under 1 ms?"""
    run = subprocess.run([sys.executable, "-c", BENCH, str(RUNS), str(SANDBOX_UID)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    medians = json.loads(run.stdout)
    print(f"\nmedians of {RUNS} children: fork to greeting {medians['without']:.2f} ms without "
          f"the filter, {medians['with']:.2f} ms with it; loading it {medians['load']:.3f} ms")
    assert medians["load"] < 1.0
