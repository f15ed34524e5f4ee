"""The reference of `09_rnn_bptt` against finite differences, loops and the lecture's numbers."""

import numpy as np
import pytest

from autograder.grading.checks import finite_difference
from reference import rnn_bptt

KEYS = {"dX": "X", "dh0": "h0", "dWx": "Wx", "dWh": "Wh", "db": "b"}


def make_rnn(seed, T=5, N=3, D=4, Hd=3):
    """Random RNN inputs and parameters, and an upstream gradient for every hidden state."""
    rng = np.random.default_rng(seed)
    params = {"X": rng.normal(size=(T, N, D)), "h0": rng.normal(size=(N, Hd)),
              "Wx": rng.normal(size=(D, Hd)) * 0.5, "Wh": rng.normal(size=(Hd, Hd)) * 0.5,
              "b": rng.normal(size=Hd)}
    return params, rng.normal(size=(T, N, Hd))


def detached_loss(p, dH, k, H_const):
    """sum(dH * H) of a forward pass whose state at each chunk start k, 2k, ... is a constant."""
    h, total = p["h0"], 0.0
    for t in range(p["X"].shape[0]):
        if t > 0 and t % k == 0:
            h = H_const[t - 1]
        h = np.tanh(p["X"][t] @ p["Wx"] + h @ p["Wh"] + p["b"])
        total += np.sum(dH[t] * h)
    return total


def test_forward_matches_per_sample_loop():
    """Does every hidden state follow h_t = tanh(x_t Wx + h_{t-1} Wh + b), sample by sample?"""
    p, _ = make_rnn(0)
    H, _ = rnn_bptt.rnn_forward(**p)
    for n in range(p["X"].shape[1]):
        h = p["h0"][n]
        for t in range(p["X"].shape[0]):
            h = np.tanh(p["X"][t, n] @ p["Wx"] + h @ p["Wh"] + p["b"])
            np.testing.assert_allclose(H[t, n], h, rtol=1e-12)


@pytest.mark.parametrize("seed", [1, 2])
def test_backward_matches_finite_differences(seed):
    """Is every gradient of full BPTT the central difference of sum(dH * H)?"""
    p, dH = make_rnn(seed)
    _, cache = rnn_bptt.rnn_forward(**p)
    grads = rnn_bptt.rnn_backward(dH, cache)

    def loss():
        return np.sum(dH * rnn_bptt.rnn_forward(**p)[0])

    for key, name in KEYS.items():
        np.testing.assert_allclose(grads[key], finite_difference(loss, p[name]), atol=1e-7)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_truncated_matches_detached_forward(k):
    """Is truncated BPTT the gradient of a forward pass detached every k steps?"""
    p, dH = make_rnn(10 + k, T=7)
    H, cache = rnn_bptt.rnn_forward(**p)
    grads = rnn_bptt.rnn_backward_truncated(dH, cache, k)
    for key, name in KEYS.items():
        expected = finite_difference(lambda: detached_loss(p, dH, k, H), p[name])
        np.testing.assert_allclose(grads[key], expected, atol=1e-7)


@pytest.mark.parametrize("k", [5, 6, 100])
def test_truncated_with_long_chunks_is_full_bptt(k):
    """Is k >= T exactly full BPTT?"""
    p, dH = make_rnn(20, T=5)
    _, cache = rnn_bptt.rnn_forward(**p)
    full = rnn_bptt.rnn_backward(dH, cache)
    truncated = rnn_bptt.rnn_backward_truncated(dH, cache, k)
    for key in KEYS:
        np.testing.assert_array_equal(truncated[key], full[key])


def test_truncated_rejects_k_below_one():
    """Is a chunk length of 0 rejected?"""
    p, dH = make_rnn(21)
    _, cache = rnn_bptt.rnn_forward(**p)
    with pytest.raises(ValueError):
        rnn_bptt.rnn_backward_truncated(dH, cache, 0)


def test_clip_scales_to_the_global_norm():
    """Is the joint norm brought to max_norm, the direction kept, and small gradients kept?"""
    rng = np.random.default_rng(3)
    grads = {"a": rng.normal(size=(3, 4)) * 10, "b": rng.normal(size=5) * 10}
    flat = np.concatenate([g.ravel() for g in grads.values()])
    clipped = rnn_bptt.clip_by_global_norm(grads, 1.5)
    flat_clipped = np.concatenate([clipped[k].ravel() for k in grads])
    assert np.linalg.norm(flat_clipped) == pytest.approx(1.5)
    np.testing.assert_allclose(flat_clipped, flat * 1.5 / np.linalg.norm(flat))
    unchanged = rnn_bptt.clip_by_global_norm(grads, 2 * np.linalg.norm(flat))
    for key, g in grads.items():
        np.testing.assert_array_equal(unchanged[key], g)


def assignment_data():
    """The assignment's data (np.random.seed(1) then 100 x 10 rounded uniforms), row-sum targets."""
    X = np.round(np.random.RandomState(1).uniform(0, 1, (100, 10)))
    return X, X.sum(axis=1)


def test_linear_rnn_lecture_example():
    """Are the loss 123.507329 and the gradients (300.655397, 1808.806594) reproduced?"""
    X, t = assignment_data()
    S = rnn_bptt.linear_rnn_forward(X, 1.2, 1.2)
    assert np.mean((t - S[:, -1]) ** 2) == pytest.approx(123.507329, abs=1e-6)
    (gx, grec), _ = rnn_bptt.linear_rnn_backward(X, S, 2 * (S[:, -1] - t), 1.2)
    assert (gx, grec) == pytest.approx((300.655397, 1808.806594), abs=1e-6)


def test_linear_rnn_forward_closed_form():
    """Is the last state sum_k X[:, k] * wx * wrec**(T-1-k)?"""
    X = np.random.default_rng(4).normal(size=(6, 5))
    S = rnn_bptt.linear_rnn_forward(X, 0.7, 1.3)
    np.testing.assert_allclose(S[:, 0], 0.0)
    np.testing.assert_allclose(S[:, -1], X @ (0.7 * 1.3 ** np.arange(4, -1, -1)))


def test_linear_rnn_backward_matches_finite_differences():
    """Are the weight gradients those of the mean loss and grad_over_time = dloss_i/dS[:, k]?"""
    rng = np.random.default_rng(5)
    X, t = rng.normal(size=(8, 6)), rng.normal(size=8)
    w = np.array([0.9, 1.1])

    def loss():
        return np.mean((t - rnn_bptt.linear_rnn_forward(X, w[0], w[1])[:, -1]) ** 2)

    S = rnn_bptt.linear_rnn_forward(X, *w)
    grads, over_time = rnn_bptt.linear_rnn_backward(X, S, 2 * (S[:, -1] - t), w[1])
    np.testing.assert_allclose(grads, finite_difference(loss, w), rtol=1e-7)
    powers = w[1] ** np.arange(6, -1, -1)
    np.testing.assert_allclose(over_time, np.outer(2 * (S[:, -1] - t), powers), rtol=1e-12)


def test_inputs_are_not_modified():
    """Do the forward and backward passes and the clipping leave their inputs unchanged?"""
    p, dH = make_rnn(6)
    copies = {k: v.copy() for k, v in p.items()}
    dH_copy = dH.copy()
    _, cache = rnn_bptt.rnn_forward(**p)
    rnn_bptt.rnn_backward(dH, cache)
    rnn_bptt.rnn_backward_truncated(dH, cache, 2)
    grads = {"a": np.full(3, 10.0)}
    rnn_bptt.clip_by_global_norm(grads, 1.0)
    np.testing.assert_array_equal(grads["a"], 10.0)
    np.testing.assert_array_equal(dH, dH_copy)
    for key, value in copies.items():
        np.testing.assert_array_equal(p[key], value)
