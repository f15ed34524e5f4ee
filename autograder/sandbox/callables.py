"""Named functions a hidden test can pass to a student's function across the sandbox.

Lambdas cannot cross the process boundary, so a test sends a name and both sides look the
function up here. Every entry is a plain function of NumPy arrays; this module imports only
NumPy so the sandboxed child can import it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def _exp_neg_sq(x: np.ndarray) -> np.ndarray:
    """exp(-x**2) element-wise: the lecture's Monte Carlo integrand."""
    return np.exp(-np.asarray(x) ** 2)


def _quarter_circle(x: np.ndarray) -> np.ndarray:
    """sqrt(1 - x**2) element-wise: integrates to pi / 4 on [0, 1]."""
    return np.sqrt(1.0 - np.asarray(x) ** 2)


def _cube(x: np.ndarray) -> np.ndarray:
    """x**3 element-wise: integrates to (b**4 - a**4) / 4."""
    return np.asarray(x) ** 3


def _sum_sq(x: np.ndarray) -> float:
    """Sum of squares of every entry: gradient 2x."""
    return float(np.sum(np.asarray(x) ** 2))


def _sum_sin(x: np.ndarray) -> float:
    """Sum of sin of every entry: gradient cos(x)."""
    return float(np.sum(np.sin(x)))


def _sum_cubes(x: np.ndarray) -> float:
    """Sum of cubes of every entry: gradient 3x**2, where a forward difference is visibly off."""
    return float(np.sum(np.asarray(x) ** 3))


def _log_sum_exp(x: np.ndarray) -> float:
    """log(sum(exp(x))) over every entry: gradient softmax(x)."""
    x = np.asarray(x, dtype=float)
    m = np.max(x)
    return float(m + np.log(np.sum(np.exp(x - m))))


def _weighted_sum_sq(x: np.ndarray) -> float:
    """sum_i (i + 1) * x_i**2 over the flattened entries: gradient 2 (i + 1) x_i."""
    flat = np.asarray(x, dtype=float).ravel()
    return float(np.sum(np.arange(1, flat.size + 1) * flat**2))


REGISTRY: dict[str, Callable[..., object]] = {
    "exp_neg_sq": _exp_neg_sq,
    "quarter_circle": _quarter_circle,
    "square": np.square,
    "cube": _cube,
    "sin": np.sin,
    "cos": np.cos,
    "sum_sq": _sum_sq,
    "sum_sin": _sum_sin,
    "sum_cubes": _sum_cubes,
    "log_sum_exp": _log_sum_exp,
    "weighted_sum_sq": _weighted_sum_sq,
}


@dataclass(frozen=True)
class NamedFunction:
    """A function identified by its name in REGISTRY; calling it calls the registered one."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in REGISTRY:
            raise KeyError(f"unknown named function {self.name!r}; known: {', '.join(REGISTRY)}")

    def __call__(self, *args: object, **kwargs: object) -> object:
        return REGISTRY[self.name](*args, **kwargs)


def named(name: str) -> NamedFunction:
    """The registered function `name`, in a form that can cross the sandbox boundary."""
    return NamedFunction(name)
