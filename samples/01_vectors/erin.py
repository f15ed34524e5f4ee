"""Hangs in one function and exits at import; the rest is right."""
import sys

import numpy as np

sys.exit("bye")


def l1_norm(x):
    while True:
        pass


def l2_norm(x):
    return float(np.linalg.norm(x))


def hadamard(x, y):
    if np.shape(x) != np.shape(y):
        raise ValueError("shapes differ")
    return np.multiply(x, y)


def angle(x, y):
    if not np.any(x) or not np.any(y):
        raise ValueError("zero vector")
    c = np.dot(x, y) / np.linalg.norm(x) / np.linalg.norm(y)
    return float(np.arccos(np.clip(c, -1, 1)))
