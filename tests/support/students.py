"""Stand-in students for the checks: a `call` that answers without any sandbox."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.grading.proxy import CallResult


class Mutating:
    """A stand-in student whose function zeroes its array arguments, keyword ones too."""

    def call(self, name: str, *args: Any, **kwargs: Any) -> CallResult:
        changed = [np.zeros_like(a) if isinstance(a, np.ndarray) else a for a in args]
        named = {k: np.zeros_like(v) if isinstance(v, np.ndarray) else v
                 for k, v in kwargs.items()}
        return CallResult(1.0, tuple(changed), named)


class Honest:
    """A stand-in student whose function leaves its arguments alone."""

    def call(self, name: str, *args: Any, **kwargs: Any) -> CallResult:
        return CallResult(2.0, tuple(np.copy(a) for a in args), dict(kwargs))
