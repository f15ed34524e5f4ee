"""Realistic mistakes in 03_gradient_descent; the hidden suite must catch every one."""

from autograder.batch.validate import Mutant

MUTANTS = [
    Mutant("gradient_descent_1d", "off by one: checks the gradient only after a step", '''
import sympy
def gradient_descent_1d(f, var, init, lr=1e-2, eps=1e-5, max_iter=100_000):
    df = sympy.lambdify(var, sympy.diff(f, var))
    x, n = float(init), 0
    while True:
        x = x - lr * df(x)
        n += 1
        if abs(df(x)) <= eps or n >= max_iter:
            return x, n
'''),
    Mutant("gradient_descent_1d", "off by one: checks a stale gradient from before the step", '''
import sympy
def gradient_descent_1d(f, var, init, lr=1e-2, eps=1e-5, max_iter=100_000):
    df = sympy.lambdify(var, sympy.diff(f, var))
    x, n = float(init), 0
    g = df(x)
    while abs(g) > eps and n < max_iter:
        g = df(x)
        x = x - lr * g
        n += 1
    return x, n
'''),
    Mutant("gradient_descent_1d", "counts iterations from 1", '''
import sympy
def gradient_descent_1d(f, var, init, lr=1e-2, eps=1e-5, max_iter=100_000):
    df = sympy.lambdify(var, sympy.diff(f, var))
    x, n = float(init), 1
    g = df(x)
    while abs(g) > eps and n < max_iter:
        x = x - lr * g
        g = df(x)
        n += 1
    return x, n
'''),
    Mutant("gradient_descent_nd", "stops when every component is small, not the L2 norm", '''
import numpy as np
import sympy
def gradient_descent_nd(f, vars, init, lr=1e-2, eps=1e-5, max_iter=100_000):
    grad = sympy.lambdify(list(vars), [sympy.diff(f, v) for v in vars])
    x, n = np.array(init, dtype=float), 0
    g = np.array(grad(*x), dtype=float)
    while np.max(np.abs(g)) > eps and n < max_iter:
        x = x - lr * g
        g = np.array(grad(*x), dtype=float)
        n += 1
    return x, n
'''),
    Mutant("gradient_descent_nd", "updates init in place", '''
import numpy as np
import sympy
def gradient_descent_nd(f, vars, init, lr=1e-2, eps=1e-5, max_iter=100_000):
    grad = sympy.lambdify(list(vars), [sympy.diff(f, v) for v in vars])
    x, n = init, 0
    g = np.array(grad(*x), dtype=float)
    while np.linalg.norm(g) > eps and n < max_iter:
        x -= lr * g
        g = np.array(grad(*x), dtype=float)
        n += 1
    return x, n
'''),
    Mutant("gradient", "partial derivatives in alphabetical order, not the order of vars", '''
import sympy
def gradient(f, vars):
    return [sympy.diff(f, v) for v in sorted(vars, key=str)]
'''),
    Mutant("derivative", "differentiates without naming the variable", '''
import sympy
def derivative(f, var):
    return sympy.diff(f)
'''),
    Mutant("linreg_gd", "ones column put first", '''
import numpy as np
def linreg_gd(X, y, lr=0.01, n_iter=5000, beta0=None):
    X_ = np.hstack([np.ones((X.shape[0], 1)), X])
    beta = np.zeros(X_.shape[1]) if beta0 is None else np.array(beta0, dtype=float)
    for _ in range(n_iter):
        beta = beta + lr * X_.T @ (y - X_ @ beta)
    return beta
'''),
    Mutant("linreg_gd", "gradient averaged over the rows (the contract sums)", '''
import numpy as np
def linreg_gd(X, y, lr=0.01, n_iter=5000, beta0=None):
    X_ = np.hstack([X, np.ones((X.shape[0], 1))])
    beta = np.zeros(X_.shape[1]) if beta0 is None else np.array(beta0, dtype=float)
    for _ in range(n_iter):
        beta = beta + lr * X_.T @ (y - X_ @ beta) / len(y)
    return beta
'''),
    Mutant("linreg_sgd", "mini-batch gradient summed, not averaged", '''
import numpy as np
def linreg_sgd(X, y, lr=0.01, n_epochs=100, batch_size=1, rng=None, beta0=None):
    rng = np.random.default_rng(0) if rng is None else rng
    X_ = np.hstack([X, np.ones((X.shape[0], 1))])
    beta = np.zeros(X_.shape[1]) if beta0 is None else np.array(beta0, dtype=float)
    for _ in range(n_epochs):
        idx = rng.permutation(len(y))
        for s in range(0, len(y), batch_size):
            b = idx[s:s + batch_size]
            beta = beta + lr * X_[b].T @ (y[b] - X_[b] @ beta)
    return beta
'''),
    Mutant("linreg_sgd", "shuffles once, not every epoch", '''
import numpy as np
def linreg_sgd(X, y, lr=0.01, n_epochs=100, batch_size=1, rng=None, beta0=None):
    rng = np.random.default_rng(0) if rng is None else rng
    X_ = np.hstack([X, np.ones((X.shape[0], 1))])
    beta = np.zeros(X_.shape[1]) if beta0 is None else np.array(beta0, dtype=float)
    idx = rng.permutation(len(y))
    for _ in range(n_epochs):
        for s in range(0, len(y), batch_size):
            b = idx[s:s + batch_size]
            beta = beta + lr * X_[b].T @ (y[b] - X_[b] @ beta) / len(b)
    return beta
'''),
    Mutant("linreg_sgd", "drops the shorter last batch", '''
import numpy as np
def linreg_sgd(X, y, lr=0.01, n_epochs=100, batch_size=1, rng=None, beta0=None):
    rng = np.random.default_rng(0) if rng is None else rng
    X_ = np.hstack([X, np.ones((X.shape[0], 1))])
    beta = np.zeros(X_.shape[1]) if beta0 is None else np.array(beta0, dtype=float)
    for _ in range(n_epochs):
        idx = rng.permutation(len(y))
        for s in range(0, len(y) - batch_size + 1, batch_size):
            b = idx[s:s + batch_size]
            beta = beta + lr * X_[b].T @ (y[b] - X_[b] @ beta) / len(b)
    return beta
'''),
]
