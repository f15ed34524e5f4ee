"""The hidden checks of one function, run inside a notebook kernel (nbgrader's or otter's).

The comparison graders run each test cell in the student's own kernel, without isolation;
to compare like with like, those cells call the very test functions of the hidden suite,
with a `student` that reaches the kernel's namespace through the same wire round trip the
in-process backend uses. A failing test fails the cell, as an nbgrader test cell would.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
from functools import cache
from types import ModuleType
from typing import Any

import numpy as np

from autograder.course import assignments
from autograder.grading.proxy import Student
from autograder.sandbox import wire
from autograder.sandbox.inside.executor import Executor


class KernelNamespace:
    """A transport whose requests are answered by the kernel's own global namespace."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.executor = Executor()
        self.executor.namespace = namespace

    def request(self, message: dict, buffers: list[bytes], limit: int | None = None,
                on_callback: Any = None) -> tuple[dict, list[memoryview]]:
        sent, sent_buffers = wire.unpack(wire.pack(message, buffers))
        reply, reply_buffers = self.executor.handle(sent, sent_buffers)
        return wire.unpack(wire.pack(reply, reply_buffers))


@cache
def suite_module(assignment_id: str, function: str) -> ModuleType:
    """The hidden suite's `test_<function>.py`, imported once per kernel."""
    path = assignments.get(assignment_id).suite_dir / f"test_{function}.py"
    spec = importlib.util.spec_from_file_location(f"hidden_{assignment_id}_{function}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(namespace: dict[str, Any], assignment_id: str, function: str) -> int:
    """Run every hidden test of `function` on the kernel's namespace; return how many ran.

    Raises AssertionError naming the tests that failed.
    """
    module = suite_module(assignment_id, function)
    student = Student(KernelNamespace(namespace))
    failed, ran = [], 0
    for name, test in sorted(vars(module).items()):
        if not (name.startswith("test_") and callable(test)):
            continue
        seed = int.from_bytes(hashlib.sha256(f"{function}::{name}".encode()).digest()[:8], "big")
        fixtures = {"student": student, "rng": np.random.default_rng(seed)}
        wanted = inspect.signature(test).parameters
        ran += 1
        try:
            test(**{k: v for k, v in fixtures.items() if k in wanted})
        except Exception as exc:
            failed.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
    assert not failed, "\n".join(failed)
    return ran
