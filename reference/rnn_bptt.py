"""Reference for `09_rnn_bptt`: tanh RNN, truncated BPTT, clipping, linear RNN (lecture 10)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def rnn_forward(
    X: ArrayLike, h0: ArrayLike, Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike
) -> tuple[Array, dict[str, Array]]:
    """Run h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b) over the whole sequence.

    X: inputs of shape (T, N, D); h0: initial state (N, Hd); Wx (D, Hd); Wh (Hd, Hd); b (Hd,).
    Returns H of shape (T, N, Hd) and a cache (plain arrays) for the backward passes.
    """
    X, h0, Wx, Wh, b = (np.asarray(a, dtype=float) for a in (X, h0, Wx, Wh, b))
    H = np.empty((X.shape[0], h0.shape[0], Wh.shape[0]))
    h = h0
    for t in range(X.shape[0]):
        h = np.tanh(X[t] @ Wx + h @ Wh + b)
        H[t] = h
    return H, {"X": X, "h0": h0, "Wx": Wx, "Wh": Wh, "H": H}


def _bptt(dH: Array, cache: dict[str, Array], k: int) -> dict[str, Array]:
    """Backward pass that stops the gradient at the start of every chunk [jk, (j+1)k), j >= 1."""
    X, h0, Wx, Wh, H = (np.asarray(cache[n], dtype=float) for n in ("X", "h0", "Wx", "Wh", "H"))
    dX = np.zeros_like(X)
    dWx, dWh = np.zeros_like(Wx), np.zeros_like(Wh)
    db = np.zeros(Wh.shape[0])
    carry = np.zeros_like(h0)
    for t in reversed(range(X.shape[0])):
        h_prev = H[t - 1] if t > 0 else h0
        da = (dH[t] + carry) * (1 - H[t] ** 2)
        dX[t] = da @ Wx.T
        dWx += X[t].T @ da
        dWh += h_prev.T @ da
        db += da.sum(axis=0)
        carry = da @ Wh.T if t % k or t == 0 else np.zeros_like(h0)
    return {"dX": dX, "dh0": carry, "dWx": dWx, "dWh": dWh, "db": db}


def rnn_backward(dH: ArrayLike, cache: dict[str, Array]) -> dict[str, Array]:
    """Full backpropagation through time.

    dH: upstream gradient of every hidden state, shape (T, N, Hd); cache from `rnn_forward`.
    Returns the gradients dX, dh0, dWx, dWh, db (each shaped like its variable).
    """
    dH = np.asarray(dH, dtype=float)
    return _bptt(dH, cache, dH.shape[0])


def rnn_backward_truncated(dH: ArrayLike, cache: dict[str, Array], k: int) -> dict[str, Array]:
    """Truncated BPTT: chunks [0, k), [k, 2k), ...; no gradient crosses a chunk boundary.

    As if the hidden state were detached every k steps; only the first chunk reaches dh0 and
    k >= T is full BPTT. dH, cache and the returned keys as in `rnn_backward`.
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    dH = np.asarray(dH, dtype=float)
    return _bptt(dH, cache, min(k, dH.shape[0]))


def clip_by_global_norm(grads: dict[str, ArrayLike], max_norm: float) -> dict[str, Array]:
    """Scale all gradients by max_norm / global_norm when their joint L2 norm exceeds max_norm.

    grads: name -> array; the direction of the joint gradient vector is kept.
    """
    if max_norm <= 0:
        raise ValueError(f"max_norm must be positive, got {max_norm}")
    arrays = {name: np.asarray(g, dtype=float) for name, g in grads.items()}
    total = np.sqrt(sum(float(np.sum(g**2)) for g in arrays.values()))
    scale = max_norm / total if total > max_norm else 1.0
    return {name: g * scale for name, g in arrays.items()}


def linear_rnn_forward(X: ArrayLike, wx: float, wrec: float) -> Array:
    """States of the 'counting ones' RNN: S[:, k] = S[:, k-1] * wrec + X[:, k-1] * wx.

    X: inputs of shape (N, T); returns S of shape (N, T+1) with S[:, 0] = 0.
    """
    X = np.asarray(X, dtype=float)
    S = np.zeros((X.shape[0], X.shape[1] + 1))
    for k in range(1, X.shape[1] + 1):
        S[:, k] = S[:, k - 1] * wrec + X[:, k - 1] * wx
    return S


def linear_rnn_backward(
    X: ArrayLike, S: ArrayLike, grad_out: ArrayLike, wrec: float
) -> tuple[tuple[float, float], Array]:
    """BPTT for the linear RNN: gradients of the mean loss with respect to (wx, wrec).

    X: inputs (N, T); S: states (N, T+1) from `linear_rnn_forward`; grad_out (N,): each
    sample's loss gradient with respect to its output S[:, -1].
    Returns ((wx_grad, wrec_grad), grad_over_time) with grad_over_time (N, T+1) = dloss/dS.
    """
    X, S = np.asarray(X, dtype=float), np.asarray(S, dtype=float)
    n, steps = X.shape
    grad = np.zeros((n, steps + 1))
    grad[:, -1] = grad_out
    for k in range(steps, 0, -1):
        grad[:, k - 1] = grad[:, k] * wrec
    wx_grad = np.sum(grad[:, 1:] * X) / n
    wrec_grad = np.sum(grad[:, 1:] * S[:, :-1]) / n
    return (float(wx_grad), float(wrec_grad)), grad
