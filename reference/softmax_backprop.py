"""Lecture 5 and advanced assignment 2: softmax, cross-entropy and a two-layer MLP by hand."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax along the last axis, shifted by the row maximum so exp never overflows.

    z: scores of shape (K,) or (N, K); returns probabilities of the same shape.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def one_hot(labels: np.ndarray, num_classes: int) -> np.ndarray:
    """One-hot rows for integer class labels.

    labels: integers of shape (N,) in [0, num_classes); returns floats of shape (N, num_classes).
    Raises ValueError for a label outside that range.
    """
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes}), "
                         f"got {labels.min()}..{labels.max()}")
    return np.eye(num_classes)[labels]


def one_hot_encoding(scores: np.ndarray) -> np.ndarray:
    """One-hot of the argmax along the last axis (the first maximum on ties).

    scores: input of shape (K,) or (N, K); returns floats of the same shape.
    """
    scores = np.asarray(scores)
    return np.eye(scores.shape[-1])[np.argmax(scores, axis=-1)]


def cross_entropy(probs: np.ndarray, labels: np.ndarray) -> float:
    """Mean over rows of -log probs[i, labels[i]].

    probs: probabilities of shape (N, K); labels: integers of shape (N,).
    """
    probs, labels = np.asarray(probs, dtype=float), np.asarray(labels)
    return float(-np.mean(np.log(probs[np.arange(len(labels)), labels])))


def relu(x: np.ndarray) -> np.ndarray:
    """max(x, 0) element-wise; x: input of any shape."""
    return np.maximum(np.asarray(x, dtype=float), 0.0)


def relu_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of ReLU element-wise: 1.0 where x > 0, else 0.0 (including x = 0)."""
    return (np.asarray(x) > 0).astype(float)


def mlp_forward(X: np.ndarray, params: dict[str, np.ndarray]
                ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Forward pass of a two-layer ReLU network with a softmax output.

    X: inputs of shape (N, d); params: W1 (d, h), b1 (h,), W2 (h, K), b2 (K,).
    Returns probs of shape (N, K) and a cache {X, Z1, H, probs} for mlp_backward.
    """
    X = np.asarray(X, dtype=float)
    Z1 = X @ params["W1"] + params["b1"]
    H = relu(Z1)
    probs = softmax(H @ params["W2"] + params["b2"])
    return probs, {"X": X, "Z1": Z1, "H": H, "probs": probs}


def mlp_backward(params: dict[str, np.ndarray], cache: dict[str, np.ndarray],
                 labels: np.ndarray) -> dict[str, np.ndarray]:
    """Gradients of the mean cross-entropy loss with respect to W1, b1, W2, b2.

    cache: from mlp_forward; labels: integers of shape (N,).
    Returns dW1 (d, h), db1 (h,), dW2 (h, K), db2 (K,).
    """
    probs = cache["probs"]
    n, k = probs.shape
    dZ2 = (probs - one_hot(labels, k)) / n
    dH = dZ2 @ np.asarray(params["W2"]).T
    dZ1 = dH * relu_grad(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1, "db1": dZ1.sum(axis=0),
            "dW2": cache["H"].T @ dZ2, "db2": dZ2.sum(axis=0)}


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray,
                       h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient (f(x + h e_i) - f(x - h e_i)) / 2h of a scalar function.

    x: point of any shape; returns the gradient of the same shape. Works on a copy, so x is
    unchanged afterwards.
    """
    point = np.array(x, dtype=float)
    grad = np.zeros_like(point)
    for idx in np.ndindex(point.shape):
        old = point[idx]
        point[idx] = old + h
        f_plus = f(point)
        point[idx] = old - h
        f_minus = f(point)
        point[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
