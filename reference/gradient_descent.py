"""Lectures 3-4 and advanced assignment 1: symbolic derivatives and gradient descent."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy


def derivative(f: sympy.Expr, var: sympy.Symbol) -> sympy.Expr:
    """Derivative df/dvar of a SymPy expression."""
    return sympy.diff(f, var)


def gradient_descent_1d(f: sympy.Expr, var: sympy.Symbol, init: float, lr: float = 1e-2,
                        eps: float = 1e-5, max_iter: int = 100_000) -> tuple[float, int]:
    """Minimise f(var) from init with the lecture's loop; returns (x, iterations).

    The gradient is checked before each step: g = f'(init); while |g| > eps and
    n < max_iter: x -= lr * g, g = f'(x), n += 1.
    """
    df = sympy.lambdify(var, derivative(f, var), modules="math")
    x = float(init)
    g = float(df(x))
    n = 0
    while abs(g) > eps and n < max_iter:
        x = x - lr * g
        g = float(df(x))
        n += 1
    return x, n


def gradient(f: sympy.Expr, vars: Sequence[sympy.Symbol]) -> list[sympy.Expr]:
    """Partial derivatives of f with respect to each of vars, in that order."""
    return [sympy.diff(f, v) for v in vars]


def gradient_descent_nd(f: sympy.Expr, vars: Sequence[sympy.Symbol], init: np.ndarray,
                        lr: float = 1e-2, eps: float = 1e-5,
                        max_iter: int = 100_000) -> tuple[np.ndarray, int]:
    """Minimise f(*vars) from init; stops when the gradient's L2 norm is <= eps.

    init: starting point of shape (k,) for k = len(vars); returns (x of shape (k,), n).
    """
    grad_fn = sympy.lambdify(list(vars), gradient(f, vars), modules="math")
    x = np.array(init, dtype=float)
    g = np.array(grad_fn(*x), dtype=float)
    n = 0
    while np.linalg.norm(g) > eps and n < max_iter:
        x = x - lr * g
        g = np.array(grad_fn(*x), dtype=float)
        n += 1
    return x, n


def _with_ones(X: np.ndarray) -> np.ndarray:
    """X of shape (n, d) with a column of ones appended as the LAST column: (n, d + 1)."""
    X = np.asarray(X, dtype=float)
    return np.hstack([X, np.ones((X.shape[0], 1))])


def _start(beta0: np.ndarray | None, size: int) -> np.ndarray:
    """A fresh float copy of beta0, or zeros of shape (size,) when beta0 is None."""
    return np.zeros(size) if beta0 is None else np.array(beta0, dtype=float)


def linreg_gd(X: np.ndarray, y: np.ndarray, lr: float = 0.01, n_iter: int = 5000,
              beta0: np.ndarray | None = None) -> np.ndarray:
    """Linear regression by full-batch gradient descent on the (unaveraged) squared error.

    X: inputs of shape (n, d); y: targets of shape (n,); beta0: shape (d + 1,) or None.
    Returns beta of shape (d + 1,), the intercept last.
    """
    X_, y = _with_ones(X), np.asarray(y, dtype=float)
    beta = _start(beta0, X_.shape[1])
    for _ in range(n_iter):
        grad = -X_.T @ (y - X_ @ beta)
        beta = beta - lr * grad
    return beta


def linreg_sgd(X: np.ndarray, y: np.ndarray, lr: float = 0.01, n_epochs: int = 100,
               batch_size: int = 1, rng: np.random.Generator | None = None,
               beta0: np.ndarray | None = None) -> np.ndarray:
    """Linear regression by mini-batch SGD, reshuffling with rng.permutation every epoch.

    X: inputs of shape (n, d); y: targets of shape (n,); beta0: shape (d + 1,) or None.
    Each step uses the batch-averaged gradient; the last batch of an epoch may be shorter.
    Returns beta of shape (d + 1,), the intercept last.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    X_, y = _with_ones(X), np.asarray(y, dtype=float)
    n = X_.shape[0]
    beta = _start(beta0, X_.shape[1])
    for _ in range(n_epochs):
        idx = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = idx[start:start + batch_size]
            X_b, y_b = X_[batch], y[batch]
            grad = -X_b.T @ (y_b - X_b @ beta) / len(batch)
            beta = beta - lr * grad
    return beta
