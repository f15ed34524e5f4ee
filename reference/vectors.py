"""Lecture 1: vector norms, the element-wise product and the angle between two vectors."""

from __future__ import annotations

import numpy as np


def l1_norm(x: np.ndarray) -> float:
    """L1 norm: sum of absolute values.

    x: input of shape (n,)
    """
    return float(np.sum(np.abs(np.asarray(x, dtype=float))))


def l2_norm(x: np.ndarray) -> float:
    """Euclidean (L2) norm: square root of the sum of squares.

    x: input of shape (n,)
    """
    x = np.asarray(x, dtype=float)
    return float(np.sqrt(np.sum(x * x)))


def hadamard(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Element-wise (Hadamard) product; refuses to broadcast.

    x, y: inputs of the same shape; returns an array of that shape.
    Raises ValueError if the shapes differ.
    """
    x, y = np.asarray(x), np.asarray(y)
    if x.shape != y.shape:
        raise ValueError(f"hadamard needs equal shapes, got {x.shape} and {y.shape}")
    return x * y


def angle(x: np.ndarray, y: np.ndarray) -> float:
    """Angle in radians, in [0, pi], from cos = <x, y> / (|x| |y|), clipped to [-1, 1].

    x, y: inputs of shape (n,)
    Raises ValueError for vectors of different lengths or a zero vector.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"angle needs vectors of equal length, got {x.shape} and {y.shape}")
    nx, ny = l2_norm(x), l2_norm(y)
    if nx == 0.0 or ny == 0.0:
        raise ValueError("the angle with a zero vector is undefined")
    cos = np.dot(x, y) / (nx * ny)
    return float(np.arccos(np.clip(cos, -1.0, 1.0)))
