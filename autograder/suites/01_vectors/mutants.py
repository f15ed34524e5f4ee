"""Realistic mistakes in 01_vectors; the hidden suite must catch every one."""

from autograder.batch.validate import Mutant

MUTANTS = [
    Mutant("angle", "arccos without clipping: nan for parallel vectors", '''
import numpy as np
def angle(x, y):
    nx, ny = np.linalg.norm(x), np.linalg.norm(y)
    if nx == 0 or ny == 0:
        raise ValueError("zero vector")
    return float(np.arccos(np.dot(x, y) / (nx * ny)))
'''),
    Mutant("angle", "returns degrees instead of radians", '''
import numpy as np
def angle(x, y):
    nx, ny = np.linalg.norm(x), np.linalg.norm(y)
    if nx == 0 or ny == 0:
        raise ValueError("zero vector")
    return float(np.degrees(np.arccos(np.clip(np.dot(x, y) / (nx * ny), -1, 1))))
'''),
    Mutant("angle", "no zero-vector check: returns nan", '''
import numpy as np
def angle(x, y):
    with np.errstate(all="ignore"):
        cos = np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y))
    return float(np.arccos(np.clip(cos, -1, 1)))
'''),
    Mutant("hadamard", "broadcasts instead of raising ValueError", '''
import numpy as np
def hadamard(x, y):
    return np.asarray(x) * np.asarray(y)
'''),
    Mutant("hadamard", "inner product instead of element-wise product", '''
import numpy as np
def hadamard(x, y):
    if np.shape(x) != np.shape(y):
        raise ValueError("shapes differ")
    return np.dot(np.ravel(x), np.ravel(y))
'''),
    Mutant("l2_norm", "forgot the square root", '''
import numpy as np
def l2_norm(x):
    return float(np.sum(np.asarray(x) ** 2))
'''),
    Mutant("l1_norm", "summed without absolute values", '''
import numpy as np
def l1_norm(x):
    return float(np.sum(x))
'''),
    Mutant("l1_norm", "takes abs in place, modifying the input", '''
import numpy as np
def l1_norm(x):
    np.abs(x, out=x)
    return float(np.sum(x))
'''),
]
