"""The gradient-descent reference against hand derivatives, plain loops, lstsq and the lectures."""

import numpy as np
import pytest
import sympy

from reference import gradient_descent as gd

x, y, z = sympy.symbols("x y z")
X_LECTURE = np.array([[1, 1], [1, 2], [2, 2], [2, 3]], dtype=float)
X_SIX = np.array([[1, 0, 2], [0, 1, 1], [2, 1, 0], [1, 2, 1], [0, 0, 1], [1, 1, 2]], dtype=float)


def test_derivative_matches_the_hand_derivative():
    """Is d/dx of x**3 * sin(x) equal to 3x**2 sin(x) + x**3 cos(x)?"""
    got = gd.derivative(x**3 * sympy.sin(x), x)
    assert sympy.simplify(got - (3 * x**2 * sympy.sin(x) + x**3 * sympy.cos(x))) == 0


def test_derivative_matches_a_central_difference():
    """Does the derivative of exp(-x**2) * log(1 + x**2) agree with a central difference?"""
    f = sympy.exp(-(x**2)) * sympy.log(1 + x**2)
    df = sympy.lambdify(x, gd.derivative(f, x))
    fn = sympy.lambdify(x, f)
    for point in (-1.3, 0.2, 2.0):
        assert df(point) == pytest.approx((fn(point + 1e-6) - fn(point - 1e-6)) / 2e-6, rel=1e-6)


def _loop_1d(df, x0, lr, eps, max_iter):
    """The lecture's loop with a hand-written derivative."""
    xk, g, n = x0, df(x0), 0
    while abs(g) > eps and n < max_iter:
        xk, n = xk - lr * df(xk), n + 1
        g = df(xk)
    return xk, n


def test_gradient_descent_1d_lecture_example():
    """Does x**2 + 2x + 3 from 3 take the lecture's 673 steps to reach x = -0.999995?"""
    got, n = gd.gradient_descent_1d(x**2 + 2 * x + 3, x, 3)
    assert n == 673
    assert got == pytest.approx(-0.999995, abs=1e-6)
    assert (got, n) == pytest.approx(_loop_1d(lambda t: 2 * t + 2, 3.0, 1e-2, 1e-5, 100_000))


def test_gradient_descent_1d_respects_max_iter_and_a_start_at_the_minimum():
    """Does it stop after max_iter steps, and take 0 steps when started at the minimum?"""
    f = x**4 - 3 * x**2 + x
    got = gd.gradient_descent_1d(f, x, 2.0, lr=1e-3, max_iter=17)
    assert got == pytest.approx(_loop_1d(lambda t: 4 * t**3 - 6 * t + 1, 2.0, 1e-3, 1e-5, 17))
    assert got[1] == 17
    assert gd.gradient_descent_1d((x - 2) ** 2, x, 2.0) == (2.0, 0)


def test_gradient_is_ordered_like_vars():
    """Are the partial derivatives of x**2 y + 3z returned in the order of vars?"""
    got = gd.gradient(x**2 * y + 3 * z, [z, x, y])
    expected = [3, 2 * x * y, x**2]
    assert [sympy.simplify(g - e) for g, e in zip(got, expected, strict=True)] == [0, 0, 0]


def test_gradient_descent_nd_lecture_example():
    """Does x**2 + 2y**2 from (1, 1) take the lecture's 605 steps to reach near (0, 0)?"""
    point, n = gd.gradient_descent_nd(x**2 + 2 * y**2, [x, y], np.array([1.0, 1.0]))
    assert n == 605
    assert np.linalg.norm([2 * point[0], 4 * point[1]]) <= 1e-5
    np.testing.assert_allclose(point, 0.0, atol=1e-5)


def test_gradient_descent_nd_matches_a_plain_loop():
    """Does a Rosenbrock-like function follow the same path as a hand-written loop?"""
    f = (1 - x) ** 2 + 5 * (y - x**2) ** 2

    def grad(p):
        return np.array([-2 * (1 - p[0]) - 20 * p[0] * (p[1] - p[0] ** 2), 10 * (p[1] - p[0] ** 2)])

    p, g, n = np.array([-0.5, 0.5]), grad(np.array([-0.5, 0.5])), 0
    while np.linalg.norm(g) > 1e-5 and n < 100_000:
        p, n = p - 1e-2 * g, n + 1
        g = grad(p)
    got, got_n = gd.gradient_descent_nd(f, [x, y], np.array([-0.5, 0.5]))
    assert got_n == n
    np.testing.assert_allclose(got, p, rtol=1e-9)


def test_linreg_gd_lecture_example():
    """Does the lecture's start [10.1, 15.1, -6.5] end at [1.00000367, 1.99999949, 2.99999516]?"""
    y_ = X_LECTURE @ [1, 2] + 3
    got = gd.linreg_gd(X_LECTURE, y_, beta0=np.array([10.1, 15.1, -6.5]))
    np.testing.assert_allclose(got, [1.00000367, 1.99999949, 2.99999516], atol=1e-8)


def test_linreg_gd_six_row_example_converges():
    """Does y = X @ [1, 3, 5] + 7 on six rows converge from zeros to [1, 3, 5, 7]?"""
    got = gd.linreg_gd(X_SIX, X_SIX @ [1, 3, 5] + 7)
    np.testing.assert_allclose(got, [1, 3, 5, 7], atol=1e-8)


def test_linreg_gd_converges_to_lstsq():
    """Does it reach the least-squares solution of noisy data with the ones column last?"""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y_ = X @ [2.0, -1.0] + 0.5 + 0.1 * rng.normal(size=30)
    expected, *_ = np.linalg.lstsq(np.hstack([X, np.ones((30, 1))]), y_, rcond=None)
    np.testing.assert_allclose(gd.linreg_gd(X, y_, lr=0.005), expected, atol=1e-8)


def test_linreg_sgd_full_batch_is_gd_with_an_averaged_gradient():
    """Is SGD with batch_size = n the same as GD with the learning rate divided by n?"""
    y_ = X_SIX @ [1, 3, 5] + 7
    got = gd.linreg_sgd(X_SIX, y_, lr=0.06, n_epochs=300, batch_size=6)
    np.testing.assert_allclose(got, gd.linreg_gd(X_SIX, y_, lr=0.01, n_iter=300), rtol=1e-10)


def test_linreg_sgd_matches_a_plain_loop():
    """Does it reshuffle every epoch and use batches of 4, 4 and 2 like a hand-written loop?"""
    rng = np.random.default_rng(1)
    X, y_ = rng.normal(size=(10, 2)), rng.normal(size=10)
    X_, beta, loop_rng = np.hstack([X, np.ones((10, 1))]), np.zeros(3), np.random.default_rng(5)
    for _ in range(7):
        idx = loop_rng.permutation(10)
        for batch in (idx[:4], idx[4:8], idx[8:]):
            residual = y_[batch] - X_[batch] @ beta
            beta = beta + 0.05 * X_[batch].T @ residual / len(batch)
    got = gd.linreg_sgd(X, y_, lr=0.05, n_epochs=7, batch_size=4, rng=np.random.default_rng(5))
    np.testing.assert_allclose(got, beta, rtol=1e-12)


def test_linreg_sgd_default_rng_and_convergence():
    """Is the default rng default_rng(0), and does SGD approach [1, 3, 5, 7]?"""
    y_ = X_SIX @ [1, 3, 5] + 7
    default = gd.linreg_sgd(X_SIX, y_, n_epochs=3000)
    np.testing.assert_array_equal(
        default, gd.linreg_sgd(X_SIX, y_, n_epochs=3000, rng=np.random.default_rng(0)))
    np.testing.assert_allclose(default, [1, 3, 5, 7], atol=1e-5)


def test_inputs_are_not_modified():
    """Are X, y and beta0 unchanged after linreg_gd and linreg_sgd?"""
    y_, beta0 = X_SIX @ [1, 3, 5] + 7, np.ones(4)
    X0, y0 = X_SIX.copy(), y_.copy()
    gd.linreg_gd(X_SIX, y_, n_iter=10, beta0=beta0)
    gd.linreg_sgd(X_SIX, y_, n_epochs=2, beta0=beta0)
    np.testing.assert_array_equal(X_SIX, X0)
    np.testing.assert_array_equal(y_, y0)
    np.testing.assert_array_equal(beta0, np.ones(4))
