"""A grading session rewrites the asserts of the staged public tests, so a public test fails
with the values the kit shows, and never a hidden suite's, whose locals are hidden inputs."""

from __future__ import annotations

import json
import subprocess
import sys

from autograder.grading.public import staged

VECTORS = "01_vectors"
SESSION = """
import json, sys
import pytest
from autograder.grading.session import pytest_args

class Seen:
    rewritten = {}

    def pytest_collection_modifyitems(self, items):
        for item in items:
            module = item.module
            self.rewritten[module.__file__] = "@pytest_ar" in vars(module)

seen = Seen()
public = sys.argv[1]
pytest.main([*pytest_args("01_vectors"), public, "--public-tests", public, "--collect-only"],
            plugins=[seen])
print(json.dumps(seen.rewritten))
"""


def test_only_the_public_tests_are_rewritten():
    """In a session of its own (as a worker runs it, no outer pytest around it), are the
    public tests' asserts rewritten and every hidden suite file's left plain?"""
    with staged(VECTORS) as public:
        done = subprocess.run([sys.executable, "-c", SESSION, str(public)],
                              capture_output=True, text=True, check=True)
        rewritten = json.loads(done.stdout.strip().splitlines()[-1])
        assert rewritten.pop(str(public)) is True
    assert len(rewritten) >= 4 and not any(rewritten.values()), rewritten
