import numpy as np

from autograder.grading.suite import assert_close, assert_raises, assert_unchanged, edge, points
from reference import matrices as ref


@points(1)
def test_row_inner_lecture_example(student):
    """row_inner: the lecture's X (3x3) and Y (2x3) give [[-5, 3], [5, 2], [-3, -1]]"""
    X = np.array([[1, -2, 3], [7, 5, 0], [-2, -1, 2]])
    Y = np.array([[0, 1, -1], [1, -1, 0]])
    expected = np.array([[-5, 3], [5, 2], [-3, -1]])
    assert_close(student.row_inner(X, Y), expected, call="row_inner(X, Y)",
                 args={"X": X, "Y": Y}, mistakes={"returned Y's rows against X's": expected.T},
                 hint="entry [i, j] is the inner product of X[i] and Y[j]")


@points(2)
def test_row_inner_random_shapes(student, rng):
    """row_inner: random non-square inputs, including a single row"""
    for n, m, d in [(4, 7, 6), (1, 3, 2), (5, 1, 1), (3, 3, 8)]:
        X, Y = rng.normal(size=(n, d)), rng.normal(size=(m, d))
        expected = ref.row_inner(X, Y)
        assert_close(student.row_inner(X, Y), expected, call="row_inner(X, Y)",
                     args={"X": X, "Y": Y}, mistakes={"transposed result": expected.T})


@edge
@points(1)
def test_row_inner_rejects_different_row_lengths(student):
    """row_inner: rows of different lengths raise ValueError"""
    for X, Y in [(np.ones((2, 3)), np.ones((2, 4))), (np.ones((3, 2)), np.ones((2, 3)))]:
        assert_raises("ValueError", student.row_inner, X, Y,
                      call=f"row_inner(ones({X.shape}), ones({Y.shape}))")


@edge
@points(1)
def test_row_inner_inputs_unchanged(student, rng):
    """row_inner: the inputs are not modified"""
    X, Y = rng.normal(size=(3, 4)), rng.normal(size=(2, 4))
    assert_unchanged(student, "row_inner", X, Y)
