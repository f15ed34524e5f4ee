"""Public tests for 04_softmax_backprop: run `pytest` in this folder to check your notebook."""

import numpy as np
import pytest

VEC = np.array([[1, 2, 0], [-1, 0, 1], [-10, 0, 1]])
SIGMA_1 = 1 / (1 + np.exp(-1.0))  # softmax(1, 0)[0]
TOY_X = np.array([[1.0, -1.0]])
TOY_PARAMS = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.eye(2), "b2": np.zeros(2)}


def random_mlp(seed=0, n=5, d=4, h=6, k=3):
    """A small random MLP problem: inputs, labels and parameters."""
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
              "W2": rng.normal(size=(h, k)), "b2": rng.normal(size=k)}
    return rng.normal(size=(n, d)), rng.integers(0, k, size=n), params


def mean_loss(X, labels, params):
    """The mean cross-entropy of the MLP, written out with NumPy for the gradient checks."""
    scores = np.maximum(X @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]
    log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(labels)), labels].mean()


def central_differences(f, x, h=1e-6):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        grad[index] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def test_softmax_lecture_example(student):
    """softmax: softmax([1, 2, 0]) = [0.24472847, 0.66524096, 0.09003057]"""
    result = student.softmax(np.array([1, 2, 0]))
    np.testing.assert_allclose(result, [0.24472847, 0.66524096, 0.09003057], atol=1e-8)


def test_softmax_rows(student):
    """softmax: a 2-D input is normalised row by row"""
    result = student.softmax(VEC)
    np.testing.assert_allclose(result.sum(axis=1), [1, 1, 1])
    np.testing.assert_allclose(result[1], [0.09003057, 0.24472847, 0.66524096], atol=1e-8)


def test_softmax_large_inputs(student):
    """softmax: large inputs stay finite (subtract the maximum)"""
    result = student.softmax(np.array([[1000.0, 1000.0], [1000.0, 0.0]]))
    np.testing.assert_allclose(result, [[0.5, 0.5], [1.0, 0.0]])


def test_one_hot_example(student):
    """one_hot: labels [0, 2, 1] with 3 classes"""
    result = student.one_hot(np.array([0, 2, 1]), 3)
    np.testing.assert_array_equal(result, [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    assert isinstance(result, np.ndarray) and result.dtype.kind == "f", (
        f"one_hot must return a NumPy array of floats, got {type(result).__name__}")


def test_one_hot_num_classes(student):
    """one_hot: the width is num_classes even when a class is missing"""
    assert np.shape(student.one_hot(np.array([1, 1]), 4)) == (2, 4)


def test_one_hot_encoding_lecture_example(student):
    """one_hot_encoding: the lecture's vec gives [[0, 1, 0], [0, 0, 1], [0, 0, 1]]"""
    np.testing.assert_array_equal(student.one_hot_encoding(VEC), [[0, 1, 0], [0, 0, 1], [0, 0, 1]])


def test_one_hot_encoding_probabilities(student):
    """one_hot_encoding: probabilities pick the same class as their scores"""
    result = student.one_hot_encoding(np.array([[0.2, 0.5, 0.3], [0.7, 0.2, 0.1]]))
    np.testing.assert_array_equal(result, [[0, 1, 0], [1, 0, 0]])


def test_cross_entropy_uniform(student):
    """cross_entropy: uniform probabilities over 3 classes give log(3)"""
    probs = np.full((4, 3), 1 / 3)
    assert student.cross_entropy(probs, np.array([0, 1, 2, 0])) == pytest.approx(np.log(3))


def test_cross_entropy_lecture_example(student):
    """cross_entropy: softmax(vec) with labels [1, 2, 2] gives 0.376162"""
    probs = np.exp(VEC) / np.exp(VEC).sum(axis=1, keepdims=True)
    assert student.cross_entropy(probs, np.array([1, 2, 2])) == pytest.approx(0.37616194)


def test_relu_values(student):
    """relu: [-2, 0, 3] gives [0, 0, 3]"""
    np.testing.assert_array_equal(student.relu(np.array([-2.0, 0.0, 3.0])), [0, 0, 3])


def test_relu_keeps_shape(student):
    """relu: a 2 x 2 input gives a 2 x 2 output"""
    result = student.relu(np.array([[-1.5, 2.5], [0.5, -0.5]]))
    np.testing.assert_array_equal(result, [[0, 2.5], [0.5, 0]])


def test_relu_grad_values(student):
    """relu_grad: [-2, 0, 3] gives [0, 0, 1] (0 at x = 0)"""
    np.testing.assert_array_equal(student.relu_grad(np.array([-2.0, 0.0, 3.0])), [0, 0, 1])


def test_relu_grad_keeps_shape(student):
    """relu_grad: a 2 x 2 input gives a 2 x 2 output"""
    result = student.relu_grad(np.array([[-1.5, 2.5], [0.5, -0.5]]))
    np.testing.assert_array_equal(result, [[0, 1], [1, 0]])


def test_mlp_forward_toy_example(student):
    """mlp_forward: identity weights on x = [1, -1] give softmax([1, 0])"""
    probs, _ = student.mlp_forward(TOY_X, TOY_PARAMS)
    np.testing.assert_allclose(probs, [[SIGMA_1, 1 - SIGMA_1]])


def test_mlp_forward_shapes(student):
    """mlp_forward: 5 inputs and 3 classes give 5 rows of probabilities"""
    X, _, params = random_mlp()
    probs, _ = student.mlp_forward(X, params)
    assert probs.shape == (5, 3)
    np.testing.assert_allclose(probs.sum(axis=1), np.ones(5))


def test_mlp_backward_toy_example(student):
    """mlp_backward: identity weights, x = [1, -1], label 0"""
    _, cache = student.mlp_forward(TOY_X, TOY_PARAMS)
    grads = student.mlp_backward(TOY_PARAMS, cache, np.array([0]))
    s = 1 - SIGMA_1
    np.testing.assert_allclose(grads["db2"], [-s, s])
    np.testing.assert_allclose(grads["dW2"], [[-s, s], [0, 0]])
    np.testing.assert_allclose(grads["db1"], [-s, 0])
    np.testing.assert_allclose(grads["dW1"], [[-s, 0], [s, 0]])


def test_mlp_backward_gradient_check(student):
    """mlp_backward: gradients match central differences of the mean loss"""
    X, labels, params = random_mlp(seed=1)
    _, cache = student.mlp_forward(X, params)
    grads = student.mlp_backward(params, cache, labels)
    for name, value in params.items():
        def loss(v, name=name):
            return mean_loss(X, labels, {**params, name: v})

        numeric = central_differences(loss, value)
        np.testing.assert_allclose(grads["d" + name], numeric, atol=1e-7, err_msg="d" + name)


def test_numerical_gradient_square(student):
    """numerical_gradient: sum(x**2) at [1, -2, 3] has gradient [2, -4, 6]"""
    result = student.numerical_gradient(lambda v: np.sum(v**2), np.array([1.0, -2.0, 3.0]))
    np.testing.assert_allclose(result, [2, -4, 6], atol=1e-6)


def test_numerical_gradient_matrix_input(student):
    """numerical_gradient: a 2 x 2 input gives a 2 x 2 gradient and is left unchanged"""
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    result = student.numerical_gradient(lambda v: v[0, 0] * v[1, 1] + v[0, 1], x)
    np.testing.assert_allclose(result, [[4, 1], [0, 1]], atol=1e-6)
    np.testing.assert_array_equal(x, [[1, 2], [3, 4]])
