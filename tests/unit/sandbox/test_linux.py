"""The ctypes wrappers the zygote and its children use."""

import subprocess
import sys

# In a process of its own: the handler it registers stays registered for good.
FORKS = """
import os, sys
from autograder.sandbox.inside import linux

read, write = os.pipe()
os.register_at_fork(after_in_child=lambda: os.write(write, b"handler "))
for fork in (os.fork, linux.fork_bare):
    pid = fork()
    if pid == 0:
        os.write(write, b"child;")
        os._exit(0)
    os.waitpid(pid, 0)
    print(os.read(read, 64).decode())
"""


def test_fork_bare_skips_pythons_fork_handlers():
    """Does the zygote's fork leave out the handlers `os.fork` runs in every child (each
    writes pages the child then copies), with a child that still runs Python?"""
    done = subprocess.run([sys.executable, "-c", FORKS], capture_output=True, text=True,
                          check=True)
    assert done.stdout.splitlines() == ["handler child;", "child;"]
