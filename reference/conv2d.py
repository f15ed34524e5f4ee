"""Reference for `08_conv2d`: cross-correlation layers and their gradients (lecture 9).

Like every deep-learning library, "convolution" here is cross-correlation: the kernel is
not flipped.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def conv_output_size(size: int, kernel: int, padding: int = 0, stride: int = 1) -> int:
    """Output length (size + 2*padding - kernel) // stride + 1 of a convolution along one axis."""
    if stride < 1:
        raise ValueError(f"stride must be >= 1, got {stride}")
    out = (size + 2 * padding - kernel) // stride + 1
    if out <= 0:
        raise ValueError(
            f"kernel {kernel} does not fit into size {size} with padding {padding}"
        )
    return int(out)


def conv1d(x: ArrayLike, w: ArrayLike) -> Array:
    """'Valid' 1-D cross-correlation: out[i] = sum_j x[i + j] * w[j].

    x: signal of shape (L,); w: kernel of shape (K,), K <= L; returns shape (L - K + 1,).
    """
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if w.size > x.size:
        raise ValueError(f"kernel of length {w.size} is longer than the signal ({x.size})")
    return sliding_window_view(x, w.size) @ w


def _windows(x: Array, kh: int, kw: int, stride: int, padding: int) -> tuple[Array, Array]:
    """The zero-padded input and a strided view of its kernel windows (N, C, OH, OW, KH, KW).

    Raises ValueError (via conv_output_size) when the kernel does not fit or stride < 1.
    """
    conv_output_size(x.shape[2], kh, padding, stride)
    conv_output_size(x.shape[3], kw, padding, stride)
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    win = sliding_window_view(x_pad, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    return x_pad, win


def _check(x: Array, w: Array, b: Array) -> None:
    """Raise ValueError unless x (N,C,H,W), w (F,C,KH,KW) and b (F,) fit together."""
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(f"x and w must be 4-D, got shapes {x.shape} and {w.shape}")
    if x.shape[1] != w.shape[1]:
        raise ValueError(f"x has {x.shape[1]} channels but w expects {w.shape[1]}")
    if b.shape != (w.shape[0],):
        raise ValueError(f"b must have shape ({w.shape[0]},), got {b.shape}")


def conv2d_forward(
    x: ArrayLike, w: ArrayLike, b: ArrayLike, stride: int = 1, padding: int = 0
) -> Array:
    """Cross-correlation of a zero-padded batch with F filters, plus a bias per filter.

    x: input of shape (N, C, H, W); w: filters of shape (F, C, KH, KW); b: biases of shape (F,).
    Returns shape (N, F, OH, OW) with OH = conv_output_size(H, KH, padding, stride).
    """
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    _check(x, w, b)
    _, win = _windows(x, w.shape[2], w.shape[3], stride, padding)
    return np.einsum("nchwij,fcij->nfhw", win, w) + b[None, :, None, None]


def conv2d_backward(
    dout: ArrayLike, x: ArrayLike, w: ArrayLike, b: ArrayLike, stride: int = 1,
    padding: int = 0,
) -> tuple[Array, Array, Array]:
    """Gradients (dx, dw, db) of a loss with respect to the inputs of `conv2d_forward`.

    dout: upstream gradient of shape (N, F, OH, OW); x, w, b, stride, padding as in the forward
    pass. dx has the shape of x (padding cropped away), dw of w, db of b.
    """
    dout, x, w, b = (np.asarray(a, dtype=float) for a in (dout, x, w, b))
    _check(x, w, b)
    kh, kw = w.shape[2:]
    x_pad, win = _windows(x, kh, kw, stride, padding)
    n, _, oh, ow = win.shape[:4]
    if dout.shape != (n, w.shape[0], oh, ow):
        raise ValueError(f"dout must have shape {(n, w.shape[0], oh, ow)}, got {dout.shape}")
    dw = np.einsum("nchwij,nfhw->fcij", win, dout)
    db = dout.sum(axis=(0, 2, 3))
    dx_pad = np.zeros_like(x_pad)
    for i in range(kh):
        for j in range(kw):
            rows = slice(i, i + stride * (oh - 1) + 1, stride)
            cols = slice(j, j + stride * (ow - 1) + 1, stride)
            dx_pad[:, :, rows, cols] += np.einsum("nfhw,fc->nchw", dout, w[:, :, i, j])
    dx = dx_pad[:, :, padding:padding + x.shape[2], padding:padding + x.shape[3]]
    return dx, dw, db
