import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import matrices as ref


@points(1)
def test_predict_small_example(student):
    """predict: beta = [1, 2, 3] on the lecture's X gives X @ [1, 2] + 3"""
    X = np.array([[1, 1], [1, 2], [2, 2], [2, 3]], dtype=float)
    beta = np.array([1.0, 2.0, 3.0])
    assert_close(student.predict(X, beta), np.array([6.0, 8.0, 9.0, 11.0]),
                 call="predict(X, beta)", args={"X": X, "beta": beta},
                 mistakes={"intercept taken from beta[0]": X @ beta[1:] + beta[0],
                           "forgot the intercept": X @ beta[:2]},
                 hint="the intercept is the LAST entry of beta")


@points(2)
def test_predict_random_inputs(student, rng):
    """predict: random X and beta, including a single row"""
    for n, d in [(5, 3), (1, 2), (12, 1)]:
        X, beta = rng.normal(size=(n, d)), rng.normal(size=d + 1)
        assert_close(student.predict(X, beta), ref.predict(X, beta), call="predict(X, beta)",
                     args={"X": X, "beta": beta},
                     mistakes={"intercept taken from beta[0]": X @ beta[1:] + beta[0],
                               "forgot the intercept": X @ beta[:-1]})


@points(1)
def test_predict_round_trip(student, rng):
    """predict: predictions of pinv_regression's beta reproduce an exact linear target"""
    X = rng.normal(size=(7, 3))
    y = X @ np.array([0.5, -1.0, 2.0]) - 4.0
    beta = ref.pinv_regression(X, y)
    assert_close(student.predict(X, beta), y, call="predict(X, pinv_regression(X, y))",
                 args={"X": X}, atol=1e-8)


@edge
@points(1)
def test_predict_inputs_unchanged(student, rng):
    """predict: X and beta are not modified"""
    X, beta = rng.normal(size=(4, 2)), rng.normal(size=3)
    assert_unchanged(student, "predict", X, beta)
