"""Reference for `06_mle`: maximum likelihood, KL divergence and cross-entropy (lecture 7)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def normal_mle(x: ArrayLike) -> tuple[float, float]:
    """Maximum-likelihood mean and variance of a normal sample (variance divides by N).

    x: samples of shape (N,), N >= 1.
    """
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        raise ValueError("normal_mle needs at least one sample")
    mu = x.mean()
    return float(mu), float(np.mean((x - mu) ** 2))


def normal_log_likelihood(x: ArrayLike, mu: float, sigma2: float) -> float:
    """Total log-likelihood sum_i log N(x_i | mu, sigma2) of the samples.

    x: samples of shape (N,); sigma2: the variance (not the standard deviation), > 0.
    """
    if sigma2 <= 0:
        raise ValueError(f"sigma2 must be positive, got {sigma2}")
    x = np.asarray(x, dtype=float)
    n = x.size
    return float(-0.5 * n * np.log(2 * np.pi * sigma2) - np.sum((x - mu) ** 2) / (2 * sigma2))


def categorical_mle(labels: ArrayLike, num_classes: int) -> NDArray[np.float64]:
    """Maximum-likelihood class probabilities: the relative frequency of each class.

    labels: integer labels of shape (N,) in [0, num_classes); returns shape (num_classes,).
    """
    labels = np.asarray(labels)
    if labels.size == 0:
        raise ValueError("categorical_mle needs at least one label")
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(f"labels must lie in [0, {num_classes})")
    counts = np.bincount(labels.astype(int), minlength=num_classes)
    return counts / labels.size


def _check_pair(p: ArrayLike, q: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Both distributions as float arrays of the same shape."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError(f"p and q differ in shape: {p.shape} vs {q.shape}")
    return p, q


def cross_entropy_dist(p: ArrayLike, q: ArrayLike) -> float:
    """Cross-entropy H(p, q) = -sum p log q in nats, with 0 log 0 = 0 and inf where q = 0 < p.

    p, q: probability vectors of the same shape.
    """
    p, q = _check_pair(p, q)
    support = p > 0
    if np.any(q[support] == 0):
        return float("inf")
    return float(-np.sum(p[support] * np.log(q[support])))


def kl_divergence(p: ArrayLike, q: ArrayLike) -> float:
    """KL(p || q) = sum p log(p / q) in nats, with 0 log 0 = 0 and inf where q = 0 < p.

    p, q: probability vectors of the same shape.
    """
    p, q = _check_pair(p, q)
    support = p > 0
    if np.any(q[support] == 0):
        return float("inf")
    ps, qs = p[support], q[support]
    return float(np.sum(ps * np.log(ps / qs)))
