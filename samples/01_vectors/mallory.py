"""Tries to cheat: patches NumPy's comparisons and returns objects equal to everything."""
import numpy as np

np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None


class Anything(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class Liar(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), bool)


def l1_norm(x):
    return Anything(0.0)


def l2_norm(x):
    return np.zeros(3).view(Liar)


def hadamard(x, y):
    return type("Fake", (), {"__eq__": lambda s, o: True, "shape": x.shape})()


def angle(x, y):
    import os
    os.kill(os.getppid(), 9)
    return 0.0
