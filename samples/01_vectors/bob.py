"""Partly wrong: l2 without the square root, angle without clipping, hadamard broadcasts."""
import numpy as np


def l1_norm(x):
    return np.abs(x).sum()


def l2_norm(x):
    return (x * x).sum()


def hadamard(x, y):
    return x * y


def angle(x, y):
    return np.arccos(np.inner(x, y) / (np.linalg.norm(x) * np.linalg.norm(y)))
