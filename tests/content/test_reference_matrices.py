"""The matrices reference against np.inner, np.linalg.pinv, lstsq and the lecture's examples."""

import numpy as np
import pytest

from autograder.course.assignments import ROOT
from reference import matrices

X_LECTURE = np.array([[1, -2, 3], [7, 5, 0], [-2, -1, 2]])
Y_LECTURE = np.array([[0, 1, -1], [1, -1, 0]])


def test_row_inner_lecture_example():
    """Is row_inner of the lecture's X and Y the lecture's [[-5, 3], [5, 2], [-3, -1]]?"""
    got = matrices.row_inner(X_LECTURE, Y_LECTURE)
    np.testing.assert_array_equal(got, [[-5, 3], [5, 2], [-3, -1]])


def test_row_inner_matches_np_inner():
    """Does row_inner agree with np.inner for random non-square inputs?"""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(4, 6)), rng.normal(size=(7, 6))
    np.testing.assert_allclose(matrices.row_inner(X, Y), np.inner(X, Y))


def test_row_inner_rejects_different_row_lengths():
    """Are rows of different lengths rejected with ValueError?"""
    with pytest.raises(ValueError):
        matrices.row_inner(np.ones((2, 3)), np.ones((2, 4)))


def test_moore_penrose_of_the_lecture_matrix_is_its_inverse():
    """Is the pseudo-inverse of the lecture's square matrix its inverse, first row as shown?"""
    got = matrices.moore_penrose(X_LECTURE)
    np.testing.assert_allclose(got[0], [0.21276596, 0.0212766, -0.31914894], atol=1e-8)
    np.testing.assert_allclose(got @ X_LECTURE, np.eye(3), atol=1e-12)


def test_moore_penrose_of_the_lecture_tall_matrix():
    """Is the pseudo-inverse of the lecture's Y transposed (3 x 2) the notebook's
    (1/3) [[1, 1, -2], [2, -1, -1]], the one its markdown shows?"""
    got = matrices.moore_penrose(Y_LECTURE.T)
    np.testing.assert_allclose(got, np.array([[1, 1, -2], [2, -1, -1]]) / 3, atol=1e-12)
    notebook = (ROOT / "source" / "02_matrices" / "02_matrices.ipynb").read_text()
    assert "0.3333 & 0.3333 & -0.6667" in notebook


@pytest.mark.parametrize("shape", [(6, 3), (3, 6), (4, 4), (1, 5), (5, 1)])
def test_moore_penrose_matches_np_pinv(shape):
    """Does moore_penrose agree with np.linalg.pinv for tall, wide and square matrices?"""
    A = np.random.default_rng(1).normal(size=shape)
    got = matrices.moore_penrose(A)
    assert got.shape == shape[::-1]
    np.testing.assert_allclose(got, np.linalg.pinv(A), atol=1e-10)


def test_pinv_regression_matches_lstsq_with_ones_last():
    """Does pinv_regression match lstsq on [X, 1], slopes first and the intercept last?"""
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    expected, *_ = np.linalg.lstsq(np.hstack([X, np.ones((20, 1))]), y, rcond=None)
    np.testing.assert_allclose(matrices.pinv_regression(X, y), expected, atol=1e-10)


def test_pinv_regression_recovers_an_exact_line():
    """Does y = X @ [1, 2] + 3 give back beta = [1, 2, 3]?"""
    X = np.array([[1, 1], [1, 2], [2, 2], [2, 3]], dtype=float)
    np.testing.assert_allclose(matrices.pinv_regression(X, X @ [1, 2] + 3), [1, 2, 3])


def test_pinv_regression_rejects_mismatched_rows():
    """Is an X with a different number of rows than y rejected with ValueError?"""
    with pytest.raises(ValueError):
        matrices.pinv_regression(np.ones((4, 2)), np.ones(5))


def test_predict_is_a_plain_loop_over_rows():
    """Does predict compute sum_j X[i, j] beta[j] + beta[-1] for every row?"""
    rng = np.random.default_rng(3)
    X, beta = rng.normal(size=(5, 3)), rng.normal(size=4)
    loop = [sum(X[i, j] * beta[j] for j in range(3)) + beta[3] for i in range(5)]
    np.testing.assert_allclose(matrices.predict(X, beta), loop)


def test_predict_rejects_beta_of_the_wrong_length():
    """Is a beta without the intercept entry rejected with ValueError?"""
    with pytest.raises(ValueError):
        matrices.predict(np.ones((4, 2)), np.ones(2))


def test_inputs_are_not_modified():
    """Are X, Y, A and y unchanged after every function ran?"""
    X, y = np.random.default_rng(4).normal(size=(5, 2)), np.arange(5.0)
    X0, y0 = X.copy(), y.copy()
    matrices.row_inner(X, X), matrices.moore_penrose(X)
    matrices.predict(X, matrices.pinv_regression(X, y))
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
