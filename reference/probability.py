"""Lecture 6: moments of discrete distributions and Monte Carlo estimates."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def _checked(values: np.ndarray, probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """values and probs as float arrays, after checking probs is a distribution over values."""
    values, probs = np.asarray(values, dtype=float), np.asarray(probs, dtype=float)
    if values.shape != probs.shape:
        raise ValueError(f"values and probs differ in shape: {values.shape} and {probs.shape}")
    if np.any(probs < 0):
        raise ValueError("probabilities must be non-negative")
    if abs(np.sum(probs) - 1.0) > 1e-8:
        raise ValueError(f"probabilities must sum to 1, got {np.sum(probs)}")
    return values, probs


def expectation(values: np.ndarray, probs: np.ndarray) -> float:
    """E[X] = sum_i p_i x_i of a discrete distribution.

    values, probs: shape (n,). Raises ValueError if probs are negative or do not sum to 1
    (tolerance 1e-8).
    """
    values, probs = _checked(values, probs)
    return float(np.sum(values * probs))


def variance(values: np.ndarray, probs: np.ndarray) -> float:
    """Var[X] = sum_i p_i (x_i - E[X])**2 of a discrete distribution.

    values, probs: shape (n,). Raises ValueError like expectation.
    """
    values, probs = _checked(values, probs)
    mean = np.sum(values * probs)
    return float(np.sum(probs * (values - mean) ** 2))


def mc_integrate(f: Callable[[np.ndarray], np.ndarray], low: float, high: float,
                 sample_size: int = 100, repeat: int = 10,
                 rng: np.random.Generator | None = None) -> tuple[float, float]:
    """Monte Carlo estimate of the integral of f over [low, high], repeated.

    Each repeat draws x = rng.uniform(low, high, size=sample_size) and estimates
    |high - low| * mean(f(x)). Returns the mean and the population std (ddof=0) of the
    repeat estimates.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    estimates = np.empty(repeat)
    for r in range(repeat):
        x = rng.uniform(low, high, size=sample_size)
        estimates[r] = abs(high - low) * np.mean(f(x))
    return float(np.mean(estimates)), float(np.std(estimates))


def mc_pi(n: int, rng: np.random.Generator | None = None) -> float:
    """Estimate pi as 4 * (fraction of n uniform points of the unit square inside the circle).

    Draws the points as rng.uniform(0, 1, size=(n, 2)).
    """
    rng = np.random.default_rng(0) if rng is None else rng
    points = rng.uniform(0, 1, size=(n, 2))
    inside = np.sum(np.sum(points**2, axis=1) <= 1.0)
    return float(4.0 * inside / n)
