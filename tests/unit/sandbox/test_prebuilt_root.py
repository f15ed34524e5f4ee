"""The private root's read-only part, built once in the zygote's own mount namespace: what a
zygote that could build it, or not, leaves for its children."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from autograder.course.assignments import ROOT

PREBUILD = """
import json, os, sys
from autograder.sandbox.inside import isolation
before = os.stat("/proc/self/ns/mnt").st_ino
if sys.argv[1] == "fails":
    def fail(path, *args, read_only):
        raise PermissionError(1, "refused here", path)
    isolation._expose = fail
fs = isolation.prebuild_root(isolation.filesystem())
print(json.dumps({"prebuilt": fs.prebuilt, "same_namespace": os.stat("/proc/self/ns/mnt").st_ino
                  == before, "tmp_read_only": bool(os.statvfs("/tmp").f_flag & os.ST_RDONLY)}))
"""


def _prebuild(how: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PREBUILD, how], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(os.geteuid() != 0, reason="mount namespaces need root")
def test_a_zygote_holds_the_read_only_root_in_a_namespace_of_its_own():
    """Does a zygote that can build the root hold it, read-only, in its own namespace?"""
    assert _prebuild("works") == {"prebuilt": True, "same_namespace": False,
                                  "tmp_read_only": True}


@pytest.mark.skipif(os.geteuid() != 0, reason="mount namespaces need root")
def test_a_root_that_cannot_be_built_leaves_the_zygote_where_it_was():
    """When a mount fails halfway, is the zygote back in the machine's namespace (its /tmp
    as it was), each child then building the whole root itself?"""
    assert _prebuild("fails") == {"prebuilt": False, "same_namespace": True,
                                  "tmp_read_only": False}
