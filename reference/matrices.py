"""Lecture 2: inner products of rows, the Moore-Penrose pseudo-inverse, linear regression."""

from __future__ import annotations

import numpy as np


def row_inner(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Inner products of every row of X with every row of Y (np.inner for 2-D inputs).

    X: input of shape (n, d); Y: input of shape (m, d); returns shape (n, m).
    Raises ValueError if the row lengths differ.
    """
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2:
        raise ValueError(f"row_inner needs 2-D arrays, got {X.ndim}-D and {Y.ndim}-D")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"row lengths differ: {X.shape[1]} and {Y.shape[1]}")
    return X @ Y.T


def moore_penrose(A: np.ndarray) -> np.ndarray:
    """Pseudo-inverse of a full-rank matrix by the lecture's formulas.

    A: input of shape (n, m); returns shape (m, n):
    inv(A.T @ A) @ A.T when n >= m (full column rank), else A.T @ inv(A @ A.T).
    """
    A = np.asarray(A, dtype=float)
    if A.shape[0] >= A.shape[1]:
        return np.linalg.inv(A.T @ A) @ A.T
    return A.T @ np.linalg.inv(A @ A.T)


def _with_ones(X: np.ndarray) -> np.ndarray:
    """X of shape (n, d) with a column of ones appended as the LAST column: (n, d + 1)."""
    X = np.asarray(X, dtype=float)
    return np.hstack([X, np.ones((X.shape[0], 1))])


def pinv_regression(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares coefficients with an intercept, via the pseudo-inverse.

    X: inputs of shape (n, d); y: targets of shape (n,).
    Returns beta of shape (d + 1,): d slopes, then the intercept (ones column last).
    Raises ValueError if X and y have different numbers of rows.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X must be (n, d) with n = len(y); got {X.shape} and {y.shape}")
    return moore_penrose(_with_ones(X)) @ y


def predict(X: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """Predictions X @ beta[:-1] + beta[-1] for coefficients from pinv_regression.

    X: inputs of shape (n, d) without the ones column; beta: shape (d + 1,); returns (n,).
    Raises ValueError if beta does not have d + 1 entries.
    """
    X, beta = np.asarray(X, dtype=float), np.asarray(beta, dtype=float)
    if X.ndim != 2 or beta.shape != (X.shape[1] + 1,):
        raise ValueError(f"beta must have shape (d + 1,) for X of shape (n, d); "
                         f"got X {X.shape} and beta {beta.shape}")
    return _with_ones(X) @ beta
