"""The softmax/MLP reference against scipy.special, finite differences and the lecture."""

import numpy as np
import pytest
from scipy import special

from reference import softmax_backprop as sb


def _params(rng, d=4, h=5, k=3):
    return {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
            "W2": rng.normal(size=(h, k)), "b2": rng.normal(size=k)}


def _central(f, x, h=1e-6):
    """An independent central difference over a flattened copy."""
    flat, grad = x.astype(float).ravel(), np.zeros(x.size)
    for i in range(x.size):
        up, down = flat.copy(), flat.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up.reshape(x.shape)) - f(down.reshape(x.shape))) / (2 * h)
    return grad.reshape(x.shape)


def test_softmax_lecture_example():
    """Is softmax([1, 2, 0]) the lecture's [0.24472847, 0.66524096, 0.09003057]?"""
    got = sb.softmax(np.array([1.0, 2.0, 0.0]))
    np.testing.assert_allclose(got, [0.24472847, 0.66524096, 0.09003057], atol=1e-8)


def test_softmax_matches_scipy_along_the_last_axis():
    """Does softmax of a (4, 6) array agree with scipy.special.softmax(axis=-1)?"""
    z = np.random.default_rng(0).normal(size=(4, 6))
    np.testing.assert_allclose(sb.softmax(z), special.softmax(z, axis=-1), rtol=1e-12)


def test_softmax_large_inputs_stay_finite():
    """Is softmax of [1000, 1001, 999] finite and equal to softmax of [1, 2, 0]?"""
    np.testing.assert_allclose(sb.softmax(np.array([1000.0, 1001.0, 999.0])),
                               sb.softmax(np.array([1.0, 2.0, 0.0])), rtol=1e-12)


def test_one_hot_and_one_hot_encoding():
    """Do one_hot and one_hot_encoding build the identity rows of labels and argmaxes?"""
    np.testing.assert_array_equal(sb.one_hot(np.array([2, 0, 1, 2]), 4),
                                  [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
    assert sb.one_hot(np.array([1]), 2).dtype.kind == "f"
    np.testing.assert_array_equal(sb.one_hot_encoding(np.array([[0.1, 3, 2], [5, 1, 5]])),
                                  [[0, 1, 0], [1, 0, 0]])
    np.testing.assert_array_equal(sb.one_hot_encoding(np.array([-1.0, -3.0])), [1, 0])


def test_one_hot_rejects_out_of_range_labels():
    """Are labels -1 and num_classes rejected with ValueError?"""
    with pytest.raises(ValueError):
        sb.one_hot(np.array([0, 3]), 3)
    with pytest.raises(ValueError):
        sb.one_hot(np.array([-1]), 3)


def test_cross_entropy_is_a_mean_of_logs():
    """Is the cross-entropy a plain-loop mean of -log p[i, label[i]]?"""
    probs = sb.softmax(np.random.default_rng(1).normal(size=(5, 3)))
    labels = np.array([0, 2, 1, 1, 0])
    loop = sum(-np.log(probs[i, labels[i]]) for i in range(5)) / 5
    assert sb.cross_entropy(probs, labels) == pytest.approx(loop, rel=1e-12)


def test_relu_and_relu_grad_at_zero():
    """Are relu([-2, 0, 3]) = [0, 0, 3] and relu_grad = [0, 0, 1], zero at the kink?"""
    np.testing.assert_array_equal(sb.relu(np.array([-2.0, 0.0, 3.0])), [0, 0, 3])
    np.testing.assert_array_equal(sb.relu_grad(np.array([-2.0, 0.0, 3.0])), [0, 0, 1])


def test_mlp_forward_matches_the_formula():
    """Are the probabilities softmax(relu(X W1 + b1) W2 + b2), rows summing to 1?"""
    rng = np.random.default_rng(2)
    X, p = rng.normal(size=(6, 4)), _params(rng)
    probs, _ = sb.mlp_forward(X, p)
    hidden = np.maximum(X @ p["W1"] + p["b1"], 0)
    np.testing.assert_allclose(probs, special.softmax(hidden @ p["W2"] + p["b2"], axis=1))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


@pytest.mark.parametrize("n", [1, 7])
def test_mlp_backward_matches_central_differences(n):
    """Does every gradient of the mean loss agree with a central difference, batch of 1 too?"""
    rng = np.random.default_rng(3)
    X, p, labels = rng.normal(size=(n, 4)), _params(rng), rng.integers(0, 3, size=n)
    _, cache = sb.mlp_forward(X, p)
    grads = sb.mlp_backward(p, cache, labels)
    for name in ("W1", "b1", "W2", "b2"):
        def loss(value, name=name):
            return sb.cross_entropy(sb.mlp_forward(X, {**p, name: value})[0], labels)
        np.testing.assert_allclose(grads["d" + name], _central(loss, p[name]), atol=1e-7)


def test_numerical_gradient_of_known_functions():
    """Is the gradient of sum(x**3) 3x**2 and of log-sum-exp the softmax, for 2-D x?"""
    x = np.random.default_rng(4).normal(size=(3, 2))
    np.testing.assert_allclose(sb.numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2,
                               atol=1e-8)
    np.testing.assert_allclose(sb.numerical_gradient(lambda v: special.logsumexp(v), x),
                               special.softmax(x), atol=1e-8)


def test_numerical_gradient_is_central_not_forward():
    """Is the gradient of x**3 at 1 with h = 0.1 the central 3.01, not the forward 3.31?"""
    got = sb.numerical_gradient(lambda v: float(np.sum(v**3)), np.array([1.0]), h=0.1)
    assert got[0] == pytest.approx(3.01)


def test_inputs_are_not_modified():
    """Are z, x, params and the cache unchanged after every function ran?"""
    rng = np.random.default_rng(5)
    X, p, labels = rng.normal(size=(3, 4)), _params(rng), np.array([0, 1, 2])
    saved = {k: v.copy() for k, v in p.items()}
    X0 = X.copy()
    _, cache = sb.mlp_forward(X, p)
    cache0 = {k: v.copy() for k, v in cache.items()}
    sb.mlp_backward(p, cache, labels)
    sb.numerical_gradient(lambda v: float(np.sum(v**2)), X)
    sb.softmax(X), sb.relu(X), sb.relu_grad(X), sb.one_hot_encoding(X)
    np.testing.assert_array_equal(X, X0)
    for key, value in saved.items():
        np.testing.assert_array_equal(p[key], value)
    for key, value in cache0.items():
        np.testing.assert_array_equal(cache[key], value)
