"""Public tests for 03_gradient_descent: run `pytest` in this folder to check your notebook."""

import numpy as np
import pytest
import sympy as sp

x, y = sp.symbols("x y")
X_REG = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 3.0]])
Y_REG = X_REG @ np.array([1.0, 2.0]) + 3


def same_expressions(result, expected):
    """Do two lists of SymPy expressions agree term by term?"""
    return len(result) == len(expected) and all(
        sp.simplify(r - e) == 0 for r, e in zip(result, expected, strict=True)
    )


def test_derivative_polynomial(student):
    """derivative: d/dx (x**2 + 2x + 3) is 2x + 2"""
    assert sp.simplify(student.derivative(x**2 + 2 * x + 3, x) - (2 * x + 2)) == 0


def test_derivative_other_variable(student):
    """derivative: d/dy (x**2 * y + cos(y)) is x**2 - sin(y)"""
    result = student.derivative(x**2 * y + sp.cos(y), y)
    assert sp.simplify(result - (x**2 - sp.sin(y))) == 0


def test_gradient_descent_1d_lecture_example(student):
    """gradient_descent_1d: x**2 + 2x + 3 from 3 takes 673 steps to x = -0.999995"""
    x_min, n = student.gradient_descent_1d(x**2 + 2 * x + 3, x, 3)
    assert n == 673
    assert x_min == pytest.approx(-0.999995, abs=1e-6)


def test_gradient_descent_1d_starts_at_minimum(student):
    """gradient_descent_1d: starting at the minimum takes 0 steps"""
    x_min, n = student.gradient_descent_1d((x - 2) ** 2, x, 2.0)
    assert (x_min, n) == (pytest.approx(2.0), 0)


def test_gradient_descent_1d_max_iter(student):
    """gradient_descent_1d: max_iter=3 stops after 3 steps of size lr * f'(x)"""
    x_min, n = student.gradient_descent_1d(x**2, x, 1.0, lr=0.25, max_iter=3)
    assert n == 3
    assert x_min == pytest.approx(0.125)


def test_gradient_order_of_vars(student):
    """gradient: x**2 + 2y**2 has gradient [2x, 4y], in the order of vars"""
    result = student.gradient(x**2 + 2 * y**2, [x, y])
    assert same_expressions(result, [2 * x, 4 * y])
    reverse = student.gradient(x**2 + 2 * y**2, [y, x])
    assert same_expressions(reverse, [4 * y, 2 * x])


def test_gradient_lecture_example(student):
    """gradient: the lecture's x**2 + 2xy + 3 + cos(x + 2y)"""
    result = student.gradient(x**2 + 2 * x * y + 3 + sp.cos(x + 2 * y), [x, y])
    expected = [2 * x + 2 * y - sp.sin(x + 2 * y), 2 * x - 2 * sp.sin(x + 2 * y)]
    assert same_expressions(result, expected)


def test_gradient_descent_nd_lecture_example(student):
    """gradient_descent_nd: x**2 + 2y**2 from (1, 1) takes 605 steps to about (0, 0)"""
    point, n = student.gradient_descent_nd(x**2 + 2 * y**2, [x, y], np.array([1.0, 1.0]))
    assert n == 605
    np.testing.assert_allclose(point, [4.91785584e-06, 1.87973223e-11], rtol=1e-6, atol=1e-15)


def test_gradient_descent_nd_max_iter(student):
    """gradient_descent_nd: one step of lr=0.25 from (1, 1) on x**2 + 2y**2 reaches (0.5, 0)"""
    point, n = student.gradient_descent_nd(
        x**2 + 2 * y**2, [x, y], np.array([1.0, 1.0]), lr=0.25, max_iter=1
    )
    assert n == 1
    np.testing.assert_allclose(point, [0.5, 0.0], atol=1e-12)


def test_linreg_gd_lecture_example(student):
    """linreg_gd: the lecture's data from beta0 = [10.1, 15.1, -6.5] reaches [1, 2, 3]"""
    result = student.linreg_gd(X_REG, Y_REG, beta0=np.array([10.1, 15.1, -6.5]))
    np.testing.assert_allclose(result, [1.00000367, 1.99999949, 2.99999516], rtol=1e-6)


def test_linreg_gd_one_step(student):
    """linreg_gd: one step from zeros is lr * X_.T @ y, with the ones column last"""
    result = student.linreg_gd(X_REG, Y_REG, lr=0.1, n_iter=1)
    np.testing.assert_allclose(result, [5.4, 7.3, 3.4])


def test_linreg_gd_keeps_beta0(student):
    """linreg_gd: beta0 is not modified"""
    beta0 = np.array([10.1, 15.1, -6.5])
    student.linreg_gd(X_REG, Y_REG, n_iter=10, beta0=beta0)
    np.testing.assert_array_equal(beta0, [10.1, 15.1, -6.5])


def test_linreg_sgd_full_batch_epoch(student):
    """linreg_sgd: one epoch with batch_size = n is one step of the mean gradient"""
    result = student.linreg_sgd(X_REG, Y_REG, lr=0.1, n_epochs=1, batch_size=4)
    np.testing.assert_allclose(result, [1.35, 1.825, 0.85])


def test_linreg_sgd_converges(student):
    """linreg_sgd: 1000 epochs with lr=0.05 reach beta = [1, 2, 3]"""
    result = student.linreg_sgd(X_REG, Y_REG, lr=0.05, n_epochs=1000)
    np.testing.assert_allclose(result, [1, 2, 3], atol=1e-5)


def test_linreg_sgd_default_rng(student):
    """linreg_sgd: rng=None means np.random.default_rng(0); the last batch may be shorter"""
    default = student.linreg_sgd(X_REG, Y_REG, lr=0.1, n_epochs=1, batch_size=3)
    seeded = student.linreg_sgd(
        X_REG, Y_REG, lr=0.1, n_epochs=1, batch_size=3, rng=np.random.default_rng(0)
    )
    np.testing.assert_allclose(default, seeded)
    np.testing.assert_allclose(default, [1.88666667, 2.56333333, 1.17666667], rtol=1e-7)
