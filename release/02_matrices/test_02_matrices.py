"""Public tests for 02_matrices: run `pytest` in this folder to check your notebook."""

import numpy as np
import pytest

X_LECTURE = np.array([[1, -2, 3], [7, 5, 0], [-2, -1, 2]])
Y_LECTURE = np.array([[0, 1, -1], [1, -1, 0]])
X_REG = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 3.0]])
Y_REG = X_REG @ np.array([1.0, 2.0]) + 3


def test_row_inner_lecture_example(student):
    """row_inner: the lecture's X and Y give [[-5, 3], [5, 2], [-3, -1]]"""
    result = student.row_inner(X_LECTURE, Y_LECTURE)
    np.testing.assert_allclose(result, [[-5, 3], [5, 2], [-3, -1]])


def test_row_inner_identity(student):
    """row_inner: rows of the identity with themselves give the identity"""
    np.testing.assert_allclose(student.row_inner(np.eye(3), np.eye(3)), np.eye(3))


def test_row_inner_rejects_different_row_lengths(student):
    """row_inner: rows of length 3 and 2 raise ValueError"""
    with pytest.raises(ValueError):
        student.row_inner(X_LECTURE, np.ones((2, 2)))


# the exercise asks for the lecture's formulas with np.linalg.inv, not NumPy's own pinv
PINV_FORBIDDEN = pytest.mark.forbids("numpy.linalg.pinv", "scipy.linalg.pinv")


@PINV_FORBIDDEN
def test_moore_penrose_square_is_inverse(student):
    """moore_penrose: for the lecture's square X it is the inverse"""
    result = student.moore_penrose(X_LECTURE)
    np.testing.assert_allclose(result[0], [0.21276596, 0.0212766, -0.31914894], atol=1e-7)
    np.testing.assert_allclose(result @ X_LECTURE, np.eye(3), atol=1e-10)


@PINV_FORBIDDEN
def test_moore_penrose_tall(student):
    """moore_penrose: a 3 x 2 matrix gives a left inverse (A+ A = I)"""
    A = np.array([[0.0, 1.0], [1.0, -1.0], [-2.0, 1.0]])
    result = student.moore_penrose(A)
    expected = [[0.5, 0.0, -0.5], [5 / 6, -1 / 3, -1 / 6]]
    np.testing.assert_allclose(result, expected, atol=1e-10)


@PINV_FORBIDDEN
def test_moore_penrose_wide(student):
    """moore_penrose: a 2 x 3 matrix gives a right inverse (A A+ = I)"""
    A = np.array([[0.0, 1.0, -2.0], [1.0, -1.0, 1.0]])
    result = student.moore_penrose(A)
    assert result.shape == (3, 2)
    np.testing.assert_allclose(A @ result, np.eye(2), atol=1e-10)


def test_pinv_regression_lecture_example(student):
    """pinv_regression: y = x1 + 2 x2 + 3 gives beta = [1, 2, 3] (intercept last)"""
    np.testing.assert_allclose(student.pinv_regression(X_REG, Y_REG), [1, 2, 3], atol=1e-8)


def test_pinv_regression_least_squares(student):
    """pinv_regression: points (0, 0), (1, 1), (2, 1) give slope 0.5 and intercept 1/6"""
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([0.0, 1.0, 1.0])
    np.testing.assert_allclose(student.pinv_regression(X, y), [0.5, 1 / 6], atol=1e-8)


def test_predict_lecture_example(student):
    """predict: beta = [1, 2, 3] predicts 16 at x = [3, 5]"""
    result = student.predict(np.array([[3.0, 5.0]]), np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(result, [16.0])


def test_predict_recovers_training_targets(student):
    """predict: beta = [1, 2, 3] reproduces the lecture's training targets"""
    result = student.predict(X_REG, np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(result, [6, 8, 9, 11])
