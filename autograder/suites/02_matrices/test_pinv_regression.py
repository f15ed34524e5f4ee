import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import matrices as ref

ONES_LAST = "append the ones column as the LAST column: beta = [slopes..., intercept]"


@points(1)
def test_pinv_regression_exact_line(student):
    """pinv_regression: y = X @ [1, 2] + 3 on the lecture's X gives [1, 2, 3]"""
    X = np.array([[1, 1], [1, 2], [2, 2], [2, 3]], dtype=float)
    y = X @ np.array([1.0, 2.0]) + 3
    assert_close(student.pinv_regression(X, y), np.array([1.0, 2.0, 3.0]),
                 call="pinv_regression(X, y)", args={"X": X, "y": y}, rtol=1e-6, atol=1e-8,
                 mistakes={"ones column put first": np.array([3.0, 1.0, 2.0])}, hint=ONES_LAST)


@points(2)
def test_pinv_regression_noisy_data(student, rng):
    """pinv_regression: noisy random data, one to four features"""
    for n, d in [(20, 1), (30, 3), (8, 4)]:
        X = rng.normal(size=(n, d))
        y = X @ rng.normal(size=d) + rng.normal() + 0.1 * rng.normal(size=n)
        expected = ref.pinv_regression(X, y)
        assert_close(student.pinv_regression(X, y), expected, call="pinv_regression(X, y)",
                     args={"X": X, "y": y}, rtol=1e-6, atol=1e-8,
                     mistakes={"ones column put first": np.roll(expected, 1),
                               "no intercept column": ref.moore_penrose(X) @ y},
                     hint=ONES_LAST)


@edge
@points(1)
def test_pinv_regression_inputs_unchanged(student, rng):
    """pinv_regression: X and y are not modified"""
    X, y = rng.normal(size=(6, 2)), rng.normal(size=6)
    assert_unchanged(student, "pinv_regression", X, y)
