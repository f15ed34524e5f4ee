"""Public tests for 09_rnn_bptt: run `pytest` in this folder to check your notebook."""

import numpy as np
import pytest

KEYS = ("dX", "dh0", "dWx", "dWh", "db")
TOY = (np.array([1.0, 2.0]).reshape(2, 1, 1), np.zeros((1, 1)), np.array([[0.5]]),
       np.array([[1.0]]), np.zeros(1))
DELTA = 1 - np.tanh(0.5) ** 2  # tanh'(0.5)


def random_rnn(seed=0, T=4, N=2, D=3, Hd=4):
    """A small random RNN problem: (X, h0, Wx, Wh, b) and an upstream gradient dH."""
    rng = np.random.default_rng(seed)
    args = (rng.normal(size=(T, N, D)), rng.normal(size=(N, Hd)), rng.normal(size=(D, Hd)),
            0.5 * rng.normal(size=(Hd, Hd)), rng.normal(size=Hd))
    return args, rng.normal(size=(T, N, Hd))


def hidden_states(X, h0, Wx, Wh, b, k=None, detached=None):
    """The forward pass; with k, the state entering every k-th step is the constant `detached`."""
    states, h = [], h0
    for t in range(len(X)):
        if k is not None and t > 0 and t % k == 0:
            h = detached[t - 1]
        h = np.tanh(X[t] @ Wx + h @ Wh + b)
        states.append(h)
    return np.array(states)


def numeric_grads(args, dH, k=None, h=1e-6):
    """Central differences of sum(H * dH) for every input of the forward pass."""
    detached = hidden_states(*args)
    grads = {}
    for position, key in enumerate(KEYS):
        value, grad = args[position], np.zeros_like(args[position])
        for index in np.ndindex(value.shape):
            step = np.zeros_like(value)
            step[index] = h
            shifted = [list(args), list(args)]
            shifted[0][position], shifted[1][position] = value + step, value - step
            plus, minus = (np.sum(hidden_states(*s, k, detached) * dH) for s in shifted)
            grad[index] = (plus - minus) / (2 * h)
        grads[key] = grad
    return grads


def counting_ones_data():
    """The assignment's data: the same numbers as np.random.seed(1) then np.random.uniform."""
    X = np.round(np.random.RandomState(1).uniform(0, 1, (100, 10)))
    S = np.zeros((100, 11))
    for k in range(1, 11):
        S[:, k] = S[:, k - 1] * 1.2 + X[:, k - 1] * 1.2
    return X, X.sum(axis=1), S


def test_rnn_forward_toy_example(student):
    """rnn_forward: inputs (1, 2), Wx = 0.5, Wh = 1 give tanh(0.5) and tanh(1 + tanh(0.5))"""
    H, _ = student.rnn_forward(*TOY)
    np.testing.assert_allclose(H.ravel(), [0.46211716, 0.89806301], atol=1e-8)


def test_rnn_forward_shapes_and_h0(student):
    """rnn_forward: H has shape (T, N, Hd) and the first step uses h0"""
    (X, h0, Wx, Wh, b), _ = random_rnn()
    H, _ = student.rnn_forward(X, h0, Wx, Wh, b)
    assert H.shape == (4, 2, 4)
    np.testing.assert_allclose(H[0], np.tanh(X[0] @ Wx + h0 @ Wh + b))
    np.testing.assert_allclose(H[3], np.tanh(X[3] @ Wx + H[2] @ Wh + b))


def test_rnn_backward_one_step(student):
    """rnn_backward: one step with dH = 1 gives tanh'(0.5) for dWx, db and dh0"""
    _, cache = student.rnn_forward(TOY[0][:1], *TOY[1:])
    grads = student.rnn_backward(np.ones((1, 1, 1)), cache)
    np.testing.assert_allclose([grads[k].item() for k in KEYS],
                               [0.5 * DELTA, DELTA, DELTA, 0.0, DELTA], atol=1e-10)


def test_rnn_backward_gradient_check(student):
    """rnn_backward: every gradient matches central differences"""
    args, dH = random_rnn()
    _, cache = student.rnn_forward(*args)
    grads = student.rnn_backward(dH, cache)
    for key, expected in numeric_grads(args, dH).items():
        np.testing.assert_allclose(grads[key], expected, atol=1e-6, err_msg=key)


def test_rnn_backward_truncated_k1(student):
    """rnn_backward_truncated: k = 1 lets no gradient through time (dh0 = tanh'(0.5))"""
    _, cache = student.rnn_forward(*TOY)
    grads = student.rnn_backward_truncated(np.ones((2, 1, 1)), cache, 1)
    np.testing.assert_allclose(grads["dh0"], [[DELTA]])
    np.testing.assert_allclose(grads["dWh"], [[0.46211716 * (1 - 0.89806301**2)]], atol=1e-8)


def test_rnn_backward_truncated_chunks(student):
    """rnn_backward_truncated: k = 2 on T = 4 detaches the state before step 2"""
    args, dH = random_rnn(seed=1)
    _, cache = student.rnn_forward(*args)
    grads = student.rnn_backward_truncated(dH, cache, 2)
    for key, expected in numeric_grads(args, dH, k=2).items():
        np.testing.assert_allclose(grads[key], expected, atol=1e-6, err_msg=key)


def test_rnn_backward_truncated_long_k_and_bad_k(student):
    """rnn_backward_truncated: k >= T is full BPTT, k = 0 raises ValueError"""
    args, dH = random_rnn(seed=2)
    _, cache = student.rnn_forward(*args)
    grads = student.rnn_backward_truncated(dH, cache, 10)
    for key, expected in numeric_grads(args, dH).items():
        np.testing.assert_allclose(grads[key], expected, atol=1e-6, err_msg=key)
    with pytest.raises(ValueError):
        student.rnn_backward_truncated(dH, cache, 0)


def test_clip_by_global_norm_scales(student):
    """clip_by_global_norm: norm 5 clipped to 1 gives [0.6] and [0.8]"""
    result = student.clip_by_global_norm({"a": np.array([3.0]), "b": np.array([4.0])}, 1.0)
    np.testing.assert_allclose(result["a"], [0.6])
    np.testing.assert_allclose(result["b"], [0.8])


def test_clip_by_global_norm_small_unchanged(student):
    """clip_by_global_norm: gradients below max_norm are unchanged"""
    result = student.clip_by_global_norm({"a": np.array([3.0]), "b": np.array([[4.0]])}, 10.0)
    np.testing.assert_allclose(result["a"], [3.0])
    np.testing.assert_allclose(result["b"], [[4.0]])


def test_clip_by_global_norm_keeps_inputs(student):
    """clip_by_global_norm: the input gradients are not modified"""
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([4.0])}
    student.clip_by_global_norm(grads, 1.0)
    np.testing.assert_array_equal(grads["a"], [3.0, 0.0])
    np.testing.assert_array_equal(grads["b"], [4.0])


def test_linear_rnn_forward_small_example(student):
    """linear_rnn_forward: X = [1, 0, 1], wx = 1, wrec = 2 give S = [0, 1, 2, 5]"""
    np.testing.assert_allclose(student.linear_rnn_forward(np.array([[1, 0, 1]]), 1.0, 2.0),
                               [[0, 1, 2, 5]])


def test_linear_rnn_forward_counting_loss(student):
    """linear_rnn_forward: the assignment's data at wx = wrec = 1.2 has loss 123.507329"""
    X, targets, _ = counting_ones_data()
    S = student.linear_rnn_forward(X, 1.2, 1.2)
    assert S.shape == (100, 11)
    assert np.mean((targets - S[:, -1]) ** 2) == pytest.approx(123.507329, abs=1e-6)


def test_linear_rnn_backward_small_example(student):
    """linear_rnn_backward: X = [1, 0, 1], wrec = 2, grad_out = 1 give (5, 4)"""
    (wx_grad, wrec_grad), over_time = student.linear_rnn_backward(
        np.array([[1.0, 0.0, 1.0]]), np.array([[0.0, 1.0, 2.0, 5.0]]), np.array([1.0]), 2.0
    )
    assert (wx_grad, wrec_grad) == (pytest.approx(5.0), pytest.approx(4.0))
    np.testing.assert_allclose(over_time, [[8, 4, 2, 1]])


def test_linear_rnn_backward_counting_gradients(student):
    """linear_rnn_backward: the assignment's data gives (300.655397, 1808.806594), batch means"""
    X, targets, S = counting_ones_data()
    (wx_grad, wrec_grad), over_time = student.linear_rnn_backward(
        X, S, 2 * (S[:, -1] - targets), 1.2
    )
    assert wx_grad == pytest.approx(300.655397, abs=1e-5)
    assert wrec_grad == pytest.approx(1808.806594, abs=1e-5)
    np.testing.assert_allclose(over_time[:, -1], 2 * (S[:, -1] - targets))
