"""Realistic mistakes in 02_matrices; the hidden suite must catch every one."""

from autograder.batch.validate import Mutant

MUTANTS = [
    Mutant("pinv_regression", "ones column put FIRST instead of last", '''
import numpy as np
def pinv_regression(X, y):
    X_ = np.hstack([np.ones((X.shape[0], 1)), X])
    return np.linalg.inv(X_.T @ X_) @ X_.T @ y
'''),
    Mutant("pinv_regression", "no intercept column at all", '''
import numpy as np
def pinv_regression(X, y):
    return np.linalg.inv(X.T @ X) @ X.T @ y
'''),
    Mutant("moore_penrose", "NumPy's pinv instead of the lecture's formulas", '''
import numpy as np
def moore_penrose(A):
    return np.linalg.pinv(A)
'''),
    Mutant("moore_penrose", "NumPy's pinv imported by name", '''
from numpy.linalg import pinv
def moore_penrose(A):
    return pinv(A)
'''),
    Mutant("moore_penrose", "always the tall formula, wrong for wide matrices", '''
import numpy as np
def moore_penrose(A):
    return np.linalg.inv(A.T @ A) @ A.T
'''),
    Mutant("moore_penrose", "always the wide formula, wrong for tall matrices", '''
import numpy as np
def moore_penrose(A):
    return A.T @ np.linalg.inv(A @ A.T)
'''),
    Mutant("row_inner", "transposed result: rows of Y against rows of X", '''
import numpy as np
def row_inner(X, Y):
    if X.shape[1] != Y.shape[1]:
        raise ValueError("row lengths differ")
    return Y @ X.T
'''),
    Mutant("row_inner", "silently truncates rows of different lengths", '''
import numpy as np
def row_inner(X, Y):
    d = min(X.shape[1], Y.shape[1])
    return X[:, :d] @ Y[:, :d].T
'''),
    Mutant("predict", "intercept taken from beta[0]", '''
import numpy as np
def predict(X, beta):
    return X @ beta[1:] + beta[0]
'''),
    Mutant("predict", "forgot the intercept", '''
import numpy as np
def predict(X, beta):
    return X @ beta[:-1]
'''),
]
