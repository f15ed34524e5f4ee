import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import gradient_descent as ref

X_LECTURE = np.array([[1, 1], [1, 2], [2, 2], [2, 3]], dtype=float)
X_SIX = np.array([[1, 0, 2], [0, 1, 1], [2, 1, 0], [1, 2, 1], [0, 0, 1], [1, 1, 2]], dtype=float)
ONES_LAST = "append the ones column as the LAST column: beta = [slopes..., intercept]"


@points(2)
def test_linreg_gd_lecture_example(student):
    """linreg_gd: the lecture's start [10.1, 15.1, -6.5] ends near [1, 2, 3]"""
    y, beta0 = X_LECTURE @ np.array([1.0, 2.0]) + 3, np.array([10.1, 15.1, -6.5])
    expected = np.array([1.00000367, 1.99999949, 2.99999516])
    assert_close(student.linreg_gd(X_LECTURE, y, beta0=beta0), expected,
                 call="linreg_gd(X, y, beta0=[10.1, 15.1, -6.5])", args={"X": X_LECTURE, "y": y},
                 atol=1e-7, rtol=0, hint=ONES_LAST)


@points(2)
def test_linreg_gd_six_rows_from_zeros(student):
    """linreg_gd: y = X @ [1, 3, 5] + 7 on six rows converges from zeros to [1, 3, 5, 7]"""
    y = X_SIX @ np.array([1.0, 3.0, 5.0]) + 7
    assert_close(student.linreg_gd(X_SIX, y), np.array([1.0, 3.0, 5.0, 7.0]),
                 call="linreg_gd(X, y)", args={"X": X_SIX, "y": y}, atol=1e-7,
                 mistakes={"ones column put first": np.array([7.0, 1.0, 3.0, 5.0])},
                 hint=ONES_LAST)


@points(2)
def test_linreg_gd_exact_iterations(student, rng):
    """linreg_gd: a few iterations on noisy data follow the update rule exactly"""
    for n, d, n_iter in [(10, 2, 37), (25, 3, 5), (1, 1, 3)]:
        X, y = rng.normal(size=(n, d)), rng.normal(size=n)
        beta0 = rng.normal(size=d + 1)
        expected = ref.linreg_gd(X, y, lr=0.005, n_iter=n_iter, beta0=beta0)
        got = student.linreg_gd(X, y, lr=0.005, n_iter=n_iter, beta0=beta0)
        assert_close(got, expected, call=f"linreg_gd(X, y, lr=0.005, n_iter={n_iter}, beta0)",
                     args={"X": X, "y": y, "beta0": beta0},
                     mistakes={"gradient divided by n": ref.linreg_gd(
                         X, y, lr=0.005 / n, n_iter=n_iter, beta0=beta0)},
                     hint="grad = -X_.T @ (y - X_ @ beta), summed, not averaged")


@edge
@points(1)
def test_linreg_gd_inputs_unchanged(student, rng):
    """linreg_gd: X, y and beta0 are not modified"""
    X, y, beta0 = rng.normal(size=(6, 2)), rng.normal(size=6), rng.normal(size=3)
    assert_unchanged(student, "linreg_gd", X, y, n_iter=20, beta0=beta0)
